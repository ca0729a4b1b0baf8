"""`claimtrack run` as an operator runs it: a fresh process, no Prefect server configured."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

from claimtrack.db import create_engine_for
from claimtrack.extraction import extract_claims
from tests.conftest import REPO_ROOT

EXAMPLE = REPO_ROOT / "examples" / "articles" / "kashmir-hour-2019-08-30.txt"


def claimtrack(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    script = Path(sys.executable).with_name("claimtrack")
    if not script.exists():
        pytest.skip("the claimtrack console script is not installed beside this Python")
    return subprocess.run(
        [str(script), *args], env=env, capture_output=True, text=True, timeout=300, check=False
    )


def operator_environment(tmp_path: Path, database_url: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "CLAIMTRACK_"))}
    env["CLAIMTRACK_DATA_DIR"] = str(tmp_path / "data")
    env["PREFECT_HOME"] = str(tmp_path / "prefect")  # no profile, no server: a fresh machine
    if database_url:
        env["CLAIMTRACK_DATABASE_URL"] = database_url
    return env


def test_missing_path_is_one_clear_line(tmp_path: Path) -> None:
    result = claimtrack(["run", str(tmp_path / "nope.txt")], operator_environment(tmp_path, None))
    assert result.returncode == 1
    assert (
        result.stderr.strip()
        == f"claimtrack: error: {tmp_path / 'nope.txt'}: no such file or folder"
    )


def test_bad_date_is_one_clear_line(tmp_path: Path) -> None:
    result = claimtrack(
        ["run", str(EXAMPLE), "--published", "30/08/2019"], operator_environment(tmp_path, None)
    )
    assert result.returncode == 1
    assert "not a date" in result.stderr
    assert "Traceback" not in result.stderr


def test_run_prints_a_summary_and_no_error_line(fresh_database_url: str, tmp_path: Path) -> None:
    env = operator_environment(tmp_path, fresh_database_url)
    result = claimtrack(["run", str(EXAMPLE), "--published", "2019-08-30"], env)

    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "ERROR" not in output
    assert "Traceback" not in output
    assert "claims" in result.stdout and "unchanged" in result.stdout
    expected = len(extract_claims(EXAMPLE.read_text(encoding="utf-8"), date(2019, 8, 30)))
    engine = create_engine_for(fresh_database_url)
    try:
        with engine.connect() as conn:
            stored = conn.execute(sa.text("SELECT count(*) FROM claim")).scalar_one()
            run_status = conn.execute(sa.text("SELECT status FROM extraction_run")).scalar_one()
    finally:
        engine.dispose()
    assert stored == expected
    assert run_status == "completed"
