"""Claim memory: published fact-checks, and each claim's links to them and to its siblings."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Computed,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Identity,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.dialects.postgresql import TSVECTOR
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, CreatedAt
from models.enums import FactCheckOrigin, LinkDecision, LinkKind, Verdict, sql_in

if TYPE_CHECKING:
    from models.claim import Claim
    from models.review import Reviewer


class FactCheck(CreatedAt, Base):
    """A published verdict on a claim: imported, or given here by a reviewer.

    The source id is its identity (a CheckThat! vclaim_id, a CSV id, a ClaimReview
    url, or `claimtrack:claim:ID` for our own): importing it again with other
    content updates the row in place and bumps `version`; the same content
    changes nothing.
    """

    __tablename__ = "fact_check"
    __table_args__ = (
        UniqueConstraint("source_id"),
        CheckConstraint(sql_in("origin", FactCheckOrigin), name="origin"),
        CheckConstraint(f"verdict IS NULL OR {sql_in('verdict', Verdict)}", name="verdict"),
        Index("ix_fact_check_search", "search", postgresql_using="gin"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    source_id: Mapped[str] = mapped_column(Text)
    origin: Mapped[str] = mapped_column(String(16))
    # Where it was read from: the imported file's name and format, for the reviewer.
    source_name: Mapped[str | None] = mapped_column(Text)
    claim_text: Mapped[str] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    # The publisher's own rating words ("Mostly False") and our reading of them.
    rating: Mapped[str | None] = mapped_column(Text)
    verdict: Mapped[str | None] = mapped_column(String(16))
    url: Mapped[str | None] = mapped_column(Text)
    publisher: Mapped[str | None] = mapped_column(Text)
    claimer: Mapped[str | None] = mapped_column(Text)
    claim_date: Mapped[date | None] = mapped_column(Date)
    published: Mapped[date | None] = mapped_column(Date)
    # Our own reviewed claim, when the fact-check was made here.
    claim_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("claim.id", ondelete="RESTRICT"), unique=True
    )
    sha256: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )
    # The claim's sentence embedding (float32, unit length) and the model that made it;
    # null until computed, or when no embedding model is installed.
    embedding: Mapped[bytes | None] = mapped_column(LargeBinary)
    embedding_model: Mapped[str | None] = mapped_column(String(64))
    search: Mapped[str] = mapped_column(
        TSVECTOR,
        Computed(
            "to_tsvector('english', claim_text || ' ' || coalesce(title, ''))", persisted=True
        ),
    )


class ClaimLink(CreatedAt, Base):
    """A candidate: a fact-check that may check the claim, or the same claim elsewhere.

    The matcher writes suggestions with their method and score; a reviewer's
    decision (accepted, rejected, linked) is kept over later re-matching and is
    recorded as a claim_event.
    """

    __tablename__ = "claim_link"
    __table_args__ = (
        CheckConstraint(sql_in("kind", LinkKind), name="kind"),
        CheckConstraint(sql_in("decision", LinkDecision), name="decision"),
        CheckConstraint(
            "(kind = 'fact_check') = (fact_check_id IS NOT NULL)"
            " AND (kind = 'sibling') = (sibling_id IS NOT NULL)",
            name="target",
        ),
        CheckConstraint("sibling_id IS NULL OR sibling_id <> claim_id", name="not_self"),
        CheckConstraint("score >= 0 AND score <= 1", name="score"),
        UniqueConstraint("claim_id", "fact_check_id"),
        UniqueConstraint("claim_id", "sibling_id"),
        Index("ix_claim_link_fact_check_id", "fact_check_id"),
        Index("ix_claim_link_sibling_id", "sibling_id"),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    claim_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("claim.id", ondelete="RESTRICT"))
    kind: Mapped[str] = mapped_column(String(16))
    fact_check_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("fact_check.id", ondelete="RESTRICT")
    )
    sibling_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("claim.id", ondelete="RESTRICT")
    )
    method: Mapped[str] = mapped_column(String(32))
    score: Mapped[float] = mapped_column(Float)
    decision: Mapped[str] = mapped_column(
        String(16),
        default=LinkDecision.SUGGESTED.value,
        server_default=LinkDecision.SUGGESTED.value,
    )
    decided_by_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("reviewer.id", ondelete="RESTRICT")
    )
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )

    claim: Mapped[Claim] = relationship(foreign_keys=[claim_id])
    fact_check: Mapped[FactCheck | None] = relationship()
    sibling: Mapped[Claim | None] = relationship(foreign_keys=[sibling_id])
    decided_by: Mapped[Reviewer | None] = relationship()
