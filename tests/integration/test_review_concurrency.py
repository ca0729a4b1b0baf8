"""Concurrency on a real PostgreSQL database of the test's own (threads commit)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from claimtrack.db import unit_of_work
from claimtrack.review import queue, service
from claimtrack.review.errors import VersionConflict
from models import Claim, ClaimEvent, Reviewer
from tests.integration.test_review_support import (
    add_article,
    add_example_claims,
    add_reviewer,
    example_text,
)

THREADS = 32
REVIEWERS = 16


def _seed(engine: Engine, reviewers: int) -> tuple[list[int], list[int]]:
    with unit_of_work(engine) as session:
        article = add_article(session, example_text())
        claim_ids = [c.id for c in add_example_claims(session, article, use_extractor=False)]
        reviewer_ids = [add_reviewer(session, f"r{i}")[0].id for i in range(reviewers)]
    return claim_ids, reviewer_ids


def test_32_threads_same_version_one_success(fresh_engine: Engine) -> None:
    claim_ids, reviewer_ids = _seed(fresh_engine, 1)
    claim_id = claim_ids[0]
    barrier = threading.Barrier(THREADS)
    verdicts = ["true", "false", "misleading", "unverifiable"]

    def attempt(index: int) -> str:
        try:
            with unit_of_work(fresh_engine) as session:
                reviewer = session.get_one(Reviewer, reviewer_ids[0])
                # Every thread reads the claim before any writes it.
                session.get_one(Claim, claim_id)
                barrier.wait(timeout=30)
                service.review_claim(
                    session, reviewer, claim_id, version=1, verdict=verdicts[index % 4]
                )
            return "ok"
        except VersionConflict:
            return "conflict"

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        results = list(pool.map(attempt, range(THREADS)))

    assert results.count("ok") == 1
    assert results.count("conflict") == THREADS - 1
    with unit_of_work(fresh_engine) as session:
        claim = session.get_one(Claim, claim_id)
        assert (claim.status, claim.version) == ("reviewed", 2)
        events = session.scalars(sa.select(ClaimEvent).where(ClaimEvent.claim_id == claim_id)).all()
        assert len(events) == 1
        assert events[0].to_verdict == claim.verdict


def test_16_reviewers_asking_at_once_never_share_a_claim(fresh_engine: Engine) -> None:
    claim_ids, reviewer_ids = _seed(fresh_engine, REVIEWERS)
    assert len(claim_ids) >= REVIEWERS, "the example needs at least 16 claims for this test"
    barrier = threading.Barrier(REVIEWERS)

    def ask(reviewer_id: int) -> int | None:
        with unit_of_work(fresh_engine) as session:
            reviewer = session.get_one(Reviewer, reviewer_id)
            barrier.wait(timeout=30)
            claim = queue.next_claim(session, reviewer)
            return claim.id if claim is not None else None

    with ThreadPoolExecutor(max_workers=REVIEWERS) as pool:
        handed = list(pool.map(ask, reviewer_ids))

    got = [claim_id for claim_id in handed if claim_id is not None]
    assert len(got) == len(set(got)), f"a claim was handed out twice: {handed}"
    # Enough claims for everyone: nobody should come away empty.
    assert len(got) == REVIEWERS
    with unit_of_work(fresh_engine) as session:
        assigned = session.execute(
            sa.select(Claim.id, Claim.assignee_id).where(Claim.status == "in_review")
        ).all()
        assert len(assigned) == REVIEWERS
        assert len({row.assignee_id for row in assigned}) == REVIEWERS
        takes = session.scalar(
            sa.select(sa.func.count()).select_from(ClaimEvent).where(ClaimEvent.action == "take")
        )
        assert takes == REVIEWERS
