"""Claims: the current state of each claim, with an optimistic-lock version."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Computed,
    DateTime,
    Float,
    ForeignKey,
    Identity,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB, TSVECTOR
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, CreatedAt
from models.enums import ClaimOrigin, ClaimStatus, ClaimType, Verdict, sql_in

if TYPE_CHECKING:
    from models.article import Article
    from models.review import ClaimEvent, Evidence, Reviewer


class Claim(CreatedAt, Base):
    __tablename__ = "claim"
    __table_args__ = (
        UniqueConstraint("article_id", "fingerprint"),
        CheckConstraint(sql_in("status", ClaimStatus), name="status"),
        CheckConstraint(f"verdict IS NULL OR {sql_in('verdict', Verdict)}", name="verdict"),
        CheckConstraint(sql_in("type", ClaimType), name="type"),
        CheckConstraint(sql_in("origin", ClaimOrigin), name="origin"),
        CheckConstraint("span_start >= 0 AND span_end > span_start", name="span"),
        CheckConstraint("checkworthiness >= 0 AND checkworthiness <= 1", name="checkworthiness"),
        # The review queue: open claims, most check-worthy first.
        Index("ix_claim_queue", "status", "checkworthiness"),
        Index("ix_claim_assignee_id", "assignee_id"),
        Index("ix_claim_search", "search", postgresql_using="gin"),
        # Siblings: the same claim in other articles is found by its lower-cased wording
        # (hashed: a long claim would not fit a btree entry).
        Index("ix_claim_text_md5", sa.text("md5(lower(text))")),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    # The latest article version the claim was found in; kept on a stale claim.
    # Looked up through the unique (article_id, fingerprint) index, which leads with it.
    article_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("article.id", ondelete="RESTRICT")
    )
    span_start: Mapped[int] = mapped_column(Integer)
    span_end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    sentence: Mapped[str] = mapped_column(Text)
    type: Mapped[str] = mapped_column(String(16))
    claimer: Mapped[str | None] = mapped_column(Text)
    values: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, default=list, server_default="[]")
    checkworthiness: Mapped[float] = mapped_column(Float)
    extractor_version: Mapped[str] = mapped_column(String(64))
    fingerprint: Mapped[str] = mapped_column(String(64))
    origin: Mapped[str] = mapped_column(
        String(16), default=ClaimOrigin.EXTRACTOR.value, server_default=ClaimOrigin.EXTRACTOR.value
    )
    # Fields a reviewer corrected by hand; re-extraction never overwrites these.
    reviewer_edits: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict, server_default="{}")

    status: Mapped[str] = mapped_column(
        String(16), default=ClaimStatus.NEW.value, server_default=ClaimStatus.NEW.value
    )
    # Where a stale claim returns when a later version finds it again.
    status_before_stale: Mapped[str | None] = mapped_column(String(16))
    verdict: Mapped[str | None] = mapped_column(String(16))
    assignee_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("reviewer.id", ondelete="RESTRICT")
    )
    assigned_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    note: Mapped[str | None] = mapped_column(Text)
    merged_into_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("claim.id", ondelete="RESTRICT")
    )
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )
    search: Mapped[str] = mapped_column(
        TSVECTOR,
        Computed("to_tsvector('english', text || ' ' || sentence)", persisted=True),
    )

    article: Mapped[Article] = relationship(back_populates="claims")
    assignee: Mapped[Reviewer | None] = relationship()
    events: Mapped[list[ClaimEvent]] = relationship(
        back_populates="claim", order_by="ClaimEvent.id"
    )
    evidence: Mapped[list[Evidence]] = relationship(back_populates="claim", order_by="Evidence.id")

    # Every ORM UPDATE checks and bumps the version: a stale write fails, never overwrites.
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
