"""The pipeline's matching step: links for the claims a run stored (issue 14)."""

from __future__ import annotations

from typing import Any

from flows.database import db_task, pipeline_engine


@db_task
def link_claims(run_id: int) -> dict[str, int]:
    """Siblings and candidate fact-checks for the claims this run stored or kept."""
    import sqlalchemy as sa

    from claimtrack.db import unit_of_work
    from claimtrack.matching.library import (
        embed_missing,
        fact_check_count,
        sync_own_fact_checks,
    )
    from claimtrack.matching.links import link_claims_of_run
    from claimtrack.matching.model_files import MODEL_NAME, installed_encoder
    from claimtrack.settings import get_settings
    from models import ExtractionRun

    settings = get_settings()
    with unit_of_work(pipeline_engine()) as session:
        started: Any = session.scalar(
            sa.select(ExtractionRun.created_at).where(ExtractionRun.id == run_id)
        )
        if started is None:
            return {}
        # Verdicts given here since the last run are fact-checks for this run's claims.
        sync_own_fact_checks(session, settings)
        encoder = (
            installed_encoder(settings.models_path, settings.match_model)
            if fact_check_count(session)
            else None
        )
        if encoder is not None:
            embed_missing(session, encoder, MODEL_NAME)
        summary = link_claims_of_run(session, started, encoder)
    return {
        "claims_matched": summary.claims,
        "fact_check_links": summary.fact_check_links,
        "sibling_links": summary.sibling_links,
    }
