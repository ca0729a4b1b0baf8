"""The review service on real PostgreSQL, each test rolled back."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from claimtrack.review import auth, bulk, corrections, queries, queue, service
from claimtrack.review.errors import (
    Forbidden,
    InvalidInput,
    InvalidTransition,
    NotFound,
    Unauthenticated,
    VersionConflict,
    VersionRequired,
)
from models import Article, Claim, ClaimEvent, Evidence, Reviewer
from tests.integration.test_review_support import (
    add_article,
    add_example_claims,
    add_reviewer,
    example_text,
)


@pytest.fixture
def world(db_session: Session) -> tuple[Session, Article, list[Claim], Reviewer, Reviewer, str]:
    article = add_article(db_session, example_text())
    claims = add_example_claims(db_session, article)
    reviewer, token = add_reviewer(db_session, "rita")
    editor, _ = add_reviewer(db_session, "eddie", "editor")
    return db_session, article, claims, reviewer, editor, token


def events(session: Session, claim_id: int) -> list[ClaimEvent]:
    return queries.claim_history(session, claim_id)


def test_tokens_are_stored_hashed_and_authenticate(world):
    session, _, _, reviewer, _, token = world
    assert token not in reviewer.token_hash
    assert reviewer.token_hash == auth.hash_token(token)
    assert auth.authenticate(session, token).id == reviewer.id
    with pytest.raises(Unauthenticated):
        auth.authenticate(session, token + "x")
    with pytest.raises(Unauthenticated):
        auth.authenticate(session, "")
    auth.set_reviewer_active(session, "rita", False)
    with pytest.raises(Unauthenticated, match="disabled"):
        auth.authenticate(session, token)


def test_duplicate_reviewer_and_bad_role_are_refused(world):
    session = world[0]
    with pytest.raises(InvalidInput, match="already exists"):
        auth.create_reviewer(session, "rita", "reviewer")
    with pytest.raises(InvalidInput, match="unknown role"):
        auth.create_reviewer(session, "zed", "boss")


def test_review_sets_verdict_writes_one_event_and_evidence(world):
    session, _, claims, reviewer, _, _ = world
    claim = claims[0]
    updated = service.review_claim(
        session,
        reviewer,
        claim.id,
        version=1,
        verdict="false",
        note="contradicted by the record",
        evidence_urls=["https://example.org/source"],
    )
    assert (updated.status, updated.verdict, updated.version) == ("reviewed", "false", 2)
    history = events(session, claim.id)
    assert len(history) == 1
    event = history[0]
    assert (event.action, event.actor, event.reviewer_id) == ("review", "rita", reviewer.id)
    assert (event.from_status, event.to_status) == ("new", "reviewed")
    assert (event.from_verdict, event.to_verdict) == (None, "false")
    assert event.claim_version == 2
    assert event.changes["evidence"] == [None, ["https://example.org/source"]]
    urls = [e.url for e in queries.claim_evidence(session, claim.id)]
    assert urls == ["https://example.org/source"]


def test_missing_and_stale_versions_are_refused_without_change(world):
    session, _, claims, reviewer, _, _ = world
    claim = claims[0]
    with pytest.raises(VersionRequired):
        service.review_claim(session, reviewer, claim.id, version=None, verdict="true")
    with pytest.raises(VersionConflict, match="version 7"):
        service.review_claim(session, reviewer, claim.id, version=7, verdict="true")
    session.refresh(claim)
    assert (claim.status, claim.verdict, claim.version) == ("new", None, 1)
    assert events(session, claim.id) == []


def test_invalid_transitions_and_roles(world):
    session, _, claims, reviewer, editor, _ = world
    claim = claims[0]
    service.dismiss_claim(session, reviewer, claim.id, version=1, note="opinion")
    with pytest.raises(InvalidTransition, match="it is dismissed"):
        service.review_claim(session, reviewer, claim.id, version=2, verdict="true")
    with pytest.raises(Forbidden, match="editor"):
        service.reopen_claim(session, reviewer, claim.id, version=2)
    restored = service.reopen_claim(session, editor, claim.id, version=2)
    assert restored.status == "new"
    reviewed = service.review_claim(session, reviewer, claim.id, version=3, verdict="true")
    reopened = service.reopen_claim(session, editor, claim.id, version=reviewed.version)
    assert (reopened.status, reopened.verdict) == ("in_review", None)
    assert reopened.assignee_id == editor.id  # in review means someone holds it
    actions = [e.action for e in events(session, claim.id)]
    assert actions == ["dismiss", "restore", "review", "reopen"]
    assert events(session, claim.id)[-1].from_verdict == "true"


def test_unknown_claim_and_bad_verdict(world):
    session, _, _, reviewer, _, _ = world
    with pytest.raises(NotFound):
        service.review_claim(session, reviewer, 999_999, version=1, verdict="true")
    with pytest.raises(InvalidInput, match="unknown verdict"):
        service.review_claim(session, reviewer, 1, version=1, verdict="maybe")
    with pytest.raises(InvalidInput, match="http"):
        service.add_evidence(session, reviewer, 1, version=1, url="javascript:alert(1)")


def test_queue_hands_out_highest_checkworthiness_first_and_respects_filters(world):
    session, article, claims, reviewer, editor, _ = world
    best = max(claims, key=lambda c: (c.checkworthiness, -c.id))
    taken = queue.next_claim(session, reviewer)
    assert taken is not None and taken.id == best.id
    assert taken.status == "in_review" and taken.assignee_id == reviewer.id
    assert taken.assigned_until is not None
    # The same reviewer gets their unexpired claim back first.
    again = queue.next_claim(session, reviewer)
    assert again is not None and again.id == best.id
    # Another reviewer gets the next one.
    other = queue.next_claim(session, editor)
    assert other is not None and other.id != best.id
    types = {c.type for c in claims}
    wanted = sorted(types)[0]
    filtered = queue.next_claim(
        session, add_reviewer(session, "fil")[0], queue.QueueFilters(type=wanted)
    )
    assert filtered is not None and filtered.type == wanted
    none = queue.next_claim(session, reviewer, queue.QueueFilters(article_id=article.id + 1000))
    assert none is None


def test_expired_assignment_returns_to_new_and_is_handed_out_again(world):
    session, _, _, reviewer, _, _ = world
    taken = queue.next_claim(session, reviewer)
    assert taken is not None
    # Holding it, the reviewer's claim cannot be reviewed by another reviewer...
    other, _ = add_reviewer(session, "olga")
    with pytest.raises(InvalidTransition, match="assigned to rita"):
        service.review_claim(session, other, taken.id, version=taken.version, verdict="true")
    # ...until the assignment expires.
    session.execute(
        sa.update(Claim)
        .where(Claim.id == taken.id)
        .values(assigned_until=sa.func.now() - timedelta(minutes=1), version=Claim.version + 1)
    )
    session.expire_all()
    again = queue.next_claim(session, other)
    assert again is not None and again.id == taken.id and again.assignee_id == other.id
    actions = [(e.action, e.from_status, e.to_status) for e in events(session, taken.id)]
    assert actions == [
        ("take", "new", "in_review"),
        ("expire", "in_review", "new"),
        ("take", "new", "in_review"),
    ]


def test_release_returns_claim_to_queue(world):
    session, _, _, reviewer, _, _ = world
    taken = queue.next_claim(session, reviewer)
    assert taken is not None
    released = queue.release_claim(session, reviewer, taken.id, version=taken.version)
    assert (released.status, released.assignee_id) == ("new", None)
    with pytest.raises(InvalidTransition):
        queue.release_claim(session, reviewer, taken.id, version=released.version)


def test_correction_keeps_original_in_history_and_marks_reviewer_edits(world):
    session, article, claims, reviewer, _, _ = world
    claim = claims[0]
    original = (claim.span_start, claim.span_end, claim.text, claim.type)
    new_start = claim.span_start + 4
    corrected = corrections.correct_claim(
        session,
        reviewer,
        claim.id,
        version=1,
        correction=corrections.Correction(start=new_start, type="quote", claimer="Someone Else"),
    )
    assert corrected.text == article.text[new_start : claim.span_end]
    assert corrected.type == "quote" and corrected.claimer == "Someone Else"
    assert set(corrected.reviewer_edits) >= {"span_start", "text", "type", "claimer"}
    change = events(session, claim.id)[0].changes
    assert change["span_start"] == [original[0], new_start]
    assert change["text"] == [original[2], corrected.text]
    assert change["type"] == [original[3], "quote"]
    with pytest.raises(InvalidInput, match="does not lie"):
        corrections.correct_claim(
            session,
            reviewer,
            claim.id,
            version=corrected.version,
            correction=corrections.Correction(end=len(article.text) + 5),
        )
    with pytest.raises(InvalidInput, match="kind must be"):
        corrections.correct_claim(
            session,
            reviewer,
            claim.id,
            version=corrected.version,
            correction=corrections.Correction(values=[{"kind": "colour"}]),
        )


def test_add_missed_claim_from_a_span(world):
    session, article, _, reviewer, _, _ = world
    anchor = "Pakistan will continue to highlight the Kashmir issue"
    text = article.text
    if anchor not in text:
        anchor = text.splitlines()[-1][:40]
    start = text.index(anchor)
    added = corrections.add_claim(
        session, reviewer, article.id, start=start, end=start + len(anchor), type="prediction"
    )
    assert (added.origin, added.status, added.text) == ("reviewer", "new", anchor)
    assert anchor in added.sentence
    assert events(session, added.id)[0].action == "create"
    with pytest.raises(InvalidInput, match="already has this claim"):
        corrections.add_claim(
            session, reviewer, article.id, start=start, end=start + len(anchor), type="prediction"
        )
    with pytest.raises(InvalidInput, match="does not lie"):
        corrections.add_claim(session, reviewer, article.id, start=5, end=2, type="statement")
    with pytest.raises(NotFound):
        corrections.add_claim(session, reviewer, 10**9, start=0, end=5, type="statement")


def test_merge_two_claims_in_one_sentence(world):
    session, article, _, reviewer, _, _ = world
    sentence = next(line for line in article.text.splitlines() if "26th day" in line)
    offset = article.text.index(sentence)
    first_words, second_words = "The real facts would come out", "it is 26th day"
    a = corrections.add_claim(
        session,
        reviewer,
        article.id,
        start=offset + sentence.index(first_words),
        end=offset + sentence.index(first_words) + len(first_words),
        type="prediction",
    )
    b = corrections.add_claim(
        session,
        reviewer,
        article.id,
        start=offset + sentence.index(second_words),
        end=offset + sentence.index(second_words) + len(second_words),
        type="quantity",
        values=[{"kind": "quantity", "amount": 26, "unit": "day"}],
    )
    survivor = corrections.merge_claims(
        session,
        reviewer,
        a.id,
        survivor_version=a.version,
        absorbed_id=b.id,
        absorbed_version=b.version,
    )
    assert (survivor.span_start, survivor.span_end) == (a.span_start, b.span_end)
    assert survivor.text == article.text[a.span_start : b.span_end]
    assert {"kind": "quantity", "amount": 26, "unit": "day"} in survivor.values
    session.refresh(b)
    assert (b.status, b.merged_into_id) == ("dismissed", a.id)
    assert events(session, a.id)[-1].action == "merge"
    assert events(session, b.id)[-1].action == "merged"
    assert b.id not in {c.id for c in queries.list_claims(session, limit=None)}


def test_split_a_claim_in_two(world):
    session, article, claims, reviewer, _, _ = world
    claim = max(claims, key=lambda c: c.span_end - c.span_start)
    start, end = claim.span_start, claim.span_end
    middle = start + (end - start) // 2
    kept, created = corrections.split_claim(
        session,
        reviewer,
        claim.id,
        version=claim.version,
        first=(start, middle),
        second=(middle, end),
    )
    assert kept.text == article.text[start:middle]
    assert created.text == article.text[middle:end]
    assert created.origin == "reviewer" and created.type == kept.type
    assert events(session, claim.id)[-1].changes["split_into"] == [None, [middle, end]]
    assert events(session, created.id)[0].changes["split_from"] == [None, claim.id]
    with pytest.raises(InvalidInput, match="overlap"):
        corrections.split_claim(
            session,
            reviewer,
            kept.id,
            version=kept.version,
            first=(kept.span_start, kept.span_end),
            second=(kept.span_start, kept.span_end),
        )


def test_bulk_dismiss_checks_each_claims_version(world):
    session, article, claims, reviewer, editor, _ = world
    with pytest.raises(Forbidden):
        bulk.bulk_dismiss_below(session, reviewer, article.id, below=0.9)
    threshold = sorted(c.checkworthiness for c in claims)[len(claims) // 2]
    low = sorted((c for c in claims if c.checkworthiness < threshold), key=lambda c: c.id)
    assert len(low) >= 2
    versions = {c.id: c.version for c in low}
    versions[low[0].id] = 99  # the editor saw an old version of this one
    outcomes = bulk.bulk_dismiss_below(
        session, editor, article.id, below=threshold, versions=versions
    )
    by_id = {o.claim_id: o for o in outcomes}
    assert not by_id[low[0].id].ok and by_id[low[0].id].http_status == 412
    assert all(by_id[c.id].ok and by_id[c.id].status == "dismissed" for c in low[1:])
    session.refresh(low[0])
    assert low[0].status == "new"
    high = [c for c in claims if c.checkworthiness >= threshold]
    for claim in high:
        session.refresh(claim)
        assert claim.status == "new"


def test_bulk_assign_reports_per_claim_outcomes(world):
    session, _, claims, reviewer, editor, _ = world
    service.dismiss_claim(session, reviewer, claims[1].id, version=1)
    outcomes = bulk.bulk_assign(
        session, editor, {claims[0].id: 1, claims[1].id: 2}, assignee="rita"
    )
    assert [(o.ok, o.http_status) for o in outcomes] == [(True, 200), (False, 409)]
    session.refresh(claims[0])
    assert (claims[0].status, claims[0].assignee_id) == ("in_review", reviewer.id)


def test_full_text_search_sort_and_filters(world):
    session = world[0]
    found = queries.list_claims(session, queries.ClaimFilters(search="lockdown"), limit=None)
    assert found and all("lockdown" in (c.text + c.sentence).lower() for c in found)
    assert queries.count_claims(session, queries.ClaimFilters(search="lockdown")) == len(found)
    phrase = queries.list_claims(
        session, queries.ClaimFilters(search='"curfew is lifted"'), sort="relevance"
    )
    assert phrase and all("curfew is lifted" in c.sentence for c in phrase)
    assert queries.list_claims(session, queries.ClaimFilters(search="zebra crossing")) == []
    ordered = queries.list_claims(session, limit=None)
    scores = [c.checkworthiness for c in ordered]
    assert scores == sorted(scores, reverse=True)
    by_claimer = queries.list_claims(session, queries.ClaimFilters(claimer="qureshi"))
    assert by_claimer and all("Qureshi" in (c.claimer or "") for c in by_claimer)
    with pytest.raises(InvalidInput):
        queries.ClaimFilters(status="done")
    with pytest.raises(InvalidInput, match="relevance"):
        queries.list_claims(session, sort="relevance")


def test_notes_and_evidence_on_a_reviewed_claim(world):
    session, _, claims, reviewer, _, _ = world
    claim = service.review_claim(session, reviewer, claims[0].id, version=1, verdict="true")
    claim = service.add_note(session, reviewer, claim.id, version=claim.version, note="checked")
    claim = service.add_evidence(
        session, reviewer, claim.id, version=claim.version, url="https://example.org/a"
    )
    assert claim.status == "reviewed" and claim.verdict == "true" and claim.note == "checked"
    history = events(session, claim.id)
    assert [e.action for e in history] == ["review", "note", "evidence"]
    # Every change, evidence included, checks and bumps the version.
    assert [e.claim_version for e in history] == [2, 3, 4] and claim.version == 4
    with pytest.raises(VersionConflict):
        service.add_evidence(session, reviewer, claim.id, version=3, url="https://example.org/b")
    assert session.scalar(sa.select(sa.func.count()).select_from(Evidence)) == 1
