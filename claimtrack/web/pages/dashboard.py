"""The dashboard: claims by status and type, what the reviewer holds, the latest runs."""

from __future__ import annotations

import sqlalchemy as sa
from fastapi import APIRouter, Request
from starlette.responses import Response

from claimtrack.web.deps import DbSession, PageReviewer
from claimtrack.web.run_counts import describe_counts
from claimtrack.web.templating import render
from models import Article, Claim, ClaimStatus, ClaimType, ExtractionRun

router = APIRouter()
LATEST_RUNS = 10


@router.get("/")
def dashboard(request: Request, session: DbSession, reviewer: PageReviewer) -> Response:
    counts: dict[tuple[str, str], int] = {
        (status, claim_type): n
        for status, claim_type, n in session.execute(
            sa.select(Claim.status, Claim.type, sa.func.count())
            .where(Claim.merged_into_id.is_(None))
            .group_by(Claim.status, Claim.type)
        ).tuples()
    }
    statuses = [s.value for s in ClaimStatus]
    types = [t.value for t in ClaimType]
    by_status = {s: sum(counts.get((s, t), 0) for t in types) for s in statuses}
    by_type = {t: sum(counts.get((s, t), 0) for s in statuses) for t in types}
    runs = session.scalars(
        sa.select(ExtractionRun).order_by(ExtractionRun.id.desc()).limit(LATEST_RUNS)
    ).all()
    articles = session.scalar(
        sa.select(sa.func.count()).select_from(Article).where(Article.is_latest)
    )
    held = session.scalars(
        sa.select(Claim)
        .where(Claim.assignee_id == reviewer.id, Claim.status == ClaimStatus.IN_REVIEW.value)
        .order_by(Claim.checkworthiness.desc(), Claim.id)
        .limit(20)
    ).all()
    return render(
        request,
        "dashboard.html",
        {
            "reviewer": reviewer,
            "statuses": statuses,
            "types": types,
            "counts": counts,
            "by_status": by_status,
            "by_type": by_type,
            "total": sum(by_status.values()),
            "runs": runs,
            "run_counts": {run.id: describe_counts(run.counts) for run in runs},
            "article_count": articles or 0,
            "held": held,
        },
    )
