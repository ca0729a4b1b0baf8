"""Scoring of extracted claims against a gold set (spec/extraction.md, "Gold sets and scoring").

Pure: no database, no Prefect, no extractor import. Callers hand in gold articles (loaded
with :func:`load_gold`) and predicted claims per article; :func:`score` returns the counts
and rates. Gold ``source_file`` paths are resolved against the repository root (see
:func:`find_repo_root`), e.g. ``../shared/data/bbc-news/bbc/business/001.txt``.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from claimtrack.errors import ClaimtrackError

CLAIM_TYPES = frozenset({"law", "quantity", "date", "quote", "causal", "prediction", "statement"})
TIERS = frozenset({"must", "may"})
QUALIFIERS = frozenset({"more_than", "less_than", "about", "at_least", "up_to"})
_DATE_VALUE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_CURRENCY_CODE = re.compile(r"^[A-Z]{3}$")

# Units whose identity is part of the fact, so a predicted value must carry the same unit
# (spec: "time, measure, %, rank and currency units equal"). Any other unit is a counted
# noun ("job", "law lord"), which may differ or be missing. Plurals map to the singular
# so that a sloppy "days" still compares equal to "day".
_TIME_UNITS = (
    "second",
    "minute",
    "hour",
    "day",
    "week",
    "month",
    "quarter",
    "year",
    "decade",
    "century",
)
_MEASURE_UNITS = (
    "metre",
    "kilometre",
    "centimetre",
    "millimetre",
    "mile",
    "foot",
    "inch",
    "yard",
    "litre",
    "gallon",
    "barrel",
    "tonne",
    "ton",
    "kilogram",
    "gram",
    "acre",
    "hectare",
    "degree",
    "byte",
    "kilobyte",
    "megabyte",
    "gigabyte",
    "terabyte",
    "bit",
    "megabit",
    "kbps",
    "mbps",
    "gbps",
    "watt",
    "kilowatt",
    "megawatt",
    "gigawatt",
    "mph",
    "kph",
    "point",
    "km",
    "kg",
    "mb",
    "gb",
)
_STRICT_UNITS: dict[str, str] = {}
for _unit in (*_TIME_UNITS, *_MEASURE_UNITS):
    _STRICT_UNITS[_unit] = _unit
    _STRICT_UNITS[_unit + "s"] = _unit
_STRICT_UNITS.update(
    {
        "centuries": "century",
        "feet": "foot",
        "inches": "inch",
        "%": "%",
        "percent": "%",
        "per cent": "%",
        "percentage point": "%",
        "rank": "rank",
    }
)

AMOUNT_TOLERANCE = 0.005  # spec: amounts equal within 0.5 %


class GoldError(ClaimtrackError, ValueError):
    """A gold file (or predictions file) that cannot be scored; the message says why."""


@dataclass(frozen=True)
class Span:
    start: int
    end: int

    @property
    def length(self) -> int:
        return self.end - self.start


@dataclass(frozen=True)
class GoldClaim:
    start: int
    end: int
    tier: str
    type: str
    claimer: str | None
    values: tuple[Mapping[str, Any], ...]


@dataclass(frozen=True)
class GoldArticle:
    id: str
    source_file: str
    path: Path
    text: str
    published: str | None
    claims: tuple[GoldClaim, ...]


@dataclass(frozen=True)
class PredictedClaim:
    start: int
    end: int
    type: str | None
    claimer: str | None
    values: tuple[Mapping[str, Any], ...]


@dataclass
class Counts:
    """Raw counts; rates derive from them so articles can be summed (micro-averaged)."""

    predicted: int = 0
    predicted_matched: int = 0
    must: int = 0
    must_matched: int = 0
    may: int = 0
    may_matched: int = 0
    must_values: int = 0
    must_values_found: int = 0
    type_correct: int = 0
    claimer_correct: int = 0

    def add(self, other: Counts) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def precision(self) -> float | None:
        return _ratio(self.predicted_matched, self.predicted)

    @property
    def recall(self) -> float | None:
        return _ratio(self.must_matched, self.must)

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 0.0 if p + r == 0 else 2 * p * r / (p + r)

    @property
    def value_recall(self) -> float | None:
        return _ratio(self.must_values_found, self.must_values)

    @property
    def type_accuracy(self) -> float | None:
        return _ratio(self.type_correct, self.must_matched)

    @property
    def claimer_accuracy(self) -> float | None:
        return _ratio(self.claimer_correct, self.must_matched)

    def as_dict(self) -> dict[str, Any]:
        counts = {name: getattr(self, name) for name in self.__dataclass_fields__}
        rates = {
            name: getattr(self, name)
            for name in (
                "precision",
                "recall",
                "f1",
                "value_recall",
                "type_accuracy",
                "claimer_accuracy",
            )
        }
        return {**rates, "counts": counts}


@dataclass
class Report:
    strict: bool
    total: Counts
    per_article: dict[str, Counts] = field(default_factory=dict)

    def as_dict(self, per_article: bool = False) -> dict[str, Any]:
        result: dict[str, Any] = {
            "strict": self.strict,
            "articles": len(self.per_article),
            **self.total.as_dict(),
        }
        if per_article:
            result["per_article"] = {key: c.as_dict() for key, c in self.per_article.items()}
        return result


def _ratio(numerator: int, denominator: int) -> float | None:
    return None if denominator == 0 else numerator / denominator


# --- loading -----------------------------------------------------------------------------


def find_repo_root(start: Path) -> Path:
    """The nearest directory at or above ``start`` holding a pyproject.toml, else ``start``.

    Gold files live in tests/gold/ but name their sources relative to the repository root
    (``../shared/...``), the same way the rest of the project refers to ../shared.
    """
    start = start.resolve()
    for directory in (start, *start.parents):
        if (directory / "pyproject.toml").is_file():
            return directory
    return start


def read_article_text(path: Path) -> str:
    """The article text as the extractor sees it: the whole file as UTF-8, BOM dropped."""
    data = path.read_bytes()
    try:
        # newline="" semantics: offsets are into the file's characters, \r\n kept as is.
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise GoldError(f"{path}: not UTF-8 ({error.reason} at byte {error.start})") from None


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load_gold(gold_path: Path, root: Path | None = None) -> list[GoldArticle]:
    """Read and validate a gold JSONL file; every problem raises GoldError naming its line."""
    if not gold_path.is_file():
        raise GoldError(f"gold file not found: {gold_path}")
    base = root if root is not None else find_repo_root(gold_path.parent)
    articles: list[GoldArticle] = []
    seen: set[str] = set()
    lines = gold_path.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{gold_path}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise GoldError(f"{where}: not valid JSON ({error.msg})") from None
        article = parse_gold_article(record, base, where)
        if article.id in seen:
            raise GoldError(f"{where}: duplicate article id {article.id!r}")
        seen.add(article.id)
        articles.append(article)
    if not articles:
        raise GoldError(f"{gold_path}: no gold articles in the file")
    return articles


def parse_gold_article(record: Any, base: Path, where: str) -> GoldArticle:
    if not isinstance(record, dict):
        raise GoldError(f"{where}: a gold line must be a JSON object")
    article_id = record.get("id")
    source_file = record.get("source_file")
    if not isinstance(article_id, str) or not article_id:
        raise GoldError(f"{where}: missing or empty 'id'")
    if not isinstance(source_file, str) or not source_file:
        raise GoldError(f"{where}: missing 'source_file'")
    path = base / source_file
    if not path.is_file():
        raise GoldError(f"{where}: source file {source_file!r} not found (looked in {base})")
    expected_sha = record.get("sha256")
    if expected_sha is not None and sha256_of(path) != expected_sha:
        raise GoldError(f"{where}: source file {source_file!r} changed: sha256 differs from gold")
    published = record.get("published")
    if published is not None and (
        not isinstance(published, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", published)
    ):
        raise GoldError(f"{where}: 'published' must be YYYY-MM-DD or null")
    raw_claims = record.get("claims")
    if not isinstance(raw_claims, list):
        raise GoldError(f"{where}: 'claims' must be a list")
    text = read_article_text(path)
    claims = tuple(
        parse_gold_claim(raw, text, f"{where} claim {index + 1}")
        for index, raw in enumerate(raw_claims)
    )
    return GoldArticle(article_id, source_file, path, text, published, claims)


def parse_gold_claim(raw: Any, text: str, where: str) -> GoldClaim:
    if not isinstance(raw, dict):
        raise GoldError(f"{where}: a claim must be a JSON object")
    span = locate_claim(raw, text, where)
    tier = raw.get("tier")
    if tier not in TIERS:
        raise GoldError(f"{where}: tier {tier!r} is not 'must' or 'may'")
    claim_type = raw.get("type")
    if claim_type not in CLAIM_TYPES:
        raise GoldError(f"{where}: type {claim_type!r} is not one of {sorted(CLAIM_TYPES)}")
    claimer = raw.get("claimer")
    if claimer is not None and (not isinstance(claimer, str) or not claimer.strip()):
        raise GoldError(f"{where}: claimer must be a non-empty string or null")
    values = raw.get("values", [])
    if not isinstance(values, list):
        raise GoldError(f"{where}: 'values' must be a list")
    for value in values:
        problem = value_problem(value)
        if problem:
            raise GoldError(f"{where}: {problem}")
    if claim_type == "quantity" and not any(v["kind"] == "quantity" for v in values):
        raise GoldError(f"{where}: a quantity claim needs a quantity value")
    return GoldClaim(span.start, span.end, tier, claim_type, claimer, tuple(values))


def locate_claim(raw: Mapping[str, Any], text: str, where: str) -> Span:
    """The claim's span, by ``anchor`` (+ ``occurrence``, 1-based) or by ``start``/``end``."""
    anchor = raw.get("anchor")
    start, end = raw.get("start"), raw.get("end")
    if anchor is not None:
        if not isinstance(anchor, str) or not anchor:
            raise GoldError(f"{where}: 'anchor' must be a non-empty string")
        occurrence = raw.get("occurrence", 1)
        if not isinstance(occurrence, int) or isinstance(occurrence, bool) or occurrence < 1:
            raise GoldError(f"{where}: 'occurrence' must be an integer >= 1")
        position = -1
        for _ in range(occurrence):
            position = text.find(anchor, position + 1)
            if position < 0:
                raise GoldError(f"{where}: anchor occurrence {occurrence} not found in the text")
        span = Span(position, position + len(anchor))
        if start is not None and (start, end) != (span.start, span.end):
            raise GoldError(f"{where}: start/end disagree with the anchor")
        return span
    if not all(isinstance(x, int) and not isinstance(x, bool) for x in (start, end)):
        raise GoldError(f"{where}: needs an 'anchor' or integer 'start' and 'end'")
    assert isinstance(start, int) and isinstance(end, int)
    if not 0 <= start < end <= len(text):
        raise GoldError(f"{where}: span {start}-{end} is outside the text (length {len(text)})")
    return Span(start, end)


