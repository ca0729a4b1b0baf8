"""SIGTERM and SIGHUP end a claimtrack command the way Ctrl-C does: by unwinding.

By default both signals kill Python outright, so no `finally` and no atexit hook runs:
the embedded PostgreSQL (stopped by the wheel's atexit hook when its last process
exits) stays up, with the dead PID left in its handle file. SIGTERM is what systemd
and docker send, SIGHUP what a closed terminal sends. Raising SystemExit instead lets
every cleanup run. Servers that handle SIGTERM themselves keep doing so: uvicorn shuts
down gracefully and then re-raises the signal into this handler; Prefect's runner
(`serve`) stops its loop and returns.
"""

from __future__ import annotations

import signal
import threading
from types import FrameType

_SIGNALS = (signal.SIGTERM, signal.SIGHUP)


def _exit(signum: int, frame: FrameType | None) -> None:
    # 128 + the signal number: the exit status a shell reports for a signalled process.
    raise SystemExit(128 + signum)


def exit_cleanly_on_signals() -> None:
    """Install the handler, in the main thread only, and never over an ignored signal
    (`nohup` ignores SIGHUP on purpose)."""
    if threading.current_thread() is not threading.main_thread():
        return
    for sig in _SIGNALS:
        if signal.getsignal(sig) is signal.SIG_DFL:
            signal.signal(sig, _exit)
