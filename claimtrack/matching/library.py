"""The fact-check library in PostgreSQL: import, our own verdicts, and the index over both.

Services: they take a session and never commit; the caller's unit of work does.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert

from claimtrack.matching.index import Entry, MatchIndex
from claimtrack.matching.readers import FactCheckRecord
from models import Article, Claim, ClaimStatus, FactCheck, FactCheckOrigin

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from claimtrack.matching.encoder import MiniLMEncoder
    from claimtrack.settings import Settings

# Embeddings are computed and written in slices, so a big import shows progress and
# holds no more than one slice of vectors at a time.
EMBED_SLICE = 512


@dataclass
class ImportSummary:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (
            f"fact-checks: {self.new} new, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.failed} failed"
        )


def import_records(
    session: Session, records: Sequence[FactCheckRecord], source_name: str, summary: ImportSummary
) -> None:
    """Insert new fact-checks, update changed ones in place (version + 1), skip the rest.

    Within one call the last row with a given id wins, as a re-import of the file would.
    """
    latest: dict[str, FactCheckRecord] = {}
    for record in records:
        latest[record.source_id] = record
    if not latest:
        return
    existing: dict[str, str] = {}
    own: set[str] = set()
    for source_id, digest, origin in session.execute(
        sa.select(FactCheck.source_id, FactCheck.sha256, FactCheck.origin).where(
            FactCheck.source_id.in_(list(latest))
        )
    ):
        existing[source_id] = digest
        if origin == FactCheckOrigin.CLAIMTRACK.value:
            own.add(source_id)
    rows: list[dict[str, Any]] = []
    for source_id, record in latest.items():
        digest = record.content_hash()
        # Our own ClaimReview export read back: the review here is the original, the
        # export a copy of it, so the copy changes nothing.
        if existing.get(source_id) == digest or source_id in own:
            summary.unchanged += 1
            continue
        if source_id in existing:
            summary.updated += 1
        else:
            summary.new += 1
        rows.append(
            {
                "source_id": source_id,
                "origin": FactCheckOrigin.IMPORTED.value,
                "source_name": source_name,
                "claim_text": record.claim_text,
                "title": record.title,
                "rating": record.rating,
                "verdict": record.verdict,
                "url": record.url,
                "publisher": record.publisher,
                "claimer": record.claimer,
                "claim_date": record.claim_date,
                "published": record.published,
                "sha256": digest,
            }
        )
    if rows:
        _upsert(session, rows)


def _upsert(session: Session, rows: list[dict[str, Any]]) -> None:
    statement = insert(FactCheck)
    changed: dict[str, Any] = {
        column: statement.excluded[column] for column in rows[0] if column not in {"source_id"}
    }
    # A changed fact-check gets a new version, and its old embedding no longer fits its text.
    changed |= {
        "version": FactCheck.version + 1,
        "embedding": sa.null(),
        "embedding_model": sa.null(),
        "updated_at": sa.func.now(),
    }
    session.execute(
        statement.on_conflict_do_update(
            index_elements=[FactCheck.source_id],
            set_=changed,
            where=FactCheck.sha256 != statement.excluded.sha256,
        ),
        rows,
    )


def sync_own_fact_checks(session: Session, settings: Settings) -> int:
    """Every reviewed claim is a fact-check too, so a verdict given here is found next time.

    Returns how many rows were written (new or changed). A claim reopened since keeps
    its row, but `usable_entries` leaves it out until it is reviewed again.
    """
    from claimtrack.exports import RATING_NAMES, review_url

    reviewed = session.scalars(
        sa.select(Claim)
        .join(Article, Claim.article_id == Article.id)
        .where(Claim.status == ClaimStatus.REVIEWED.value, Claim.verdict.is_not(None))
        .where(Claim.merged_into_id.is_(None))
    ).all()
    records = []
    for claim in reviewed:
        verdict = claim.verdict or ""
        records.append(
            (
                claim,
                FactCheckRecord(
                    # The id its ClaimReview export carries, so re-importing that export
                    # finds this row instead of adding a copy.
                    source_id=review_url(claim, settings),
                    claim_text=claim.text,
                    title=claim.article.title,
                    rating=RATING_NAMES.get(verdict, verdict),
                    verdict=verdict,
                    url=review_url(claim, settings),
                    publisher=settings.organisation_name,
                    claimer=claim.claimer,
                    claim_date=claim.article.published,
                ),
            )
        )
    if not records:
        return 0
    existing = {
        source_id: digest
        for source_id, digest in session.execute(
            sa.select(FactCheck.source_id, FactCheck.sha256).where(
                FactCheck.origin == FactCheckOrigin.CLAIMTRACK.value
            )
        )
    }
    rows = []
    for claim, record in records:
        digest = record.content_hash()
        if existing.get(record.source_id) == digest:
            continue
        rows.append(
            {
                "source_id": record.source_id,
                "origin": FactCheckOrigin.CLAIMTRACK.value,
                "source_name": "claimtrack review",
                "claim_text": record.claim_text,
                "title": record.title,
                "rating": record.rating,
                "verdict": record.verdict,
                "url": record.url,
                "publisher": record.publisher,
                "claimer": record.claimer,
                "claim_date": record.claim_date,
                "published": None,
                "claim_id": claim.id,
                "sha256": digest,
            }
        )
    if rows:
        _upsert(session, rows)
    return len(rows)


def embed_missing(session: Session, encoder: MiniLMEncoder, model_name: str) -> int:
    """Compute the embeddings fact-checks lack (new or changed since); returns how many."""
    done = 0
    while True:
        pending = session.execute(
            sa.select(FactCheck.id, FactCheck.claim_text)
            .where(sa.or_(FactCheck.embedding.is_(None), FactCheck.embedding_model != model_name))
            .order_by(FactCheck.id)
            .limit(EMBED_SLICE)
        ).all()
        if not pending:
            return done
        vectors = encoder.encode([text for _, text in pending])
        session.execute(
            sa.update(FactCheck),
            [
                {"id": row_id, "embedding": vector.tobytes(), "embedding_model": model_name}
                for (row_id, _), vector in zip(pending, vectors, strict=True)
            ],
        )
        done += len(pending)


def usable_entries(session: Session, with_embeddings: bool) -> list[Entry]:
    """The fact-checks to match against: every imported one, and our own while the claim
    is still reviewed (a reopened claim's old verdict is no answer)."""
    columns: list[Any] = [
        FactCheck.id,
        FactCheck.source_id,
        FactCheck.claim_text,
        FactCheck.title,
        FactCheck.verdict,
    ]
    if with_embeddings:
        columns.append(FactCheck.embedding)
    query = (
        sa.select(*columns)
        .outerjoin(Claim, FactCheck.claim_id == Claim.id)
        .where(
            sa.or_(
                FactCheck.origin == FactCheckOrigin.IMPORTED.value,
                Claim.status == ClaimStatus.REVIEWED.value,
            )
        )
        .order_by(FactCheck.id)
    )
    entries = []
    for row in session.execute(query):
        vector = None
        if with_embeddings and row[5] is not None:
            vector = np.frombuffer(row[5], dtype=np.float32)
        entries.append(Entry(row[0], row[1], row[2], row[3], row[4], vector))
    return entries


def build_index(session: Session, encoder: MiniLMEncoder | None) -> MatchIndex:
    return MatchIndex(usable_entries(session, encoder is not None), encoder)


def fact_check_count(session: Session) -> int:
    return int(session.scalar(sa.select(sa.func.count()).select_from(FactCheck)) or 0)


def records_of(results: Iterable[FactCheckRecord | object]) -> list[FactCheckRecord]:
    return [r for r in results if isinstance(r, FactCheckRecord)]
