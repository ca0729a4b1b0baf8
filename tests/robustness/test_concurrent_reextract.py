"""Reviewers and re-extraction on the same article at the same time: no review lost, history whole.

Four reviewer threads (editors) review, dismiss, annotate, reopen, restore and
correct the claims of one article, as fast as they can, each sending the
version it read and reading again after a conflict, as a client does. Meanwhile
a pipeline thread ingests new versions of that article, alternating two
editions (figures changed, two sentences dropped and back), and reconciles its
claims with the store path the pipeline uses, retrying on a concurrent edit
as the pipeline's tasks do. Afterwards:

- every change a reviewer was told succeeded has its event, at the version it got;
- each claim's history is a chain (each event starts from the status the one
  before ended in; versions only grow) ending in the claim's current status and
  verdict, so no change was lost or written twice;
- a reviewer's correction is still there after every re-extraction.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from claimtrack.db import unit_of_work
from claimtrack.extraction import EXTRACTOR_VERSION, extract_claims
from claimtrack.review import service
from claimtrack.review.auth import create_reviewer
from claimtrack.review.corrections import Correction, correct_claim
from claimtrack.review.errors import ReviewError
from claimtrack.store import ingest_document, reconcile_claims
from models import Article, Claim, ClaimEvent, Reviewer
from tests.robustness.support import article_text, integrity_problems

REVIEWERS = 4
REEXTRACTIONS = 14
# The pipeline gives a task 1 + 4 attempts; here more, to learn how many it takes.
ATTEMPTS = 40
ARTICLE_NUMBER = 7
SOURCE_KEY = "concurrency/article-7"
PUBLISHED = dt.date(2019, 8, 30)


def _reextract(engine: Engine, edition: int) -> int:
    """What the pipeline does for one changed article: ingest, extract, reconcile.

    Returns the number of attempts it took.
    """
    text = article_text(ARTICLE_NUMBER, edition)
    claims = extract_claims(text, PUBLISHED)
    for attempt in range(ATTEMPTS):
        try:
            with unit_of_work(engine) as session:
                result = ingest_document(
                    session, source="test", source_key=SOURCE_KEY, text=text, published=PUBLISHED
                )
            if not result.needs_extraction:
                return attempt + 1
            with unit_of_work(engine) as session:
                reconcile_claims(session, result.article_id, claims, EXTRACTOR_VERSION)
            return attempt + 1
        except StaleDataError:
            # A reviewer changed a claim between our read and our write: the pipeline
            # retries the task, which reads the claims again.
            time.sleep(0.01 * (attempt + 1))
    raise AssertionError("re-extraction never got through the reviewers' edits")


def _claim_ids(engine: Engine) -> list[int]:
    with unit_of_work(engine) as session:
        keys = sa.select(Article.id).where(Article.source_key == SOURCE_KEY)
        return list(session.scalars(sa.select(Claim.id).where(Claim.article_id.in_(keys))))


Done = tuple[int, int, int, str]  # claim id, version it reached, reviewer id, action


def _reviewer(engine: Engine, reviewer_id: int, seed: int, stop: threading.Event) -> list[Done]:
    rng = random.Random(seed)
    done: list[Done] = []
    while not stop.is_set():
        claim_ids = _claim_ids(engine)
        claim_id = rng.choice(claim_ids)
        try:
            with unit_of_work(engine) as session:
                actor = session.get_one(Reviewer, reviewer_id)
                claim = session.get_one(Claim, claim_id)
                action, change = _choose(rng, claim)
                reached = (claim_id, change(session, actor, claim).version, reviewer_id, action)
            done.append(reached)  # committed: the reviewer was told it succeeded
        except (ReviewError, StaleDataError):
            # A conflict, or a transition the claim's status no longer allows: what a
            # client is told, and it reads again. The transaction rolled back.
            pass
        # Far faster than people click, slow enough that the pipeline gets a turn.
        time.sleep(rng.uniform(0.02, 0.1))
    return done


Change = Callable[[Session, Reviewer, Claim], Claim]


def _choose(rng: random.Random, claim: Claim) -> tuple[str, Change]:
    version = claim.version
    verdict = rng.choice(["true", "false", "misleading", "unverifiable"])
    options: dict[str, Change] = {
        "note": lambda s, a, c: service.add_note(
            s, a, c.id, version=version, note=f"note {rng.random():.6f}"
        ),
    }
    if claim.status in ("new", "in_review"):
        options["review"] = lambda s, a, c: service.review_claim(
            s, a, c.id, version=version, verdict=verdict, note="checked"
        )
        options["dismiss"] = lambda s, a, c: service.dismiss_claim(s, a, c.id, version=version)
        options["correct"] = lambda s, a, c: correct_claim(
            s, a, c.id, version=version, correction=Correction(claimer="Corrected Claimer")
        )
    if claim.status in ("reviewed", "dismissed"):
        # Reopening a dismissed claim is recorded as a restore.
        reopen = "reopen" if claim.status == "reviewed" else "restore"
        options[reopen] = lambda s, a, c: service.reopen_claim(s, a, c.id, version=version)
    action = rng.choice(sorted(options))
    return action, options[action]


def test_reviewers_and_reextraction_at_once_lose_nothing(
    fresh_engine: Engine, fresh_database_url: str
) -> None:
    _reextract(fresh_engine, 0)
    with unit_of_work(fresh_engine) as session:
        reviewer_ids = [
            create_reviewer(session, f"editor-{i}", "editor")[0].id for i in range(REVIEWERS)
        ]
    assert len(_claim_ids(fresh_engine)) >= 5

    stop = threading.Event()
    results: list[list[Done]] = [[] for _ in reviewer_ids]
    failures: list[BaseException] = []

    def review(index: int) -> None:
        try:
            results[index] = _reviewer(fresh_engine, reviewer_ids[index], index, stop)
        except BaseException as error:  # surfaced below, with the thread's own traceback
            failures.append(error)

    threads = [threading.Thread(target=review, args=(i,)) for i in range(REVIEWERS)]
    for thread in threads:
        thread.start()
    attempts = []
    try:
        for round_number in range(1, REEXTRACTIONS + 1):
            attempts.append(_reextract(fresh_engine, round_number % 2))
            time.sleep(0.05)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
    assert not failures, failures
    _reextract(fresh_engine, 0)  # end on the first edition: every claim comes back

    print(f"attempts per re-extraction under concurrent review: {attempts}")
    done = [item for result in results for item in result]
    assert len(done) >= 50, f"only {len(done)} reviewer changes went through: no contention"
    actions = {item[3] for item in done}
    assert {"review", "dismiss", "note", "reopen"} <= actions, actions

    with unit_of_work(fresh_engine) as session:
        events = session.scalars(sa.select(ClaimEvent).order_by(ClaimEvent.id)).all()
        claims = {c.id: c for c in session.scalars(sa.select(Claim)).all()}
        _check_every_change_has_its_event(done, events)
        _check_histories_are_whole(claims, events)
        _check_corrections_survive(claims, events)
    assert integrity_problems(fresh_database_url) == []


def _check_every_change_has_its_event(done: list[Done], events: Any) -> None:
    recorded = {(e.claim_id, e.claim_version, e.reviewer_id, e.action) for e in events}
    lost = [item for item in done if item not in recorded]
    assert not lost, f"{len(lost)} acknowledged reviewer changes have no event: {lost[:5]}"


def _check_histories_are_whole(claims: dict[int, Claim], events: Any) -> None:
    by_claim: dict[int, list[ClaimEvent]] = defaultdict(list)
    for event in events:
        by_claim[event.claim_id].append(event)
    pipeline_actions = {"mark_stale", "unstale", "reextract"}
    assert any(e.action in pipeline_actions for e in events), "the pipeline changed nothing"
    for claim_id, claim in claims.items():
        history = sorted(by_claim.get(claim_id, []), key=lambda e: e.claim_version)
        if not history:
            assert claim.status == "new" and claim.verdict is None, claim_id
            continue
        versions = [e.claim_version for e in history]
        assert len(set(versions)) == len(versions), f"claim {claim_id}: a version twice {versions}"
        assert history[0].from_status == "new", (
            f"claim {claim_id} starts at {history[0].from_status}"
        )
        for before, after in itertools.pairwise(history):
            assert after.from_status == before.to_status, (
                f"claim {claim_id}: a change was lost between v{before.claim_version} "
                f"({before.action} -> {before.to_status}) and v{after.claim_version} "
                f"({after.action} from {after.from_status})"
            )
            assert after.from_verdict == before.to_verdict, (
                f"claim {claim_id}: verdict {before.to_verdict!r} became {after.from_verdict!r} "
                f"with no event between v{before.claim_version} and v{after.claim_version}"
            )
        last = history[-1]
        assert (claim.status, claim.verdict) == (last.to_status, last.to_verdict), claim_id
        assert claim.version >= last.claim_version, claim_id


def _check_corrections_survive(claims: dict[int, Claim], events: Any) -> None:
    corrected = {e.claim_id for e in events if e.action == "correct"}
    for claim_id in corrected:
        claim = claims[claim_id]
        assert claim.claimer == "Corrected Claimer", (
            f"claim {claim_id}: re-extraction overwrote a reviewer's correction "
            f"({claim.claimer!r}, edits {claim.reviewer_edits})"
        )
