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
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any, TextIO
from urllib.parse import quote, urlsplit

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from claimtrack.extraction.entities import EntityRegistry
    from claimtrack.review.queries import ClaimFilters
    from claimtrack.settings import Settings
    from models import Article, Claim

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
    "reviewer",
    "assignee",
    "evidence_urls",
    "fact_checks",
    "sibling_ids",
    "finding_ids",
    "finding_rules",
    "origin",
    "version",
    "updated_at",
)

# A spreadsheet treats a cell starting with one of these as a formula (OWASP "CSV
# injection"); tab and carriage return can hide such a start from a quick look.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class ExportFormat(StrEnum):
    csv = "csv"
    jsonl = "jsonl"
    claimreview = "claimreview"


def csv_safe(value: str) -> str:
    """A text cell a spreadsheet shows as text: a leading quote defuses a formula start."""
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def _is_web_url(value: str | None) -> bool:
    return bool(value) and urlsplit(value or "").scheme in ("http", "https")


def article_link(article: Article, settings: Settings | None) -> str | None:
    """The article's public URL: its own, else CLAIMTRACK_PUBLISHER_URL joined with its key
    (a path relative to its source folder), else None. Never a local path."""
    if _is_web_url(article.url):
        return article.url
    if _is_web_url(article.source_key):
        return article.source_key
    base = settings.publisher_url if settings is not None else None
    if not _is_web_url(base):
        return None
    assert base is not None  # narrowed by _is_web_url
    # An absolute key (stored by an older claimtrack) names the machine: keep its file name.
    key = article.source_key
    key = key.rsplit("/", 1)[-1] if key.startswith("/") else key
    return f"{base.rstrip('/')}/{quote(key, safe='/#')}"


def _article_key(article: Article, settings: Settings | None) -> str:
    """The key as exported: once a publisher URL is configured, no local path leaves."""
    if settings is not None and settings.publisher_url and not _is_web_url(article.source_key):
        return article_link(article, settings) or article.source_key
    return article.source_key


def _reviewer_name(claim: Claim) -> str | None:
    """Who gave the claim's current verdict: the actor of its latest review."""
    if claim.verdict is None:
        return None
    for event in reversed(claim.events):
        if event.action == "review":
            return event.actor
    return None


@dataclass(frozen=True)
class LinkRefs:
    """What a reviewer tied the claim to: the fact-checks they accepted (each its url, else
    its source id) and the sibling claims they linked. Suggestions are the matcher's, not
    a review, so they are not exported."""

    fact_checks: list[str] = field(default_factory=list)
    sibling_ids: list[int] = field(default_factory=list)
    # Open consistency findings on the claim (issue 17): unsettled contradictions.
    finding_ids: list[int] = field(default_factory=list)
    finding_rules: list[str] = field(default_factory=list)


def link_refs(session: Session, claim_ids: Sequence[int]) -> dict[int, LinkRefs]:
    """The decided links of many claims in one query; claims without any are left out."""
    import sqlalchemy as sa

    from models import ClaimLink, FactCheck, LinkDecision, LinkKind

    rows = session.execute(
        sa.select(
            ClaimLink.claim_id,
            ClaimLink.kind,
            ClaimLink.sibling_id,
            FactCheck.url,
            FactCheck.source_id,
        )
        .outerjoin(FactCheck, FactCheck.id == ClaimLink.fact_check_id)
        .where(
            ClaimLink.claim_id.in_(list(claim_ids)),
            sa.or_(
                sa.and_(
                    ClaimLink.kind == LinkKind.FACT_CHECK.value,
                    ClaimLink.decision == LinkDecision.ACCEPTED.value,
                ),
                sa.and_(
                    ClaimLink.kind == LinkKind.SIBLING.value,
                    ClaimLink.decision == LinkDecision.LINKED.value,
                ),
            ),
        )
        .order_by(ClaimLink.claim_id, ClaimLink.id)
    ).all()
    refs: dict[int, LinkRefs] = {}
    for claim_id, kind, sibling_id, url, source_id in rows:
        ref = refs.setdefault(claim_id, LinkRefs())
        if kind == LinkKind.SIBLING.value and sibling_id is not None:
            ref.sibling_ids.append(sibling_id)
        elif source_id is not None:
            ref.fact_checks.append(url if url is not None and _is_web_url(url) else source_id)
    from claimtrack.review.findings import finding_refs

    for claim_id, findings in finding_refs(session, claim_ids).items():
        ref = refs.setdefault(claim_id, LinkRefs())
        ref.finding_ids.extend(f.id for f in findings)
        ref.finding_rules.extend(f.rule for f in findings)
    return refs


def _links_of(claim: Claim) -> LinkRefs:
    """One claim's links, looked up through its own session (none when it has none)."""
    from sqlalchemy.orm import object_session

    session = object_session(claim)
    if session is None or claim.id is None:
        return LinkRefs()
    return link_refs(session, [claim.id]).get(claim.id, LinkRefs())


