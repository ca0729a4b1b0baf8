"""Editors' bulk actions: each claim is its own change with its own version check, in its
own savepoint, so one conflict fails that claim only; the outcome of each is reported."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from claimtrack.review.auth import require_role
from claimtrack.review.errors import InvalidInput, NotFound, ReviewError
from claimtrack.review.queue import assign_claim
from claimtrack.review.service import dismiss_claim
from claimtrack.review.transitions import BULK_MIN_ROLE
from models import Article, Claim, ClaimStatus, Reviewer


@dataclass(frozen=True)
class BulkOutcome:
    claim_id: int
    ok: bool
    status: str | None = None  # the claim's status afterwards (when ok)
    version: int | None = None  # its new version (when ok)
    error: str | None = None
    http_status: int = 200
    assigned_until: str | None = None  # ISO time the assignment ends (an assigned claim)


def _each(
    session: Session, versions: Mapping[int, int], change: Callable[[int, int], Claim]
) -> list[BulkOutcome]:
    outcomes = []
    for claim_id, version in versions.items():
        try:
            with session.begin_nested():
                claim = change(claim_id, version)
            until = claim.assigned_until
            outcomes.append(
                BulkOutcome(
                    claim_id,
                    True,
                    claim.status,
                    claim.version,
                    assigned_until=until.strftime("%Y-%m-%d %H:%M UTC") if until else None,
                )
            )
        except ReviewError as error:
            outcomes.append(
                BulkOutcome(claim_id, False, error=str(error), http_status=error.http_status)
            )
    return outcomes


def bulk_dismiss_below(
    session: Session,
    actor: Reviewer,
    article_id: int,
    *,
    below: float,
    versions: Mapping[int, int] | None = None,
    note: str | None = None,
) -> list[BulkOutcome]:
    """Dismiss the article's open claims whose checkworthiness is below `below`.

    `versions` (claim id -> the version the editor saw) limits the action to those claims
    and checks each; without it, each claim is checked against the version read here, so
    a claim someone changes meanwhile is reported as a conflict, not overwritten.
    """
    require_role(actor, BULK_MIN_ROLE, "bulk dismissal")
    if not 0 <= below <= 1:
        raise InvalidInput("the checkworthiness threshold must be between 0 and 1")
    if session.get(Article, article_id) is None:
        raise NotFound(f"no article {article_id}")
    rows = session.execute(
        sa.select(Claim.id, Claim.version)
        .where(
            Claim.article_id == article_id,
            Claim.checkworthiness < below,
            Claim.status.in_([ClaimStatus.NEW.value, ClaimStatus.IN_REVIEW.value]),
            Claim.merged_into_id.is_(None),
        )
        .order_by(Claim.id)
    ).all()
    found = {row.id: row.version for row in rows}
    targets = found if versions is None else {i: v for i, v in versions.items() if i in found}
    default_note = note or f"bulk: checkworthiness below {below:g}"
    return _each(
        session,
        targets,
        lambda claim_id, version: dismiss_claim(
            session, actor, claim_id, version=version, note=default_note
        ),
    )


def bulk_assign(
    session: Session,
    actor: Reviewer,
    versions: Mapping[int, int],
    *,
    assignee: str | int,
    note: str | None = None,
    minutes: int | None = None,
) -> list[BulkOutcome]:
    """Assign many claims (claim id -> the version the editor saw) to one reviewer, for
    `minutes` (default: settings.editor_assignment_minutes)."""
    require_role(actor, BULK_MIN_ROLE, "bulk assignment")
    if not versions:
        raise InvalidInput("no claims to assign")
    return _each(
        session,
        versions,
        lambda claim_id, version: assign_claim(
            session, actor, claim_id, version=version, assignee=assignee, note=note, minutes=minutes
        ),
    )
