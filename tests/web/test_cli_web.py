"""`claimtrack web`: a database it cannot reach is one clear line and a non-zero exit."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def test_unreachable_database_is_one_clear_line(tmp_path: Path) -> None:
    env = {
        "PATH": "/usr/bin:/bin",
        "CLAIMTRACK_DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none",
        "CLAIMTRACK_DATA_DIR": str(tmp_path),
    }
    done = subprocess.run(
        [sys.executable, "-m", "claimtrack", "web", "--port", "8999"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    lines = [line for line in done.stderr.splitlines() if line.startswith("claimtrack: error")]
    assert len(lines) == 1 and "cannot connect to PostgreSQL" in lines[0], done.stderr
