"""The review queue: the next claim for the caller, assigned to them."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Response, status

from claimtrack.review import queue
from claimtrack.web.deps import ApiReviewer, DbSession
from claimtrack.web.etags import set_etag
from claimtrack.web.schemas import ClaimOut, QueueRequest

router = APIRouter(prefix="/queue", tags=["queue"])


@router.post(
    "/next",
    response_model=ClaimOut,
    responses={204: {"description": "Nothing left to review (with these filters)."}},
)
def next_claim(
    session: DbSession,
    reviewer: ApiReviewer,
    response: Response,
    body: Annotated[QueueRequest | None, Body()] = None,
) -> ClaimOut | Response:
    """Take the most check-worthy open claim nobody else holds (or the one you hold)."""
    body = body or QueueRequest()
    filters = queue.QueueFilters(
        type=body.type.value if body.type is not None else None,
        article_id=body.article_id,
        source=body.source,
        min_checkworthiness=body.min_checkworthiness,
        claimer=body.claimer,
        has_findings=body.has_findings,
    )
    claim = queue.next_claim(session, reviewer, filters)
    if claim is None:
        return Response(status_code=status.HTTP_204_NO_CONTENT)
    set_etag(response, claim.version)
    return ClaimOut.of(claim)
