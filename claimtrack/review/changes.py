"""The one path every review change takes: load, check the version and the transition,
mutate, flush with the ORM's version check, and append a claim_event in the same
transaction. Services build on `change_claim`; nothing here commits."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from claimtrack.review.errors import InvalidTransition, NotFound, VersionConflict, VersionRequired
from claimtrack.review.transitions import Action, has_role, target_status
from models import Claim, ClaimEvent, ClaimStatus, Reviewer, Role

# The actor name on events the system writes (queue expiry); the pipeline writes its own.
SYSTEM_ACTOR = "system"

# Field-level before/after, as stored in claim_event.changes: {"type": ["date", "quantity"]}.
Changes = dict[str, list[Any]]
Mutation = Callable[[Claim], Changes]

# Actions a reviewer may not take on a claim someone else holds (notes and evidence are fine).
_HOLDER_ONLY = frozenset(
    {
        Action.REVIEW,
        Action.DISMISS,
        Action.RELEASE,
        Action.CORRECT,
        Action.MERGE,
        Action.MERGED,
        Action.SPLIT,
    }
)


def utcnow() -> datetime:
    return datetime.now(UTC)


def assignment_length() -> timedelta:
    from claimtrack.settings import get_settings

    return timedelta(minutes=get_settings().assignment_minutes)


def load_claim(session: Session, claim_id: int) -> Claim:
    claim = session.get(Claim, claim_id)
    if claim is None:
        raise NotFound(f"no claim {claim_id}")
    return claim


def check_version(claim: Claim, expected: int | None) -> None:
    if expected is None:
        raise VersionRequired(claim.id)
    if claim.version != expected:
        raise VersionConflict(claim.id, expected, claim.version)


def held_by_other(claim: Claim, actor: Reviewer | None, now: datetime | None = None) -> bool:
    """Another reviewer holds this claim under an assignment that has not expired."""
    if claim.status != ClaimStatus.IN_REVIEW or claim.assignee_id is None:
        return False
    if actor is not None and claim.assignee_id == actor.id:
        return False
    return claim.assigned_until is None or claim.assigned_until > (now or utcnow())


def check_holder(claim: Claim, actor: Reviewer | None, action: Action) -> None:
    """A reviewer may not act on a claim another reviewer holds; editors may."""
    if actor is None or action not in _HOLDER_ONLY or has_role(actor.role, Role.EDITOR):
        return
    if held_by_other(claim, actor):
        holder = claim.assignee.name if claim.assignee else f"reviewer {claim.assignee_id}"
        until = claim.assigned_until.strftime("%H:%M UTC") if claim.assigned_until else "?"
        raise InvalidTransition(
            f"claim {claim.id} is assigned to {holder} until {until}; "
            "they can release it, or an editor can act on it"
        )


def flush_versioned(session: Session, claim: Claim, expected: int) -> None:
    """Write the claim with `UPDATE ... WHERE version = expected`: a concurrent writer that
    got there first leaves zero rows matched, which the ORM reports as StaleDataError."""
    claim_id = claim.id  # read now: a failed flush expires the object
    try:
        session.flush()
    except StaleDataError:
        raise VersionConflict(claim_id, expected) from None


def record_event(
    session: Session,
    claim: Claim,
    actor: Reviewer | None,
    action: Action | str,
    *,
    from_status: str | None,
    from_verdict: str | None,
    note: str | None = None,
    changes: Changes | None = None,
    actor_name: str | None = None,
) -> ClaimEvent:
    event = ClaimEvent(
        claim_id=claim.id,
        reviewer_id=actor.id if actor is not None else None,
        actor=actor.name if actor is not None else (actor_name or SYSTEM_ACTOR),
        action=str(action),
        from_status=from_status,
        to_status=claim.status,
        from_verdict=from_verdict,
        to_verdict=claim.verdict,
        note=note,
        changes=changes or {},
        claim_version=claim.version,
    )
    session.add(event)
    session.flush()
    return event


def change_claim(
    session: Session,
    actor: Reviewer | None,
    claim_id: int,
    version: int | None,
    action: Action,
    *,
    mutate: Mutation | None = None,
    note: str | None = None,
    claim: Claim | None = None,
) -> Claim:
    """Apply one action to one claim, or raise and leave the claim untouched.

    `actor` None is the system. `mutate` changes fields beyond the status and returns
    what it changed; `note` goes on the event (and, when given, becomes the claim's note).
    """
    claim = claim if claim is not None else load_claim(session, claim_id)
    check_version(claim, version)
    assert version is not None  # checked above; narrows the type
    to_status = target_status(
        action,
        claim.status,
        actor.role if actor is not None else None,
        status_before_stale=claim.status_before_stale,
        claim_id=claim.id,
    )
    check_holder(claim, actor, action)
    from_status, from_verdict = claim.status, claim.verdict
    changes: Changes = mutate(claim) if mutate is not None else {}
    claim.status = to_status.value
    if to_status != ClaimStatus.IN_REVIEW:
        # Only a claim in review is held by someone.
        claim.assignee_id = None
        claim.assigned_until = None
    if to_status not in (ClaimStatus.REVIEWED, ClaimStatus.STALE):
        # The verdict belongs to a finished review; the history keeps the earlier one.
        claim.verdict = None
    if note is not None and note.strip():
        if claim.note != note:
            changes.setdefault("note", [claim.note, note])
        claim.note = note
    if not session.is_modified(claim, include_collections=False):
        # Nothing changed on the row itself (evidence lives in its own table): still write
        # it, so the version is checked and bumped like any other change.
        claim.updated_at = utcnow()
    flush_versioned(session, claim, version)
    record_event(
        session,
        claim,
        actor,
        action,
        from_status=from_status,
        from_verdict=from_verdict,
        note=note,
        changes=changes,
    )
    return claim
