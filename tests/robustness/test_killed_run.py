"""A `claimtrack run` killed with SIGKILL leaves no process behind and no run `running` forever.

Before issue 18 the temporary Prefect server (its own session, 225 MB) and the
extraction workers lived on for tens of minutes after the run was killed, and
its extraction_run row stayed `running` (the dashboard showed it 40 minutes
later). Only the run's own process is killed here, as the OOM killer or a
`kill -9 PID` would: its children must end by themselves.
"""

from __future__ import annotations

import signal
import sys
import time
import uuid
from pathlib import Path

import psycopg
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from claimtrack.db import unit_of_work
from claimtrack.store import mark_abandoned_runs
from flows.run_lease import open_held_run, release_run
from tests.robustness.support import (
    cli_environment,
    count_rows,
    create_database,
    drop_database,
    libpq,
    run_to_end,
    start_run,
    wait_until,
    write_articles,
)
from tests.robustness.test_huge_article import (
    _dump_with_a_huge_article,
    alive,
    descendants,
    kill_all,
)


def _status(engine: Engine, run_id: int) -> str:
    with engine.connect() as conn:
        return str(
            conn.execute(
                sa.text("SELECT status FROM extraction_run WHERE id = :id"), {"id": run_id}
            ).scalar_one()
        )


def test_a_live_run_is_never_abandoned_and_a_dead_one_is(fresh_engine: Engine) -> None:
    live = open_held_run(fresh_engine, source="a", extractor_version="v", flow_run_id=None)
    dead = open_held_run(fresh_engine, source="b", extractor_version="v", flow_run_id=None)
    release_run(dead)  # its session ends, as a killed process's would
    with unit_of_work(fresh_engine) as session:
        assert mark_abandoned_runs(session) == [dead]
    assert _status(fresh_engine, live) == "running"
    assert _status(fresh_engine, dead) == "abandoned"
    release_run(live)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc; prctl")
@pytest.mark.timeout(400)
def test_sigkill_leaves_no_process_and_the_next_run_marks_it_abandoned(
    pg_server_url: str, template_database: str, prefect_api_url: str, tmp_path: Path
) -> None:
    dump = _dump_with_a_huge_article(tmp_path / "dump.jsonl", 8_000_000, good=24)
    name = f"ct_killed_{uuid.uuid4().hex[:8]}"
    url = create_database(pg_server_url, name, template=template_database)
    # No PREFECT_API_URL: the run starts its own temporary Prefect server.
    env = cli_environment(url, tmp_path / "data", None)
    env.pop("PREFECT_API_URL", None)
    process = start_run([str(dump)], env, workers=2, batch_size=50)
    children: list[int] = []
    try:
        assert wait_until(lambda: count_rows(url, "SELECT count(*) FROM article") == 25, 180)
        time.sleep(2)  # the pool is extracting the 8 MB article
        children = descendants(process.pid)
        names = [Path(f"/proc/{pid}/cmdline").read_bytes() for pid in alive(children)]
        assert any(b"uvicorn" in n for n in names), "no temporary Prefect server"
        assert sum(b"forkserver" in n for n in names) >= 2, "no extraction worker"
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=30)
        assert wait_until(lambda: not alive(children), 20), alive(children)
        running = "SELECT count(*) FROM extraction_run WHERE status = 'running'"
        assert count_rows(url, running) == 1

        small = write_articles(tmp_path / "small.jsonl", [1, 2], {})
        done = run_to_end(
            [str(small)], cli_environment(url, tmp_path / "data", prefect_api_url), timeout=240
        )
        assert done.returncode == 0, done.stderr
        statuses = "SELECT string_agg(status, ',' ORDER BY id) FROM extraction_run"
        with psycopg.connect(libpq(url)) as conn:
            row = conn.execute(statuses).fetchone()
        assert row is not None and row[0] == "abandoned,completed"
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
        kill_all(children)
        drop_database(pg_server_url, name)
