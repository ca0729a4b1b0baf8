"""Undoing a merge: when an editor reopens an absorbed claim, the survivor gives back
what the merge gave it, so both claims stand as they did before.

The survivor's `merge` event holds the merge's [before, after] of each field it changed.
A field is restored only while it still holds the merge's result: a reviewer's later
correction of the survivor is kept. Values are restored one by one: the values the merge
added leave, any the reviewers added since stay.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from claimtrack.review.changes import Changes, change_claim, load_claim
from claimtrack.review.errors import InvalidTransition
from claimtrack.review.transitions import Action
from models import Claim, ClaimEvent, ClaimStatus, Reviewer

_SPAN_FIELDS = ("span_start", "span_end", "text", "sentence")


def merge_event(survivor: Claim, absorbed_id: int) -> ClaimEvent | None:
    """The survivor's latest merge event that absorbed `absorbed_id`."""
    for event in reversed(survivor.events):
        merged_from = (event.changes or {}).get("merged_from")
        if event.action == Action.MERGE and merged_from and merged_from[-1] == absorbed_id:
            return event
    return None


def check_survivor(session: Session, absorbed: Claim) -> Claim | None:
    """The claim `absorbed` was merged into, once it is known the merge can be undone."""
    if absorbed.merged_into_id is None:
        return None
    survivor = load_claim(session, absorbed.merged_into_id)
    if survivor.status == ClaimStatus.REVIEWED:
        raise InvalidTransition(
            f"claim {absorbed.id} was merged into claim {survivor.id}, which is reviewed: "
            f"reopen claim {survivor.id} first (its verdict covered the merged claim)"
        )
    return survivor


def restore_survivor(session: Session, actor: Reviewer, survivor: Claim, absorbed_id: int) -> None:
    """Give back what merging `absorbed_id` into `survivor` changed; one `unmerge` event."""
    event = merge_event(survivor, absorbed_id)
    merged: dict[str, Any] = dict(event.changes) if event is not None else {}

    def give_back(claim: Claim) -> Changes:
        changes: Changes = {"merged_from": [absorbed_id, None]}
        restored: list[str] = []
        if "values" in merged:
            before, after = merged["values"]
            added = [v for v in after or [] if v not in (before or [])]
            values = [v for v in claim.values or [] if v not in added]
            if values != claim.values:
                changes["values"] = [claim.values, values]
                claim.values = values
                restored.append("values")
        moved = [f for f in ("span_start", "span_end") if f in merged]
        if moved and all(getattr(claim, f) == merged[f][1] for f in moved):
            for field in _SPAN_FIELDS:
                if field in merged:
                    changes[field] = [getattr(claim, field), merged[field][0]]
                    setattr(claim, field, merged[field][0])
                    restored.append(field)
        _restore_edits(claim, merged, restored, changes)
        return changes

    change_claim(
        session,
        actor,
        survivor.id,
        survivor.version,
        Action.UNMERGE,
        mutate=give_back,
        claim=survivor,
    )


def _restore_edits(
    claim: Claim, merged: dict[str, Any], restored: list[str], changes: Changes
) -> None:
    """A restored field is the reviewers' own again only if it was before the merge."""
    if "reviewer_edits" not in merged or not restored:
        return
    edits_before = merged["reviewer_edits"][0] or {}
    edits = dict(claim.reviewer_edits or {})
    for field in restored:
        if field in edits_before:
            edits[field] = getattr(claim, field)
        else:
            edits.pop(field, None)
    if edits != claim.reviewer_edits:
        changes["reviewer_edits"] = [claim.reviewer_edits, edits]
        claim.reviewer_edits = edits
