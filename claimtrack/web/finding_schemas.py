"""The API's bodies for consistency findings (pydantic)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from claimtrack.web.schemas import MAX_ID, MAX_TEXT
from models import Finding, FindingState


class FindingOut(BaseModel):
    """Claims whose figures contradict each other, by one rule."""

    id: int
    rule: str = Field(description="change_percentage, part_of_total, elapsed_days, ...")
    state: FindingState
    claim_ids: list[int] = Field(description="The claims involved.")
    expectation: str = Field(description="What the rule computed from the other figures.")
    tolerance: str = Field(description="The rounding and qualifiers it allowed for.")
    observed: dict[str, Any] = Field(description="The figures as the claims state them.")
    note: str | None = Field(description="The dismissing reviewer's reason.")
    dismissed_at: datetime | None
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, finding: Finding) -> FindingOut:
        return cls(
            id=finding.id,
            rule=finding.rule,
            state=FindingState(finding.state),
            claim_ids=finding.claim_ids,
            expectation=finding.expectation,
            tolerance=finding.tolerance,
            observed=finding.details.get("observed", {}),
            note=finding.note,
            dismissed_at=finding.dismissed_at,
            created_at=finding.created_at,
            updated_at=finding.updated_at,
        )


class DismissIn(BaseModel):
    """Dismiss a finding: no contradiction after all. If-Match carries the version of
    `claim_id` (default: the finding's first claim)."""

    model_config = ConfigDict(extra="forbid")

    claim_id: int | None = Field(default=None, ge=1, le=MAX_ID)
    note: str | None = Field(default=None, max_length=MAX_TEXT)
