"""Consistency findings: claims whose values contradict each other (issue 17)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    String,
    Text,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, CreatedAt
from models.enums import sql_in


class FindingState(StrEnum):
    OPEN = "open"  # the checks found it and nobody dismissed it
    DISMISSED = "dismissed"  # a reviewer judged it no contradiction (a claim_event each)
    RESOLVED = "resolved"  # the checks no longer find it (a claim was corrected)


class Finding(CreatedAt, Base):
    """A consistency check's contradiction: the rule, its expectation and tolerance, and
    what the claims state. Never deleted: a finding the checks stop finding is resolved,
    and comes back open if they find it again (unless a reviewer dismissed it)."""

    __tablename__ = "finding"
    __table_args__ = (
        CheckConstraint(sql_in("state", FindingState), name="state"),
        Index("ix_finding_state", "state"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    rule: Mapped[str] = mapped_column(String(32))
    # sha256 of the rule, the claims and the values they state: one row per such triple,
    # however often the checks run.
    signature: Mapped[str] = mapped_column(String(64), unique=True)
    expectation: Mapped[str] = mapped_column(Text)
    tolerance: Mapped[str] = mapped_column(Text)
    details: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict, server_default="{}")
    state: Mapped[str] = mapped_column(
        String(16), default=FindingState.OPEN.value, server_default=FindingState.OPEN.value
    )
    dismissed_by_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("reviewer.id", ondelete="RESTRICT")
    )
    dismissed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    note: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )

    claims: Mapped[list[FindingClaim]] = relationship(
        back_populates="finding", order_by="FindingClaim.claim_id"
    )

    @property
    def claim_ids(self) -> list[int]:
        return [link.claim_id for link in self.claims]


class FindingClaim(Base):
    """A claim a finding involves (two or three, usually)."""

    __tablename__ = "finding_claim"
    __table_args__ = (Index("ix_finding_claim_claim_id", "claim_id"),)

    finding_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("finding.id", ondelete="RESTRICT"), primary_key=True
    )
    claim_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("claim.id", ondelete="RESTRICT"), primary_key=True
    )

    finding: Mapped[Finding] = relationship(back_populates="claims")
