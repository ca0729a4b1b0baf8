"""A temporary Prefect API for one command, when no Prefect server is configured.

Prefect's own ephemeral mode starts its server only when the first flow runs, so
its 5-10 s start-up adds to ours, and it shares the terminal with the server
process, which prints "Error flushing events" and CancelledError tracebacks when
it is stopped at exit. Here the server process starts before anything else
(overlapping its start-up with the database's), writes its own logs to a file
in claimtrack's data directory, and is stopped only after the client has sent
it every event and log, and given time to shut down cleanly.

Nothing here imports Prefect: the point is to launch the server before the
(slow) import of Prefect in this process.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import tomllib
from pathlib import Path
from typing import IO

from flows.lifetime import child_dies_with_us

# Why each setting: the server serves no UI (nobody will open it), sends no
# telemetry (no network at run time), and skips registering block types, which
# costs seconds at every start and which these runs never use.
_SERVER_ENVIRONMENT = {
    "PREFECT_UI_ENABLED": "0",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_API_BLOCKS_REGISTER_ON_START": "false",
    # Prefect's markers for its own ephemeral server: only the services a
    # short-lived server needs, and the app is built once.
    "PREFECT__SERVER_EPHEMERAL": "1",
    "PREFECT__SERVER_FINAL": "1",
}
STOP_TIMEOUT_SECONDS = 15.0
DRAIN_SECONDS = 10.0
HURRIED_DRAIN_SECONDS = 3.0


class LocalServerError(RuntimeError):
    pass


def configured_api_url() -> str | None:
    """The Prefect API this process would use: the environment, then the active profile.

    Read without importing Prefect, unless Prefect is already imported (tests under
    prefect_test_harness set it in-process).
    """
    if "prefect.settings" in sys.modules:
        from prefect.settings import get_current_settings

        url = get_current_settings().api.url
        return str(url) if url else None
    if os.environ.get("PREFECT_API_URL"):
        return os.environ["PREFECT_API_URL"]
    home = Path(os.environ.get("PREFECT_HOME", Path.home() / ".prefect")).expanduser()
    path = Path(os.environ.get("PREFECT_PROFILES_PATH", home / "profiles.toml")).expanduser()
    try:
        profiles = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return None
    active = os.environ.get("PREFECT_PROFILE") or profiles.get("active")
    profile = profiles.get("profiles", {}).get(active, {}) if active else {}
    url = profile.get("PREFECT_API_URL") if isinstance(profile, dict) else None
    return str(url) if url else None


def _default_prefect_database() -> Path | None:
    """Prefect's SQLite file when Prefect uses its default database, else None."""
    for name in ("PREFECT_SERVER_DATABASE_CONNECTION_URL", "PREFECT_API_DATABASE_CONNECTION_URL"):
        if os.environ.get(name):
            return None
    home = Path(os.environ.get("PREFECT_HOME", Path.home() / ".prefect")).expanduser()
    return home / "prefect.db"


def _prefect_version() -> str:
    from importlib.metadata import version

    return version("prefect")


class LocalPrefectServer:
    """`prefect server` as a child process on a free local port.

    Checking Prefect's own schema costs one to three seconds of every start. After
    a start that did check it, a marker in claimtrack's data directory records
    the Prefect version and database; later starts with the same version and
    database file skip the check (a Prefect upgrade changes the version: checked again).
    """

    def __init__(self, log_path: Path) -> None:
        self.log_path = log_path
        self.marker_path = log_path.with_name("prefect-schema-checked.json")
        self.port = _free_port()
        self._log: IO[bytes] | None = None
        self._process: subprocess.Popen[bytes] | None = None
        self._checks_schema = True

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api"

    def launch(self) -> None:
        """Start the process and return at once; `wait_ready` waits for it."""
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log = self.log_path.open("wb")
        env = {**os.environ, **_SERVER_ENVIRONMENT}
        env.pop("PREFECT_API_URL", None)
        self._checks_schema = not self._schema_known_current()
        if not self._checks_schema:
            env["PREFECT_API_DATABASE_MIGRATE_ON_START"] = "false"
        self._process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "--factory",
                "prefect.server.api.server:create_app",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--log-level",
                "error",
                "--lifespan",
                "on",
            ],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            # Its own process group: a Ctrl-C in the terminal reaches us, and we stop it in order.
            start_new_session=True,
            # And if we die without stopping it (SIGKILL), the kernel stops it for us.
            preexec_fn=child_dies_with_us(),
        )

    def wait_ready(self, timeout: float) -> None:
        import httpx

        deadline = time.monotonic() + timeout
        with httpx.Client(timeout=2.0) as client:
            while time.monotonic() < deadline:
                if self._process is None or self._process.poll() is not None:
                    raise LocalServerError(
                        f"the temporary Prefect server exited at start-up; see {self.log_path}"
                    )
                try:
                    if client.get(f"{self.api_url}/health").status_code == 200:
                        if self._checks_schema:
                            self._record_schema_current()
                        return
                except httpx.TransportError:
                    pass
                time.sleep(0.1)
        self.stop()
        raise LocalServerError(
            f"the temporary Prefect server did not start within {timeout:.0f} s; "
            f"see {self.log_path}, or start one (prefect server start) and set PREFECT_API_URL"
        )

    def _marker(self) -> dict[str, str] | None:
        database = _default_prefect_database()
        if database is None:
            return None
        return {"prefect": _prefect_version(), "database": str(database)}

    def _schema_known_current(self) -> bool:
        marker = self._marker()
        if marker is None or not Path(marker["database"]).exists():
            return False
        try:
            return bool(json.loads(self.marker_path.read_text(encoding="utf-8")) == marker)
        except (OSError, ValueError):
            return False

    def _record_schema_current(self) -> None:
        marker = self._marker()
        if marker is not None:
            with contextlib.suppress(OSError):
                self.marker_path.write_text(json.dumps(marker), encoding="utf-8")

    def stop(self, *, hurry: bool = False) -> None:
        """Flush the client's events and logs to the server, then stop it gracefully.

        `hurry` when the command is being stopped (SIGTERM): the flush gets a few
        seconds, not ten a queue. It is never skipped: what is left in the queues
        would be sent at interpreter exit to a server no longer there, with
        retries that held a stopped run up for over a minute.
        """
        if self._process is None:
            return
        if "prefect" in sys.modules:
            _drain_prefect_client(HURRIED_DRAIN_SECONDS if hurry else DRAIN_SECONDS)
        process, self._process = self._process, None
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)  # uvicorn: finish requests, run lifespan shutdown
            try:
                process.wait(STOP_TIMEOUT_SECONDS)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if self._log is not None:
            self._log.close()
            self._log = None


def _drain_prefect_client(timeout: float) -> None:
    """Send what Prefect's background workers still hold while the server is up."""
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    for worker in (APILogWorker, EventsWorker):
        # A failed flush loses some run history, never claims: carry on stopping.
        with contextlib.suppress(Exception):
            worker.drain_all(timeout=timeout, at_exit=False)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
