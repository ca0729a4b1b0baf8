"""What the rules read (`ClaimFacts`) and what they return (`Finding`)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

AGREES = "agrees"
CONTRADICTS = "contradicts"


@dataclass(frozen=True)
class ClaimFacts:
    """One claim as the checks see it: its id (or any key), wording and values."""

    id: int
    article_id: int
    text: str
    sentence: str
    type: str
    values: list[dict[str, Any]]
    claimer: str | None = None
    published: date | None = None


@dataclass(frozen=True)
class Related:
    """A claim's sibling or accepted fact-check, as the cross-article rules see it."""

    kind: str  # "sibling" or "fact_check"
    ref: str  # "claim:12" or the fact-check's source id
    verdict: str | None
    values: list[dict[str, Any]] = field(default_factory=list)
    claim_id: int | None = None  # the sibling claim's id
    text: str = ""
    url: str | None = None


@dataclass(frozen=True)
class Finding:
    """One rule applied to some claims: what it expected, within what tolerance, and
    what the claims say. `outcome` is AGREES or CONTRADICTS."""

    rule: str
    claim_ids: tuple[int, ...]
    outcome: str
    expectation: str
    tolerance: str
    observed: dict[str, Any]

    @property
    def contradicts(self) -> bool:
        return self.outcome == CONTRADICTS

    def signature(self) -> str:
        """Identity for idempotent storage: the same rule on the same claims and the same
        stated values is the same finding, however often the checks run."""
        key = json.dumps(
            [self.rule, sorted(self.claim_ids), self.observed], sort_keys=True, default=str
        )
        return hashlib.sha256(key.encode()).hexdigest()

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "claim_ids": list(self.claim_ids),
            "outcome": self.outcome,
            "expectation": self.expectation,
            "tolerance": self.tolerance,
            "observed": self.observed,
        }