def claim_record(
    claim: Claim, settings: Settings | None = None, links: LinkRefs | None = None
) -> dict[str, Any]:
    """The claim as plain JSON-ready data (the JSON Lines row; the CSV row before flattening).
    With `settings`, the article's key and URL follow CLAIMTRACK_PUBLISHER_URL. `links`:
    the claim's decided links when the caller loaded them for many claims at once; else
    they are looked up for this claim alone."""
    article = claim.article
    links = links if links is not None else _links_of(claim)
    return {
        "id": claim.id,
        "article_id": claim.article_id,
        "article_key": _article_key(article, settings),
        "article_url": article_link(article, settings),
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
        "reviewer": _reviewer_name(claim),
        "assignee": claim.assignee.name if claim.assignee is not None else None,
        "evidence_urls": [e.url for e in claim.evidence if e.url],
        "fact_checks": links.fact_checks,
        "sibling_ids": links.sibling_ids,
        "finding_ids": links.finding_ids,
        "finding_rules": links.finding_rules,
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


def _links_in(links: Mapping[int, LinkRefs] | None, claim: Claim) -> LinkRefs | None:
    return links.get(claim.id, LinkRefs()) if links is not None else None


def write_csv(
    claims: Iterable[Claim],
    out: TextIO,
    settings: Settings | None = None,
    links: Mapping[int, LinkRefs] | None = None,
) -> int:
    """`links`: the claims' decided links by claim id (see `export_claims`); None looks
    each claim's up on its own."""
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    count = 0
    for claim in claims:
        record = claim_record(claim, settings, _links_in(links, claim))
        writer.writerow([_csv_cell(record[column]) for column in CSV_COLUMNS])
        count += 1
    return count


def write_jsonl(
    claims: Iterable[Claim],
    out: TextIO,
    settings: Settings | None = None,
    links: Mapping[int, LinkRefs] | None = None,
) -> int:
    count = 0
    for claim in claims:
        record = claim_record(claim, settings, _links_in(links, claim))
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count


def article_publisher(article: Article, settings: Settings | None) -> dict[str, Any] | None:
    """The organisation that published the article: its own site's, else the configured
    publisher's (CLAIMTRACK_PUBLISHER_NAME / _URL), else None: never a file path."""
    own = article.url if _is_web_url(article.url) else None
    if own is None and _is_web_url(article.source_key):
        own = article.source_key
    configured = settings.publisher_url if settings is not None else None
    site = own or (configured if _is_web_url(configured) else None)
    if site is None:
        return None
    parts = urlsplit(site)
    name = (settings.publisher_name if settings is not None and own is None else None) or (
        (parts.hostname or "").removeprefix("www.")
    )
    return {"@type": "Organization", "name": name, "url": f"{parts.scheme}://{parts.netloc}"}


def claim_author(
    claim: Claim, settings: Settings | None = None, registry: EntityRegistry | None = None
) -> dict[str, Any] | None:
    """Who made the claim: the claimer as a Person or Organization (decided by the
    claimer's words and the article's own entities); None for a claimer that is only a
    description ("figures published by regulator"). With no claimer the article asserts
    it in its own voice: its publisher, when known."""
    from claimtrack.claimers import ClaimerKind, claimer_kind

    if claim.claimer:
        kind = claimer_kind(claim.claimer, registry)
        if kind is ClaimerKind.DESCRIPTION:
            return None
        return {"@type": kind.value, "name": claim.claimer}
    return article_publisher(claim.article, settings)


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


def claim_review(
    claim: Claim, settings: Settings, registry: EntityRegistry | None = None
) -> dict[str, Any]:
    """One reviewed claim as a schema.org ClaimReview (JSON-LD). `registry`: the
    article's entities, which tell a person from an organisation (built when None)."""
    if claim.status != "reviewed" or claim.verdict not in RATING_SCALE:
        raise ValueError(f"claim {claim.id} has no verdict to publish")
    article = claim.article
    if registry is None and claim.claimer:
        registry = article_entities(article)
    appearance: dict[str, Any] = {"@type": "CreativeWork"}
    link = article_link(article, settings)
    if link:
        appearance["url"] = link
    if article.title:
        appearance["headline"] = article.title
    if article.published:
        appearance["datePublished"] = article.published.isoformat()
    item: dict[str, Any] = {
        "@type": "Claim",
        "appearance": appearance,
        "firstAppearance": appearance,
    }
    author = claim_author(claim, settings, registry)
    if author is not None:
        item["author"] = author
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


def article_entities(article: Article) -> EntityRegistry | None:
    """The people and organisations the article names, as the extractor finds them."""
    from claimtrack.extraction.entities import EntityRegistry

    text = article.text
    return EntityRegistry.from_text(text) if text else None


def write_claimreview(claims: Iterable[Claim], out: TextIO, settings: Settings) -> int:
    """A JSON array of ClaimReview objects, for the reviewed claims among `claims` only."""
    registries: dict[int, EntityRegistry | None] = {}
    reviews = []
    for claim in claims:
        if claim.status != "reviewed" or claim.verdict not in RATING_SCALE:
            continue
        registry = None
        if claim.claimer:
            if claim.article_id not in registries:
                registries[claim.article_id] = article_entities(claim.article)
            registry = registries[claim.article_id]
        reviews.append(claim_review(claim, settings, registry))
    json.dump(reviews, out, ensure_ascii=False, indent=2)
    out.write("\n")
    return len(reviews)


def _claims(
    session: Session,
    filters: ClaimFilters,
    batch: int = 1000,
    links: dict[int, LinkRefs] | None = None,
) -> Iterator[Claim]:
    """All matching claims in a stable order, a batch at a time (keyset pagination), so a
    large export never holds one huge result; the session's identity map is weak, so
    claims already written can be collected. `links`, when given, is refilled with each
    batch's decided links just before that batch is yielded: one query a batch."""
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
                selectinload(Claim.evidence),
                selectinload(Claim.assignee),
            )
            .order_by(Claim.id)
            .limit(batch)
        ).all()
        if not rows:
            return
        if links is not None:
            links.clear()
            links.update(link_refs(session, [claim.id for claim in rows]))
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
    settings = settings or get_settings()
    links: dict[int, LinkRefs] = {}
    if fmt is ExportFormat.csv:
        return write_csv(_claims(session, filters, links=links), out, settings, links)
    if fmt is ExportFormat.jsonl:
        return write_jsonl(_claims(session, filters, links=links), out, settings, links)
    return write_claimreview(_claims(session, filters), out, settings)
