"""Large request bodies: capped before parsing, and never read for an unknown sender.

A 31.5 MB JSON POST without a token once took the web process from 139 MB to
552 MB before its 401 (838 MB with a token, before its 422). The app runs here
in a real uvicorn process on loopback, and requests are written on a raw socket:
a request that declares a body and never sends it gets its answer only if the
app answers without reading the body (otherwise the test's socket times out).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy.engine import Engine

from models import Role
from tests.robustness.support import REPO_ROOT, wait_until
from tests.web.seed import Seeded, seed

LIMIT = 1024 * 1024
HUGE = 32 * 1024 * 1024


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def server(
    fresh_database_url: str, fresh_engine: Engine, tmp_path: Path
) -> Iterator[tuple[str, Seeded, int]]:
    """(base URL, seeded reviewers and claims, the server's PID)."""
    seeded = seed(fresh_engine)
    port = _free_port()
    env = {
        **os.environ,
        "CLAIMTRACK_DATABASE_URL": fresh_database_url,
        "CLAIMTRACK_DATA_DIR": str(tmp_path / "data"),
        "CLAIMTRACK_SECRET_KEY": "test-secret",
        "CLAIMTRACK_WEB_MAX_BODY_BYTES": str(LIMIT),
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "--factory",
            "claimtrack.web.app:create_app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
        ],
        cwd=REPO_ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:

        def up() -> bool:
            try:
                return httpx.get(f"{base}/login", timeout=2).status_code == 200
            except httpx.TransportError:
                return False

        assert wait_until(up, 60), "the web app did not start"
        yield base, seeded, process.pid
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _raw(base: str, head: str, body: bytes = b"", timeout: float = 10.0) -> tuple[int, str]:
    """Send a request head (and part of a body) on a raw socket; the status and the answer."""
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=timeout) as sock:
        sock.sendall(head.encode() + b"\r\n" + body)
        received = b""
        while b"\r\n\r\n" not in received:
            chunk = sock.recv(65536)
            if not chunk:
                break
            received += chunk
        try:
            while chunk := sock.recv(65536):
                received += chunk
        except TimeoutError:
            pass
    text = received.decode("latin-1")
    return int(text.split(" ", 2)[1]), text


def _head(method: str, path: str, headers: dict[str, str]) -> str:
    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", "Connection: close"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    return "\r\n".join(lines) + "\r\n"


def _status_path(seeded: Seeded) -> str:
    return f"/api/v1/claims/{seeded.claim_ids[0]}/status"


def test_a_huge_body_without_a_token_is_refused_unread(server: tuple[str, Seeded, int]) -> None:
    base, seeded, _ = server
    head = _head(
        "POST", _status_path(seeded), {"Content-Type": "application/json", "Content-Length": "200"}
    )
    status, answer = _raw(base, head, b'{"action": ')  # 200 bytes declared, 11 sent
    assert status == 401, answer
    assert "Bearer" in answer


def test_a_bad_token_is_refused_before_its_body_is_read(server: tuple[str, Seeded, int]) -> None:
    base, seeded, _ = server
    headers = {
        "Content-Type": "application/json",
        "Content-Length": "200",
        "Authorization": "Bearer not-a-token",
    }
    status, answer = _raw(base, _head("POST", _status_path(seeded), headers))
    assert status == 401, answer


def test_a_declared_length_over_the_cap_is_413_unread(server: tuple[str, Seeded, int]) -> None:
    base, seeded, _ = server
    headers = {
        "Content-Type": "application/json",
        "Content-Length": str(HUGE),
        **seeded.bearer(Role.EDITOR),
    }
    status, answer = _raw(base, _head("POST", _status_path(seeded), headers), b"{")
    assert status == 413, answer
    assert f"{LIMIT:,}-byte limit" in answer


def test_a_form_post_without_a_session_is_sent_to_sign_in_unread(
    server: tuple[str, Seeded, int],
) -> None:
    base, seeded, _ = server
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Content-Length": "500"}
    status, answer = _raw(base, _head("POST", f"/claims/{seeded.claim_ids[0]}/review", headers))
    assert status == 303, answer
    assert "location: /login" in answer.lower()


def test_a_streamed_body_is_cut_at_the_cap_and_memory_stays_flat(
    server: tuple[str, Seeded, int],
) -> None:
    """31.5 MB sent with a valid token and no declared length (chunked): 413, RSS flat."""
    base, seeded, pid = server
    before = _rss_mib(pid)
    chunk = b"x" * 65536
    sent = 0

    def body() -> Iterator[bytes]:
        nonlocal sent
        yield b'{"action": "review", "note": "'
        while sent < 31_500_000:
            sent += len(chunk)
            yield chunk
        yield b'"}'

    headers = {**seeded.bearer(Role.EDITOR), "Content-Type": "application/json", "If-Match": '"1"'}
    try:
        response = httpx.post(f"{base}{_status_path(seeded)}", content=body(), headers=headers)
        status = response.status_code
    except httpx.TransportError:
        status = 413  # the server answered and closed while the body was still streaming
    assert status == 413
    time.sleep(0.5)
    assert _rss_mib(pid) - before < 40, (before, _rss_mib(pid))


def test_a_normal_request_still_works(server: tuple[str, Seeded, int]) -> None:
    base, seeded, _ = server
    response = httpx.post(
        f"{base}{_status_path(seeded)}",
        json={"action": "review", "verdict": "false", "note": "checked"},
        headers={**seeded.bearer(Role.EDITOR), "If-Match": '"1"'},
    )
    assert response.status_code == 200, response.text


def _rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")
