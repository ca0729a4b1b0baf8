"""A claim's links (earlier fact-checks, the same claim elsewhere) and the fact-check library."""

from __future__ import annotations

from typing import Annotated

import sqlalchemy as sa
from fastapi import APIRouter, Path, Query, Response

from claimtrack.matching.links import LinkView, decide_link, links_of
from claimtrack.review import queries
from claimtrack.review.search import websearch_query
from claimtrack.web.api.claims import _CHANGE_ERRORS, ClaimId, IfMatch
from claimtrack.web.deps import ApiReviewer, DbSession
from claimtrack.web.etags import set_etag, version_from_if_match
from claimtrack.web.link_schemas import FactCheckOut, LinkDecisionIn, LinkOut
from claimtrack.web.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from claimtrack.web.schemas import MAX_ID, ErrorOut
from models import ClaimLink, FactCheck

router = APIRouter(tags=["matching"])

LinkId = Annotated[int, Path(ge=1, le=MAX_ID, description="The link's id.")]


@router.get(
    "/claims/{claim_id}/links", response_model=list[LinkOut], responses={404: {"model": ErrorOut}}
)
def claim_links(
    session: DbSession, reviewer: ApiReviewer, claim_id: ClaimId, response: Response
) -> list[LinkOut]:
    """The claim's fact-checks and siblings not rejected, decided ones first, then by score.
    The ETag is the claim's: send it in If-Match to decide a link."""
    claim = queries.get_claim(session, claim_id)
    set_etag(response, claim.version)
    return [LinkOut.of(link) for link in links_of(session, claim_id)]


@router.post(
    "/claims/{claim_id}/links/{link_id}",
    response_model=LinkOut,
    responses={**_CHANGE_ERRORS, 404: {"model": ErrorOut, "description": "No such claim or link."}},
)
def decide(
    session: DbSession,
    reviewer: ApiReviewer,
    claim_id: ClaimId,
    link_id: LinkId,
    body: LinkDecisionIn,
    response: Response,
    if_match: IfMatch = None,
) -> LinkOut:
    """Decide a link: a claim_event, checked against the claim's version like every change.
    Accepting a fact-check changes no status or verdict: its verdict is a suggestion."""
    claim = decide_link(
        session,
        reviewer,
        claim_id,
        link_id,
        body.decision.value,
        version=version_from_if_match(if_match),
        note=body.note,
    )
    set_etag(response, claim.version)
    # Read back from the row: a rejected link is no longer among `links_of`.
    link = session.get_one(ClaimLink, link_id)
    return LinkOut.of(
        LinkView(
            link.id,
            link.kind,
            link.decision,
            link.method,
            link.score,
            link.fact_check,
            link.sibling,
        )
    )


@router.get("/factchecks", response_model=list[FactCheckOut])
def fact_checks(
    session: DbSession,
    reviewer: ApiReviewer,
    search: Annotated[
        str | None,
        Query(max_length=500, description="Words in the claim or title (web-search syntax)."),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = DEFAULT_PAGE_SIZE,
) -> list[FactCheckOut]:
    """Fact-checks in the library: the best full-text matches of `search`, else the newest."""
    query = sa.select(FactCheck)
    if search and search.strip():
        terms = websearch_query(search)
        query = query.where(FactCheck.search.bool_op("@@")(terms)).order_by(
            sa.func.ts_rank(FactCheck.search, terms).desc(), FactCheck.id.desc()
        )
    else:
        query = query.order_by(FactCheck.id.desc())
    return [FactCheckOut.of(f) for f in session.scalars(query.limit(limit))]
