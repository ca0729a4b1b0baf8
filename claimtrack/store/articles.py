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
from typing import cast

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


# Built once: a plain INSERT, no ORM object, on the hot path of every first run.
_INSERT_ARTICLE = cast(sa.Table, Article.__table__).insert().returning(Article.__table__.c.id)


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class _Latest:
    article_id: int
    sha256: str
    needs_extraction: bool


@dataclass
class BatchView:
    """What the store knows of a batch's keys and texts, read in one round trip.

    It lets a batch skip a transaction for every unchanged item (the usual case
    for a scheduled run over a feed) and insert a new item with one statement.
    A snapshot: `ingest_document` falls back to its locking path when the
    snapshot turns out stale (a unique violation from a concurrent run).
    """

    latest: dict[str, _Latest]
    originals: dict[str, int]  # sha256 -> the article that first had this text

    def unchanged(self, source_key: str, text: str) -> IngestResult | None:
        known = self.latest.get(source_key)
        if known is None or known.sha256 != text_sha256(text):
            return None
        return IngestResult(
            known.article_id, source_key, IngestOutcome.UNCHANGED, known.needs_extraction
        )

    def remember(self, result: IngestResult, sha: str) -> None:
        self.latest[result.source_key] = _Latest(result.article_id, sha, result.needs_extraction)
        if result.outcome is not IngestOutcome.DUPLICATE:
            self.originals.setdefault(sha, result.article_id)


def read_batch(session: Session, items: list[tuple[str, str]]) -> BatchView:
    """The latest version of each key and the first article of each text, for (key, text) pairs."""
    keys = [key for key, _ in items]
    shas = [text_sha256(text) for _, text in items]
    latest = {
        row.source_key: _Latest(
            row.id, row.sha256, row.duplicate_of_id is None and row.extracted_at is None
        )
        for row in session.execute(
            sa.select(
                Article.id,
                Article.source_key,
                Article.sha256,
                Article.duplicate_of_id,
                Article.extracted_at,
            ).where(Article.source_key.in_(keys), Article.is_latest)
        )
    }
    originals: dict[str, int] = {}
    for row in session.execute(
        sa.select(Article.sha256, sa.func.coalesce(Article.duplicate_of_id, Article.id))
        .where(Article.sha256.in_(shas))
        .order_by(Article.id)
    ):
        originals.setdefault(row[0], row[1])
    return BatchView(latest, originals)


def ingest_document(
    session: Session,
    *,
    source: str,
    source_key: str,
    text: str,
    title: str | None = None,
    url: str | None = None,
    published: date | None = None,
    view: BatchView | None = None,
) -> IngestResult:
    """Store one item's text under its key; the caller commits.

    With a `view` that does not know the key, the item is inserted at once as
    version 1 (a concurrent run inserting the same key makes this fail with a
    unique violation: retry without the view).
    """
    sha = text_sha256(text)
    if view is not None and source_key not in view.latest:
        original_id = view.originals.get(sha)
        article_id = session.execute(
            _INSERT_ARTICLE,
            {
                "source": source[:32],
                "source_key": source_key,
                "version": 1,
                "is_latest": True,
                "title": title,
                "url": url,
                "published": published,
                "text": text,
                "sha256": sha,
                "duplicate_of_id": original_id,
            },
        ).scalar_one()
        result = IngestResult(
            article_id=article_id,
            source_key=source_key,
            outcome=IngestOutcome.NEW if original_id is None else IngestOutcome.DUPLICATE,
            needs_extraction=original_id is None,
        )
        view.remember(result, sha)
        return result
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
    result = IngestResult(
        article_id=article.id,
        source_key=source_key,
        outcome=outcome,
        needs_extraction=original_id is None,
    )
    if view is not None:
        view.remember(result, sha)
    return result
