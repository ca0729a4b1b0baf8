"""Downloads for signed-in reviewers (the same exports as the API)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from starlette.responses import Response

from claimtrack.exports import ExportFormat
from claimtrack.review.queries import ClaimFilters
from claimtrack.web.deps import DbSession, PageReviewer
from claimtrack.web.exporting import export_response

router = APIRouter()


@router.get("/exports/{export_format}")
def download(
    request: Request,
    session: DbSession,
    reviewer: PageReviewer,
    export_format: Annotated[ExportFormat, Path()],
    status: Annotated[str | None, Query(max_length=16)] = None,
) -> Response:
    filters = ClaimFilters(status=status or None)
    return export_response(request, session, export_format, filters)
