"""Ingest: one source item becomes an article row, a new version, a duplicate, or nothing.

DESIGN.md "Data": the source key is an article's identity. The same key with a new
text is a new version (`is_latest` moves to it); the same text under another key is
another article linked by `duplicate_of_id` and not extracted twice; the same key
with the same text writes nothing.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Session

from models import Article


class IngestOutcome(StrEnum):
    NEW = "new"
    UPDATED = "updated"  # a new version of a known article
    UNCHANGED = "unchanged"
    DUPLICATE = "duplicate"  # the text of another article, under a new key


@dataclass(frozen=True)
class IngestResult:
    """Where an item landed, and whether its text still needs extracting."""

    article_id: int
    source_key: str
    outcome: IngestOutcome
    needs_extraction: bool


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def ingest_document(
    session: Session,
    *,
    source: str,
    source_key: str,
    text: str,
    title: str | None = None,
    url: str | None = None,
    published: date | None = None,
) -> IngestResult:
    """Store one item's text under its key; the caller commits."""
    sha = text_sha256(text)
    # FOR UPDATE: two runs ingesting the same key serialise here instead of both
    # creating "version 2".
    latest = session.scalars(
        sa.select(Article)
        .where(Article.source_key == source_key, Article.is_latest)
        .with_for_update()
    ).one_or_none()

    if latest is not None and latest.sha256 == sha:
        # Nothing is written. An article whose extraction never succeeded (a crash
        # between ingest and persist, or an extraction error) is extracted again.
        return IngestResult(
            article_id=latest.id,
            source_key=source_key,
            outcome=IngestOutcome.UNCHANGED,
            needs_extraction=latest.duplicate_of_id is None and latest.extracted_at is None,
        )

    original_id = session.scalar(
        sa.select(sa.func.coalesce(Article.duplicate_of_id, Article.id))
        .where(Article.sha256 == sha, Article.source_key != source_key)
        .order_by(Article.id)
        .limit(1)
    )
    version = 1
    if latest is not None:
        version = latest.version + 1
        latest.is_latest = False
        # The partial unique index allows one latest row per key: clear the old flag first.
        session.flush()
    article = Article(
        source=source[:32],
        source_key=source_key,
        version=version,
        is_latest=True,
        title=title,
        url=url,
        published=published,
        text=text,
        sha256=sha,
        duplicate_of_id=original_id,
    )
    session.add(article)
    session.flush()
    if original_id is not None:
        outcome = IngestOutcome.DUPLICATE
    elif latest is not None:
        outcome = IngestOutcome.UPDATED
    else:
        outcome = IngestOutcome.NEW
    return IngestResult(
        article_id=article.id,
        source_key=source_key,
        outcome=outcome,
        needs_extraction=original_id is None,
    )
