"""Reviewers, their evidence, and the append-only history of every claim change."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    ForeignKey,
    Identity,
    Integer,
    String,
    Text,
    true,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, CreatedAt
from models.enums import Role, sql_in

if TYPE_CHECKING:
    from models.claim import Claim


class Reviewer(CreatedAt, Base):
    __tablename__ = "reviewer"
    __table_args__ = (CheckConstraint(sql_in("role", Role), name="role"),)

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    role: Mapped[str] = mapped_column(
        String(16), default=Role.REVIEWER.value, server_default=Role.REVIEWER.value
    )
    # sha256 of a 256-bit random token: the token itself is shown once and never stored.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())


class Evidence(CreatedAt, Base):
    __tablename__ = "evidence"
    __table_args__ = (CheckConstraint("url IS NOT NULL OR note IS NOT NULL", name="content"),)

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    claim_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("claim.id", ondelete="RESTRICT"), index=True
    )
    reviewer_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("reviewer.id", ondelete="RESTRICT")
    )
    url: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)

    claim: Mapped[Claim] = relationship(back_populates="evidence")


class ClaimEvent(CreatedAt, Base):
    """One change to a claim. Append-only: a trigger refuses UPDATE, DELETE and TRUNCATE."""

    __tablename__ = "claim_event"

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    claim_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("claim.id", ondelete="RESTRICT"), index=True
    )
    # Null for the pipeline's own changes (extraction, stale marking).
    reviewer_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("reviewer.id", ondelete="RESTRICT")
    )
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(32))
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str | None] = mapped_column(String(16))
    from_verdict: Mapped[str | None] = mapped_column(String(16))
    to_verdict: Mapped[str | None] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(Text)
    # Field-level before/after, e.g. {"type": ["date", "quantity"]}.
    changes: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict, server_default="{}")
    claim_version: Mapped[int] = mapped_column(Integer)

    claim: Mapped[Claim] = relationship(back_populates="events")
