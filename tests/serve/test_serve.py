"""`claimtrack serve` end to end, as README "A Prefect server ..., a schedule" runs it.

A real `prefect server start` on a free loopback port, `claimtrack serve FOLDER --cron
"* * * * *"`, a manual `prefect deployment run` beside the cron's own first run: both
must end COMPLETED and store the folder's claims. Bounded: about a minute and a half
at worst (the next minute boundary, then the run); every process is stopped by its PID.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa

from claimtrack.db import create_engine_for
from tests.conftest import REPO_ROOT
from tests.serve.support import PrefectServer, stop_group

pytestmark = pytest.mark.slow

NAME = ("--name", "e2e")
DEPLOYMENT = "claimtrack-pipeline/e2e"
# The next minute boundary (cron), the runner's poll, and the run itself.
RUNS_DONE_SECONDS = 150.0
FINAL = {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"}


@pytest.fixture
def prefect_server(tmp_path: Path) -> Any:
    server = PrefectServer(tmp_path / "prefect", tmp_path / "prefect-server.log")
    try:
        server.start()
        yield server
    finally:
        server.stop()


def _deployment_id(api: str, deadline: float) -> str:
    while time.monotonic() < deadline:
        response = httpx.get(f"{api}/deployments/name/{DEPLOYMENT}", timeout=5)
        if response.status_code == 200:
            return str(response.json()["id"])
        time.sleep(0.5)
    raise AssertionError(f"claimtrack serve never registered {DEPLOYMENT}")


def _runs(api: str, deployment_id: str) -> list[dict[str, Any]]:
    response = httpx.post(
        f"{api}/flow_runs/filter",
        json={"deployments": {"id": {"any_": [deployment_id]}}},
        timeout=5,
    )
    response.raise_for_status()
    return list(response.json())


def _finished(run: dict[str, Any]) -> bool:
    return (run.get("state") or {}).get("type") in FINAL


def test_served_runs_complete_and_store_claims(
    prefect_server: PrefectServer, fresh_database_url: str, tmp_path: Path
) -> None:
    folder = tmp_path / "articles"
    shutil.copytree(REPO_ROOT / "examples" / "articles", folder)
    env = {
        **prefect_server.env,
        "PREFECT_API_URL": prefect_server.api_url,
        # The runner looks for due runs every 10 s by default; the test need not wait so long.
        "PREFECT_RUNNER_POLL_FREQUENCY": "2",
        "CLAIMTRACK_DATABASE_URL": fresh_database_url,
        "CLAIMTRACK_DATA_DIR": str(tmp_path / "data"),
    }
    bin_dir = Path(sys.executable).parent
    serve_log = tmp_path / "serve.log"
    with serve_log.open("wb") as log:
        serve = subprocess.Popen(
            [str(bin_dir / "claimtrack"), "serve", str(folder), "--cron", "* * * * *", *NAME],
            env=env,
            cwd=tmp_path,  # not the checkout: an operator's machine
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + RUNS_DONE_SECONDS
        deployment_id = _deployment_id(prefect_server.api_url, deadline)
        # README: `prefect deployment run 'claimtrack-pipeline/NAME'`.
        manual = subprocess.run(
            [str(bin_dir / "prefect"), "deployment", "run", DEPLOYMENT],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert manual.returncode == 0, manual.stdout + manual.stderr

        runs: list[dict[str, Any]] = []
        while time.monotonic() < deadline:
            runs = _runs(prefect_server.api_url, deployment_id)
            scheduled = [r for r in runs if r["auto_scheduled"] and _finished(r)]
            by_hand = [r for r in runs if not r["auto_scheduled"] and _finished(r)]
            if scheduled and by_hand:
                break
            if serve.poll() is not None:
                break
            time.sleep(1)
        finished = [r for r in runs if _finished(r)]
        states = {r["name"]: (r["state"]["type"], r["state"].get("message")) for r in finished}
        assert finished, f"no run finished; serve said:\n{serve_log.read_text()[-3000:]}"
        assert any(r["auto_scheduled"] for r in finished), (
            f"the cron's run did not finish in time: {states}"
        )
        assert all(r["state"]["type"] == "COMPLETED" for r in finished), states
    finally:
        stop_group(serve)

    engine = create_engine_for(fresh_database_url)
    try:
        with engine.connect() as conn:
            claims = conn.execute(sa.text("SELECT count(*) FROM claim")).scalar_one()
            run_rows = conn.execute(sa.text("SELECT flow_run_id, status FROM extraction_run")).all()
    finally:
        engine.dispose()
    assert claims > 0
    stored = {row.flow_run_id: row.status for row in run_rows}
    for run in finished:
        assert stored.get(run["id"]) == "completed", (run["id"], stored)