def value_problem(value: Any) -> str | None:
    """Why a value breaks the spec's value format, or None when it is well formed."""
    if not isinstance(value, dict):
        return "a value must be a JSON object"
    kind = value.get("kind")
    if kind == "date":
        if not isinstance(value.get("value"), str) or not _DATE_VALUE.match(value["value"]):
            return f"date value {value.get('value')!r} is not YYYY[-MM[-DD]]"
        return None
    if kind == "quantity":
        amount = value.get("amount")
        if not isinstance(amount, int | float) or isinstance(amount, bool) or amount < 0:
            return f"amount {amount!r} is not an unsigned number"
        unit = value.get("unit")
        if unit is not None and (not isinstance(unit, str) or not unit):
            return f"unit {unit!r} must be a non-empty string or null"
        if value.get("qualifier") not in (None, *QUALIFIERS):
            return f"qualifier {value.get('qualifier')!r} unknown"
        return None
    return f"value kind {kind!r} is not 'date' or 'quantity'"


def predicted_from_mapping(raw: Mapping[str, Any]) -> PredictedClaim:
    values = raw.get("values") or []
    return PredictedClaim(
        int(raw["start"]),
        int(raw["end"]),
        raw.get("type"),
        raw.get("claimer"),
        tuple(v for v in values if isinstance(v, dict)),
    )


