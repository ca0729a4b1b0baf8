"""Review queue throughput: reviewers in threads take the next claim and review it.

    .venv/bin/python benchmarks/review_queue.py --server postgresql://user@host:5432/postgres \
        [--claims 5000] [--threads 1 4 16]

Creates a throw-away database on the server (dropped afterwards), migrates it, inserts
synthetic claims, then for each thread count lets that many reviewers loop "next claim
(one transaction), review it (another)" until the queue is empty. Writes
benchmarks/results/review_queue.json: claims/s, latency percentiles of next_claim and of
review_claim, and a check that no claim was handed out twice.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import platform
import statistics
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "benchmarks" / "results" / "review_queue.json"
sys.path.insert(0, str(REPO))


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0


def seed(engine: Any, claims: int, reviewers: int) -> list[int]:

    from claimtrack.db import unit_of_work
    from claimtrack.review.auth import create_reviewer
    from models import Article, Claim

    text = "The council said unemployment fell 3% in 2019, to 1.2 million people. " * 3
    with unit_of_work(engine) as session:
        ids = [create_reviewer(session, f"bench-{i}", "reviewer")[0].id for i in range(reviewers)]
        per_article = 50
        for a in range(0, claims, per_article):
            article = Article(
                source="bench",
                source_key=f"bench/{a}",
                text=text,
                sha256=hashlib.sha256(f"{a}".encode()).hexdigest(),
            )
            session.add(article)
            session.flush()
            session.add_all(
                Claim(
                    article_id=article.id,
                    span_start=0,
                    span_end=40,
                    text=text[:40],
                    sentence=text[:70],
                    type="quantity",
                    claimer="The council",
                    values=[],
                    checkworthiness=((a + i) * 7919 % 1000) / 1000,
                    extractor_version="bench",
                    fingerprint=hashlib.sha256(f"{a}-{i}".encode()).hexdigest(),
                )
                for i in range(min(per_article, claims - a))
            )
    return ids


def run(engine: Any, reviewer_ids: list[int]) -> dict[str, object]:
    from claimtrack.db import unit_of_work
    from claimtrack.review import queue, service
    from models import Reviewer

    handed: list[int] = []
    take_times: list[float] = []
    review_times: list[float] = []
    lock = threading.Lock()

    def work(reviewer_id: int) -> None:
        while True:
            started = time.perf_counter()
            with unit_of_work(engine) as session:
                reviewer = session.get_one(Reviewer, reviewer_id)
                claim = queue.next_claim(session, reviewer)
                taken = (claim.id, claim.version) if claim is not None else None
            took = time.perf_counter() - started
            if taken is None:
                return
            started = time.perf_counter()
            with unit_of_work(engine) as session:
                reviewer = session.get_one(Reviewer, reviewer_id)
                service.review_claim(session, reviewer, taken[0], version=taken[1], verdict="true")
            reviewed = time.perf_counter() - started
            with lock:
                handed.append(taken[0])
                take_times.append(took)
                review_times.append(reviewed)

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=len(reviewer_ids)) as pool:
        list(pool.map(work, reviewer_ids))
    elapsed = time.perf_counter() - started
    return {
        "threads": len(reviewer_ids),
        "claims_reviewed": len(handed),
        "handed_out_twice": len(handed) - len(set(handed)),
        "seconds": round(elapsed, 3),
        "claims_per_second": round(len(handed) / elapsed, 1),
        "next_claim_ms": {
            "p50": round(percentile(take_times, 0.5) * 1000, 2),
            "p95": round(percentile(take_times, 0.95) * 1000, 2),
            "mean": round(statistics.fmean(take_times) * 1000, 2),
        },
        "review_ms": {
            "p50": round(percentile(review_times, 0.5) * 1000, 2),
            "p95": round(percentile(review_times, 0.95) * 1000, 2),
        },
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--server",
        default=os.environ.get("CLAIMTRACK_BENCH_SERVER_URL"),
        help="a PostgreSQL URL whose user may create databases",
    )
    parser.add_argument("--claims", type=int, default=5000)
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 4, 16])
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args()
    if not args.server:
        print("give --server postgresql://... (or CLAIMTRACK_BENCH_SERVER_URL)", file=sys.stderr)
        return 2

    import psycopg
    from sqlalchemy.engine import make_url

    from claimtrack import db, schema

    server = make_url(db.normalise_url(args.server))
    admin = server.set(drivername="postgresql").render_as_string(hide_password=False)
    results = []
    for threads in args.threads:
        name = f"ct_bench_{uuid.uuid4().hex[:10]}"
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        engine = db.create_engine_for(
            server.set(database=name).render_as_string(hide_password=False),
            pool_size=threads + 2,
            max_overflow=threads,
        )
        try:
            schema.upgrade(engine)
            reviewer_ids = seed(engine, args.claims, threads)
            results.append(run(engine, reviewer_ids))
            print(json.dumps(results[-1]))
        finally:
            engine.dispose()
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    with psycopg.connect(admin) as conn:
        version = conn.execute("SHOW server_version").fetchone()
    report = {
        "benchmark": "review_queue",
        "date": dt.date.today().isoformat(),
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "postgresql": version[0] if version else None,
            # Other work on the machine skews the latencies: recorded to read them by.
            "load_average_1m_at_end": round(os.getloadavg()[0], 2),
        },
        "claims": args.claims,
        "runs": results,
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
