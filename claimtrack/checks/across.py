"""Across articles: the same measure stated with other values elsewhere, and claims
whose sibling or accepted fact-check was rated false."""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any

from claimtrack.checks.model import AGREES, CONTRADICTS, ClaimFacts, Finding, Related
from claimtrack.checks.numbers import INF, Placed, overlaps, rounding

SIBLING_VALUES = "sibling_values"
SAME_MEASURE = "same_measure"
RATED_FALSE = "rated_false"

# Two wordings are the same measure when this share of their words is common.
SAME_MEASURE_JACCARD = 0.8
_MIN_WORDS = 4
_WORD = re.compile(r"[a-z][a-z'-]+")
_STOP = frozenset(
    {
        *("the", "a", "an", "of", "in", "on", "at", "to", "for", "from", "by", "with"),
        *("and", "or", "but", "is", "are", "was", "were", "be", "been", "has", "have"),
        *("had", "it", "its", "this", "that", "these", "those", "as", "than", "about"),
        *("around", "more", "less", "over", "under", "said", "says", "will", "would"),
    }
)


def _interval(value: dict[str, Any]) -> tuple[float, float]:
    """The true values a figure allows from its rounding and own qualifier alone (no
    sentence to read more from: the sibling may be in an article not loaded)."""
    placed = Placed(value, 0, 0, 0)
    amount = placed.amount or 0.0
    half = rounding(placed)
    low, high = amount - half, amount + half
    qualifier = value.get("qualifier")
    if qualifier == "about":
        low, high = amount * 0.9 - half, amount * 1.1 + half
    elif qualifier in ("more_than", "at_least"):
        high = INF
    elif qualifier in ("less_than", "up_to"):
        low = -INF
    return (low, high)


def _by_unit(values: Sequence[dict[str, Any]]) -> dict[str | None, list[dict[str, Any]]]:
    units: dict[str | None, list[dict[str, Any]]] = defaultdict(list)
    for value in values:
        if value.get("kind") == "quantity" and isinstance(value.get("amount"), int | float):
            units[value.get("unit")].append(value)
    return units


def _compare(
    mine: Sequence[dict[str, Any]], theirs: Sequence[dict[str, Any]]
) -> list[tuple[dict[str, Any], dict[str, Any], bool]]:
    """Pairs of figures in one unit, each claim stating that unit once (with several, which
    figure answers which is a guess), and whether they can be the same value."""
    pairs = []
    their_units = _by_unit(theirs)
    for unit, values in _by_unit(mine).items():
        other = their_units.get(unit, [])
        if len(values) == 1 and len(other) == 1:
            pairs.append((values[0], other[0], overlaps(_interval(values[0]), _interval(other[0]))))
    return pairs


def sibling_values(claim: ClaimFacts, siblings: Sequence[Related]) -> list[Finding]:
    """The same claim in another article or version (a sibling the matcher found or a
    reviewer linked, not rejected) states each figure within the other's rounding.
    Tolerance: half a unit of each figure's last digit; "about" 10%."""
    findings = []
    for sibling in siblings:
        if sibling.kind != "sibling" or sibling.claim_id is None:
            continue
        for mine, theirs, same in _compare(claim.values, sibling.values):
            findings.append(
                _pair_finding(SIBLING_VALUES, claim.id, sibling.claim_id, mine, theirs, same)
            )
    return findings


def _pair_finding(
    rule: str, a: int, b: int, mine: dict[str, Any], theirs: dict[str, Any], same: bool
) -> Finding:
    unit = mine.get("unit") or ""
    return Finding(
        rule=rule,
        claim_ids=tuple(sorted((a, b))),
        outcome=AGREES if same else CONTRADICTS,
        expectation=f"the same {unit or 'figure'} in both: {mine.get('text', mine.get('amount'))}",
        tolerance="rounding of each figure; about: 10%",
        observed={
            str(a): {"text": mine.get("text"), "amount": mine.get("amount"), "unit": unit},
            str(b): {"text": theirs.get("text"), "amount": theirs.get("amount"), "unit": unit},
        },
    )


