"""The closed vocabularies the database enforces with CHECK constraints."""

from __future__ import annotations

from enum import StrEnum


class ClaimStatus(StrEnum):
    NEW = "new"
    IN_REVIEW = "in_review"
    REVIEWED = "reviewed"
    DISMISSED = "dismissed"
    STALE = "stale"


class Verdict(StrEnum):
    TRUE = "true"
    FALSE = "false"
    MISLEADING = "misleading"
    UNVERIFIABLE = "unverifiable"


class ClaimType(StrEnum):
    LAW = "law"
    QUANTITY = "quantity"
    DATE = "date"
    QUOTE = "quote"
    CAUSAL = "causal"
    PREDICTION = "prediction"
    STATEMENT = "statement"


class Role(StrEnum):
    REVIEWER = "reviewer"
    EDITOR = "editor"
    ADMIN = "admin"


class ClaimOrigin(StrEnum):
    EXTRACTOR = "extractor"
    REVIEWER = "reviewer"


class RunStatus(StrEnum):
    RUNNING = "running"
    COMPLETED = "completed"
    FAILED = "failed"
    ABANDONED = "abandoned"  # its process died without closing it (found by a later run)


class FactCheckOrigin(StrEnum):
    IMPORTED = "imported"  # published elsewhere, read by `claimtrack factchecks import`
    CLAIMTRACK = "claimtrack"  # a verdict a reviewer gave here


class LinkKind(StrEnum):
    FACT_CHECK = "fact_check"
    SIBLING = "sibling"


class LinkDecision(StrEnum):
    SUGGESTED = "suggested"  # the matcher's; replaced when matching runs again
    ACCEPTED = "accepted"  # the fact-check checks this claim: its verdict is a suggestion
    REJECTED = "rejected"  # not a match; never suggested again
    LINKED = "linked"  # siblings tracked as one claim


def sql_in(column: str, values: type[StrEnum]) -> str:
    """A CHECK expression allowing exactly the enum's values."""
    allowed = ", ".join(f"'{v.value}'" for v in values)
    return f"{column} IN ({allowed})"
