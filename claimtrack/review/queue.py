"""The review queue: hand each reviewer the most check-worthy open claim nobody else holds.

`SELECT ... FOR UPDATE SKIP LOCKED` lets many reviewers ask at once: each locks a
different row, so two reviewers never get the same claim.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from claimtrack.review.auth import find_reviewer
from claimtrack.review.changes import (
    SYSTEM_ACTOR,
    Changes,
    assignment_length,
    change_claim,
    flush_versioned,
    load_claim,
    record_event,
    utcnow,
)
from claimtrack.review.errors import InvalidInput
from claimtrack.review.queries import has_open_findings
from claimtrack.review.transitions import Action
from models import (
    Article,
    Claim,
    ClaimLink,
    ClaimStatus,
    ClaimType,
    LinkDecision,
    LinkKind,
    Reviewer,
)

# Under READ COMMITTED a row another reviewer took between our snapshot and our lock is
# re-checked and dropped, which can leave LIMIT 1 with nothing although other claims wait;
# asking again a few times finds them.
_PICK_ATTEMPTS = 3
# An unchecked repeat (the same claim said in other articles, no verdict yet) is handed out
# as if this much more check-worthy: one review then answers it wherever it was said.
REPEAT_BOOST = 0.2
# A claim whose figures contradict another figure (an open consistency finding) is handed
# out as if this much more check-worthy: the likeliest errors first.
FINDING_BOOST = 0.3
# Abandoned claims returned to new per call of next_claim: bounded, so one call stays short.
_EXPIRE_BATCH = 100


@dataclass(frozen=True)
class QueueFilters:
    """Which claims a reviewer wants next; None means any."""

    type: str | None = None
    article_id: int | None = None
    source: str | None = None  # the article's source kind (file, feed, jsonl, ...)
    min_checkworthiness: float | None = None
    claimer: str | None = None  # case-insensitive substring
    has_findings: bool | None = None  # True: an open consistency finding; False: none

    def __post_init__(self) -> None:
        if self.type is not None and self.type not in {t.value for t in ClaimType}:
            allowed = ", ".join(t.value for t in ClaimType)
            raise InvalidInput(f"unknown claim type {self.type!r}; expected one of {allowed}")
        if self.min_checkworthiness is not None and not 0 <= self.min_checkworthiness <= 1:
            raise InvalidInput("minimum checkworthiness must be between 0 and 1")


def _filtered(query: sa.Select[Claim], filters: QueueFilters) -> sa.Select[Claim]:
    if filters.type is not None:
        query = query.where(Claim.type == filters.type)
    if filters.article_id is not None:
        query = query.where(Claim.article_id == filters.article_id)
    if filters.source is not None:
        query = query.where(
            Claim.article_id.in_(sa.select(Article.id).where(Article.source == filters.source))
        )
    if filters.min_checkworthiness is not None:
        query = query.where(Claim.checkworthiness >= filters.min_checkworthiness)
    if filters.claimer is not None:
        query = query.where(Claim.claimer.icontains(filters.claimer, autoescape=True))
    if filters.has_findings is not None:
        found = has_open_findings()
        query = query.where(found if filters.has_findings else sa.not_(found))
    return query


def _open_claims(filters: QueueFilters) -> sa.Select[Claim]:
    return _filtered(sa.select(Claim).where(Claim.merged_into_id.is_(None)), filters)


def _pick_own(
    session: Session, reviewer: Reviewer, filters: QueueFilters, now: datetime
) -> Claim | None:
    """A claim the reviewer already holds, unexpired: they get it back first."""
    query = (
        _open_claims(filters)
        .where(
            Claim.status == ClaimStatus.IN_REVIEW.value,
            Claim.assignee_id == reviewer.id,
            Claim.assigned_until > now,
        )
        .order_by(Claim.checkworthiness.desc(), Claim.id)
        .limit(1)
        .with_for_update(skip_locked=True)
    )
    return session.scalars(query).first()


def _unchecked_repeats() -> sa.ColumnElement[bool]:
    """The claim has a sibling nobody rejected, and no verdict of its own."""
    siblings = sa.select(ClaimLink.claim_id).where(
        ClaimLink.kind == LinkKind.SIBLING.value,
        ClaimLink.decision != LinkDecision.REJECTED.value,
    )
    return sa.and_(Claim.verdict.is_(None), Claim.id.in_(siblings))


def _pick_first(session: Session, query: sa.Select[Claim]) -> Claim | None:
    # One status and an ORDER BY on checkworthiness: an index scan on ix_claim_queue
    # (status, checkworthiness) that stops at the first row nobody else has locked.
    ordered = (
        query.where(Claim.status == ClaimStatus.NEW.value)
        .order_by(Claim.checkworthiness.desc(), Claim.id)
        .limit(1)
        .with_for_update(skip_locked=True)
    )
    return session.scalars(ordered).first()


def _pick_new(session: Session, filters: QueueFilters) -> Claim | None:
    """The new claim with the highest checkworthiness, an unchecked repeat's raised by
    REPEAT_BOOST and a claim with an open finding's by FINDING_BOOST. Index-ordered picks
    rather than one ORDER BY on the boosted score, which would sort every new claim on
    each call: the best of each boosted kind first, then the best claim that still beats
    the best of them. A boosted pick that loses stays locked until this transaction ends
    (a moment), and other reviewers skip it meanwhile: never a claim handed out twice, at
    worst one handed out a moment later."""
    boosted = [
        (picked, boost)
        for condition, boost in (
            (_unchecked_repeats(), REPEAT_BOOST),
            (has_open_findings(), FINDING_BOOST),
        )
        if (picked := _pick_first(session, _open_claims(filters).where(condition))) is not None
    ]
    best = max(boosted, key=lambda pb: (pb[0].checkworthiness + pb[1], -pb[0].id), default=None)
    query = _open_claims(filters)
    if best is not None:
        query = query.where(Claim.checkworthiness > best[0].checkworthiness + best[1])
    return _pick_first(session, query) or (best[0] if best is not None else None)


def next_claim(
    session: Session, reviewer: Reviewer, filters: QueueFilters | None = None
) -> Claim | None:
    """Assign the next claim to `reviewer` (status in_review, assigned_until now + the
    configured minutes) and return it; None when the queue (so filtered) is empty.

    Abandoned claims (assignment expired) are first returned to new, each with an event,
    so they compete with the others by checkworthiness.
    """
    filters = filters or QueueFilters()
    now = utcnow()
    expire_assignments(session, now, limit=_EXPIRE_BATCH)
    claim = _pick_own(session, reviewer, filters, now)
    for _ in range(_PICK_ATTEMPTS):
        if claim is not None:
            break
        claim = _pick_new(session, filters)
    if claim is None:
        return None
    until = now + assignment_length()

    def mutate(picked: Claim) -> Changes:
        changes: Changes = {}
        if picked.assignee_id != reviewer.id:
            changes["assignee"] = [picked.assignee_id, reviewer.id]
        picked.assignee_id = reviewer.id
        picked.assigned_until = until
        return changes

    # The row is locked by us, so the version we just read is the one we write over.
    return change_claim(
        session, reviewer, claim.id, claim.version, Action.TAKE, mutate=mutate, claim=claim
    )


def _expire(session: Session, claim: Claim, now: datetime) -> None:
    """Return an abandoned claim to new, with its own event, before handing it out again."""
    from_status, from_verdict, version = claim.status, claim.verdict, claim.version
    changes: Changes = {"assignee": [claim.assignee_id, None]}
    claim.status = ClaimStatus.NEW.value
    claim.assignee_id = None
    claim.assigned_until = None
    flush_versioned(session, claim, version)
    record_event(
        session,
        claim,
        None,
        Action.EXPIRE,
        from_status=from_status,
        from_verdict=from_verdict,
        changes=changes,
        note="assignment expired",
        actor_name=SYSTEM_ACTOR,
    )


def expire_assignments(
    session: Session, now: datetime | None = None, *, limit: int | None = None
) -> int:
    """Return every claim whose assignment ran out (or that nobody holds) to new; how many.

    The queue calls it before handing out a claim; a periodic job may call it too so that
    lists show abandoned claims as new. Rows another transaction holds are skipped.
    """
    now = now or utcnow()
    query = (
        sa.select(Claim)
        .where(
            Claim.status == ClaimStatus.IN_REVIEW.value,
            sa.or_(
                Claim.assignee_id.is_(None),
                Claim.assigned_until.is_(None),
                Claim.assigned_until <= now,
            ),
        )
        .order_by(Claim.id)
        .with_for_update(skip_locked=True)
    )
    if limit is not None:
        query = query.limit(limit)
    expired = session.scalars(query).all()
    for claim in expired:
        _expire(session, claim, now)
    return len(expired)


def release_claim(
    session: Session, actor: Reviewer, claim_id: int, *, version: int | None
) -> Claim:
    """Give a claim back to the queue: in_review -> new (the holder, or an editor)."""
    return change_claim(session, actor, claim_id, version, Action.RELEASE)


def assign_claim(
    session: Session,
    actor: Reviewer,
    claim_id: int,
    *,
    version: int | None,
    assignee: str | int,
    note: str | None = None,
    minutes: int | None = None,
) -> Claim:
    """Editors: hand a new or in_review claim to a reviewer (by name or id) for `minutes`.
    An editor's assignment is planned work, not a claim taken from the queue: it lasts
    settings.editor_assignment_minutes by default (a working day), not the queue's 30."""
    from claimtrack.settings import get_settings

    target = find_reviewer(session, assignee)
    if not target.active:
        raise InvalidInput(f"reviewer {target.name!r} is disabled")
    if minutes is not None and minutes < 1:
        raise InvalidInput("an assignment lasts at least one minute")
    length = timedelta(minutes=minutes or get_settings().editor_assignment_minutes)
    until = utcnow() + length
    claim = load_claim(session, claim_id)

    def mutate(picked: Claim) -> Changes:
        changes: Changes = {"assignee": [picked.assignee_id, target.id]}
        picked.assignee_id = target.id
        picked.assigned_until = until
        return changes

    return change_claim(
        session, actor, claim_id, version, Action.ASSIGN, mutate=mutate, note=note, claim=claim
    )
