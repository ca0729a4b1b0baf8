"""The embedded PostgreSQL stops with the last claimtrack process, however it ends
(issue 12, item 4): SIGTERM (systemd, docker) and SIGHUP (a closed terminal) like
Ctrl-C; a process killed outright leaves a stale PID that the next command prunes,
and `claimtrack db stop` stops a leftover server."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

pytestmark = pytest.mark.slow  # real embedded servers and signalled processes

STOP_SECONDS = 30.0


def _env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLAIMTRACK_")}
    env["CLAIMTRACK_DATA_DIR"] = str(data_dir)
    return env


def _claimtrack(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "claimtrack", *args],
        env=_env(data_dir),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _postmaster(data_dir: Path) -> psutil.Process | None:
    """The running embedded server's postmaster, from its postmaster.pid."""
    pid_file = data_dir / "postgres" / "postmaster.pid"
    try:
        pid = int(pid_file.read_text().splitlines()[0])
        process = psutil.Process(pid)
    except (OSError, ValueError, IndexError, psutil.NoSuchProcess):
        return None
    return process if process.is_running() and process.status() != "zombie" else None


def _wait_gone(process: psutil.Process, seconds: float = STOP_SECONDS) -> bool:
    try:
        process.wait(seconds)
    except psutil.TimeoutExpired:
        return False
    return True


def _leave_nothing_running(data_dir: Path, postmaster: psutil.Process) -> None:
    """Whatever the test found: stop the server it started (by `db stop`, else its PID)."""
    if postmaster.is_running():
        _claimtrack(data_dir, "db", "stop", "--force")
    if postmaster.is_running():
        postmaster.terminate()
        _wait_gone(postmaster)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _start_web(data_dir: Path) -> tuple[subprocess.Popen[bytes], psutil.Process]:
    port = _free_port()
    web = subprocess.Popen(
        [sys.executable, "-m", "claimtrack", "web", "--port", str(port)],
        env=_env(data_dir),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        assert web.poll() is None, "claimtrack web exited at start-up"
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            time.sleep(0.2)
    else:
        web.kill()
        pytest.fail("claimtrack web did not listen within 90 s")
    postmaster = _postmaster(data_dir)
    assert postmaster is not None, "the embedded PostgreSQL is not running under claimtrack web"
    return web, postmaster


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_a_signal_to_web_stops_the_embedded_server(sig: signal.Signals, tmp_path: Path) -> None:
    web, postmaster = _start_web(tmp_path)
    try:
        web.send_signal(sig)
        web.wait(STOP_SECONDS)
        assert _wait_gone(postmaster), f"PostgreSQL still runs after {sig.name} to claimtrack web"
    finally:
        if web.poll() is None:
            web.kill()
        _leave_nothing_running(tmp_path, postmaster)
    handles = tmp_path / "postgres" / ".handle_pids.json"
    assert json.loads(handles.read_text() or "[]") == []


def test_a_killed_process_leaves_a_server_that_db_stop_stops(tmp_path: Path) -> None:
    web, postmaster = _start_web(tmp_path)
    try:
        web.kill()  # SIGKILL: no handler can run; the server and a dead PID stay behind
        web.wait(STOP_SECONDS)
        assert postmaster.is_running()
        handles = tmp_path / "postgres" / ".handle_pids.json"
        assert web.pid in json.loads(handles.read_text())

        result = _claimtrack(tmp_path, "db", "stop")
        assert result.returncode == 0, result.stderr
        assert "stopped" in result.stdout
        assert _wait_gone(postmaster)
        assert json.loads(handles.read_text() or "[]") == []
        again = _claimtrack(tmp_path, "db", "stop")
        assert again.returncode == 0 and "not running" in again.stdout
    finally:
        _leave_nothing_running(tmp_path, postmaster)


def test_the_next_command_prunes_a_dead_pid_and_stops_the_server_at_exit(tmp_path: Path) -> None:
    web, postmaster = _start_web(tmp_path)
    try:
        web.kill()
        web.wait(STOP_SECONDS)
        status = _claimtrack(tmp_path, "db", "status")
        assert status.returncode == 0, status.stderr
        assert _wait_gone(postmaster), "a dead PID in the handle file kept the server up"
    finally:
        _leave_nothing_running(tmp_path, postmaster)
