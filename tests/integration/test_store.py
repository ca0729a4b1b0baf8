"""The store on real PostgreSQL: ingest, versions, duplicates, and claim reconciliation.

The claims here are written by hand (not by the extractor) so each test states
exactly which claims an extraction "found": the store's job is what it does with them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from claimtrack.store import (
    IngestOutcome,
    IngestResult,
    claim_fingerprint,
    fingerprints_for,
    ingest_document,
    read_batch,
    reconcile_claims,
)
from models import Article, Claim, ClaimEvent

V1 = "Exports fell 7.5% in May. The minister resigned on Friday. Rain fell all week."
# v2: the first claim is kept verbatim (shifted), the second is gone, a new one appears.
V2 = "Update: Exports fell 7.5% in May. Imports rose 2% in May. Rain fell all week."


@dataclass
class Found:
    """An extracted claim, as the extractor would hand it over."""

    text: str
    article: str
    type: str = "quantity"
    values: list[dict[str, Any]] = field(default_factory=list)
    claimer: str | None = None
    checkworthiness: float = 0.8

    @property
    def start(self) -> int:
        return self.article.index(self.text)

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    @property
    def sentence(self) -> str:
        return self.text


def ingest(session: Session, text: str, key: str = "a.txt") -> IngestResult:
    return ingest_document(session, source="file", source_key=key, text=text, title="t")


def claims_of(session: Session) -> list[Claim]:
    return list(session.scalars(sa.select(Claim).order_by(Claim.id)))


def test_fingerprint_ignores_case_and_spacing_but_not_values() -> None:
    a = claim_fingerprint("Exports  fell 7.5%", "quantity", [{"amount": 7.5, "unit": "%"}])
    b = claim_fingerprint("exports fell\n7.5%", "quantity", [{"unit": "%", "amount": 7.5}])
    c = claim_fingerprint("exports fell 7.5%", "quantity", [{"amount": 7.6, "unit": "%"}])
    assert a == b
    assert a != c
    assert claim_fingerprint("exports fell 7.5%", "statement", []) != claim_fingerprint(
        "exports fell 7.5%", "quantity", []
    )


def test_repeated_clause_gets_distinct_fingerprints() -> None:
    prints = fingerprints_for([("x", "quote", []), ("y", "quote", []), ("x", "quote", [])])
    assert prints[0] == claim_fingerprint("x", "quote", [])
    assert len(set(prints)) == 3
    assert prints == fingerprints_for([("x", "quote", []), ("y", "quote", []), ("x", "quote", [])])


def test_ingest_new_unchanged_version_and_duplicate(db_session: Session) -> None:
    first = ingest(db_session, V1)
    assert (first.outcome, first.needs_extraction) == (IngestOutcome.NEW, True)

    again = ingest(db_session, V1)
    assert again.outcome is IngestOutcome.UNCHANGED
    assert again.article_id == first.article_id

    reconcile_claims(db_session, first.article_id, [], "test-1")
    assert ingest(db_session, V1).needs_extraction is False  # extracted: nothing to redo

    edited = ingest(db_session, V2)
    assert edited.outcome is IngestOutcome.UPDATED
    rows = db_session.execute(
        sa.select(Article.version, Article.is_latest).order_by(Article.version)
    ).all()
    assert [tuple(r) for r in rows] == [(1, False), (2, True)]

    copy = ingest(db_session, V1, key="elsewhere.txt")
    assert copy.outcome is IngestOutcome.DUPLICATE
    assert copy.needs_extraction is False
    assert db_session.get_one(Article, copy.article_id).duplicate_of_id == first.article_id


def test_reextracting_the_same_claims_changes_nothing(db_session: Session) -> None:
    article = ingest(db_session, V1)
    found = [Found("Exports fell 7.5% in May", V1, values=[{"kind": "quantity", "amount": 7.5}])]
    counts = reconcile_claims(db_session, article.article_id, found, "test-1")
    assert counts is not None
    assert (counts.new, counts.kept, counts.stale) == (1, 0, 0)
    (claim,) = claims_of(db_session)
    version = claim.version

    counts = reconcile_claims(db_session, article.article_id, found, "test-1")
    assert counts is not None
    assert (counts.new, counts.kept, counts.stale) == (0, 1, 0)
    db_session.refresh(claim)
    assert claim.version == version
    assert db_session.scalar(sa.select(sa.func.count()).select_from(ClaimEvent)) == 0


def test_new_version_keeps_reviews_and_marks_vanished_claims_stale(db_session: Session) -> None:
    v1 = ingest(db_session, V1)
    exports = Found("Exports fell 7.5% in May", V1)
    resigned = Found("The minister resigned on Friday", V1, type="date")
    reconcile_claims(db_session, v1.article_id, [exports, resigned], "test-1")
    kept, gone = claims_of(db_session)
    kept.status, kept.verdict, kept.note = "reviewed", "true", "checked against ONS"
    gone.status = "in_review"
    db_session.flush()

    v2 = ingest(db_session, V2)
    counts = reconcile_claims(
        db_session,
        v2.article_id,
        [Found("Exports fell 7.5% in May", V2), Found("Imports rose 2% in May", V2)],
        "test-1",
    )
    assert counts is not None
    assert (counts.new, counts.kept, counts.stale) == (1, 1, 1)
    db_session.expire_all()
    kept, gone, added = claims_of(db_session)
    assert (kept.status, kept.verdict, kept.note) == ("reviewed", "true", "checked against ONS")
    assert kept.article_id == v2.article_id
    assert V2[kept.span_start : kept.span_end] == kept.text
    assert (gone.status, gone.status_before_stale) == ("stale", "in_review")
    assert gone.article_id == v1.article_id  # stale claims stay where they were last found
    assert (added.status, added.article_id) == ("new", v2.article_id)
    events = db_session.scalars(sa.select(ClaimEvent).order_by(ClaimEvent.id)).all()
    by_claim = {e.claim_id: e for e in events}
    assert by_claim[gone.id].action == "mark_stale"
    assert (by_claim[gone.id].from_status, by_claim[gone.id].to_status) == ("in_review", "stale")
    assert by_claim[gone.id].actor == "pipeline"
    assert by_claim[gone.id].claim_version == gone.version
    assert by_claim[kept.id].changes["article_id"] == [v1.article_id, v2.article_id]

    # Version 3 brings the resignation back: the claim returns to its earlier status.
    v3_text = V1 + " More."
    v3 = ingest(db_session, v3_text)
    counts = reconcile_claims(
        db_session, v3.article_id, [Found("The minister resigned on Friday", v3_text)], "test-1"
    )
    assert counts is not None
    assert (counts.kept, counts.restored, counts.stale) == (1, 1, 2)
    db_session.expire_all()
    back = db_session.get_one(Claim, gone.id)
    assert (back.status, back.status_before_stale, back.article_id) == (
        "in_review",
        None,
        v3.article_id,
    )
    assert db_session.get_one(Claim, kept.id).status_before_stale == "reviewed"


def test_reviewer_edits_survive_reextraction(db_session: Session) -> None:
    v1 = ingest(db_session, V1)
    reconcile_claims(db_session, v1.article_id, [Found("Exports fell 7.5% in May", V1)], "t-1")
    (claim,) = claims_of(db_session)
    claim.type = "statement"
    claim.claimer = "The ministry"
    claim.reviewer_edits = {"type": "statement", "claimer": "The ministry"}
    db_session.flush()

    v2 = ingest(db_session, V2)
    reextracted = Found("Exports fell 7.5% in May", V2, claimer=None, checkworthiness=0.3)
    reconcile_claims(db_session, v2.article_id, [reextracted], "t-2")
    db_session.expire_all()
    (claim,) = claims_of(db_session)
    assert (claim.type, claim.claimer) == ("statement", "The ministry")
    assert claim.checkworthiness == pytest.approx(0.3)  # not edited: the extractor's new value
    assert (claim.extractor_version, claim.article_id) == ("t-2", v2.article_id)


def test_claim_found_by_overlapping_span_when_its_fingerprint_changed(db_session: Session) -> None:
    v1 = ingest(db_session, V1)
    reconcile_claims(db_session, v1.article_id, [Found("Exports fell 7.5% in May", V1)], "t-1")
    (claim,) = claims_of(db_session)
    claim.status, claim.verdict = "reviewed", "false"
    db_session.flush()

    # A new extractor reads a longer span and a value: another fingerprint, same claim.
    counts = reconcile_claims(
        db_session,
        v1.article_id,
        [Found("Exports fell 7.5% in May.", V1, values=[{"kind": "quantity", "amount": 7.5}])],
        "t-2",
    )
    assert counts is not None
    assert (counts.new, counts.kept, counts.stale) == (0, 1, 0)
    db_session.expire_all()
    (claim,) = claims_of(db_session)
    assert (claim.status, claim.verdict, claim.text) == (
        "reviewed",
        "false",
        "Exports fell 7.5% in May.",
    )
    (event,) = db_session.scalars(sa.select(ClaimEvent)).all()
    assert event.action == "reextract"
    assert event.changes["text"] == ["Exports fell 7.5% in May", "Exports fell 7.5% in May."]


def test_an_older_version_is_not_reconciled_once_a_newer_one_exists(db_session: Session) -> None:
    v1 = ingest(db_session, V1)
    ingest(db_session, V2)
    assert (
        reconcile_claims(db_session, v1.article_id, [Found("Rain fell all week", V1)], "t") is None
    )
    assert claims_of(db_session) == []


def test_a_batch_view_inserts_new_items_and_skips_unchanged_ones(db_session: Session) -> None:
    items = [("a.txt", V1), ("b.txt", V1), ("a.txt", V2)]  # a copy, then an edit, in one batch
    view = read_batch(db_session, items)
    results = [
        view.unchanged(key, text)
        or ingest_document(db_session, source="file", source_key=key, text=text, view=view)
        for key, text in items
    ]
    assert [r.outcome for r in results] == [
        IngestOutcome.NEW,
        IngestOutcome.DUPLICATE,
        IngestOutcome.UPDATED,
    ]
    assert (
        db_session.get_one(Article, results[1].article_id).duplicate_of_id == results[0].article_id
    )

    again = read_batch(db_session, [("a.txt", V2), ("b.txt", V1)])
    unchanged = [again.unchanged("a.txt", V2), again.unchanged("b.txt", V1)]
    assert [u.outcome if u else None for u in unchanged] == [IngestOutcome.UNCHANGED] * 2
    assert unchanged[0] is not None and unchanged[0].article_id == results[2].article_id
    assert again.unchanged("a.txt", V1) is None  # an old text under the key is a change


def test_a_reviewers_claim_follows_its_text_and_goes_stale_without_it(db_session: Session) -> None:
    v1 = ingest(db_session, V1)
    reconcile_claims(db_session, v1.article_id, [], "t-1")
    start = V1.index("Rain fell all week")
    added = Claim(
        article_id=v1.article_id,
        span_start=start,
        span_end=start + len("Rain fell all week"),
        text="Rain fell all week",
        sentence="Rain fell all week.",
        type="statement",
        checkworthiness=1.0,
        extractor_version="reviewer",
        fingerprint=claim_fingerprint("Rain fell all week", "statement", []),
        origin="reviewer",
        reviewer_edits={"origin": "reviewer"},
    )
    db_session.add(added)
    db_session.flush()

    v2 = ingest(db_session, V2)  # the extractor still finds nothing; the text is still there
    counts = reconcile_claims(db_session, v2.article_id, [], "t-1")
    assert counts is not None
    assert (counts.kept, counts.stale) == (1, 0)
    db_session.expire_all()
    moved = db_session.get_one(Claim, added.id)
    assert (moved.article_id, moved.status) == (v2.article_id, "new")
    assert V2[moved.span_start : moved.span_end] == moved.text

    v3 = ingest(db_session, "Exports fell 7.5% in May.")
    counts = reconcile_claims(db_session, v3.article_id, [], "t-1")
    assert counts is not None
    assert counts.stale == 1
    db_session.expire_all()
    assert db_session.get_one(Claim, added.id).status == "stale"
