"""Exports of claims: CSV (safe to open in a spreadsheet), JSON Lines, and ClaimReview
JSON-LD (schema.org) for the reviewed ones.

ClaimReview rating scale (reviewRating.ratingValue, worstRating 1, bestRating 5):
    false 1, misleading 2, unverifiable 3 (neither confirmed nor refuted: the midpoint),
    true 5. 4 is unused, kept free for a "mostly true" verdict should one be added.
The verdict itself is reviewRating.alternateName (required by Google's fact-check
guidelines) and, capitalised, reviewRating.name (recommended).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any, TextIO
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from claimtrack.review.queries import ClaimFilters
    from claimtrack.settings import Settings
    from models import Claim

RATING_SCALE = {"false": 1, "misleading": 2, "unverifiable": 3, "true": 5}
# The human-readable rating Google shows beside the fact check (Rating.name).
RATING_NAMES = {
    "false": "False",
    "misleading": "Misleading",
    "unverifiable": "Unverifiable",
    "true": "True",
}
WORST_RATING = 1
BEST_RATING = 5

CSV_COLUMNS = (
    "id",
    "article_id",
    "article_key",
    "article_url",
    "article_published",
    "span_start",
    "span_end",
    "text",
    "sentence",
    "type",
    "claimer",
    "values",
    "checkworthiness",
    "status",
    "verdict",
    "note",
    "origin",
    "version",
    "updated_at",
)

# A spreadsheet treats a cell starting with one of these as a formula (OWASP "CSV
# injection"); tab and carriage return can hide such a start from a quick look.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# Claimers whose names contain one of these are organisations, not people.
_ORGANISATION_WORDS = frozenset(
    {
        "agency",
        "association",
        "authority",
        "bank",
        "board",
        "bureau",
        "cabinet",
        "centre",
        "center",
        "commission",
        "committee",
        "company",
        "corp",
        "corporation",
        "council",
        "court",
        "department",
        "foundation",
        "fund",
        "government",
        "group",
        "inc",
        "institute",
        "league",
        "limited",
        "ltd",
        "ministry",
        "network",
        "office",
        "organisation",
        "organization",
        "parliament",
        "party",
        "police",
        "press",
        "reuters",
        "secretariat",
        "service",
        "times",
        "union",
        "university",
        "federation",
        "forces",
        "army",
        "navy",
        "nato",
        "imf",
    }
)


class ExportFormat(StrEnum):
    csv = "csv"
    jsonl = "jsonl"
    claimreview = "claimreview"


def csv_safe(value: str) -> str:
    """A text cell a spreadsheet shows as text: a leading quote defuses a formula start."""
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def claim_record(claim: Claim) -> dict[str, Any]:
    """The claim as plain JSON-ready data (the JSON Lines row; the CSV row before flattening)."""
    article = claim.article
    return {
        "id": claim.id,
        "article_id": claim.article_id,
        "article_key": article.source_key,
        "article_url": article.url,
        "article_published": article.published.isoformat() if article.published else None,
        "span_start": claim.span_start,
        "span_end": claim.span_end,
        "text": claim.text,
        "sentence": claim.sentence,
        "type": claim.type,
        "claimer": claim.claimer,
        "values": claim.values,
        "checkworthiness": claim.checkworthiness,
        "status": claim.status,
        "verdict": claim.verdict,
        "note": claim.note,
        "origin": claim.origin,
        "version": claim.version,
        "updated_at": claim.updated_at.isoformat() if claim.updated_at else None,
    }


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return value  # numbers are numbers: "-5" stays a number, not a defused formula
    if isinstance(value, list | dict):
        value = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return csv_safe(str(value))


def write_csv(claims: Iterable[Claim], out: TextIO) -> int:
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    count = 0
    for claim in claims:
        record = claim_record(claim)
        writer.writerow([_csv_cell(record[column]) for column in CSV_COLUMNS])
        count += 1
    return count


def write_jsonl(claims: Iterable[Claim], out: TextIO) -> int:
    count = 0
    for claim in claims:
        out.write(json.dumps(claim_record(claim), ensure_ascii=False) + "\n")
        count += 1
    return count


def _looks_like_organisation(name: str) -> bool:
    words = {w.strip(".,'()").lower() for w in name.split()}
    return bool(words & _ORGANISATION_WORDS) or name.isupper()


def _publisher_name(url: str | None, fallback: str) -> str:
    host = urlsplit(url).hostname if url else None
    if host:
        return host.removeprefix("www.")
    return fallback


def claim_author(claim: Claim) -> dict[str, Any]:
    """Who made the claim: the claimer as a Person or Organization; with no claimer the
    article asserts it in its own voice, so its publisher (named by the article's site)."""
    if claim.claimer:
        kind = "Organization" if _looks_like_organisation(claim.claimer) else "Person"
        return {"@type": kind, "name": claim.claimer}
    return {
        "@type": "Organization",
        "name": _publisher_name(claim.article.url, claim.article.source_key),
    }


def review_date(claim: Claim) -> date:
    """When the verdict was given: the latest review event, else the last update."""
    for event in reversed(claim.events):
        if event.action == "review" and event.created_at is not None:
            return event.created_at.date()
    stamp = claim.updated_at or claim.created_at
    return stamp.date() if isinstance(stamp, datetime) else date.today()


def review_url(claim: Claim, settings: Settings) -> str:
    from claimtrack.review.errors import InvalidInput

    try:
        return settings.review_url_template.format(
            claim_id=claim.id, article_id=claim.article_id, fingerprint=claim.fingerprint
        )
    except (KeyError, IndexError, ValueError) as error:
        raise InvalidInput(
            f"CLAIMTRACK_REVIEW_URL_TEMPLATE {settings.review_url_template!r} is not valid: "
            f"use {{claim_id}}, {{article_id}} or {{fingerprint}} ({error})"
        ) from None


def claim_review(claim: Claim, settings: Settings) -> dict[str, Any]:
    """One reviewed claim as a schema.org ClaimReview (JSON-LD)."""
    if claim.status != "reviewed" or claim.verdict not in RATING_SCALE:
        raise ValueError(f"claim {claim.id} has no verdict to publish")
    article = claim.article
    appearance: dict[str, Any] = {"@type": "CreativeWork"}
    if article.url:
        appearance["url"] = article.url
    if article.title:
        appearance["headline"] = article.title
    if article.published:
        appearance["datePublished"] = article.published.isoformat()
    item: dict[str, Any] = {
        "@type": "Claim",
        "author": claim_author(claim),
        "appearance": appearance,
        "firstAppearance": appearance,
    }
    if article.published:
        item["datePublished"] = article.published.isoformat()
    rating: dict[str, Any] = {
        "@type": "Rating",
        "ratingValue": RATING_SCALE[claim.verdict],
        "bestRating": BEST_RATING,
        "worstRating": WORST_RATING,
        "alternateName": claim.verdict,
        "name": RATING_NAMES[claim.verdict],
    }
    if claim.note:
        rating["ratingExplanation"] = claim.note
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": review_url(claim, settings),
        "claimReviewed": claim.text,
        "itemReviewed": item,
        "reviewRating": rating,
        "author": {
            "@type": "Organization",
            "name": settings.organisation_name,
            "url": settings.organisation_url,
        },
        "datePublished": review_date(claim).isoformat(),
    }


