"""Articles: a list, newest first, and one article with its claims."""

from __future__ import annotations

from typing import Annotated

import sqlalchemy as sa
from fastapi import APIRouter, Path, Query, Request
from starlette.responses import Response

from claimtrack.review.errors import NotFound
from claimtrack.web.deps import DbSession, PageReviewer
from claimtrack.web.listing import article_page
from claimtrack.web.schemas import MAX_ID
from claimtrack.web.templating import render
from models import Article, Claim, ClaimType

router = APIRouter()
PAGE_SIZE = 50


@router.get("/articles")
def articles_page(
    request: Request,
    session: DbSession,
    reviewer: PageReviewer,
    cursor: Annotated[str | None, Query(max_length=500)] = None,
) -> Response:
    page = article_page(session, PAGE_SIZE, cursor)
    ids = [a.id for a in page.items]
    counts = dict(
        session.execute(
            sa.select(Claim.article_id, sa.func.count())
            .where(Claim.article_id.in_(ids))
            .group_by(Claim.article_id)
        )
        .tuples()
        .all()
    )
    return render(
        request,
        "articles.html",
        {
            "reviewer": reviewer,
            "articles": page.items,
            "counts": counts,
            "next_cursor": page.next_cursor,
        },
    )


@router.get("/articles/{article_id}")
def article_detail(
    request: Request,
    session: DbSession,
    reviewer: PageReviewer,
    article_id: Annotated[int, Path(ge=1, le=MAX_ID)],
) -> Response:
    article = session.get(Article, article_id)
    if article is None:
        raise NotFound(f"no article {article_id}")
    claims = session.scalars(
        sa.select(Claim).where(Claim.article_id == article_id).order_by(Claim.span_start, Claim.id)
    ).all()
    return render(
        request,
        "article.html",
        {
            "reviewer": reviewer,
            "article": article,
            "claims": claims,
            "segments": claim_segments(
                article.text, [(c.span_start, c.span_end, c.id) for c in claims]
            ),
            "types": [t.value for t in ClaimType],
        },
    )


def claim_segments(text: str, spans: list[tuple[int, int, int]]) -> list[tuple[str, int | None]]:
    """The text cut into (piece, claim id or None); overlapping claims: the first one wins."""
    segments: list[tuple[str, int | None]] = []
    at = 0
    for start, end, claim_id in sorted(spans):
        start, end = max(start, at), min(end, len(text))
        if start >= end:
            continue
        if start > at:
            segments.append((text[at:start], None))
        segments.append((text[start:end], claim_id))
        at = end
    if at < len(text):
        segments.append((text[at:], None))
    return segments