def load_predictions(
    path: Path, articles: Sequence[GoldArticle]
) -> dict[str, list[PredictedClaim]]:
    """Predicted claims per gold article id, from `claimtrack extract --format json` output.

    An output object belongs to a gold article when its id is the gold id, the gold
    ``source_file`` string, or a path naming the same file.
    """
    if not path.is_file():
        raise GoldError(f"predictions file not found: {path}")
    by_key: dict[str, GoldArticle] = {}
    for gold_article in articles:
        by_key[gold_article.id] = gold_article
        by_key[gold_article.source_file] = gold_article
        by_key[str(gold_article.path.resolve())] = gold_article
    found: dict[str, list[PredictedClaim]] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise GoldError(f"{where}: not valid JSON ({error.msg})") from None
        if not isinstance(record, dict) or "id" not in record:
            raise GoldError(f"{where}: expected an object with an 'id'")
        key = str(record["id"])
        article = by_key.get(key) or by_key.get(str(Path(key).resolve()))
        if article is None:
            continue  # predictions for articles outside this gold set are ignored
        if "error" in record:
            raise GoldError(f"{where}: the extractor failed on {key!r}: {record['error']}")
        claims = record.get("claims")
        if not isinstance(claims, list):
            raise GoldError(f"{where}: 'claims' must be a list")
        predicted: list[PredictedClaim] = []
        for index, raw in enumerate(claims, start=1):
            try:
                claim = predicted_from_mapping(raw)
            except (KeyError, TypeError, ValueError):
                raise GoldError(f"{where} claim {index}: needs integer 'start' and 'end'") from None
            # Offsets into another text (another decoding, a stripped headline) would make
            # every overlap meaningless, so a mismatch is an error, not a low score.
            if "text" in raw and article.text[claim.start : claim.end] != raw["text"]:
                raise GoldError(
                    f"{where} claim {index}: 'text' is not the article text at "
                    f"{claim.start}-{claim.end}; offsets into another text?"
                )
            predicted.append(claim)
        found[article.id] = predicted
    missing = [a.id for a in articles if a.id not in found]
    if missing:
        raise GoldError(f"{path}: no predictions for gold article(s) {', '.join(missing)}")
    return found


