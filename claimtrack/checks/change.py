"""Change and percentage: "rose from £448 to £488, an increase of about 9%"."""

from __future__ import annotations

import re

from claimtrack.checks.model import AGREES, CONTRADICTS, Finding
from claimtrack.checks.numbers import (
    INF,
    Placed,
    Sentence,
    claims_of,
    figure,
    interval_text,
    overlaps,
    quantities,
    rounding,
    stated_interval,
)

RULE = "change_percentage"
_UP = (
    r"ros[e]|rise[sn]?|rising|up|increased?|increases|increasing|grew|grow[sn]?|growth|"
    r"jump(?:ed|s)?|climb(?:ed|s)?|gain(?:ed|s)?|higher|surged?|soared?|rebounded|"
    r"boost(?:ed)?|more"
)
_DOWN = (
    r"fell|fall(?:en|s|ing)?|down|drop(?:ped|s)?|declined?|decline[sd]|decreased?|slipped|"
    r"slid|lower|cut|shr[au]nk|plunged?|plummeted|dipped|tumbled|slumped|lost|less|"
    r"reduc(?:ed|tion)"
)
_DIRECTION = re.compile(rf"\b(?:(?P<up>{_UP})|(?P<down>{_DOWN}))\b", re.I)
_FROM = re.compile(r"\bfrom\s+(?:a\s+|an\s+|just\s+|some\s+|about\s+|around\s+)?$", re.I)
_TO = re.compile(
    r"\b(?:to|reach(?:ed|ing)?|hit(?:ting)?|at)\s+(?:a\s+|an\s+|just\s+|some\s+|about\s+|around\s+|almost\s+|nearly\s+|over\s+)?$",
    re.I,
)
# How far (in characters) a change's three figures may lie from each other.
_REACH = 90
# "6% per year" is a rate, not the change between two figures.
_RATE = re.compile(r"^\s*(?:a|per|each|every)\s+(?:year|annum|month|week|day|quarter)\b", re.I)
# Two clauses ("..., while revenue rose 4.5% to $193bn") state two facts.
_BREAK = re.compile(r"\b(?:while|whereas|but|although)\b|;", re.I)
# The direction word that governs a percentage stands this close before it.
_GOVERNS = 40


def _direction(sentence: Sentence, percent: Placed) -> int:
    """+1 or -1 from the nearest direction word before the percentage (or just after
    it: "a 9% increase"); 0 when there is none."""
    before = list(_DIRECTION.finditer(sentence.before(percent, 40)))
    after = _DIRECTION.search(sentence.after(percent, 14))
    match = before[-1] if before else after
    if match is None:
        return 0
    return 1 if match.group("up") else -1


def _ends(sentence: Sentence, percent: Placed) -> tuple[Placed, Placed] | None:
    """The figures the change runs from and to: the nearest after "from" and after "to"
    (or "at", "reaching"), in one unit, within reach of the percentage."""
    near = [
        p for p in quantities(sentence) if p.unit != "%" and abs(p.start - percent.start) <= _REACH
    ]
    froms = [p for p in near if _FROM.search(sentence.before(p, 24))]
    tos = [p for p in near if _TO.search(sentence.before(p, 24))]
    pairs = [
        (a, b)
        for a in froms
        for b in tos
        if a is not b and a.unit == b.unit and a.amount and abs(a.start - b.start) <= _REACH
    ]
    if not pairs:
        return None
    return min(
        pairs, key=lambda ab: abs(ab[0].start - percent.start) + abs(ab[1].start - percent.start)
    )


def _one_change(sentence: Sentence, percent: Placed, start: Placed, end: Placed) -> bool:
    """The three figures state one change: no other direction word between them (beyond
    the percentage's own), so "cut its debt to £160m from £610m" is not read with the
    "decline ... to 5.4%" before it."""
    first = min(percent.start, start.start, end.start)
    last = max(percent.end, start.end, end.end)
    governed_from = max(first, percent.start - _GOVERNS)
    outside = sentence.text[first:governed_from] + " " + sentence.text[percent.end : last]
    return not (_DIRECTION.search(outside) or _BREAK.search(sentence.text[first:last]))


def _is_endpoint(sentence: Sentence, percent: Placed) -> bool:
    """A percentage the change runs to or from ("slow a decline to 5.4%"), or a rate."""
    lead = sentence.before(percent, 24)
    return bool(_FROM.search(lead) or _TO.search(lead) or _RATE.match(sentence.after(percent)))


def _change_interval(start: Placed, end: Placed) -> tuple[float, float]:
    """The percentage change from start to end, over every pair of true values their
    rounding allows."""
    a, b = start.amount or 0.0, end.amount or 0.0
    ha, hb = rounding(start), rounding(end)
    corners = [(bb - aa) / aa * 100 for aa in (a - ha, a + ha) for bb in (b - hb, b + hb) if aa > 0]
    return (min(corners), max(corners)) if corners else (-INF, INF)


def change_percentage(sentence: Sentence) -> list[Finding]:
    """A percentage change stated with the figures it runs between: the change computed
    from the two figures (from A to B: (B - A) / A) must fall within the stated
    percentage's rounding and qualifier, and go the stated way (up or down).
    Tolerance: half a unit of each figure's last digit; "about" adds 10%."""
    findings = []
    for percent in quantities(sentence):
        if percent.unit != "%":
            continue
        direction = 0 if _is_endpoint(sentence, percent) else _direction(sentence, percent)
        ends = _ends(sentence, percent) if direction else None
        if ends is None or not _one_change(sentence, percent, *ends):
            continue
        start, end = ends
        computed = _change_interval(start, end)
        low, high = stated_interval(sentence, percent)
        signed = (low, high) if direction > 0 else (-high, -low)
        agrees = overlaps(computed, signed)
        central = ((end.amount or 0) - (start.amount or 0)) / (start.amount or 1) * 100
        findings.append(
            Finding(
                rule=RULE,
                claim_ids=claims_of(percent, start, end),
                outcome=AGREES if agrees else CONTRADICTS,
                expectation=f"{'up' if central >= 0 else 'down'} {abs(central):.1f}% "
                f"(from {start.text} to {end.text})",
                tolerance=f"computed {interval_text(computed, 1)}%; "
                f"stated allows {interval_text(signed, 1)}%",
                observed={
                    "percentage": figure(percent),
                    "direction": "up" if direction > 0 else "down",
                    "from": figure(start),
                    "to": figure(end),
                    "computed_percent": round(central, 2),
                },
            )
        )
    return findings
