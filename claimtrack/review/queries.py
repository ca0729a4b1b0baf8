"""Reading claims: filtered, searched and sorted lists, one claim with its history."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import QueryableAttribute, Session, aliased, selectinload

from claimtrack.review.changes import load_claim
from claimtrack.review.errors import InvalidInput
from claimtrack.review.search import websearch_query
from models import (
    Article,
    Claim,
    ClaimEvent,
    ClaimLink,
    ClaimStatus,
    ClaimType,
    Evidence,
    FactCheck,
    Finding,
    FindingClaim,
    FindingState,
    LinkDecision,
    LinkKind,
    Verdict,
)

MAX_LIMIT = 10_000


class ClaimSort(StrEnum):
    checkworthiness = "checkworthiness"
    id = "id"
    updated = "updated"
    created = "created"
    article = "article"  # by article, then position in its text
    relevance = "relevance"  # full-text rank; needs a search


_SORT_COLUMNS: dict[ClaimSort, QueryableAttribute[Any]] = {
    ClaimSort.checkworthiness: Claim.checkworthiness,
    ClaimSort.id: Claim.id,
    ClaimSort.updated: Claim.updated_at,
    ClaimSort.created: Claim.created_at,
    ClaimSort.article: Claim.article_id,
}


def _check_in(value: str | None, allowed: type[StrEnum], what: str) -> None:
    if value is not None and value not in {v.value for v in allowed}:
        names = ", ".join(v.value for v in allowed)
        raise InvalidInput(f"unknown {what} {value!r}; expected one of {names}")


@dataclass(frozen=True)
class ClaimFilters:
    """What to list or export; None means any. The queue's filters and a few more."""

    status: str | None = None
    verdict: str | None = None
    type: str | None = None
    article_id: int | None = None
    source: str | None = None
    min_checkworthiness: float | None = None
    claimer: str | None = None  # case-insensitive substring
    search: str | None = None  # web-search syntax over claim and sentence text
    assignee_id: int | None = None
    origin: str | None = None
    include_merged: bool = False  # claims merged into another are hidden by default
    checked: bool | None = None  # True: already checked (see `checked_before`); False: not
    has_findings: bool | None = None  # True: an open consistency finding; False: none

    def __post_init__(self) -> None:
        _check_in(self.status, ClaimStatus, "status")
        _check_in(self.verdict, Verdict, "verdict")
        _check_in(self.type, ClaimType, "claim type")
        if self.min_checkworthiness is not None and not 0 <= self.min_checkworthiness <= 1:
            raise InvalidInput("minimum checkworthiness must be between 0 and 1")


def _tsquery(search: str) -> sa.ColumnElement[object]:
    return websearch_query(search)  # bounded, and safe from "tsquery stack too small"


def checked_before() -> sa.ColumnElement[bool]:
    """True for a claim that has been checked before: a fact-check a reviewer accepted,
    a suggested fact-check that carries a verdict, or a linked sibling with a verdict.
    A bare suggestion without a verdict answers nothing yet, so it does not count."""
    fact_check = (
        sa.select(ClaimLink.id)
        .join(FactCheck, FactCheck.id == ClaimLink.fact_check_id)
        .where(
            ClaimLink.claim_id == Claim.id,
            sa.or_(
                ClaimLink.decision == LinkDecision.ACCEPTED.value,
                sa.and_(
                    ClaimLink.decision == LinkDecision.SUGGESTED.value,
                    FactCheck.verdict.is_not(None),
                ),
            ),
        )
    )
    sibling = aliased(Claim)
    reviewed_sibling = (
        sa.select(ClaimLink.id)
        .join(sibling, sibling.id == ClaimLink.sibling_id)
        .where(
            ClaimLink.claim_id == Claim.id,
            ClaimLink.kind == LinkKind.SIBLING.value,
            ClaimLink.decision == LinkDecision.LINKED.value,
            sibling.verdict.is_not(None),
        )
    )
    return sa.or_(fact_check.exists(), reviewed_sibling.exists())


def has_open_findings() -> sa.ColumnElement[bool]:
    """True for a claim an open consistency finding involves (its figures contradict
    another figure): the first claims a reviewer should look at."""
    return Claim.id.in_(
        sa.select(FindingClaim.claim_id)
        .join(Finding, Finding.id == FindingClaim.finding_id)
        .where(Finding.state == FindingState.OPEN.value)
    )


