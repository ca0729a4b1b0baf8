"""The pipeline's consistency step: findings for the articles a run stored (issue 17)."""

from __future__ import annotations

from typing import Any

from flows.database import db_task, pipeline_engine


@db_task
def check_claims(run_id: int) -> dict[str, Any]:
    """Consistency checks on the claims of the articles this run extracted."""
    import sqlalchemy as sa

    from claimtrack.db import unit_of_work
    from claimtrack.store.findings import articles_of_run, refresh_findings
    from models import ExtractionRun

    with unit_of_work(pipeline_engine()) as session:
        started: Any = session.scalar(
            sa.select(ExtractionRun.created_at).where(ExtractionRun.id == run_id)
        )
        if started is None:
            return {}
        summary = refresh_findings(session, articles_of_run(session, started))
    return summary.as_dict()
