"""From article text to claims: sentences -> attributed regions -> clauses -> typed claims."""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
from dataclasses import dataclass
from typing import Any

from claimtrack.extraction import budget
from claimtrack.extraction.attribution import Region, attribute_sentences
from claimtrack.extraction.classify import (
    claim_type,
    has_legal_subject,
    is_boilerplate,
    is_future,
    is_not_a_claim,
    local_tense,
)
from claimtrack.extraction.clauses import find_boundaries, has_verb, trim_span
from claimtrack.extraction.dates import DateMention, find_dates
from claimtrack.extraction.entities import EntityRegistry
from claimtrack.extraction.quantities import QuantityMention, find_quantities
from claimtrack.extraction.sentences import Sentence, split_sentences
from claimtrack.extraction.signals import blend, sentence_scorer

__all__ = ["EXTRACTOR_VERSION", "ExtractedClaim", "article_result", "extract_claims"]

# Stored with every claim; bump whenever the output for the same text can change.
EXTRACTOR_VERSION = "claimtrack 0.3.0"

_MIN_CLAUSE_WORDS = 4
# Sentences scored per call of the check-worthiness model: each sentence's score is
# its own, so chunks change nothing but let a long text's budget be checked between.
_SCORE_CHUNK = 4096


@dataclass(frozen=True)
class ExtractedClaim:
    start: int
    end: int
    text: str
    sentence: str
    type: str
    claimer: str | None
    values: list[dict[str, Any]]
    checkworthiness: float

    def as_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "sentence": self.sentence,
            "type": self.type,
            "claimer": self.claimer,
            "values": self.values,
            "checkworthiness": self.checkworthiness,
        }


@dataclass(frozen=True)
class _Draft:
    start: int
    end: int
    sentence: Sentence
    type: str
    claimer: str | None
    values: list[dict[str, Any]]


@dataclass(frozen=True)
class _Value:
    start: int  # absolute offsets
    end: int
    value: dict[str, Any] | None  # None: a date that cannot be resolved (still makes a date claim)
    is_date: bool


def extract_claims(
    text: str,
    published: dt.date | None,
    *,
    budget_seconds: float | None = None,
    stop: threading.Event | None = None,
) -> list[ExtractedClaim]:
    """The claims of one article, in text order. Pure and deterministic.

    With `budget_seconds`, raises `ExtractionTimeout` once that time is spent; with
    `stop`, raises `ExtractionCancelled` soon after the event is set.
    """
    with budget.limit(budget_seconds, stop):
        return _extract_claims(text, published)


def _extract_claims(text: str, published: dt.date | None) -> list[ExtractedClaim]:
    sentences = split_sentences(text)
    budget.check()
    if not sentences:
        return []
    registry = EntityRegistry.from_text(text)
    attributed = attribute_sentences(text, sentences, registry)
    drafts: list[_Draft] = []
    for sentence, regions in zip(sentences, attributed, strict=True):
        budget.check()
        if sentence.is_headline or is_boilerplate(sentence.text) or _is_name_list(sentence.text):
            continue  # headlines repeat the body; line-ups and bylines assert nothing
        if sentence.text.rstrip(" \"'\u201d").endswith("?"):
            continue
        for region in regions:
            drafts.extend(_claims_in_region(text, sentence, region, published))
    if not drafts:
        return []
    unique_sentences = list(dict.fromkeys(d.sentence.text for d in drafts))
    scorer = sentence_scorer()
    scores: dict[str, float] = {}
    for first in range(0, len(unique_sentences), _SCORE_CHUNK):
        budget.check()
        chunk = unique_sentences[first : first + _SCORE_CHUNK]
        scores.update(zip(chunk, scorer(chunk), strict=True))
    return [
        ExtractedClaim(
            start=d.start,
            end=d.end,
            text=text[d.start : d.end],
            sentence=d.sentence.text,
            type=d.type,
            claimer=d.claimer,
            values=d.values,
            checkworthiness=blend(scores[d.sentence.text], d.type, len(d.values), d.claimer),
        )
        for d in drafts
    ]


def article_result(
    doc_id: str,
    text: str,
    published: dt.date | None,
    *,
    title: str | None = None,
    include_text: bool = False,
    budget_seconds: float | None = None,
) -> dict[str, Any]:
    """The spec's per-article JSON object. `include_text` for HTML, whose text we extracted."""
    result: dict[str, Any] = {
        "id": doc_id,
        "published": published.isoformat() if published else None,
        "extractor": EXTRACTOR_VERSION,
    }
    if title is not None:
        result["title"] = title
    if include_text:
        result["text"] = text
    claims = extract_claims(text, published, budget_seconds=budget_seconds)
    result["claims"] = [claim.as_dict() for claim in claims]
    return result


