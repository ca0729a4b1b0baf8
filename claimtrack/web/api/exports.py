"""Exports of claims and their reviews: CSV, JSON Lines, ClaimReview JSON-LD."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from claimtrack.exports import ExportFormat
from claimtrack.review.queries import ClaimFilters
from claimtrack.web.deps import ApiReviewer, DbSession
from claimtrack.web.exporting import MEDIA_TYPES, export_response
from claimtrack.web.schemas import MAX_ID
from models import ClaimStatus, ClaimType, Verdict

router = APIRouter(prefix="/exports", tags=["exports"])


@router.get(
    "/{export_format}",
    response_class=Response,
    responses={
        200: {
            "description": "The export as a file; X-Claimtrack-Count says how many claims.",
            "content": {media: {} for media in MEDIA_TYPES.values()},
        }
    },
)
def export(
    request: Request,
    session: DbSession,
    reviewer: ApiReviewer,
    export_format: ExportFormat,
    status_: Annotated[ClaimStatus | None, Query(alias="status")] = None,
    verdict: Verdict | None = None,
    type_: Annotated[ClaimType | None, Query(alias="type")] = None,
    article_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    source: Annotated[str | None, Query(max_length=32)] = None,
    min_checkworthiness: Annotated[float | None, Query(ge=0, le=1)] = None,
    claimer: Annotated[str | None, Query(max_length=500)] = None,
    q: Annotated[str | None, Query(max_length=500)] = None,
) -> Response:
    """Claims matching the filters (ClaimReview: the reviewed ones only)."""
    filters = ClaimFilters(
        status=status_,
        verdict=verdict,
        type=type_,
        article_id=article_id,
        source=source,
        min_checkworthiness=min_checkworthiness,
        claimer=claimer,
        search=q,
    )
    return export_response(request, session, export_format, filters)
