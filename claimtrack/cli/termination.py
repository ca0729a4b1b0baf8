"""SIGTERM stops a pipeline command promptly, with one line and its children ended.

Without a handler of ours, Prefect's own (installed while a flow runs) ends the
flow and then re-sends SIGTERM to the default action: the process dies at once,
its `finally` blocks never run, and the temporary Prefect server it started in a
session of its own lives on. With this handler, Prefect's re-sent signal lands
here and becomes an exception: the command unwinds (the run is recorded as
failed, extraction workers are killed, the temporary server stopped) and exits
143, the shell's code for "ended by SIGTERM". A second SIGTERM kills at once.
"""

from __future__ import annotations

import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

import typer

EXIT_SIGTERM = 128 + signal.SIGTERM


class Terminated(BaseException):
    """SIGTERM arrived. A BaseException, so no `except Exception` mistakes it for a failure."""


def _raise_terminated(signum: int, frame: FrameType | None) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a second SIGTERM is not negotiable
    raise Terminated


def terminating() -> bool:
    """True inside the `finally` blocks a SIGTERM unwinds through (skip slow courtesies)."""
    return isinstance(sys.exc_info()[1], Terminated)


@contextmanager
def sigterm_stops_the_command(what: str) -> Iterator[None]:
    """Within the block SIGTERM raises `Terminated`; leaving, one line and exit 143."""
    try:
        previous = signal.signal(signal.SIGTERM, _raise_terminated)
    except ValueError:  # not the main thread (a test calling the command): nothing to install
        yield
        return
    try:
        yield
    except Terminated:
        sys.stderr.write(
            f"claimtrack: {what} stopped by SIGTERM; what was stored so far is kept, "
            "run it again to go on\n"
        )
        raise typer.Exit(EXIT_SIGTERM) from None
    finally:
        signal.signal(signal.SIGTERM, previous)
