"""Claim lists for the API and the queue page: the review service's filters, keyset pages."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, TypeVar

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from claimtrack.review.queries import ClaimFilters, filtered
from claimtrack.web.pagination import SortOrder, decode_cursor, encode_cursor
from models import Article, Claim


class ClaimListSort(StrEnum):
    checkworthiness_desc = "-checkworthiness"  # the queue's order
    checkworthiness_asc = "checkworthiness"
    id_desc = "-id"  # newest first
    id_asc = "id"


CLAIM_SORTS: dict[ClaimListSort, SortOrder] = {
    ClaimListSort.checkworthiness_desc: SortOrder(
        "-checkworthiness", Claim.checkworthiness, Claim.id, descending=True
    ),
    ClaimListSort.checkworthiness_asc: SortOrder(
        "checkworthiness", Claim.checkworthiness, Claim.id, descending=False
    ),
    ClaimListSort.id_desc: SortOrder("-id", None, Claim.id, descending=True),
    ClaimListSort.id_asc: SortOrder("id", None, Claim.id, descending=False),
}

T = TypeVar("T")

ARTICLE_ORDER = SortOrder("-id", None, Article.id, descending=True)


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    next_cursor: str | None


def claim_page(
    session: Session,
    filters: ClaimFilters,
    sort: ClaimListSort,
    limit: int,
    cursor: str | None,
    *,
    with_article_titles: bool = False,
) -> Page[Claim]:
    order = CLAIM_SORTS[sort]
    query = filtered(sa.select(Claim), filters)
    if with_article_titles:
        # The queue page names each claim's article: one query for the page, not one a row.
        query = query.options(
            selectinload(Claim.article).load_only(Article.id, Article.title, Article.source_key)
        )
    if cursor:
        query = query.where(order.after(decode_cursor(cursor, order)))
    # One row more than asked tells whether another page exists without a count.
    rows = list(session.scalars(query.order_by(*order.order_by()).limit(limit + 1)))
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = encode_cursor(order, order.key_of(rows[-1])) if more and rows else None
    return Page(rows, next_cursor)


def article_page(session: Session, limit: int, cursor: str | None) -> Page[Article]:
    query = sa.select(Article)
    if cursor:
        query = query.where(ARTICLE_ORDER.after(decode_cursor(cursor, ARTICLE_ORDER)))
    rows = list(session.scalars(query.order_by(*ARTICLE_ORDER.order_by()).limit(limit + 1)))
    more = len(rows) > limit
    rows = rows[:limit]
    next_cursor = (
        encode_cursor(ARTICLE_ORDER, ARTICLE_ORDER.key_of(rows[-1])) if more and rows else None
    )
    return Page(rows, next_cursor)
