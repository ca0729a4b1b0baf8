"""Reconciliation: an article's freshly extracted claims against the claims it already has.

DESIGN.md "Data": a claim found again (same fingerprint, else an overlapping span)
keeps its row, status, verdict, notes, history and reviewers' edits, and moves to
the new article version; a claim no longer found becomes `stale` (never deleted);
a stale claim found again returns to the status it had.

Events: marking stale, un-staling and changing a kept claim each write a
claim_event (actor "pipeline"). Creating a claim writes none: the row itself
(created_at, extractor_version, origin) and the run's extraction_run row record
it, and one event per new claim would double the rows written on every run.
"""

from __future__ import annotations

import bisect
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol, cast

import sqlalchemy as sa
from sqlalchemy.orm import Session, defer

from claimtrack.review.transitions import Action, target_status
from claimtrack.store.fingerprint import fingerprints_for
from models import Article, Claim, ClaimEvent, ClaimOrigin, ClaimStatus

PIPELINE_ACTOR = "pipeline"
# The pipeline's own transitions, checked against the review workflow's one table.
MARK_STALE = Action.MARK_STALE.value
UNSTALE = Action.UNSTALE.value
# Not a status change: a kept claim's content or place changed with a new extraction.
REEXTRACT = "reextract"

# Fields a reviewer may have corrected (keys of Claim.reviewer_edits).
_SPAN_FIELDS = ("span_start", "span_end", "text")
_CONTENT_FIELDS = ("type", "claimer", "values", "sentence", "checkworthiness")
# Changes worth an event: what the claim says or where it is, not bookkeeping.
_EVENT_FIELDS = ("article_id", "span_start", "span_end", "text", "type", "claimer", "values")


# Core statements built once: the pipeline runs them for every article, and building
# an ORM statement costs more than executing a cached one.
_articles = cast(sa.Table, Article.__table__)
_claims = cast(sa.Table, Claim.__table__)
_versions = _articles.alias("versions")
# Marks the version extracted and locks its row in one statement: the lock serialises
# this with the ingestion of a newer version (which clears is_latest) and with
# another run reconciling the same version. Returns whether any version of the
# article already has claims; no row means a newer version exists.
_MARK_EXTRACTED = (
    _articles.update()
    .where(_articles.c.id == sa.bindparam("id_"), _articles.c.is_latest)
    .values(
        extractor_version=sa.bindparam("version_"),
        extracted_at=sa.bindparam("at_"),
        extraction_error=None,
    )
    .returning(
        sa.exists()
        .where(_claims.c.article_id == _versions.c.id)
        .where(_versions.c.source_key == _articles.c.source_key)
        .label("has_claims")
    )
)


class ClaimLike(Protocol):
    """What the store needs of an extracted claim (claimtrack.extraction.ExtractedClaim)."""

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def text(self) -> str: ...
    @property
    def sentence(self) -> str: ...
    @property
    def type(self) -> str: ...
    @property
    def claimer(self) -> str | None: ...
    @property
    def values(self) -> list[dict[str, Any]]: ...
    @property
    def checkworthiness(self) -> float: ...


@dataclass
class ReconcileCounts:
    new: int = 0
    kept: int = 0
    stale: int = 0
    restored: int = 0  # stale claims found again (also counted in kept)
    # Per claim type: Counter of "new", "kept", "stale".
    by_type: dict[str, Counter[str]] = field(default_factory=dict)

    def count(self, what: str, claim_type: str) -> None:
        setattr(self, what, getattr(self, what) + 1)
        self.by_type.setdefault(claim_type, Counter())[what] += 1


@dataclass
class _Fresh:
    claim: ClaimLike
    fingerprint: str
    matched: bool = False


