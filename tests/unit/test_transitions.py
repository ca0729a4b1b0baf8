"""The transition table, without a database."""

from __future__ import annotations

import pytest

from claimtrack.review.errors import Forbidden, InvalidTransition
from claimtrack.review.transitions import (
    TRANSITIONS,
    Action,
    allowed_actions,
    has_role,
    target_status,
)
from models import ClaimStatus, Role

# The workflow DESIGN.md states, as (action, from, role) -> to; everything else is refused.
ALLOWED = {
    (Action.TAKE, "new", "reviewer"): "in_review",
    (Action.TAKE, "in_review", "reviewer"): "in_review",
    (Action.RELEASE, "in_review", "reviewer"): "new",
    (Action.REVIEW, "new", "reviewer"): "reviewed",
    (Action.REVIEW, "in_review", "reviewer"): "reviewed",
    (Action.DISMISS, "new", "reviewer"): "dismissed",
    (Action.DISMISS, "in_review", "reviewer"): "dismissed",
    (Action.REOPEN, "reviewed", "editor"): "in_review",
    (Action.RESTORE, "dismissed", "editor"): "new",
}


def test_design_workflow_is_allowed() -> None:
    for (action, current, role), expected in ALLOWED.items():
        assert target_status(action, current, role) == expected, (action, current, role)


@pytest.mark.parametrize("status", [s.value for s in ClaimStatus])
@pytest.mark.parametrize("action", [Action.REVIEW, Action.DISMISS, Action.REOPEN, Action.RESTORE])
def test_status_changes_outside_the_workflow_are_refused(status: str, action: Action) -> None:
    role = "admin"  # the highest role: only the status can make these fail
    if any(a == action and s == status for a, s, _ in ALLOWED):
        assert target_status(action, status, role)
    else:
        with pytest.raises(InvalidTransition, match=f"it is {status}"):
            target_status(action, status, role)


def test_reviewers_cannot_reopen_or_restore_but_editors_and_admins_can() -> None:
    with pytest.raises(Forbidden, match="editor"):
        target_status(Action.REOPEN, "reviewed", "reviewer")
    with pytest.raises(Forbidden, match="editor"):
        target_status(Action.RESTORE, "dismissed", "reviewer")
    assert target_status(Action.REOPEN, "reviewed", "admin") == "in_review"


def test_only_the_pipeline_marks_stale_and_unstale_returns_to_earlier_status() -> None:
    for role in Role:
        with pytest.raises(Forbidden, match="pipeline"):
            target_status(Action.MARK_STALE, "reviewed", role)
    assert target_status(Action.MARK_STALE, "reviewed", None) == "stale"
    assert target_status(Action.UNSTALE, "stale", None, status_before_stale="reviewed") == (
        "reviewed"
    )
    assert target_status(Action.UNSTALE, "stale", None) == "new"
    with pytest.raises(InvalidTransition):
        target_status(Action.MARK_STALE, "stale", None)


def test_notes_and_evidence_keep_the_status() -> None:
    for status in ClaimStatus:
        assert target_status(Action.NOTE, status, "reviewer") == status
        assert target_status(Action.EVIDENCE, status, "reviewer") == status


def test_corrections_only_on_open_claims() -> None:
    assert target_status(Action.CORRECT, "in_review", "reviewer") == "in_review"
    with pytest.raises(InvalidTransition):
        target_status(Action.CORRECT, "reviewed", "editor")


def test_roles_rank_and_allowed_actions() -> None:
    assert has_role("admin", Role.EDITOR) and not has_role("reviewer", Role.EDITOR)
    reviewer_on_reviewed = set(allowed_actions("reviewed", "reviewer"))
    editor_on_reviewed = set(allowed_actions("reviewed", "editor"))
    assert Action.REOPEN not in reviewer_on_reviewed
    assert Action.REOPEN in editor_on_reviewed
    assert Action.MARK_STALE not in editor_on_reviewed  # the pipeline's alone


def test_every_action_has_one_row() -> None:
    assert set(TRANSITIONS) == set(Action)