def filtered(query: sa.Select[Claim], filters: ClaimFilters) -> sa.Select[Claim]:
    """`query` restricted to the claims `filters` describe."""
    conditions: list[sa.ColumnElement[bool]] = []
    if filters.status is not None:
        conditions.append(Claim.status == filters.status)
    if filters.verdict is not None:
        conditions.append(Claim.verdict == filters.verdict)
    if filters.type is not None:
        conditions.append(Claim.type == filters.type)
    if filters.article_id is not None:
        conditions.append(Claim.article_id == filters.article_id)
    if filters.source is not None:
        conditions.append(
            Claim.article_id.in_(sa.select(Article.id).where(Article.source == filters.source))
        )
    if filters.min_checkworthiness is not None:
        conditions.append(Claim.checkworthiness >= filters.min_checkworthiness)
    if filters.claimer is not None:
        conditions.append(Claim.claimer.icontains(filters.claimer, autoescape=True))
    if filters.search is not None and filters.search.strip():
        conditions.append(Claim.search.bool_op("@@")(_tsquery(filters.search)))
    if filters.assignee_id is not None:
        conditions.append(Claim.assignee_id == filters.assignee_id)
    if filters.origin is not None:
        conditions.append(Claim.origin == filters.origin)
    if not filters.include_merged:
        conditions.append(Claim.merged_into_id.is_(None))
    if filters.checked is not None:
        conditions.append(checked_before() if filters.checked else sa.not_(checked_before()))
    if filters.has_findings is not None:
        found = has_open_findings()
        conditions.append(found if filters.has_findings else sa.not_(found))
    return query.where(*conditions)


def list_claims(
    session: Session,
    filters: ClaimFilters | None = None,
    *,
    sort: ClaimSort | str = ClaimSort.checkworthiness,
    descending: bool = True,
    limit: int | None = 50,
    offset: int = 0,
) -> list[Claim]:
    """Claims matching `filters`, sorted (ties broken by id); `limit` None means all."""
    filters = filters or ClaimFilters()
    try:
        order = ClaimSort(sort)
    except ValueError:
        names = ", ".join(s.value for s in ClaimSort)
        raise InvalidInput(f"unknown sort {sort!r}; expected one of {names}") from None
    if limit is not None and not 0 < limit <= MAX_LIMIT:
        raise InvalidInput(f"limit must be between 1 and {MAX_LIMIT}")
    if offset < 0:
        raise InvalidInput("offset must not be negative")
    query = filtered(sa.select(Claim), filters).options(selectinload(Claim.article))
    key: sa.ColumnElement[Any] | QueryableAttribute[Any]
    if order is ClaimSort.relevance:
        if not filters.search:
            raise InvalidInput("sorting by relevance needs a search")
        key = sa.func.ts_rank(Claim.search, _tsquery(filters.search))
    else:
        key = _SORT_COLUMNS[order]
    keys = [key.desc() if descending else key.asc()]
    if order is ClaimSort.article:
        keys.append(Claim.span_start.desc() if descending else Claim.span_start.asc())
    keys.append(Claim.id.desc() if descending else Claim.id.asc())
    query = query.order_by(*keys).offset(offset)
    if limit is not None:
        query = query.limit(limit)
    return list(session.scalars(query))


def count_claims(session: Session, filters: ClaimFilters | None = None) -> int:
    query = filtered(sa.select(Claim), filters or ClaimFilters())
    return session.scalar(sa.select(sa.func.count()).select_from(query.subquery())) or 0


def get_claim(session: Session, claim_id: int) -> Claim:
    """One claim (with its article, evidence and history loaded), or NotFound."""
    return load_claim(session, claim_id)


def claim_history(session: Session, claim_id: int) -> list[ClaimEvent]:
    """Every event of the claim, oldest first; NotFound for an unknown claim."""
    load_claim(session, claim_id)
    return list(
        session.scalars(
            sa.select(ClaimEvent).where(ClaimEvent.claim_id == claim_id).order_by(ClaimEvent.id)
        )
    )


def claim_evidence(session: Session, claim_id: int) -> list[Evidence]:
    load_claim(session, claim_id)
    return list(
        session.scalars(
            sa.select(Evidence).where(Evidence.claim_id == claim_id).order_by(Evidence.id)
        )
    )


def claims_by_ids(session: Session, ids: Sequence[int]) -> list[Claim]:
    return list(session.scalars(sa.select(Claim).where(Claim.id.in_(ids)).order_by(Claim.id)))
