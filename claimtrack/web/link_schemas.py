"""The API's bodies for a claim's links and the fact-check library (pydantic)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from claimtrack.matching.links import LinkView
from claimtrack.web.schemas import MAX_TEXT
from models import Claim, ClaimStatus, FactCheck, LinkDecision, LinkKind, Verdict


class FactCheckOut(BaseModel):
    """A published verdict: imported, or given here (`origin` claimtrack, `claim_id` set)."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    source_id: str = Field(description="Its identity: a url, a dataset id, or claimtrack:claim:ID.")
    origin: str = Field(json_schema_extra={"enum": ["imported", "claimtrack"]})
    source_name: str | None
    claim_text: str
    title: str | None
    rating: str | None = Field(description="The publisher's own rating words.")
    verdict: Verdict | None = Field(description="The rating read as one of our verdicts.")
    url: str | None
    publisher: str | None
    claimer: str | None
    claim_date: date | None
    published: date | None
    claim_id: int | None
    version: int

    @classmethod
    def of(cls, fact_check: FactCheck) -> FactCheckOut:
        return cls.model_validate(fact_check)


class SiblingOut(BaseModel):
    """The same claim in another article."""

    id: int
    text: str
    status: ClaimStatus
    verdict: Verdict | None
    article_id: int
    article_title: str | None

    @classmethod
    def of(cls, claim: Claim) -> SiblingOut:
        return cls(
            id=claim.id,
            text=claim.text,
            status=ClaimStatus(claim.status),
            verdict=Verdict(claim.verdict) if claim.verdict else None,
            article_id=claim.article_id,
            article_title=claim.article.title,
        )


class LinkOut(BaseModel):
    """A candidate fact-check or sibling of the claim, with the reviewer's decision."""

    id: int
    kind: LinkKind
    decision: LinkDecision
    method: str = Field(description="How it was found: lexical, hybrid, fingerprint, wording.")
    score: float = Field(
        ge=0,
        le=1,
        description="Fact-checks: the ranker's probability that it checks the claim. "
        "Siblings: 1 for the same fingerprint, 0.9 for the same wording.",
    )
    fact_check: FactCheckOut | None
    sibling: SiblingOut | None

    @classmethod
    def of(cls, link: LinkView) -> LinkOut:
        return cls(
            id=link.id,
            kind=LinkKind(link.kind),
            decision=LinkDecision(link.decision),
            method=link.method,
            score=link.score,
            fact_check=FactCheckOut.of(link.fact_check) if link.fact_check else None,
            sibling=SiblingOut.of(link.sibling) if link.sibling else None,
        )


class LinkChoice(StrEnum):
    accepted = "accepted"
    rejected = "rejected"
    linked = "linked"


class LinkDecisionIn(BaseModel):
    """Accept a fact-check (its verdict becomes a suggestion), reject a fact-check or a
    sibling, or link a sibling (tracked as one claim)."""

    model_config = ConfigDict(extra="forbid")

    decision: LinkChoice
    note: str | None = Field(default=None, max_length=MAX_TEXT)
