"""SIGKILL `claimtrack run` at random points; after a rerun the database equals a clean run's.

The scenario has history to lose: a first run stores 240 articles, reviewers
then review, dismiss and annotate some claims, and the run under test reads a
second edition in which a third of the articles changed (new versions, claims
kept, moved or made stale) and 40 articles are new. Each trial starts from that
same reviewed database, kills the run (and its worker processes) at a random
moment of its work, checks that nothing is corrupt, runs it again to the end and
compares the whole database, in canonical form, with one clean run's: the same
article versions, claims, reviews and history; no duplicates; no article half
written.
"""

from __future__ import annotations

import os
import random
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.robustness.support import (
    cli_environment,
    count_rows,
    create_database,
    drop_database,
    integrity_problems,
    kill_group,
    run_to_end,
    snapshot,
    start_run,
    wait_until,
    write_articles,
)

# Six trials keep the suite within its 10 minutes on 2 cores; each prints its seed, and
# CLAIMTRACK_CRASH_TRIALS=30 (say) searches deeper.
TRIALS = int(os.environ.get("CLAIMTRACK_CRASH_TRIALS", "6"))
FIRST_EDITION = list(range(240))
SECOND_EDITION = list(range(280))  # 40 new articles
CHANGED = {n: 1 for n in range(0, 240, 3)}  # every third article rewritten


@pytest.fixture(scope="module")
def scenario(
    pg_server_url: str,
    template_database: str,
    prefect_api_url: str,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[dict[str, object]]:
    """The reviewed database every trial starts from, and a clean run's snapshot after it."""
    folder = tmp_path_factory.mktemp("crash")
    # One path for both editions: a .jsonl record's identity is the file's path and its id.
    articles = folder / "articles.jsonl"
    first = write_articles(articles, FIRST_EDITION, {})

    base = f"ct_crash_base_{uuid.uuid4().hex[:8]}"
    base_url = create_database(pg_server_url, base, template=template_database)
    result = run_to_end(
        [str(first)], cli_environment(base_url, folder / "data-base", prefect_api_url)
    )
    assert result.returncode == 0, result.stderr
    _review_some_claims(base_url)
    second = write_articles(articles, SECOND_EDITION, CHANGED)

    clean = f"ct_crash_clean_{uuid.uuid4().hex[:8]}"
    clean_url = create_database(pg_server_url, clean, template=base)
    env = cli_environment(clean_url, folder / "data-clean", prefect_api_url)
    result = run_to_end([str(second)], env)
    assert result.returncode == 0, result.stderr
    assert integrity_problems(clean_url) == []
    expected = snapshot(clean_url)
    # The scenario is only a test of crashes if the run has real work that touches reviews.
    statuses = {row[13] for row in expected["claims"]}
    assert {"stale", "reviewed", "dismissed", "new"} <= statuses, statuses
    assert any(row[1] == 2 for row in expected["articles"]), "no article got a second version"
    drop_database(pg_server_url, clean)
    yield {"base": base, "second": second, "expected": expected, "folder": folder}
    drop_database(pg_server_url, base)


def _review_some_claims(database_url: str) -> None:
    """Reviews, dismissals and notes on claims of changed and unchanged articles alike."""
    from claimtrack import db
    from claimtrack.review import service
    from claimtrack.review.auth import create_reviewer
    from models import Claim

    engine = db.create_engine_for(database_url)
    try:
        with db.unit_of_work(engine) as session:
            reviewer, _ = create_reviewer(session, "crash-reviewer", "editor")
            claims = session.scalars(sa.select(Claim).order_by(Claim.id)).all()
            for index, claim in enumerate(claims[::7]):
                if index % 3 == 0:
                    service.review_claim(
                        session,
                        reviewer,
                        claim.id,
                        version=claim.version,
                        verdict="false",
                        note=f"checked {index}",
                        evidence_urls=[f"https://example.org/e/{index}"],
                    )
                elif index % 3 == 1:
                    service.dismiss_claim(session, reviewer, claim.id, version=claim.version)
                else:
                    service.add_note(
                        session, reviewer, claim.id, version=claim.version, note="look"
                    )
    finally:
        engine.dispose()


def _trial(
    seed: int, scenario: dict[str, object], pg_server_url: str, prefect_api_url: str
) -> list[str]:
    """One kill and one rerun; the differences from the clean run, if any."""
    rng = random.Random(seed)
    name = f"ct_crash_{seed}_{uuid.uuid4().hex[:6]}"
    url = create_database(pg_server_url, name, template=str(scenario["base"]))
    folder = Path(str(scenario["folder"]))
    env = cli_environment(url, folder / f"data-{seed}", prefect_api_url)
    source = [str(scenario["second"])]
    try:
        # Kill when a random share of the work is done, measured in what the run has
        # written: new article versions, or new claims, or (a few) during start-up.
        moment = rng.choice(["articles", "claims", "claims", "start"])
        articles_before = count_rows(url, "SELECT count(*) FROM article")
        claims_before = count_rows(url, "SELECT count(*) FROM claim")
        written = {
            "articles": (rng.randint(1, 119), f"SELECT count(*) - {articles_before} FROM article"),
            "claims": (rng.randint(1, 800), f"SELECT count(*) - {claims_before} FROM claim"),
        }
        process = start_run(source, env)
        if moment in written:
            target, sql = written[moment]
            wait_until(lambda: count_rows(url, sql) >= target or process.poll() is not None, 120)
        else:
            target = 0
            wait_until(lambda: process.poll() is not None, rng.uniform(0.5, 4.0))
        finished_before_kill = process.poll() is not None
        kill_group(process)

        problems = integrity_problems(url, after_complete_run=False)
        if problems:
            return [f"seed {seed}: after the kill ({moment} {target}): {problems}"]
        result = run_to_end(source, env)
        if result.returncode != 0:
            return [f"seed {seed}: the rerun failed: {result.stderr.strip()[-500:]}"]
        problems = integrity_problems(url)
        actual = snapshot(url)
    finally:
        drop_database(pg_server_url, name)
    expected = scenario["expected"]
    assert isinstance(expected, dict)
    differences = [
        f"seed {seed} (killed at {moment} {target}{', after it finished' if finished_before_kill else ''}): "
        f"{table} differ: {len(actual[table])} rows vs {len(expected[table])}; first difference "
        f"{_first_difference(actual[table], expected[table])}"
        for table in expected
        if actual[table] != expected[table]
    ]
    return problems + differences


def _first_difference(actual: list[tuple[object, ...]], expected: list[tuple[object, ...]]) -> str:
    for mine, theirs in zip(actual, expected, strict=False):
        if mine != theirs:
            return f"{mine!r} instead of {theirs!r}"
    return "(one is a prefix of the other)"


def test_sigkill_at_random_points_then_rerun_equals_a_clean_run(
    scenario: dict[str, object], pg_server_url: str, prefect_api_url: str
) -> None:
    # A failure names its seed; CLAIMTRACK_CRASH_SEEDS=123,456 replays exactly those trials.
    replay = os.environ.get("CLAIMTRACK_CRASH_SEEDS", "")
    seeds = [int(s) for s in replay.split(",") if s.strip()] or [
        random.randrange(10**6) for _ in range(TRIALS)
    ]
    # Two trials at a time: each is mostly start-up and waiting on PostgreSQL.
    with ThreadPoolExecutor(max_workers=2) as pool:
        outcomes = list(
            pool.map(lambda s: _trial(s, scenario, pg_server_url, prefect_api_url), seeds)
        )
    failures = [line for outcome in outcomes for line in outcome]
    assert failures == [], "\n".join(failures)