def reconcile_claims(
    session: Session,
    article_id: int,
    extracted: Sequence[ClaimLike],
    extractor_version: str,
) -> ReconcileCounts | None:
    """Store an article version's extracted claims; the caller commits.

    Returns None, writing nothing, when a newer version of the article has been
    ingested meanwhile: that version's own extraction reconciles the claims.
    """
    has_claims = session.execute(
        _MARK_EXTRACTED,
        {"id_": article_id, "version_": extractor_version, "at_": datetime.now(UTC)},
    ).scalar_one_or_none()
    if has_claims is None:
        return None
    ordered = sorted(extracted, key=lambda c: (c.start, c.end))
    prints = fingerprints_for((c.text, c.type, c.values) for c in ordered)
    fresh = [_Fresh(c, p) for c, p in zip(ordered, prints, strict=True)]
    counts = ReconcileCounts()
    if not has_claims:
        # The usual case, a new article: nothing to match, so no ORM objects at all.
        _insert_new(session, fresh, article_id, extractor_version, counts)
        return counts

    # The text is loaded only if a stored claim must be found again by its span.
    article = session.get_one(
        Article, article_id, populate_existing=True, options=[defer(Article.text)]
    )
    existing = _claims_of_key(session, article.source_key)

    matches = _match(existing, fresh, article)
    events: list[dict[str, Any]] = []
    matched_ids = set()
    for old, new in matches:
        matched_ids.add(old.id)
        event = _keep(old, new, article, extractor_version)
        counts.count("kept", old.type)
        if event is not None:
            if event["action"] == UNSTALE:
                counts.restored += 1
            events.append(event)
    for old in existing:
        if old.id in matched_ids:
            continue
        # A claim a reviewer added was never the extractor's to find: it stays while
        # its text does.
        if old.origin == ClaimOrigin.REVIEWER.value and _text_still_there(old, article):
            counts.count("kept", old.type)
            event = _follow_text(old, article)
            if event is not None:
                if event["action"] == UNSTALE:
                    counts.restored += 1
                events.append(event)
            continue
        if old.status == ClaimStatus.STALE.value:
            continue
        events.append(_mark_stale(old))
        counts.count("stale", old.type)
    session.flush()  # bumps each changed claim's version before its event records it
    for event in events:
        event["claim_version"] = event.pop("claim").version

    _insert_new(session, fresh, article_id, extractor_version, counts)
    if events:
        session.execute(sa.insert(ClaimEvent).values(events))
    return counts


def _insert_new(
    session: Session,
    fresh: list[_Fresh],
    article_id: int,
    extractor_version: str,
    counts: ReconcileCounts,
) -> None:
    rows = [_new_row(item, article_id, extractor_version) for item in fresh if not item.matched]
    if rows:
        _copy_claims(session, rows)
        for row in rows:
            counts.count("new", row["type"])


def mark_extraction_failed(session: Session, article_id: int, error: str) -> None:
    """Record why an article gave no claims; its claims (if any) are left as they were."""
    session.execute(
        sa.update(Article).where(Article.id == article_id).values(extraction_error=error[:2000])
    )


def articles_to_reextract(extractor_version: str) -> sa.Select[int]:
    """Latest, non-duplicate article versions extracted by another extractor version."""
    return (
        sa.select(Article.id)
        .where(
            Article.is_latest,
            Article.duplicate_of_id.is_(None),
            sa.or_(
                Article.extractor_version.is_(None),
                Article.extractor_version != extractor_version,
            ),
        )
        .order_by(Article.id)
    )


def _claims_of_key(session: Session, source_key: str) -> list[Claim]:
    """Every claim of every version of the article, the stale ones included."""
    versions = sa.select(Article.id).where(Article.source_key == source_key)
    return list(
        session.scalars(
            sa.select(Claim).where(Claim.article_id.in_(versions)).order_by(Claim.id)
        ).all()
    )


