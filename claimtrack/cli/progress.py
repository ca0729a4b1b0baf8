"""The pipeline commands' progress: a bar on a terminal, plain lines elsewhere.

On a terminal (stdout and stderr both): a rich bar with the count done of the counted
total, articles per second and the time left. The total is counted in a background
thread (claimtrack/sources/count.py), so a large folder does not delay the start;
until it is known, or when it cannot be (feeds), the bar shows `N/?` and no time left.
Anywhere else (a pipe, a log file, a scheduler): one plain line on stderr each time
another `every` items are done, and a last one at the end, so a log shows a run's
pace while it runs.

The flow reports each finished item (flows/pipeline.py `progress_listeners`), from its
task threads: everything here is thread-safe.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import ProgressColumn, Task
    from rich.text import Text

Counter = Callable[[], "int | None"]


def _count_in_background(count: Counter | None, found: Callable[[int], None]) -> None:
    if count is None:
        return

    def work() -> None:
        try:
            total = count()
        except Exception:  # a progress total is a courtesy: never fail a run over it
            return
        if total is not None:
            found(total)

    threading.Thread(target=work, name="claimtrack-count", daemon=True).start()


class LineReport:
    """Plain progress lines: `articles: 400/2,225 (18%), 132/s, about 0:00:13 left`."""

    def __init__(self, out: IO[str], unit: str, every: int) -> None:
        self.out, self.unit, self.every = out, unit, max(1, every)
        self.total: int | None = None
        self.done = 0
        self.started = time.monotonic()
        self._lock = threading.Lock()

    def set_total(self, total: int) -> None:
        with self._lock:
            self.total = total

    def advance(self, count: int) -> None:
        with self._lock:
            before, self.done = self.done, self.done + count
            if before // self.every != self.done // self.every:
                self._write()

    def finish(self) -> None:
        with self._lock:
            if self.done % self.every:
                self._write()

    def line(self) -> str:
        elapsed = max(time.monotonic() - self.started, 1e-9)
        rate = self.done / elapsed
        if self.total:
            shown = f"{self.done:,}/{self.total:,} ({min(self.done / self.total, 1):.0%})"
        else:
            shown = f"{self.done:,}"
        text = f"{self.unit}: {shown}, {rate:,.0f}/s"
        if self.total and rate > 0 and self.done < self.total:
            left = timedelta(seconds=round((self.total - self.done) / rate))
            text += f", about {left} left"
        elif self.total and self.done >= self.total:
            text += f", done in {elapsed:.1f} s"
        return text

    def _write(self) -> None:
        self.out.write(self.line() + "\n")
        self.out.flush()


def _rate_column(unit: str) -> ProgressColumn:
    from rich.progress import ProgressColumn
    from rich.text import Text

    class RateColumn(ProgressColumn):
        """Items per second, over rich's recent samples."""

        def render(self, task: Task) -> Text:
            speed = task.finished_speed or task.speed
            return Text(f"{speed:,.0f} {unit}/s" if speed else f"- {unit}/s", style="cyan")

    return RateColumn()


@contextmanager
def run_progress(
    console: Console, unit: str, *, count: Counter | None = None, every: int = 200
) -> Iterator[None]:
    """Show the run's progress while the block runs (see the module's docstring)."""
    from flows.pipeline import progress_listeners

    if console.is_terminal and sys.stdout.isatty():
        with _bar(console, unit, count) as advance:
            progress_listeners.append(advance)
            try:
                yield
            finally:
                progress_listeners.remove(advance)
        return
    report = LineReport(console.file, unit, every)
    _count_in_background(count, report.set_total)
    progress_listeners.append(report.advance)
    try:
        yield
        report.finish()
    finally:
        progress_listeners.remove(report.advance)


@contextmanager
def _bar(console: Console, unit: str, count: Counter | None) -> Iterator[Callable[[int], None]]:
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    columns = (
        SpinnerColumn(),
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        _rate_column(unit),
        TimeRemainingColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=True) as progress:
        task_id = progress.add_task(unit, total=None)
        _count_in_background(count, lambda total: progress.update(task_id, total=total))

        def advance(done: int) -> None:
            progress.advance(task_id, done)

        yield advance
