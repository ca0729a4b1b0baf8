"""Claims: list (filters, sort, keyset pages), one claim with its ETag, changes with If-Match."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Header, Path, Query, Response, status

from claimtrack.review import corrections, queries, queue, service
from claimtrack.review.errors import InvalidInput
from claimtrack.review.queries import ClaimFilters
from claimtrack.web.deps import ApiReviewer, DbSession
from claimtrack.web.etags import set_etag, version_from_if_match
from claimtrack.web.listing import ClaimListSort, claim_page
from claimtrack.web.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from claimtrack.web.schemas import (
    MAX_ID,
    ClaimOut,
    ClaimPage,
    CorrectionIn,
    ErrorOut,
    EventOut,
    EvidenceIn,
    EvidenceOut,
    NewClaimIn,
    StatusAction,
)
from models import ClaimStatus, ClaimType, Verdict

router = APIRouter(prefix="/claims", tags=["claims"])

ClaimId = Annotated[int, Path(ge=1, le=MAX_ID, description="The claim's id.")]
IfMatch = Annotated[
    str | None,
    Header(
        description='The claim\'s ETag (its version, e.g. "3"); 428 when missing, '
        "412 when the claim changed since.",
    ),
]

_CHANGE_ERRORS: dict[int | str, dict[str, Any]] = {
    403: {"model": ErrorOut, "description": "Your role does not allow it."},
    404: {"model": ErrorOut, "description": "No such claim."},
    409: {"model": ErrorOut, "description": "Not allowed from the claim's current status."},
    412: {"model": ErrorOut, "description": "The claim changed since the version you sent."},
    428: {"model": ErrorOut, "description": "No If-Match header."},
}


@router.get("", response_model=ClaimPage)
def list_claims(
    session: DbSession,
    reviewer: ApiReviewer,
    status_: Annotated[ClaimStatus | None, Query(alias="status")] = None,
    verdict: Verdict | None = None,
    type_: Annotated[ClaimType | None, Query(alias="type")] = None,
    article_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    source: Annotated[str | None, Query(max_length=32)] = None,
    min_checkworthiness: Annotated[float | None, Query(ge=0, le=1)] = None,
    claimer: Annotated[str | None, Query(max_length=500)] = None,
    q: Annotated[
        str | None, Query(max_length=500, description="Full-text search (web-search syntax).")
    ] = None,
    assignee_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    checked: Annotated[
        bool | None,
        Query(
            description="true: already checked (an accepted fact-check, a suggested one with "
            "a verdict, or a linked sibling with a verdict); false: not yet."
        ),
    ] = None,
    has_findings: Annotated[
        bool | None,
        Query(description="true: an open consistency finding involves it; false: none."),
    ] = None,
    sort: ClaimListSort = ClaimListSort.checkworthiness_desc,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = DEFAULT_PAGE_SIZE,
    cursor: Annotated[str | None, Query(max_length=500)] = None,
) -> ClaimPage:
    """Claims matching every filter given, one page at a time (keyset: no row is listed
    twice or skipped while others are added)."""
    filters = ClaimFilters(
        status=status_,
        verdict=verdict,
        type=type_,
        article_id=article_id,
        source=source,
        min_checkworthiness=min_checkworthiness,
        claimer=claimer,
        search=q,
        assignee_id=assignee_id,
        checked=checked,
        has_findings=has_findings,
    )
    page = claim_page(session, filters, sort, limit, cursor)
    return ClaimPage(items=[ClaimOut.of(c) for c in page.items], next_cursor=page.next_cursor)


@router.post(
    "",
    response_model=ClaimOut,
    status_code=status.HTTP_201_CREATED,
    responses={404: {"model": ErrorOut}, 422: {"model": ErrorOut}},
)
def add_missed_claim(
    session: DbSession, reviewer: ApiReviewer, body: NewClaimIn, response: Response
) -> ClaimOut:
    """Add a claim the extractor missed, from a span of its article."""
    claim = corrections.add_claim(
        session,
        reviewer,
        body.article_id,
        start=body.start,
        end=body.end,
        type=body.type.value,
        claimer=body.claimer,
        values=body.values,
        note=body.note,
    )
    set_etag(response, claim.version)
    response.headers["Location"] = f"/api/v1/claims/{claim.id}"
    return ClaimOut.of(claim)


@router.get("/{claim_id}", response_model=ClaimOut, responses={404: {"model": ErrorOut}})
def get_claim(
    session: DbSession, reviewer: ApiReviewer, claim_id: ClaimId, response: Response
) -> ClaimOut:
    claim = queries.get_claim(session, claim_id)
    set_etag(response, claim.version)
    return ClaimOut.of(claim)


@router.post("/{claim_id}/status", response_model=ClaimOut, responses=_CHANGE_ERRORS)
def change_status(
    session: DbSession,
    reviewer: ApiReviewer,
    claim_id: ClaimId,
    body: StatusAction,
    response: Response,
    if_match: IfMatch = None,
) -> ClaimOut:
    """Review (with a verdict), dismiss, reopen or release the claim."""
    version = version_from_if_match(if_match)
    if body.action != "review" and body.verdict is not None:
        raise InvalidInput("a verdict goes with the review action only")
    if body.action == "review":
        if body.verdict is None:
            raise InvalidInput("the review action needs a verdict")
        claim = service.review_claim(
            session,
            reviewer,
            claim_id,
            version=version,
            verdict=body.verdict,
            note=body.note,
            evidence_urls=body.evidence_urls,
        )
    elif body.evidence_urls:
        raise InvalidInput("evidence links go with the review action, or to /evidence")
    elif body.action == "dismiss":
        claim = service.dismiss_claim(session, reviewer, claim_id, version=version, note=body.note)
    elif body.action == "reopen":
        claim = service.reopen_claim(session, reviewer, claim_id, version=version, note=body.note)
    elif body.action == "release":
        claim = queue.release_claim(session, reviewer, claim_id, version=version)
    else:
        raise InvalidInput(
            f"unknown action {body.action!r}; expected review, dismiss, reopen or release"
        )
    set_etag(response, claim.version)
    return ClaimOut.of(claim)


@router.patch("/{claim_id}", response_model=ClaimOut, responses=_CHANGE_ERRORS)
def correct_claim(
    session: DbSession,
    reviewer: ApiReviewer,
    claim_id: ClaimId,
    body: CorrectionIn,
    response: Response,
    if_match: IfMatch = None,
) -> ClaimOut:
    """Correct the span, type, values or claimer (kept over later re-extractions)."""
    correction = corrections.Correction(
        start=body.start,
        end=body.end,
        type=body.type.value if body.type is not None else None,
        values=body.values,
        claimer=body.claimer,
        clear_claimer=body.clear_claimer,
    )
    claim = corrections.correct_claim(
        session,
        reviewer,
        claim_id,
        version=version_from_if_match(if_match),
        correction=correction,
        note=body.note,
    )
    set_etag(response, claim.version)
    return ClaimOut.of(claim)


@router.get(
    "/{claim_id}/history", response_model=list[EventOut], responses={404: {"model": ErrorOut}}
)
def claim_history(session: DbSession, reviewer: ApiReviewer, claim_id: ClaimId) -> list[EventOut]:
    """Every change to the claim, oldest first."""
    return [EventOut.of(e) for e in queries.claim_history(session, claim_id)]


@router.get(
    "/{claim_id}/evidence", response_model=list[EvidenceOut], responses={404: {"model": ErrorOut}}
)
def claim_evidence(
    session: DbSession, reviewer: ApiReviewer, claim_id: ClaimId
) -> list[EvidenceOut]:
    return [EvidenceOut.of(e) for e in queries.claim_evidence(session, claim_id)]


@router.post(
    "/{claim_id}/evidence",
    response_model=list[EvidenceOut],
    status_code=status.HTTP_201_CREATED,
    responses=_CHANGE_ERRORS,
)
def add_evidence(
    session: DbSession,
    reviewer: ApiReviewer,
    claim_id: ClaimId,
    response: Response,
    body: Annotated[EvidenceIn, Body()],
    if_match: IfMatch = None,
) -> list[EvidenceOut]:
    """Attach a link and/or a note; answers with the claim's evidence and its new ETag."""
    claim = service.add_evidence(
        session,
        reviewer,
        claim_id,
        version=version_from_if_match(if_match),
        url=body.url,
        note=body.note,
    )
    set_etag(response, claim.version)
    return [EvidenceOut.of(e) for e in queries.claim_evidence(session, claim_id)]