def _match(
    existing: Sequence[Claim], fresh: list[_Fresh], article: Article
) -> list[tuple[Claim, _Fresh]]:
    """Pair stored claims with fresh ones: by fingerprint first, then by overlapping span."""
    pairs: list[tuple[Claim, _Fresh]] = []
    by_print = {item.fingerprint: item for item in fresh}
    unmatched: list[Claim] = []
    for old in existing:
        item = by_print.get(old.fingerprint)
        if item is not None and not item.matched:
            item.matched = True
            pairs.append((old, item))
        else:
            unmatched.append(old)
    if not unmatched:
        return pairs
    starts = [item.claim.start for item in fresh]
    for old in unmatched:
        span = relocate(article.text, old.text, old.span_start)
        if span is None:
            continue
        best = _best_overlap(span, fresh, starts)
        if best is not None:
            best.matched = True
            pairs.append((old, best))
    return pairs


def relocate(text: str, claim_text: str, near: int) -> tuple[int, int] | None:
    """The span of `claim_text` in `text` nearest to offset `near`, or None if it is gone."""
    if not claim_text:
        return None
    if text[near : near + len(claim_text)] == claim_text:
        return near, near + len(claim_text)
    best: int | None = None
    position = text.find(claim_text)
    while position != -1:
        if best is None or abs(position - near) < abs(best - near):
            best = position
        position = text.find(claim_text, position + 1)
    return None if best is None else (best, best + len(claim_text))


def _best_overlap(span: tuple[int, int], fresh: list[_Fresh], starts: list[int]) -> _Fresh | None:
    """The unmatched fresh claim overlapping `span` by at least half of the shorter one.

    The same rule the evaluation uses to say a predicted claim is a gold one.
    """
    start, end = span
    best: _Fresh | None = None
    best_overlap = 0
    # Claims never span sentences, so candidates start before `end`; scan those only.
    for item in fresh[: bisect.bisect_left(starts, end)]:
        if item.matched:
            continue
        overlap = min(end, item.claim.end) - max(start, item.claim.start)
        shorter = min(end - start, item.claim.end - item.claim.start)
        if overlap > 0 and overlap * 2 >= shorter and overlap > best_overlap:
            best, best_overlap = item, overlap
    return best


def _keep(
    old: Claim, new: _Fresh, article: Article, extractor_version: str
) -> dict[str, Any] | None:
    """Update a claim found again; return its event (as a row) if anything that matters changed."""
    edits = old.reviewer_edits or {}
    claim = new.claim
    reviewer_claim = old.origin == ClaimOrigin.REVIEWER.value or "origin" in edits
    wanted: dict[str, Any] = {"article_id": article.id, "fingerprint": new.fingerprint}
    if not reviewer_claim:
        wanted["extractor_version"] = extractor_version
    if reviewer_claim or any(name in edits for name in _SPAN_FIELDS):
        # The reviewer's span stands, but must index the new version's text.
        span = relocate(article.text, old.text, old.span_start)
        if span is not None:
            wanted.update(span_start=span[0], span_end=span[1])
        else:
            wanted.update(span_start=claim.start, span_end=claim.end, text=claim.text)
    else:
        wanted.update(span_start=claim.start, span_end=claim.end, text=claim.text)
    for name in _CONTENT_FIELDS:
        if not (reviewer_claim or name in edits):
            wanted[name] = getattr(claim, name)
    changes: dict[str, list[Any]] = {}
    for name, value in wanted.items():
        before = getattr(old, name)
        if before != value:
            if name in _EVENT_FIELDS:
                changes[name] = [before, value]
            setattr(old, name, value)
    if old.status == ClaimStatus.STALE.value:
        return _unstale(old, changes)
    if changes:
        return _event(old, REEXTRACT, old.status, changes)
    return None


def _text_still_there(old: Claim, article: Article) -> bool:
    return relocate(article.text, old.text, old.span_start) is not None