def write_claimreview(claims: Iterable[Claim], out: TextIO, settings: Settings) -> int:
    """A JSON array of ClaimReview objects, for the reviewed claims among `claims` only."""
    reviews = [
        claim_review(c, settings)
        for c in claims
        if c.status == "reviewed" and c.verdict in RATING_SCALE
    ]
    json.dump(reviews, out, ensure_ascii=False, indent=2)
    out.write("\n")
    return len(reviews)


def _claims(session: Session, filters: ClaimFilters, batch: int = 1000) -> Iterator[Claim]:
    """All matching claims in a stable order, a batch at a time (keyset pagination), so a
    large export never holds one huge result; the session's identity map is weak, so
    claims already written can be collected."""
    import sqlalchemy as sa
    from sqlalchemy.orm import selectinload

    from claimtrack.review.queries import filtered
    from models import Article, Claim

    last_id = 0
    while True:
        rows = session.scalars(
            filtered(sa.select(Claim), filters)
            .where(Claim.id > last_id)
            .options(
                selectinload(Claim.article).load_only(
                    Article.source_key, Article.url, Article.title, Article.published
                ),
                selectinload(Claim.events),
            )
            .order_by(Claim.id)
            .limit(batch)
        ).all()
        if not rows:
            return
        yield from rows
        last_id = rows[-1].id


def export_claims(
    session: Session,
    filters: ClaimFilters,
    export_format: ExportFormat | str,
    out: TextIO,
    settings: Settings | None = None,
) -> int:
    """Write the claims `filters` selects in `export_format`; returns how many were written.
    ClaimReview writes the reviewed ones only, whatever the filters say."""
    from claimtrack.settings import get_settings

    fmt = ExportFormat(export_format)
    if fmt is ExportFormat.csv:
        return write_csv(_claims(session, filters), out)
    if fmt is ExportFormat.jsonl:
        return write_jsonl(_claims(session, filters), out)
    return write_claimreview(_claims(session, filters), out, settings or get_settings())
