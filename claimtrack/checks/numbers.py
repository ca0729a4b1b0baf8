"""Values placed in their sentence, and the interval of true values a stated figure allows.

A stated figure is rounded ("$11.1bn" is anything from 11.05 to 11.15 billion) and
often qualified ("about 9%", "nearly a quarter", "more than 70 years"): a rule
contradicts a claim only when no value inside both intervals could make it true.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from claimtrack.checks.model import ClaimFacts

INF = math.inf
# "about 9%" may be off by this fraction of the figure, beyond its rounding.
ABOUT = 0.1
# A share said in words ("a quarter", "two-thirds") is itself a rounding of the real
# share: journalists say "a quarter" of 23% or 27%, not of 20%.
FRACTION_WORDS_SLACK = 2.5

_NUMBER = re.compile(r"\d[\d,]*(?:\.(\d+))?")
_QUALIFIERS = (
    ("nearly", re.compile(r"\b(nearly|almost|just under|close to|just short of)\s+$", re.I)),
    (
        "about",
        re.compile(r"\b(about|around|roughly|approximately|some|an estimated|c\.)\s+$", re.I),
    ),
    (
        "more_than",
        re.compile(r"\b(more than|over|above|upwards of|in excess of|just over)\s+$", re.I),
    ),
    ("at_least", re.compile(r"\bat least\s+$", re.I)),
    ("less_than", re.compile(r"\b(less than|fewer than|under|below)\s+$", re.I)),
    ("up_to", re.compile(r"\b(up to|as many as|as much as)\s+$", re.I)),
)


@dataclass(frozen=True)
class Placed:
    """A value with its offsets in its sentence (found by its `text` field)."""

    value: dict[str, Any]
    start: int
    end: int
    claim_id: int

    @property
    def text(self) -> str:
        return str(self.value.get("text", ""))

    @property
    def kind(self) -> str:
        return str(self.value.get("kind", ""))

    @property
    def unit(self) -> str | None:
        unit = self.value.get("unit")
        return str(unit) if unit is not None else None

    @property
    def amount(self) -> float | None:
        amount = self.value.get("amount")
        return float(amount) if isinstance(amount, int | float) else None


@dataclass(frozen=True)
class Sentence:
    text: str
    claims: tuple[ClaimFacts, ...]
    values: tuple[Placed, ...]

    def before(self, placed: Placed, chars: int = 30) -> str:
        return self.text[max(0, placed.start - chars) : placed.start]

    def after(self, placed: Placed, chars: int = 30) -> str:
        return self.text[placed.end : placed.end + chars]


def sentences(claims: Iterable[ClaimFacts]) -> list[Sentence]:
    """Claims grouped by sentence, each value placed where its words are: a figure and
    the percentage that describes it are often split into two claims of one sentence."""
    groups: dict[str, list[ClaimFacts]] = defaultdict(list)
    for claim in claims:
        groups[claim.sentence].append(claim)
    result = []
    for text, members in groups.items():
        placed: dict[tuple[int, int], Placed] = {}
        for claim in members:
            for value in _place(text, claim):
                placed.setdefault((value.start, value.end), value)
        ordered = tuple(sorted(placed.values(), key=lambda p: p.start))
        result.append(Sentence(text, tuple(members), ordered))
    return result


def _place(sentence: str, claim: ClaimFacts) -> list[Placed]:
    base = sentence.find(claim.text)
    cursor = max(base, 0)
    placed = []
    for value in claim.values:
        words = value.get("text")
        if not isinstance(words, str) or not words:
            continue  # a value a reviewer typed in has no words to place it by
        at = sentence.find(words, cursor)
        if at < 0:
            at = sentence.find(words)
        if at < 0:
            continue
        placed.append(Placed(value, at, at + len(words), claim.id))
        cursor = at + len(words)
    return placed


def qualifier(sentence: Sentence, placed: Placed) -> str | None:
    """The value's own qualifier, else one read from the words just before it."""
    own = placed.value.get("qualifier")
    if isinstance(own, str):
        return own
    lead = sentence.before(placed, 24)
    for name, pattern in _QUALIFIERS:
        if pattern.search(lead):
            return name
    return None


def rounding(placed: Placed) -> float:
    """Half a unit of the last digit stated: "$11.1bn" is +-0.05bn, "$100m" +-0.5m,
    "7,000" +-500; a small whole number without a scale word ("3 of the 12") is a count,
    exact."""
    amount = placed.amount
    if amount is None:
        return 0.0
    match = _NUMBER.search(placed.text)
    if match is None:
        return FRACTION_WORDS_SLACK if placed.unit == "%" else 0.0
    digits = match.group(0).replace(",", "")
    number = float(digits)
    scale = amount / number if number else 1.0
    if match.group(1):
        return float(0.5 * 10 ** -len(match.group(1)) * scale)
    if number < 1000:
        # "$100m" is stated to the million, not rounded to the hundred million.
        return 0.0 if scale == 1.0 and placed.unit != "%" else 0.5 * scale
    whole = digits.rstrip("0")
    zeros = len(digits) - len(whole) if whole else 0
    return float(0.5 * 10**zeros * scale)


def stated_interval(sentence: Sentence, placed: Placed) -> tuple[float, float]:
    """Every true value the stated figure allows, given its rounding and qualifier."""
    amount = placed.amount
    if amount is None:
        return (-INF, INF)
    half = rounding(placed)
    low, high = amount - half, amount + half
    match qualifier(sentence, placed):
        case "about":
            low, high = amount * (1 - ABOUT) - half, amount * (1 + ABOUT) + half
        case "nearly":
            low = amount * (1 - ABOUT) - half
        case "more_than" | "at_least":
            high = INF
        case "less_than" | "up_to":
            low = -INF
    return (low, high)


def overlaps(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def interval_text(interval: tuple[float, float], digits: int = 2) -> str:
    low, high = interval
    if low == -INF:
        return f"at most {high:.{digits}f}"
    if high == INF:
        return f"at least {low:.{digits}f}"
    return f"{low:.{digits}f} to {high:.{digits}f}"


def figure(placed: Placed) -> dict[str, Any]:
    """The stated value as a finding records it."""
    return {
        "claim": placed.claim_id,
        "text": placed.text,
        "amount": placed.amount,
        "unit": placed.unit,
    }


def same_unit(a: Placed, b: Placed) -> bool:
    return a.unit == b.unit or ((a.unit is None) != (b.unit is None) and _counted(a, b))


def _counted(a: Placed, b: Placed) -> bool:
    # "3 of the 12 members": the count often carries the noun only once.
    return all(p.unit not in ("%", "day", "week", "month", "year", "rank") for p in (a, b))


def claims_of(*placed: Placed) -> tuple[int, ...]:
    return tuple(sorted({p.claim_id for p in placed}))


def quantities(sentence: Sentence) -> Sequence[Placed]:
    return [p for p in sentence.values if p.kind == "quantity" and p.amount is not None]
