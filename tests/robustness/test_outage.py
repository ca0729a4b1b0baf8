"""PostgreSQL stopped in the middle of `claimtrack run`: retries, a clean failure, nothing lost.

A private PostgreSQL (never the machine's shared server) is stopped with
`pg_ctl -m immediate`, which drops every connection at once as a crash would.
A short outage must be ridden out by the retries; a long one must end the run
with one clear line on stderr and a non-zero exit, no traceback; after a restart,
a rerun must leave the database equal to that of a run that saw no outage.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.robustness.support import (
    ControlledPostgres,
    cli_environment,
    count_rows,
    create_database,
    integrity_problems,
    run_to_end,
    snapshot,
    start_run,
    wait_until,
    write_articles,
)

ARTICLES = list(range(240))


@pytest.fixture(scope="module")
def outage_server() -> Iterator[ControlledPostgres]:
    # Not under pytest's basetemp: every pytest session on the machine resets that
    # folder to mode 0700, which would lock the server's own user out mid-test.
    folder = Path(tempfile.mkdtemp(prefix="claimtrack-outage-"))
    server = ControlledPostgres(folder / "pg")
    try:
        server.init()
        server.start()
        yield server
    finally:
        if server.is_running():
            server.stop("fast")
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def clean_run(
    outage_server: ControlledPostgres,
    prefect_api_url: str,
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[str, object]:
    """The articles, and the database a run with no outage leaves."""
    folder = tmp_path_factory.mktemp("outage-articles")
    articles = write_articles(folder / "articles.jsonl", ARTICLES, {})
    url = create_database(outage_server.server_url, f"ct_outage_clean_{uuid.uuid4().hex[:6]}")
    result = run_to_end([str(articles)], cli_environment(url, folder / "data", prefect_api_url))
    assert result.returncode == 0, result.stderr
    return {"articles": articles, "expected": snapshot(url), "folder": folder}


def _start_and_wait_for_claims(
    url: str, env: dict[str, str], articles: Path, claims: int
) -> tuple[subprocess.Popen[str], float]:
    process = start_run([str(articles)], env)
    reached = wait_until(
        lambda: (
            count_rows(url, "SELECT count(*) FROM claim") >= claims or process.poll() is not None
        ),
        120,
    )
    assert reached and process.poll() is None, "the run ended before the outage could begin"
    return process, time.monotonic()


def _short_outage(
    outage_server: ControlledPostgres,
    clean_run: dict[str, object],
    prefect_api_url: str,
    mode: str,
    seconds: float = 2.0,
) -> tuple[str, dict[str, str], subprocess.CompletedProcess[str]]:
    """Stop the server for `seconds` in the middle of a run; the run's outcome."""
    url = create_database(outage_server.server_url, f"ct_outage_{mode}_{uuid.uuid4().hex[:6]}")
    folder = Path(str(clean_run["folder"]))
    env = cli_environment(url, folder / f"data-{mode}-{seconds:g}", prefect_api_url)
    process, _ = _start_and_wait_for_claims(url, env, Path(str(clean_run["articles"])), 200)
    outage_server.stop(mode)
    time.sleep(seconds)
    outage_server.start()
    stdout, stderr = process.communicate(timeout=240)
    return url, env, subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


def test_a_restart_of_postgresql_is_ridden_out_by_retries(
    outage_server: ControlledPostgres, clean_run: dict[str, object], prefect_api_url: str
) -> None:
    """`pg_ctl stop -m fast`: connections cut, WAL flushed (an administrator's restart)."""
    url, _, result = _short_outage(outage_server, clean_run, prefect_api_url, "fast")
    assert result.returncode == 0, f"the run did not survive a 2 s restart:\n{result.stderr}"
    assert integrity_problems(url) == []
    assert snapshot(url) == clean_run["expected"]


def test_a_crash_of_postgresql_is_ridden_out_by_retries(
    outage_server: ControlledPostgres, clean_run: dict[str, object], prefect_api_url: str
) -> None:
    """`pg_ctl stop -m immediate`: every server process gone at once, as in a crash."""
    url, _, result = _short_outage(outage_server, clean_run, prefect_api_url, "immediate")
    assert result.returncode == 0, f"the run did not survive a 2 s crash:\n{result.stderr}"
    assert integrity_problems(url) == [], "the run exited 0 but left articles half-written"


@pytest.mark.timeout(400)
def test_a_30_second_crash_is_ridden_out_by_the_default_retry_budget(
    outage_server: ControlledPostgres, clean_run: dict[str, object], prefect_api_url: str
) -> None:
    """Issue 18: retries once spanned about 7.5 s, and outages of 5-10 s failed the run.
    CLAIMTRACK_DB_RETRY_SECONDS (default 60) now covers a 30 s restart with crash recovery."""
    url, _, result = _short_outage(
        outage_server, clean_run, prefect_api_url, "immediate", seconds=30.0
    )
    assert result.returncode == 0, f"the run did not survive a 30 s crash:\n{result.stderr}"
    assert integrity_problems(url) == []
    assert snapshot(url) == clean_run["expected"]


@pytest.fixture(scope="module")
def long_outage(
    outage_server: ControlledPostgres, clean_run: dict[str, object], prefect_api_url: str
) -> dict[str, object]:
    """A crash of PostgreSQL that outlasts the retries; then a restart and a rerun."""
    url = create_database(outage_server.server_url, f"ct_outage_long_{uuid.uuid4().hex[:6]}")
    folder = Path(str(clean_run["folder"]))
    articles = Path(str(clean_run["articles"]))
    env = cli_environment(url, folder / "data-long", prefect_api_url)
    # An outage longer than the retries, without waiting the default minute for them.
    env["CLAIMTRACK_DB_RETRY_SECONDS"] = "8"
    process, stopped_at = _start_and_wait_for_claims(url, env, articles, 200)
    outage_server.stop("immediate")
    try:
        _stdout, stderr = process.communicate(timeout=240)
        gave_up_after = time.monotonic() - stopped_at
    finally:
        outage_server.start()
    rerun = run_to_end([str(articles)], env)
    return {
        "returncode": process.returncode,
        "stderr": stderr,
        "gave_up_after": gave_up_after,
        "rerun": rerun,
        "problems": integrity_problems(url),
        "snapshot": snapshot(url),
    }


def test_a_long_outage_fails_after_retries_and_a_rerun_loses_nothing(
    long_outage: dict[str, object], clean_run: dict[str, object]
) -> None:
    assert long_outage["returncode"] != 0
    # It tried again before giving up: the backoff alone (0.5 + 1 + 2 + 4 + 8 s for a
    # budget of 8 s, with jitter) is several seconds, where a run with no retries fails
    # at once.
    gave_up_after = float(str(long_outage["gave_up_after"]))
    assert gave_up_after >= 3.0, f"gave up {gave_up_after:.1f} s after the outage began"
    rerun = long_outage["rerun"]
    assert isinstance(rerun, subprocess.CompletedProcess)
    assert rerun.returncode == 0, rerun.stderr
    assert long_outage["problems"] == []
    assert long_outage["snapshot"] == clean_run["expected"]


def test_a_long_outage_ends_with_one_clear_line(long_outage: dict[str, object]) -> None:
    stderr = str(long_outage["stderr"])
    errors = [line for line in stderr.splitlines() if line.startswith("claimtrack: error:")]
    assert len(errors) == 1, f"expected one clear error line, got:\n{stderr}"
    # Names what failed (the database), not only the driver's words for it.
    assert any(word in errors[0].lower() for word in ("database", "postgresql")), stderr
    assert "Traceback" not in stderr, f"a traceback on stderr:\n{stderr}"
