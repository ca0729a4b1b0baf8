"""Articles: one row per version of a source item's text."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, CreatedAt

if TYPE_CHECKING:
    from models.claim import Claim


class Article(CreatedAt, Base):
    """A version of an article. The source key is its identity; a new text is a new version."""

    __tablename__ = "article"
    __table_args__ = (
        UniqueConstraint("source_key", "version"),
        Index("ix_article_sha256", "sha256"),
        Index(
            "ix_article_latest_key",
            "source_key",
            unique=True,
            postgresql_where=text("is_latest"),
        ),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    source: Mapped[str] = mapped_column(String(32))  # kind: file, feed, jsonl, html, ...
    source_key: Mapped[str] = mapped_column(Text)  # URL, path or path#id
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    is_latest: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    title: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    published: Mapped[date | None] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    # The same text under another key is another article, linked here and not extracted twice.
    duplicate_of_id: Mapped[int | None] = mapped_column(
        BigInteger, ForeignKey("article.id", ondelete="RESTRICT")
    )
    extractor_version: Mapped[str | None] = mapped_column(String(64))
    extracted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    extraction_error: Mapped[str | None] = mapped_column(Text)

    claims: Mapped[list[Claim]] = relationship(back_populates="article")
