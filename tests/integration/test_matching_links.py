"""A claim's links on real PostgreSQL: siblings across articles, fact-check suggestions
from a small index, reviewers' decisions (events, versions, conflicts), the "already
checked" filter, the queue's boost for unchecked repeats, and exports carrying the links."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from claimtrack import db
from claimtrack.cli import app
from claimtrack.db import unit_of_work
from claimtrack.exports import export_claims
from claimtrack.matching.index import Entry, MatchIndex
from claimtrack.matching.links import (
    decide_link,
    links_of,
    refresh_fact_check_links,
    refresh_sibling_links,
    suggested_verdict,
)
from claimtrack.review import queries, queue, service
from claimtrack.review.errors import VersionConflict, VersionRequired
from claimtrack.review.queries import ClaimFilters
from claimtrack.settings import Settings, get_settings
from claimtrack.store.fingerprint import claim_fingerprint
from models import Article, Claim, ClaimEvent, ClaimLink, FactCheck, Reviewer
from tests.integration.test_review_support import add_reviewer

SAME = "The unemployment rate fell to 3.5 percent in September"
VALUES = [{"kind": "quantity", "amount": 3.5, "unit": "percent"}]
OTHER = "The bridge will reopen to traffic on Monday"
FACT_CHECKS = [
    ("fc:jobs", SAME, "true", "https://checks.example/jobs"),
    ("fc:vaccine", "Vaccines cause autism in children", "false", "https://checks.example/v"),
    ("fc:tower", "The Eiffel tower is 330 metres tall", None, None),
]


def add_claims(
    session: Session, key: str, clauses: list[tuple[str, float]], values: Any = None
) -> list[Claim]:
    """An article made of the clauses, each one a claim (no extractor: not under test)."""
    text = ". ".join(clause for clause, _ in clauses) + "."
    article = Article(
        source="file",
        source_key=key,
        title=f"Article {key}",
        text=text,
        sha256=hashlib.sha256(text.encode()).hexdigest(),
    )
    session.add(article)
    session.flush()
    claims = []
    for clause, checkworthiness in clauses:
        start = text.index(clause)
        claim_values = VALUES if values is None and clause == SAME else (values or [])
        claim = Claim(
            article_id=article.id,
            span_start=start,
            span_end=start + len(clause),
            text=clause,
            sentence=clause + ".",
            type="quantity" if claim_values else "statement",
            values=claim_values,
            checkworthiness=checkworthiness,
            extractor_version="test",
            fingerprint=claim_fingerprint(
                clause, "quantity" if claim_values else "statement", claim_values
            ),
        )
        session.add(claim)
        claims.append(claim)
    session.flush()
    return claims


def add_fact_checks(session: Session) -> MatchIndex:
    """The library in PostgreSQL and a lexical index over it (no encoder)."""
    entries = []
    for source_id, text, verdict, url in FACT_CHECKS:
        row = FactCheck(
            source_id=source_id,
            origin="imported",
            claim_text=text,
            verdict=verdict,
            rating=verdict.title() if verdict else None,
            url=url,
            publisher="Checks Example",
            sha256=hashlib.sha256(text.encode()).hexdigest(),
        )
        session.add(row)
        session.flush()
        entries.append(Entry(row.id, source_id, text, None, verdict))
    return MatchIndex(entries)


def link_rows(session: Session, claim_id: int) -> list[ClaimLink]:
    session.expire_all()
    query = sa.select(ClaimLink).where(ClaimLink.claim_id == claim_id).order_by(ClaimLink.id)
    return list(session.scalars(query))


def actions(session: Session, claim_id: int) -> list[str]:
    query = sa.select(ClaimEvent.action).where(ClaimEvent.claim_id == claim_id)
    return list(session.scalars(query.order_by(ClaimEvent.id)))


World = tuple[Session, list[Claim], list[Claim], Reviewer]


@pytest.fixture
def world(db_session: Session) -> World:
    first = add_claims(db_session, "a.txt", [(SAME, 0.6), (OTHER, 0.7)])
    second = add_claims(db_session, "b.txt", [(SAME, 0.55), ("Nothing alike is said here", 0.4)])
    reviewer, _ = add_reviewer(db_session, "rita")
    return db_session, first, second, reviewer


def test_a_sibling_is_found_across_two_articles_both_ways(world: World) -> None:
    session, first, second, _ = world
    assert refresh_sibling_links(session, [first[0].id]) == 2
    mine = [(link.sibling_id, link.method, link.score) for link in link_rows(session, first[0].id)]
    assert mine == [(second[0].id, "fingerprint", 1.0)]
    back = [link.sibling_id for link in link_rows(session, second[0].id)]
    assert back == [first[0].id]
    # Other claims have no sibling; a second run adds nothing.
    assert link_rows(session, first[1].id) == []
    refresh_sibling_links(session)
    assert len(link_rows(session, first[0].id)) == 1
    view = links_of(session, first[0].id)
    assert [(v.kind, v.sibling.id if v.sibling else None) for v in view] == [
        ("sibling", second[0].id)
    ]


def test_the_same_words_with_other_values_are_siblings_too(world: World) -> None:
    session, first, _, _ = world
    third = add_claims(session, "c.txt", [(SAME, 0.3)], values=[{"kind": "date", "value": "x"}])
    refresh_sibling_links(session, [third[0].id])
    found = {(link.sibling_id, link.method, link.score) for link in link_rows(session, third[0].id)}
    assert (first[0].id, "wording", 0.9) in found


def test_decisions_write_events_bump_versions_and_refuse_stale_versions(world: World) -> None:
    session, first, second, reviewer = world
    index = add_fact_checks(session)
    refresh_fact_check_links(session, index, [first[0].id])
    refresh_sibling_links(session, [first[0].id])
    claim = first[0]
    by_kind = {link.kind: link for link in link_rows(session, claim.id)}
    fact_check, sibling = by_kind["fact_check"], by_kind["sibling"]
    assert fact_check.decision == "suggested" and fact_check.score >= 0.5
    assert suggested_verdict(session, claim.id) is None

    with pytest.raises(VersionRequired):
        decide_link(session, reviewer, claim.id, fact_check.id, "accepted", version=None)
    with pytest.raises(VersionConflict):
        decide_link(session, reviewer, claim.id, fact_check.id, "accepted", version=5)
    assert actions(session, claim.id) == [] and claim.version == 1

    decided = decide_link(
        session, reviewer, claim.id, fact_check.id, "accepted", version=1, note="same figure"
    )
    assert (decided.version, decided.status, decided.verdict) == (2, "new", None)
    offered = suggested_verdict(session, claim.id)
    assert offered is not None and offered.verdict == "true"
    decide_link(session, reviewer, claim.id, sibling.id, "linked", version=2)
    # The version the first decision was made at is now stale.
    with pytest.raises(VersionConflict):
        decide_link(session, reviewer, claim.id, sibling.id, "rejected", version=2)
    assert actions(session, claim.id) == ["accept_match", "link_sibling"]
    event = session.scalars(
        sa.select(ClaimEvent).where(ClaimEvent.claim_id == claim.id).order_by(ClaimEvent.id)
    ).first()
    assert event is not None and event.reviewer_id == reviewer.id
    assert event.changes["link"][1] == {"fact_check": "fc:jobs", "decision": "accepted"}
    assert event.note == "same figure"
    rows = {link.kind: link for link in link_rows(session, claim.id)}
    assert rows["sibling"].decision == "linked" and rows["sibling"].decided_by_id == reviewer.id
    assert rows["fact_check"].decided_at is not None
    assert second[0].version == 1  # the sibling's own claim is not touched


def test_decided_links_survive_a_rerun_and_rejected_ones_stay_hidden(world: World) -> None:
    session, first, _, reviewer = world
    index = add_fact_checks(session)
    claim = first[0]
    refresh_fact_check_links(session, index, [claim.id])
    (link,) = link_rows(session, claim.id)
    assert link.fact_check_id is not None
    fact_check_id = link.fact_check_id
    decide_link(session, reviewer, claim.id, link.id, "rejected", version=1)
    # Matching again rewrites suggestions only: the rejection stays, and is not re-suggested.
    refresh_fact_check_links(session, index, [claim.id])
    (again,) = link_rows(session, claim.id)
    assert (again.id, again.decision) == (link.id, "rejected")
    assert links_of(session, claim.id) == []

    # An accepted link survives a re-run against a library where it no longer ranks.
    other = first[1]
    refresh_fact_check_links(
        session, MatchIndex([Entry(fact_check_id, "x", OTHER, None, None)]), [other.id]
    )
    (accepted,) = link_rows(session, other.id)
    decide_link(session, reviewer, other.id, accepted.id, "accepted", version=1)
    refresh_fact_check_links(session, index, [other.id])
    assert [(r.id, r.decision) for r in link_rows(session, other.id)] == [(accepted.id, "accepted")]


def test_the_checked_filter(world: World) -> None:
    session, first, second, reviewer = world
    index = add_fact_checks(session)
    refresh_fact_check_links(session, index)
    refresh_sibling_links(session)

    def checked(value: bool) -> set[int]:
        return {c.id for c in queries.list_claims(session, ClaimFilters(checked=value), limit=None)}

    # Both SAME claims have a suggested fact-check with a verdict ("true").
    assert checked(True) == {first[0].id, second[0].id}
    assert checked(False) == {first[1].id, second[1].id}
    for claim in (first[0], second[0]):
        (fc,) = [link for link in link_rows(session, claim.id) if link.kind == "fact_check"]
        decide_link(session, reviewer, claim.id, fc.id, "rejected", version=claim.version)
    assert checked(True) == set()
    # A linked sibling that has a verdict answers it too; a suggested one does not.
    service.review_claim(session, reviewer, second[0].id, version=second[0].version, verdict="true")
    assert checked(True) == set()
    (sib,) = [link for link in link_rows(session, first[0].id) if link.kind == "sibling"]
    decide_link(session, reviewer, first[0].id, sib.id, "linked", version=first[0].version)
    assert checked(True) == {first[0].id}
    assert queries.count_claims(session, ClaimFilters(checked=False)) == 3


def test_the_queue_ranks_unchecked_repeats_higher(world: World) -> None:
    session, first, second, reviewer = world
    # Plain checkworthiness would give OTHER (0.7) first.
    refresh_sibling_links(session)
    # The repeat first[0] (0.6 + boost) now beats OTHER (0.7); second[0] (0.55 + boost) too.
    order = []
    for _ in range(4):
        claim = queue.next_claim(session, reviewer)
        assert claim is not None
        order.append(claim.id)
        queue.release_claim(session, reviewer, claim.id, version=claim.version)
        service.dismiss_claim(session, reviewer, claim.id, version=claim.version)
    assert order == [first[0].id, second[0].id, first[1].id, second[1].id]


def test_a_claim_well_above_the_boost_still_comes_first(world: World) -> None:
    session, first, second, reviewer = world
    high = add_claims(session, "d.txt", [("Inflation hit 9 percent", 0.95)], values=[])
    refresh_sibling_links(session)
    claim = queue.next_claim(session, reviewer)
    assert claim is not None and claim.id == high[0].id
    # A rejected sibling is no repeat (each side rejects its own link): the plain order
    # comes back.
    for mine in (first[0], second[0]):
        for link in link_rows(session, mine.id):
            decide_link(session, reviewer, mine.id, link.id, "rejected", version=mine.version)
    queue.release_claim(session, reviewer, claim.id, version=claim.version)
    service.dismiss_claim(session, reviewer, claim.id, version=claim.version)
    nxt = queue.next_claim(session, reviewer)
    assert nxt is not None and nxt.id == first[1].id  # 0.7 beats 0.6, no boost any more


def test_two_reviewers_at_once_never_share_a_boosted_claim(fresh_engine: Engine) -> None:
    with unit_of_work(fresh_engine) as session:
        add_claims(session, "a.txt", [(SAME, 0.6), (OTHER, 0.7)])
        add_claims(session, "b.txt", [(SAME, 0.5)])
        refresh_sibling_links(session)
        reviewer_ids = [add_reviewer(session, f"r{i}")[0].id for i in range(3)]
    barrier = threading.Barrier(len(reviewer_ids))

    def ask(reviewer_id: int) -> int | None:
        with unit_of_work(fresh_engine) as session:
            reviewer = session.get_one(Reviewer, reviewer_id)
            barrier.wait(timeout=30)
            claim = queue.next_claim(session, reviewer)
            return claim.id if claim is not None else None

    with ThreadPoolExecutor(max_workers=len(reviewer_ids)) as pool:
        handed = list(pool.map(ask, reviewer_ids))
    assert None not in handed and len(set(handed)) == len(handed)


def test_exports_carry_accepted_fact_checks_and_linked_siblings(world: World) -> None:
    session, first, second, reviewer = world
    index = add_fact_checks(session)
    refresh_fact_check_links(session, index)
    refresh_sibling_links(session)
    claim = first[0]
    rows = {link.kind: link for link in link_rows(session, claim.id)}
    decide_link(session, reviewer, claim.id, rows["fact_check"].id, "accepted", version=1)
    decide_link(session, reviewer, claim.id, rows["sibling"].id, "linked", version=2)
    settings = Settings(secret_key="x")

    out = io.StringIO()
    export_claims(session, ClaimFilters(), "jsonl", out, settings)
    records = {r["id"]: r for r in map(json.loads, out.getvalue().splitlines())}
    assert records[claim.id]["fact_checks"] == ["https://checks.example/jobs"]
    assert records[claim.id]["sibling_ids"] == [second[0].id]
    # Linking holds both ways; the sibling's merely suggested fact-check is left out.
    assert records[second[0].id]["fact_checks"] == []
    assert records[second[0].id]["sibling_ids"] == [claim.id]

    out = io.StringIO()
    export_claims(session, ClaimFilters(), "csv", out, settings)
    by_id = {row["id"]: row for row in csv.DictReader(io.StringIO(out.getvalue()))}
    assert json.loads(by_id[str(claim.id)]["fact_checks"]) == ["https://checks.example/jobs"]
    assert json.loads(by_id[str(claim.id)]["sibling_ids"]) == [second[0].id]

    # ClaimReview is unchanged: links add nothing to it and break nothing.
    service.review_claim(session, reviewer, claim.id, version=3, verdict="true")
    out = io.StringIO()
    assert export_claims(session, ClaimFilters(), "claimreview", out, settings) == 1
    (review,) = json.loads(out.getvalue())
    assert review["claimReviewed"] == SAME and "fact_checks" not in json.dumps(review)


def test_claims_list_checked_on_the_command_line(configured_database: str) -> None:
    with db.unit_of_work() as session:
        first = add_claims(session, "a.txt", [(SAME, 0.6), (OTHER, 0.7)])
        index = add_fact_checks(session)
        refresh_fact_check_links(session, index)
        ids = [c.id for c in first]
    runner = CliRunner()
    get_settings.cache_clear()

    def listed(flag: str) -> list[int]:
        result = runner.invoke(
            app, ["claims", "list", flag, "--format", "json"], catch_exceptions=False
        )
        assert result.exit_code == 0, result.output
        return [c["id"] for c in json.loads(result.stdout)]

    assert listed("--checked") == [ids[0]]
    assert listed("--unchecked") == [ids[1]]


def test_rejecting_a_sibling_holds_both_ways(world: World) -> None:
    session, first, second, reviewer = world
    refresh_sibling_links(session, [first[0].id])
    (link,) = link_rows(session, first[0].id)
    decide_link(session, reviewer, first[0].id, link.id, "rejected", version=first[0].version)
    (back,) = link_rows(session, second[0].id)
    assert back.decision == "rejected"
    # Neither claim shows the pair any more, and re-matching does not bring it back.
    assert links_of(session, first[0].id) == [] and links_of(session, second[0].id) == []
    refresh_sibling_links(session)
    assert links_of(session, second[0].id) == []
