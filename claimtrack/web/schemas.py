"""The API's request and response bodies (pydantic), built from the ORM rows."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from models import Article, Claim, ClaimEvent, ClaimStatus, ClaimType, Evidence, Role, Verdict

MAX_ID = 2**63 - 1  # PostgreSQL bigint
MAX_TEXT = 10_000


class ReviewerOut(BaseModel):
    id: int
    name: str
    role: Role


class ClaimOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    article_id: int
    span_start: int
    span_end: int
    text: str
    sentence: str
    type: ClaimType
    claimer: str | None
    values: list[dict[str, Any]]
    checkworthiness: float
    status: ClaimStatus
    verdict: Verdict | None
    note: str | None
    assignee_id: int | None
    assigned_until: datetime | None
    origin: str
    extractor_version: str
    reviewer_edits: dict[str, Any]
    merged_into_id: int | None
    version: int = Field(description="Send it back in If-Match to change the claim.")
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, claim: Claim) -> ClaimOut:
        return cls.model_validate(claim)


class ClaimPage(BaseModel):
    items: list[ClaimOut]
    next_cursor: str | None = Field(
        description="Pass as `cursor` for the next page; null at the end."
    )


class EventOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    claim_id: int
    reviewer_id: int | None
    actor: str
    action: str
    from_status: str | None
    to_status: str | None
    from_verdict: str | None
    to_verdict: str | None
    note: str | None
    changes: dict[str, Any]
    claim_version: int
    created_at: datetime

    @classmethod
    def of(cls, event: ClaimEvent) -> EventOut:
        return cls.model_validate(event)


class EvidenceOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    claim_id: int
    reviewer_id: int | None
    url: str | None
    note: str | None
    created_at: datetime

    @classmethod
    def of(cls, evidence: Evidence) -> EvidenceOut:
        return cls.model_validate(evidence)


class ArticleOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    source: str
    source_key: str
    version: int
    is_latest: bool
    title: str | None
    url: str | None
    published: date | None
    sha256: str
    duplicate_of_id: int | None
    extractor_version: str | None
    extracted_at: datetime | None
    created_at: datetime

    @classmethod
    def of(cls, article: Article) -> ArticleOut:
        return cls.model_validate(article)


class ArticlePage(BaseModel):
    items: list[ArticleOut]
    next_cursor: str | None


class ArticleWithClaims(ArticleOut):
    text: str
    claims: list[ClaimOut]


class StatusAction(BaseModel):
    """A change of workflow status; `verdict` is needed by (and only by) `review`."""

    model_config = ConfigDict(extra="forbid")

    action: str = Field(
        description="review, dismiss, reopen (editors: reviewed -> in_review, "
        "dismissed -> new) or release (back to the queue)",
        json_schema_extra={"enum": ["review", "dismiss", "reopen", "release"]},
    )
    verdict: Verdict | None = None
    note: str | None = Field(default=None, max_length=MAX_TEXT)
    evidence_urls: list[str] = Field(default_factory=list, max_length=20)


class CorrectionIn(BaseModel):
    """Fields to correct; omitted fields stay as they are."""

    model_config = ConfigDict(extra="forbid")

    start: int | None = Field(default=None, ge=0, le=2**31 - 1)
    end: int | None = Field(default=None, ge=0, le=2**31 - 1)
    type: ClaimType | None = None
    values: list[dict[str, Any]] | None = None
    claimer: str | None = Field(default=None, max_length=500)
    clear_claimer: bool = False
    note: str | None = Field(default=None, max_length=MAX_TEXT)


class NewClaimIn(BaseModel):
    """A claim the extractor missed: a span of the article's text."""

    model_config = ConfigDict(extra="forbid")

    article_id: int = Field(ge=1, le=MAX_ID)
    start: int = Field(ge=0, le=2**31 - 1)
    end: int = Field(ge=0, le=2**31 - 1)
    type: ClaimType
    claimer: str | None = Field(default=None, max_length=500)
    values: list[dict[str, Any]] = Field(default_factory=list)
    note: str | None = Field(default=None, max_length=MAX_TEXT)


class EvidenceIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    url: str | None = Field(default=None, max_length=2000)
    note: str | None = Field(default=None, max_length=MAX_TEXT)


class QueueRequest(BaseModel):
    """Filters for the next claim; all optional."""

    model_config = ConfigDict(extra="forbid")

    type: ClaimType | None = None
    article_id: int | None = Field(default=None, ge=1, le=MAX_ID)
    source: str | None = Field(default=None, max_length=32)
    min_checkworthiness: float | None = Field(default=None, ge=0, le=1)
    claimer: str | None = Field(default=None, max_length=500)
    has_findings: bool | None = Field(
        default=None, description="true: only claims an open consistency finding involves."
    )


class ErrorOut(BaseModel):
    detail: str
    error: str