# --- matching and scoring ----------------------------------------------------------------


def overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    return max(0, min(a_end, b_end) - max(a_start, b_start))


def spans_match(gold: GoldClaim, predicted: PredictedClaim, strict: bool = False) -> bool:
    """Overlap >= half of the shorter span (strict: half of the union)."""
    shared = overlap(gold.start, gold.end, predicted.start, predicted.end)
    if shared <= 0:
        return False
    gold_length, predicted_length = gold.end - gold.start, predicted.end - predicted.start
    if strict:
        return 2 * shared >= gold_length + predicted_length - shared
    return 2 * shared >= min(gold_length, predicted_length)


def match_claims(
    gold: Sequence[GoldClaim], predicted: Sequence[PredictedClaim], strict: bool = False
) -> dict[int, int]:
    """One-to-one matching, gold index -> predicted index: `must` first, greedy by overlap.

    Ties break by position (earlier gold, then earlier prediction) so results are stable.
    """
    matches: dict[int, int] = {}
    used: set[int] = set()
    for tier in ("must", "may"):
        candidates = [
            (overlap(g.start, g.end, p.start, p.end), gi, pi)
            for gi, g in enumerate(gold)
            if g.tier == tier
            for pi, p in enumerate(predicted)
            if spans_match(g, p, strict)
        ]
        candidates.sort(key=lambda c: (-c[0], gold[c[1]].start, predicted[c[2]].start))
        for _, gi, pi in candidates:
            if gi not in matches and pi not in used:
                matches[gi] = pi
                used.add(pi)
    return matches


def unit_class(unit: Any) -> str | None:
    """The unit's normal form when it must match exactly, None for a counted noun or none."""
    if not isinstance(unit, str):
        return None
    stripped = unit.strip()
    if _CURRENCY_CODE.match(stripped):
        return stripped
    return _STRICT_UNITS.get(stripped.lower())


def values_equal(gold: Mapping[str, Any], predicted: Mapping[str, Any]) -> bool:
    """The spec's value comparison; qualifiers are not compared."""
    if gold.get("kind") != predicted.get("kind"):
        return False
    if gold.get("kind") == "date":
        return str(gold.get("value")) == str(predicted.get("value"))
    gold_amount, predicted_amount = gold.get("amount"), predicted.get("amount")
    if not isinstance(gold_amount, int | float) or not isinstance(predicted_amount, int | float):
        return False
    if abs(predicted_amount - gold_amount) > AMOUNT_TOLERANCE * abs(gold_amount):
        return False
    # A counted noun may differ or be missing, but "5 job" is still not "5 %": when the
    # gold unit is a counted noun the prediction must not name a strict unit instead.
    return unit_class(gold.get("unit")) == unit_class(predicted.get("unit"))


def surname(name: str) -> str:
    words = re.findall(r"[\w'-]+", name)
    return words[-1] if words else name.strip()


def claimers_match(gold: str | None, predicted: str | None) -> bool:
    """Null matches null; otherwise the gold surname appears as a word in the prediction."""
    if gold is None:
        return predicted is None or not predicted.strip()
    if not predicted:
        return False
    pattern = r"(?<![\w])" + re.escape(surname(gold).lower()) + r"(?![\w])"
    return re.search(pattern, predicted.lower()) is not None


def score_article(
    gold: Sequence[GoldClaim], predicted: Sequence[PredictedClaim], strict: bool = False
) -> Counts:
    matches = match_claims(gold, predicted, strict)
    counts = Counts(predicted=len(predicted), predicted_matched=len(matches))
    for gi, claim in enumerate(gold):
        if claim.tier == "may":
            counts.may += 1
            counts.may_matched += gi in matches
            continue
        counts.must += 1
        for value in claim.values:
            counts.must_values += 1
            counts.must_values_found += any(
                overlap(claim.start, claim.end, p.start, p.end) > 0
                and any(values_equal(value, pv) for pv in p.values)
                for p in predicted
            )
        if gi in matches:
            match = predicted[matches[gi]]
            counts.must_matched += 1
            counts.type_correct += match.type == claim.type
            counts.claimer_correct += claimers_match(claim.claimer, match.claimer)
    return counts


def score(
    articles: Iterable[GoldArticle],
    predictions: Mapping[str, Sequence[PredictedClaim]],
    strict: bool = False,
) -> Report:
    report = Report(strict=strict, total=Counts())
    for article in articles:
        counts = score_article(article.claims, predictions.get(article.id, ()), strict)
        report.per_article[article.id] = counts
        report.total.add(counts)
    return report
