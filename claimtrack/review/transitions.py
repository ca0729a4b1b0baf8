"""Every review action, the statuses it may start from, where it leads, and who may do it.

This table is the one place the workflow is defined (DESIGN.md "Review"); the service,
the CLI and the web app all ask it. It is pure: no database, no clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from claimtrack.review.errors import Forbidden, InvalidTransition
from models.enums import ClaimStatus, Role

NEW = ClaimStatus.NEW
IN_REVIEW = ClaimStatus.IN_REVIEW
REVIEWED = ClaimStatus.REVIEWED
DISMISSED = ClaimStatus.DISMISSED
STALE = ClaimStatus.STALE
ALL_STATUSES = frozenset(ClaimStatus)
OPEN = frozenset({NEW, IN_REVIEW})

# Higher ranks may do everything lower ones may.
ROLE_RANK = {Role.REVIEWER: 1, Role.EDITOR: 2, Role.ADMIN: 3}


class Action(StrEnum):
    CREATE = "create"  # a reviewer adds a claim the extractor missed
    TAKE = "take"  # the queue hands the claim to a reviewer
    ASSIGN = "assign"  # an editor hands it to someone
    RELEASE = "release"  # the holder (or an editor) gives it back
    EXPIRE = "expire"  # the assignment ran out (the system)
    REVIEW = "review"  # a verdict is set
    DISMISS = "dismiss"  # not check-worthy
    REOPEN = "reopen"  # an editor reopens a verdict
    RESTORE = "restore"  # an editor brings a dismissed claim back
    NOTE = "note"
    EVIDENCE = "evidence"
    CORRECT = "correct"  # fix span, type, values or claimer
    MERGE = "merge"  # this claim absorbs another
    MERGED = "merged"  # this claim was absorbed into another: dismissed
    UNMERGE = "unmerge"  # the absorbed claim was reopened: the survivor gives its part back
    SPLIT = "split"  # this claim gave part of its span to a new claim
    MARK_STALE = "mark_stale"  # the pipeline: the claim left its article's new version
    UNSTALE = "unstale"  # the pipeline: it came back; returns to status_before_stale
    ACCEPT_MATCH = "accept_match"  # a fact-check checks this claim: its verdict is a suggestion
    REJECT_MATCH = "reject_match"  # a suggested fact-check or sibling is not this claim
    LINK_SIBLING = "link_sibling"  # the same claim elsewhere: tracked as one
    DISMISS_FINDING = "dismiss_finding"  # a consistency finding is no contradiction


@dataclass(frozen=True)
class Transition:
    action: Action
    sources: frozenset[ClaimStatus]
    # None: the status stays as it is (notes, evidence, corrections) or, for UNSTALE,
    # is the status the claim had before it went stale.
    target: ClaimStatus | None
    # None: only the system (pipeline, queue expiry) may do it, never a reviewer.
    min_role: Role | None


_ROWS = (
    Transition(Action.CREATE, frozenset(), NEW, Role.REVIEWER),
    Transition(Action.TAKE, OPEN, IN_REVIEW, Role.REVIEWER),
    Transition(Action.ASSIGN, OPEN, IN_REVIEW, Role.EDITOR),
    Transition(Action.RELEASE, frozenset({IN_REVIEW}), NEW, Role.REVIEWER),
    Transition(Action.EXPIRE, frozenset({IN_REVIEW}), NEW, None),
    Transition(Action.REVIEW, OPEN, REVIEWED, Role.REVIEWER),
    Transition(Action.DISMISS, OPEN, DISMISSED, Role.REVIEWER),
    Transition(Action.REOPEN, frozenset({REVIEWED}), IN_REVIEW, Role.EDITOR),
    Transition(Action.RESTORE, frozenset({DISMISSED}), NEW, Role.EDITOR),
    Transition(Action.NOTE, ALL_STATUSES, None, Role.REVIEWER),
    Transition(Action.EVIDENCE, ALL_STATUSES, None, Role.REVIEWER),
    # A verdict applies to the claim as it stood: reopen it before correcting it.
    Transition(Action.CORRECT, OPEN, None, Role.REVIEWER),
    Transition(Action.MERGE, OPEN, None, Role.REVIEWER),
    Transition(Action.MERGED, OPEN, DISMISSED, Role.REVIEWER),
    Transition(Action.SPLIT, OPEN, None, Role.REVIEWER),
    # Only as part of an editor's reopening of the absorbed claim. A reviewed survivor is
    # refused: its verdict covered the merged claim, so it is reopened first.
    Transition(Action.UNMERGE, frozenset({NEW, IN_REVIEW, DISMISSED, STALE}), None, Role.EDITOR),
    Transition(Action.MARK_STALE, frozenset({NEW, IN_REVIEW, REVIEWED, DISMISSED}), STALE, None),
    Transition(Action.UNSTALE, frozenset({STALE}), None, None),
    # Decisions on the claim's links: they change no status (the verdict stays the
    # reviewer's own act), so they apply whatever the claim's state.
    Transition(Action.ACCEPT_MATCH, ALL_STATUSES, None, Role.REVIEWER),
    Transition(Action.REJECT_MATCH, ALL_STATUSES, None, Role.REVIEWER),
    Transition(Action.LINK_SIBLING, ALL_STATUSES, None, Role.REVIEWER),
    # A finding is about the claims' values, not their review: dismissing it changes no
    # status, and is recorded on every claim it involves.
    Transition(Action.DISMISS_FINDING, ALL_STATUSES, None, Role.REVIEWER),
)

TRANSITIONS: dict[Action, Transition] = {row.action: row for row in _ROWS}

# Actions that only editors (and admins) may start: bulk dismissal and assigning many
# are built from DISMISS and ASSIGN but need this rank for the whole batch.
BULK_MIN_ROLE = Role.EDITOR
MANAGE_REVIEWERS_MIN_ROLE = Role.ADMIN


def has_role(role: str | Role, minimum: Role) -> bool:
    return ROLE_RANK[Role(role)] >= ROLE_RANK[minimum]


def check_role(role: str | Role | None, minimum: Role | None, what: str) -> None:
    """Raise Forbidden unless `role` reaches `minimum`; role None is the system itself."""
    if role is None:
        return
    if minimum is None:
        raise Forbidden(f"{what} is done by the pipeline only, not by a reviewer")
    if not has_role(role, minimum):
        raise Forbidden(f"{what} needs the {minimum.value} role; you are a {Role(role).value}")


def target_status(
    action: Action,
    current: str | ClaimStatus,
    role: str | Role | None,
    *,
    status_before_stale: str | None = None,
    claim_id: int | None = None,
) -> ClaimStatus:
    """The status `action` leads to from `current`, or InvalidTransition / Forbidden.

    `role` None means the system (pipeline, queue expiry), which may do every action.
    """
    row = TRANSITIONS[action]
    label = f"claim {claim_id}" if claim_id is not None else "the claim"
    check_role(role, row.min_role, f"{action.value} ({label})")
    status = ClaimStatus(current)
    if status not in row.sources:
        allowed = ", ".join(sorted(s.value for s in row.sources)) or "nothing"
        raise InvalidTransition(
            f"cannot {action.value} {label}: it is {status.value}; "
            f"{action.value} applies to {allowed}"
        )
    if row.target is not None:
        return row.target
    if action is Action.UNSTALE:
        return ClaimStatus(status_before_stale or NEW)
    return status


def allowed_actions(current: str | ClaimStatus, role: str | Role) -> list[Action]:
    """What a reviewer of `role` may do to a claim in `current` (for menus and buttons)."""
    status = ClaimStatus(current)
    return [
        row.action
        for row in _ROWS
        if status in row.sources and row.min_role is not None and has_role(role, row.min_role)
    ]
