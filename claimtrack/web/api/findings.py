"""Consistency findings: a claim's, all of them by state, and a reviewer's dismissal."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from claimtrack.review import findings, queries
from claimtrack.web.api.claims import _CHANGE_ERRORS, ClaimId, IfMatch
from claimtrack.web.deps import ApiReviewer, DbSession
from claimtrack.web.etags import set_etag, version_from_if_match
from claimtrack.web.finding_schemas import DismissIn, FindingOut
from claimtrack.web.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from claimtrack.web.schemas import MAX_ID, ErrorOut
from models import FindingState

router = APIRouter(tags=["findings"])

FindingId = Annotated[int, Path(ge=1, le=MAX_ID, description="The finding's id.")]


@router.get(
    "/claims/{claim_id}/findings",
    response_model=list[FindingOut],
    responses={404: {"model": ErrorOut}},
)
def claim_findings(
    session: DbSession,
    reviewer: ApiReviewer,
    claim_id: ClaimId,
    response: Response,
    state: FindingState | None = None,
) -> list[FindingOut]:
    """The claim's findings, open ones first. The ETag is the claim's: send it in
    If-Match to dismiss one of them from this claim."""
    claim = queries.get_claim(session, claim_id)
    set_etag(response, claim.version)
    chosen = state.value if state is not None else None
    return [FindingOut.of(f) for f in findings.findings_of_claim(session, claim_id, chosen)]


@router.get("/findings", response_model=list[FindingOut])
def list_findings(
    session: DbSession,
    reviewer: ApiReviewer,
    state: FindingState | None = None,
    article_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    rule: Annotated[str | None, Query(max_length=32)] = None,
    after: Annotated[
        int | None, Query(ge=0, le=MAX_ID, description="Ids above this (the last you got).")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = DEFAULT_PAGE_SIZE,
) -> list[FindingOut]:
    """Findings by id; page with `after` set to the last id of the previous page."""
    rows = findings.list_findings(
        session,
        state=state.value if state is not None else None,
        article_id=article_id,
        rule=rule,
        after_id=after,
        limit=limit,
    )
    return [FindingOut.of(f) for f in rows]


@router.post(
    "/findings/{finding_id}/dismiss",
    response_model=FindingOut,
    responses={
        **_CHANGE_ERRORS,
        404: {"model": ErrorOut, "description": "No such finding, or not on that claim."},
        409: {"model": ErrorOut, "description": "The finding is not open."},
    },
)
def dismiss(
    session: DbSession,
    reviewer: ApiReviewer,
    finding_id: FindingId,
    body: DismissIn,
    response: Response,
    if_match: IfMatch = None,
) -> FindingOut:
    """Dismiss an open finding: a claim_event on every claim it involves, checked
    against the version (If-Match) of `claim_id`, by default its first claim."""
    finding = findings.dismiss_finding(
        session,
        reviewer,
        finding_id,
        claim_id=body.claim_id,
        version=version_from_if_match(if_match),
        note=body.note,
    )
    chosen = body.claim_id if body.claim_id is not None else finding.claim_ids[0]
    set_etag(response, queries.get_claim(session, chosen).version)
    return FindingOut.of(finding)
