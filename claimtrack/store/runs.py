"""extraction_run rows: one per pipeline run, with its counts and its errors.

A run's process holds a session-level advisory lock on its row (`hold_run`) from
the transaction that inserts the row until the run ends; PostgreSQL releases it
when that session ends, however the process ended. So a `running` row whose lock
is free belongs to a process that died without closing it (SIGKILL, a crash, a
lost machine), on this machine or any other, and the next run marks it
abandoned (`mark_abandoned_runs`) instead of it showing `running` forever.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from models import ExtractionRun, RunStatus


def start_run(
    session: Session, *, source: str, extractor_version: str, flow_run_id: str | None
) -> int:
    run = ExtractionRun(
        source=source,
        extractor_version=extractor_version,
        flow_run_id=flow_run_id,
        status=RunStatus.RUNNING.value,
    )
    session.add(run)
    session.flush()
    return run.id


def finish_run(
    session: Session,
    run_id: int,
    *,
    counts: Mapping[str, Any],
    errors: Sequence[Mapping[str, Any]],
    failed: bool = False,
) -> None:
    run = session.get_one(ExtractionRun, run_id)
    run.counts = dict(counts)
    run.errors = [dict(error) for error in errors]
    run.status = (RunStatus.FAILED if failed else RunStatus.COMPLETED).value
    run.finished_at = datetime.now(UTC)


# The advisory lock space of run ownership: (this namespace, the run's id).
RUN_LOCK_NAMESPACE = 0x63747275  # "ctru"
ABANDONED_ERROR = "the run's process ended without closing the run (killed or crashed)"


def _lock_key(run_id: int) -> int:
    return run_id % 2**31  # the two-key form takes int4 keys


def hold_run(session: Session, run_id: int) -> None:
    """Take the lock that says the run's process is alive; held until its session ends.

    Call it in the transaction that inserts the run, on a connection kept for the
    whole run: the row is never visible without its lock held.
    """
    session.execute(
        sa.text("SELECT pg_advisory_lock(:namespace, :key)"),
        {"namespace": RUN_LOCK_NAMESPACE, "key": _lock_key(run_id)},
    )


def mark_abandoned_runs(session: Session) -> list[int]:
    """Mark every `running` run whose process no longer holds its lock as abandoned."""
    running = session.scalars(
        sa.select(ExtractionRun)
        .where(ExtractionRun.status == RunStatus.RUNNING.value)
        .order_by(ExtractionRun.id)
        .with_for_update(skip_locked=True)  # a live run is writing its row: not ours to judge
    ).all()
    abandoned = []
    for run in running:
        # Transaction-level: released at commit, so the check itself holds nothing.
        free = session.scalar(
            sa.select(sa.func.pg_try_advisory_xact_lock(RUN_LOCK_NAMESPACE, _lock_key(run.id)))
        )
        if free:
            run.status = RunStatus.ABANDONED.value
            run.finished_at = datetime.now(UTC)
            run.errors = [*run.errors, {"item": "run", "error": ABANDONED_ERROR}]
            abandoned.append(run.id)
    return abandoned
