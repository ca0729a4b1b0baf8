"""A time budget for one article's extraction, and a way to stop it early.

Extraction is linear in the text, but a 20 MB input still takes about a minute,
and a rule could still meet a text it handles badly: one article must not hold
its batch (or a run asked to stop) indefinitely. Python cannot interrupt a
thread from outside, and a signal alarm works only in the main thread, so the
extractor checks cooperatively: its loops call `check()`, which raises once the
budget of the article in hand is spent or its stop event is set.

The budget lives in a context variable, so threads extracting side by side each
have their own, and the functions between `extract_claims` and its loops need no
extra parameter.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

__all__ = ["ExtractionCancelled", "ExtractionStopped", "ExtractionTimeout", "check", "limit"]


class ExtractionStopped(Exception):
    """Extraction of one article stopped before its end."""


class ExtractionTimeout(ExtractionStopped):
    """The article took longer than its budget: it fails alone."""


class ExtractionCancelled(ExtractionStopped):
    """The run was asked to stop (SIGTERM): nothing is wrong with the article."""


@dataclass(frozen=True)
class _Budget:
    deadline: float | None
    seconds: float | None
    stop: threading.Event | None


_current: ContextVar[_Budget | None] = ContextVar("claimtrack_extraction_budget", default=None)


@contextmanager
def limit(seconds: float | None, stop: threading.Event | None = None) -> Iterator[None]:
    """Within the block, `check()` raises after `seconds` or once `stop` is set."""
    deadline = time.monotonic() + seconds if seconds is not None and seconds > 0 else None
    token = _current.set(_Budget(deadline, seconds, stop))
    try:
        yield
    finally:
        _current.reset(token)


def check() -> None:
    """Raise if the article in hand is out of time or its run is stopping; else nothing."""
    budget = _current.get()
    if budget is None:
        return
    if budget.stop is not None and budget.stop.is_set():
        raise ExtractionCancelled("stopped: the run is shutting down")
    if budget.deadline is not None and time.monotonic() > budget.deadline:
        raise ExtractionTimeout(
            f"extraction took longer than its {budget.seconds:g} s budget "
            "(CLAIMTRACK_EXTRACTION_BUDGET_SECONDS)"
        )
