"""extraction_run rows: one per pipeline run, with its counts and its errors."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

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