def _follow_text(old: Claim, article: Article) -> dict[str, Any] | None:
    """Move a reviewer's claim to where its text now is; its event, if anything changed."""
    span = relocate(article.text, old.text, old.span_start)
    assert span is not None  # checked by _text_still_there
    changes: dict[str, list[Any]] = {}
    for name, value in (("article_id", article.id), ("span_start", span[0]), ("span_end", span[1])):
        before = getattr(old, name)
        if before != value:
            changes[name] = [before, value]
            setattr(old, name, value)
    if old.status == ClaimStatus.STALE.value:
        return _unstale(old, changes)
    return _event(old, REEXTRACT, old.status, changes) if changes else None


def _unstale(old: Claim, changes: dict[str, list[Any]]) -> dict[str, Any]:
    """A stale claim found again returns to the status it had before it went stale."""
    before = old.status
    old.status = target_status(
        Action.UNSTALE, before, None, status_before_stale=old.status_before_stale, claim_id=old.id
    ).value
    old.status_before_stale = None
    return _event(old, UNSTALE, before, changes)


def _mark_stale(old: Claim) -> dict[str, Any]:
    before = old.status
    old.status = target_status(Action.MARK_STALE, before, None, claim_id=old.id).value
    old.status_before_stale = before
    # An assignment on a claim that left its article would block nobody but mislead the queue.
    old.assignee_id = None
    old.assigned_until = None
    return _event(old, MARK_STALE, before, {})


def _event(claim: Claim, action: str, from_status: str, changes: dict[str, Any]) -> dict[str, Any]:
    # "claim" is swapped for claim_version once the flush has bumped the version.
    return {
        "claim": claim,
        "claim_id": claim.id,
        "reviewer_id": None,
        "actor": PIPELINE_ACTOR,
        "action": action,
        "from_status": from_status,
        "to_status": claim.status,
        "from_verdict": claim.verdict,
        "to_verdict": claim.verdict,
        "note": None,
        "changes": _jsonable(changes),
    }


def _jsonable(changes: dict[str, Any]) -> dict[str, Any]:
    return {name: list(pair) for name, pair in changes.items()}


def _new_row(item: _Fresh, article_id: int, extractor_version: str) -> dict[str, Any]:
    claim = item.claim
    return {
        "article_id": article_id,
        "span_start": claim.start,
        "span_end": claim.end,
        "text": claim.text,
        "sentence": claim.sentence,
        "type": claim.type,
        "claimer": claim.claimer,
        "values": list(claim.values),
        "checkworthiness": min(1.0, max(0.0, float(claim.checkworthiness))),
        "extractor_version": extractor_version,
        "fingerprint": item.fingerprint,
        "origin": ClaimOrigin.EXTRACTOR.value,
        "status": ClaimStatus.NEW.value,
    }


# The claim columns COPY fills (the rest take their server defaults).
CLAIM_COPY_COLUMNS = (
    "article_id",
    "span_start",
    "span_end",
    "text",
    "sentence",
    "type",
    "claimer",
    "values",
    "checkworthiness",
    "extractor_version",
    "fingerprint",
    "origin",
    "status",
)


def _copy_claims(session: Session, rows: list[dict[str, Any]]) -> None:
    """Insert new claims with COPY, inside the session's transaction.

    The pipeline's hot path: COPY streams the rows in one command, where an
    executemany sends one statement a row and a multi-row INSERT is compiled
    afresh for every row count (both measured several times slower here).
    """
    driver = session.connection().connection.driver_connection
    assert driver is not None  # a connection in a transaction is always open
    columns = ", ".join(f'"{name}"' for name in CLAIM_COPY_COLUMNS)
    with driver.cursor() as cursor, cursor.copy(f"COPY claim ({columns}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(
                tuple(
                    json.dumps(row[name]) if name == "values" else row[name]
                    for name in CLAIM_COPY_COLUMNS
                )
            )


def count_totals(counts: Iterable[ReconcileCounts]) -> ReconcileCounts:
    total = ReconcileCounts()
    for part in counts:
        total.new += part.new
        total.kept += part.kept
        total.stale += part.stale
        total.restored += part.restored
        for claim_type, counter in part.by_type.items():
            total.by_type.setdefault(claim_type, Counter()).update(counter)
    return total
