"""Articles, newest first, and one article with its text and claims."""

from __future__ import annotations

from typing import Annotated

import sqlalchemy as sa
from fastapi import APIRouter, Path, Query

from claimtrack.review.errors import NotFound
from claimtrack.web.deps import ApiReviewer, DbSession
from claimtrack.web.listing import article_page
from claimtrack.web.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from claimtrack.web.schemas import (
    MAX_ID,
    ArticleOut,
    ArticlePage,
    ArticleWithClaims,
    ClaimOut,
    ErrorOut,
)
from models import Article, Claim

router = APIRouter(prefix="/articles", tags=["articles"])


@router.get("", response_model=ArticlePage)
def list_articles(
    session: DbSession,
    reviewer: ApiReviewer,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = DEFAULT_PAGE_SIZE,
    cursor: Annotated[str | None, Query(max_length=500)] = None,
) -> ArticlePage:
    page = article_page(session, limit, cursor)
    return ArticlePage(items=[ArticleOut.of(a) for a in page.items], next_cursor=page.next_cursor)


@router.get("/{article_id}", response_model=ArticleWithClaims, responses={404: {"model": ErrorOut}})
def get_article(
    session: DbSession,
    reviewer: ApiReviewer,
    article_id: Annotated[int, Path(ge=1, le=MAX_ID)],
) -> ArticleWithClaims:
    """The article version, its text, and its claims in text order."""
    article = session.get(Article, article_id)
    if article is None:
        raise NotFound(f"no article {article_id}")
    claims = session.scalars(
        sa.select(Claim).where(Claim.article_id == article_id).order_by(Claim.span_start, Claim.id)
    )
    return ArticleWithClaims(
        **ArticleOut.of(article).model_dump(),
        text=article.text,
        claims=[ClaimOut.of(c) for c in claims],
    )