def measure_key(claim: ClaimFacts) -> tuple[frozenset[str], str] | None:
    """The words that name the measure (figures and small words left out) and the period
    (the claim's dates), or None when the claim names too little to compare."""
    figures = " ".join(str(v.get("text", "")) for v in claim.values).lower()
    words = frozenset(w for w in _WORD.findall(claim.text.lower()) if w not in _STOP) - frozenset(
        _WORD.findall(figures)
    )
    if len(words) < _MIN_WORDS:
        return None
    period = ",".join(sorted(str(v.get("value")) for v in claim.values if v.get("kind") == "date"))
    return words, period


# Bounds that keep same_measure linear on repetitive corpora (see _candidates, same_measure).
MAX_POSTINGS = 50
MAX_PARTNERS = 3


def _candidates(keyed: Sequence[tuple[ClaimFacts, frozenset[str]]]) -> set[tuple[int, int]]:
    """Pairs (indices) that may reach the Jaccard bound, by prefix filtering: with each
    word set ordered rarest first, two sets with Jaccard >= t share one of the first
    |w| - ceil(t |w|) + 1 words of each. Linear in the claims, not quadratic."""
    frequency: Counter[str] = Counter(w for _, words in keyed for w in words)
    index: dict[str, list[int]] = defaultdict(list)
    pairs: set[tuple[int, int]] = set()
    for i, (_, words) in enumerate(keyed):
        ordered = sorted(words, key=lambda w: (frequency[w], w))
        prefix = ordered[: len(ordered) - math.ceil(SAME_MEASURE_JACCARD * len(ordered)) + 1]
        for word in prefix:
            # Only the latest claims sharing a word: a corpus that repeats one template
            # (wire copy, generated text) would otherwise pair every claim with every other.
            for j in index[word][-MAX_POSTINGS:]:
                pairs.add((j, i))
            index[word].append(i)
    return pairs


def same_measure(claims: Sequence[ClaimFacts]) -> list[Finding]:
    """Claims in different articles naming the same measure (80% of their words in
    common, the same unit, and the same dates, or with no date the same claimer) state
    the same figure within rounding. Without a date or a claimer two figures may be of
    two months or two sources ("house prices fell 0.7%" by one index, 0.2% by another):
    not compared. Tolerance: half a unit of each figure's last digit; "about" 10%."""
    by_period: dict[str, list[tuple[ClaimFacts, frozenset[str]]]] = defaultdict(list)
    for claim in claims:
        key = measure_key(claim)
        if key is None:
            continue
        words, period = key
        if not period and not claim.claimer:
            continue
        by_period[period or f"claimer:{(claim.claimer or '').lower()}"].append((claim, words))
    findings = []
    for group in by_period.values():
        partners: Counter[int] = Counter()
        for i, j in sorted(_candidates(group)):
            (a, wa), (b, wb) = group[i], group[j]
            if a.article_id == b.article_id or len(wa & wb) < SAME_MEASURE_JACCARD * len(wa | wb):
                continue
            # A few comparisons a claim are enough to flag it; more only repeat the point
            # (and a repeated template would give findings by the square of its copies).
            if partners[i] >= MAX_PARTNERS or partners[j] >= MAX_PARTNERS:
                continue
            partners[i] += 1
            partners[j] += 1
            for mine, theirs, same in _compare(a.values, b.values):
                findings.append(_pair_finding(SAME_MEASURE, a.id, b.id, mine, theirs, same))
    return findings


def rated_false(claim: ClaimFacts, related: Sequence[Related]) -> list[Finding]:
    """A claim whose sibling was reviewed false, or whose accepted fact-check rates it
    false, is most likely false here too: one finding per such rating."""
    findings = []
    for item in related:
        if item.verdict != "false":
            continue
        ids = (claim.id, item.claim_id) if item.claim_id is not None else (claim.id,)
        findings.append(
            Finding(
                rule=RATED_FALSE,
                claim_ids=tuple(sorted(set(ids))),
                outcome=CONTRADICTS,
                expectation=f"the same claim was rated false ({item.kind} {item.ref})",
                tolerance="none",
                observed={
                    "kind": item.kind,
                    "ref": item.ref,
                    "url": item.url,
                    "text": item.text[:300],
                },
            )
        )
    return findings
