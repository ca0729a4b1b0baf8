"""Child processes that die with their parent: the temporary Prefect server, extraction workers.

A `claimtrack run` killed with SIGKILL runs no cleanup, so its children must end
by themselves: the temporary Prefect server (in a session of its own, 225 MB)
and the extraction workers (forked from multiprocessing's fork server) once
lived on for tens of minutes. On Linux, prctl(PR_SET_PDEATHSIG) asks the kernel
to signal the server when its parent exits (elsewhere there is no such call, and
`die_with_parent` does nothing). The workers are not the run's children but the
fork server's, so each watches the run's process itself (`watch_process`).
"""

from __future__ import annotations

import ctypes
import os
import select
import signal
import sys
import threading
import time
from collections.abc import Callable

_PR_SET_PDEATHSIG = 1

# Loaded in the parent, before any fork: the child then only calls a function
# pointer, which is safe between fork and exec (no import, no allocation by us).
_libc = ctypes.CDLL(None, use_errno=True) if sys.platform.startswith("linux") else None


def die_with_parent(signum: int = signal.SIGKILL, parent_pid: int | None = None) -> None:
    """Ask the kernel to send `signum` to this process when its parent exits.

    With `parent_pid`, also exit at once if the parent is already gone (it may
    have died between the fork and this call, which the kernel would not signal).
    """
    if _libc is None:
        return
    _libc.prctl(_PR_SET_PDEATHSIG, signum, 0, 0, 0)
    if parent_pid is not None and os.getppid() != parent_pid:
        os._exit(1)


def child_dies_with_us(signum: int = signal.SIGTERM) -> Callable[[], None]:
    """A `preexec_fn` for subprocess.Popen: the child gets `signum` when we exit."""
    parent_pid = os.getpid()

    def preexec() -> None:
        die_with_parent(signum, parent_pid)

    return preexec


def watch_process(pid: int) -> None:
    """Exit this process as soon as process `pid` has exited (a daemon thread waits for it).

    For extraction workers: their parent is multiprocessing's fork server, which
    outlives the run (each worker holds it open), so a death signal from the
    parent would never come. They watch the run's own process instead, through a
    pidfd, which names that process and no later one reusing its number.
    """
    try:
        handle = os.pidfd_open(pid)
    except ProcessLookupError:
        os._exit(1)  # gone before the worker even started
    except (AttributeError, OSError):
        handle = None  # no pidfd here (not Linux, an old kernel): poll instead

    def wait() -> None:
        if handle is not None:
            select.select([handle], [], [])
        else:
            while _alive(pid):
                time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=wait, name="claimtrack-watch-run", daemon=True).start()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
