"""Fact-check files -> records: ClaimReview JSON-LD, CSV, and the CheckThat! TSV.

Pure: no database. Every row either becomes a `FactCheckRecord` or a `RowError`
naming the file and row, so one bad row never hides the good ones
(`../shared/spec/matching.md`).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import Any

from claimtrack.matching.ratings import verdict_from_rating

# A fact-check's claim longer than this is not a claim but a mis-mapped column.
MAX_CLAIM_CHARS = 5000


@dataclass(frozen=True)
class FactCheckRecord:
    source_id: str
    claim_text: str
    title: str | None = None
    rating: str | None = None
    verdict: str | None = None
    url: str | None = None
    publisher: str | None = None
    claimer: str | None = None
    claim_date: date | None = None
    published: date | None = None

    def content_hash(self) -> str:
        """What decides "changed" on re-import: every field, canonically serialised."""
        payload = json.dumps(asdict(self), sort_keys=True, default=str, ensure_ascii=False)
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class RowError:
    where: str  # "file.csv row 7"
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


ReadResult = FactCheckRecord | RowError


def read_fact_checks(path: Path) -> Iterator[ReadResult]:
    """The records of one file, by its extension; a file that cannot be read at all is
    one RowError for the whole file."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        yield RowError(str(path), f"cannot read: {exc.strerror or exc}")
        return
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        yield RowError(str(path), f"not UTF-8 text (byte {exc.start})")
        return
    suffix = path.suffix.lower()
    if suffix == ".tsv":
        yield from _read_checkthat_tsv(text, str(path))
    elif suffix == ".csv":
        yield from _read_csv(text, str(path))
    elif suffix == ".jsonl":
        yield from _read_claimreview_lines(text, str(path))
    elif suffix in {".json", ".jsonld"}:
        yield from _read_claimreview_document(text, str(path))
    else:
        yield RowError(
            str(path),
            f"unknown format {suffix or '(no extension)'}: use .jsonld/.json/.jsonl, .csv or .tsv",
        )


def _clean(value: Any) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None


def _date(value: Any) -> date | None:
    text = _clean(value)
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def _record(where: str, **fields: Any) -> ReadResult:
    claim = _clean(fields.get("claim_text"))
    if not claim:
        return RowError(where, "no claim text")
    if len(claim) > MAX_CLAIM_CHARS:
        return RowError(where, f"claim text of {len(claim)} characters (at most {MAX_CLAIM_CHARS})")
    source_id = _clean(fields.get("source_id"))
    if not source_id:
        return RowError(where, "no id (a TSV vclaim_id, a CSV id or url, a ClaimReview url)")
    return FactCheckRecord(
        source_id=source_id,
        claim_text=claim,
        title=_clean(fields.get("title")),
        rating=_clean(fields.get("rating")),
        verdict=fields.get("verdict"),
        url=_clean(fields.get("url")),
        publisher=_clean(fields.get("publisher")),
        claimer=_clean(fields.get("claimer")),
        claim_date=_date(fields.get("claim_date")),
        published=_date(fields.get("published")),
    )


def _read_checkthat_tsv(text: str, name: str) -> Iterator[ReadResult]:
    # The shared file's header leaves the id column unnamed; quoted fields hold tabs
    # and doubled quotes, so a CSV reader with quoting reads it, not str.split.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter="\t")
    header = next(reader, None)
    if header is None:
        return
    columns = [c.strip().lower() for c in header]
    if len(columns) < 2 or "vclaim" not in columns:
        yield RowError(f"{name} row 1", "header must be `vclaim_id <TAB> vclaim <TAB> title`")
        return
    claim_at = columns.index("vclaim")
    id_at = columns.index("vclaim_id") if "vclaim_id" in columns else 0
    title_at = columns.index("title") if "title" in columns else None
    for number, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        where = f"{name} row {number}"
        if len(row) <= max(claim_at, id_at):
            yield RowError(where, f"{len(row)} columns, expected {len(columns)}")
            continue
        title = row[title_at] if title_at is not None and title_at < len(row) else None
        yield _record(where, source_id=row[id_at], claim_text=row[claim_at], title=title)