def _claims_in_region(
    text: str, sentence: Sentence, region: Region, published: dt.date | None
) -> list[_Draft]:
    boundaries = find_boundaries(text, region.start, region.end)
    pieces = _pieces(region.start, region.end, boundaries)
    futures = [is_future(text[s:e]) for s, e in pieces]
    values = _values(text, sentence, region, pieces, futures, published)
    clauses = _merge(text, pieces, boundaries, values)
    drafts: list[_Draft] = []
    for clause_start, clause_end in clauses:
        start, end = trim_span(text, clause_start, clause_end)
        clause = text[start:end]
        if len(clause.split()) < _MIN_CLAUSE_WORDS and not _has_values(values, start, end):
            continue
        inside = [v for v in values if start <= v.start and v.end <= end]
        if not inside and not has_verb(clause):
            continue
        concrete = [v.value for v in inside if v.value is not None]
        if is_not_a_claim(text[clause_start:clause_end], bool(concrete)):
            continue
        kind = claim_type(
            clause,
            has_quantity=any(not v.is_date for v in inside),
            has_date=any(v.is_date for v in inside),
            quoted=region.quoted,
            claimer=region.claimer,
        )
        drafts.append(_Draft(start, end, sentence, kind, region.claimer, concrete))
    if len(drafts) > 1 and has_legal_subject(text[region.start : region.end]):
        # The act is the subject of every clause, though named in the first alone.
        drafts = [dataclasses.replace(d, type="law") for d in drafts]
    return drafts


def _pieces(start: int, end: int, boundaries: list[Any]) -> list[tuple[int, int]]:
    pieces: list[tuple[int, int]] = []
    position = start
    for boundary in boundaries:
        pieces.append((position, boundary.start))
        position = boundary.end
    pieces.append((position, end))
    return pieces


def _values(
    text: str,
    sentence: Sentence,
    region: Region,
    pieces: list[tuple[int, int]],
    futures: list[bool],
    published: dt.date | None,
) -> list[_Value]:
    region_text = text[region.start : region.end]

    def future_at(relative: int) -> bool:
        absolute = region.start + relative
        for (start, end), future in zip(pieces, futures, strict=True):
            if start <= absolute < end:
                # The nearest verb before the date decides, even one in the attribution
                # ("X said on Tuesday that ..."); else the clause's tense.
                window = text[max(sentence.start, absolute - 60) : absolute]
                near = local_tense(" ".join(window.split()[-6:]))
                return future if near is None else near
        return False

    dates: list[DateMention] = find_dates(region_text, published, future_at)
    # "20 years ago" is both a date and a duration; other dates hide their numbers.
    quantities: list[QuantityMention] = find_quantities(
        region_text, [(d.start, d.end) for d in dates if d.kind != "ago"]
    )
    found: list[_Value] = []
    for date in dates:
        if date.value is None and date.explicit:
            continue  # a decade: no date at all for the claim's type
        value = {"kind": "date", "value": date.value, "text": date.text} if date.value else None
        found.append(_Value(region.start + date.start, region.start + date.end, value, True))
    for quantity in quantities:
        found.append(
            _Value(
                region.start + quantity.start,
                region.start + quantity.end,
                quantity.as_value(region_text),
                False,
            )
        )
    found.sort(key=lambda v: v.start)
    return found


def _merge(
    text: str, pieces: list[tuple[int, int]], boundaries: list[Any], values: list[_Value]
) -> list[tuple[int, int]]:
    """Clauses from pieces: a weak boundary stays only between two valued clauses; then a
    fragment too short to be a claim joins its neighbour."""
    kept: list[tuple[int, int]] = [pieces[0]]
    for boundary, piece in zip(boundaries, pieces[1:], strict=True):
        previous = kept[-1]
        if not boundary.strong:
            both_valued = _has_values(values, *previous) and _has_values(values, *piece)
            connector = text[boundary.start : boundary.end].strip(" ,")
            # Two facts need two clauses: "between three and four million" is one.
            clause = connector != "and" or _clause_like(text[piece[0] : piece[1]])
            if not (both_valued and clause):
                kept[-1] = (previous[0], piece[1])
                continue
        kept.append(piece)
    clauses: list[tuple[int, int]] = []
    for index, piece in enumerate(kept):
        if _words(text, *piece) >= _MIN_CLAUSE_WORDS:
            clauses.append(piece)
        elif clauses:
            clauses[-1] = (clauses[-1][0], piece[1])
        elif index + 1 < len(kept):
            kept[index + 1] = (piece[0], kept[index + 1][1])
        else:
            clauses.append(piece)
    return clauses


def _clause_like(piece: str) -> bool:
    """Has a verb, or opens with one ("... and serves 500,000 readers")."""
    if has_verb(piece):
        return True
    first = piece.split(None, 1)[0] if piece.strip() else ""
    return first.islower() and first.endswith(("s", "ed")) and len(first) > 3


def _words(text: str, start: int, end: int) -> int:
    return len(text[start:end].split())


def _has_values(values: list[_Value], start: int, end: int) -> bool:
    return any(start <= v.start and v.end <= end for v in values)


def _is_name_list(sentence: str) -> bool:
    """Team line-ups and lists of names: mostly capitalised words between commas or semicolons."""
    separators = sentence.count(",") + sentence.count(";")
    if separators < 3:
        return False
    words = [w for w in sentence.split() if w[:1].isalpha()]
    capitalised = sum(1 for w in words if w[0].isupper())
    return bool(words) and capitalised / len(words) > 0.6