def _read_csv(text: str, name: str) -> Iterator[ReadResult]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    fields = {(f or "").strip().lower(): f for f in reader.fieldnames or []}
    if "claim" not in fields:
        yield RowError(f"{name} row 1", "the header needs a `claim` column")
        return

    def get(row: dict[str, Any], key: str) -> Any:
        column = fields.get(key)
        return row.get(column) if column else None

    for number, row in enumerate(reader, start=2):
        if None in row:
            yield RowError(f"{name} row {number}", "more cells than the header has columns")
            continue
        claim = get(row, "claim")
        rating = _clean(get(row, "verdict")) or _clean(get(row, "rating"))
        yield _record(
            f"{name} row {number}",
            source_id=_clean(get(row, "id")) or _clean(get(row, "url")),
            claim_text=claim,
            title=get(row, "title"),
            rating=rating,
            verdict=verdict_from_rating(rating),
            url=get(row, "url"),
            publisher=get(row, "publisher"),
            claimer=get(row, "claimer"),
            claim_date=get(row, "date"),
            published=get(row, "published"),
        )


def _read_claimreview_lines(text: str, name: str) -> Iterator[ReadResult]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{name} line {number}"
        try:
            data = json.loads(line)
        except (ValueError, RecursionError) as exc:
            yield RowError(where, f"not valid JSON ({str(exc).splitlines()[0][:120]})")
            continue
        yield from _claimreviews_in(data, where)


def _read_claimreview_document(text: str, name: str) -> Iterator[ReadResult]:
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        yield RowError(name, f"not valid JSON ({str(exc).splitlines()[0][:120]})")
        return
    yield from _claimreviews_in(data, name)


def _claimreviews_in(data: Any, where: str) -> Iterator[ReadResult]:
    """ClaimReview objects in a JSON value: one object, a list, or an @graph."""
    if isinstance(data, list):
        for index, item in enumerate(data, start=1):
            yield from _claimreviews_in(item, f"{where} item {index}")
        return
    if not isinstance(data, dict):
        yield RowError(where, "not a JSON object")
        return
    if isinstance(data.get("dataFeedElement"), list):
        # A schema.org DataFeed, as publishers' and Google's ClaimReview feeds are:
        # each element holds its ClaimReviews under "item".
        for index, element in enumerate(data["dataFeedElement"], start=1):
            items = element.get("item") if isinstance(element, dict) else None
            if items is None:
                yield RowError(f"{where} dataFeedElement {index}", "no item")
                continue
            yield from _claimreviews_in(items, f"{where} dataFeedElement {index}")
        return
    if "@graph" in data and isinstance(data["@graph"], list):
        reviews = [g for g in data["@graph"] if isinstance(g, dict) and _is_claimreview(g)]
        for index, item in enumerate(reviews, start=1):
            yield _from_claimreview(item, f"{where} @graph item {index}")
        return
    if not _is_claimreview(data):
        yield RowError(where, f"not a ClaimReview (@type {data.get('@type')!r})")
        return
    yield _from_claimreview(data, where)


def _is_claimreview(data: dict[str, Any]) -> bool:
    kind = data.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return "ClaimReview" in kinds


def _name_of(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        return _clean(value.get("name"))
    return _clean(value)


def _number(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _from_claimreview(data: dict[str, Any], where: str) -> ReadResult:
    rating = data.get("reviewRating")
    rating = rating[0] if isinstance(rating, list) and rating else rating
    rating = rating if isinstance(rating, dict) else {}
    words = _clean(rating.get("alternateName")) or _clean(rating.get("name"))
    verdict = verdict_from_rating(
        words,
        _number(rating.get("ratingValue")),
        _number(rating.get("bestRating")),
        _number(rating.get("worstRating")),
    )
    item = data.get("itemReviewed")
    item = item if isinstance(item, dict) else {}
    appearance = item.get("firstAppearance") or item.get("appearance")
    appearance = appearance[0] if isinstance(appearance, list) and appearance else appearance
    appearance = appearance if isinstance(appearance, dict) else {}
    return _record(
        where,
        source_id=data.get("url"),
        claim_text=data.get("claimReviewed"),
        # The fact-check's own headline; the appearance's headline is the article's.
        title=data.get("name") or data.get("headline"),
        rating=words or _clean(rating.get("ratingValue")),
        verdict=verdict,
        url=data.get("url"),
        publisher=_name_of(data.get("author")) or _name_of(data.get("publisher")),
        claimer=_name_of(item.get("author")),
        claim_date=item.get("datePublished") or appearance.get("datePublished"),
        published=data.get("datePublished"),
    )
