"""Elapsed time: "the 26th day of the lockdown" against the day it started, and ages or
anniversaries against years ("founded in 1950 ... its 70th anniversary" in 2020)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta

from claimtrack.checks.model import AGREES, CONTRADICTS, ClaimFacts, Finding
from claimtrack.checks.numbers import INF, Placed, Sentence

ELAPSED_DAYS = "elapsed_days"
YEARS_SINCE = "years_since"

_ORDINAL = re.compile(r"\b(\d{1,4})(?:st|nd|rd|th)\b", re.I)
_DAY_OF = re.compile(r"\bday\s+(\d{1,4})\b", re.I)
# Words that make a date the start of something: "since August 5", "following the
# August 5 action", "began on 1 March", "imposed on".
_START_CUE = re.compile(
    r"\b(since|from|following|after|began|begun|started|starting|imposed|launched|"
    r"introduced|declared|announced)\b[^.;]{0,20}$",
    re.I,
)
# A start farther than this from the implied one is about something else.
_WINDOW_DAYS = 10
_UNIT_DAYS = {"day": 1, "week": 7}

_YEAR = r"((?:1[5-9]|20)\d\d)"
_EVENT_YEAR = re.compile(
    rf"\b(?:founded|established|formed|created|born|launched|opened|set up|began|started|"
    rf"signed|built|since)\b(?:\s+\w+){{0,3}}?\s+(?:in\s+|on\s+)?(?:\w+\s+){{0,2}}?{_YEAR}\b",
    re.I,
)
_AGE = re.compile(r"\b(?:aged\s+(\d{1,3})|(\d{1,3})-year-old|(\d{1,3}) years old)\b", re.I)
_ANNIVERSARY = re.compile(r"\b(\d{1,4})(?:st|nd|rd|th)\s+(anniversary|birthday|year)\b", re.I)
_AGO = re.compile(r"\b(\d{1,4}) years ago\b", re.I)
# "for more than 70 years" counts from a "since 1947"; "in 12 years" counts nothing.
_YEARS_FOR = re.compile(r"\bfor (more than |over |nearly |almost |about )?(\d{1,4}) years\b", re.I)
# "the 2000/2001 season" names a span, not the year something began.
_SEASON = re.compile(r"^[/-]\d")


def _ordinal(placed: Placed) -> int | None:
    match = _ORDINAL.search(placed.text) or _DAY_OF.search(placed.text)
    return int(match.group(1)) if match else None


def _starts(sentences: Sequence[Sentence], published: date) -> list[tuple[date, Placed]]:
    """Dates to the day, on or before publication, that start something."""
    found = []
    for sentence in sentences:
        for placed in sentence.values:
            value = placed.value.get("value")
            if placed.kind != "date" or not isinstance(value, str) or len(value) != 10:
                continue
            day = date.fromisoformat(value)
            if day <= published and _START_CUE.search(sentence.before(placed, 40)):
                found.append((day, placed))
    return found


def elapsed_days(sentences: Sequence[Sentence], published: date | None) -> list[Finding]:
    """ "The Nth day" (or week) of something, said on the publication date, puts its start
    N - 1 days (weeks) earlier: a date the article gives as a start ("since August 5",
    "following the August 5 action") within 10 days of that must match it.
    Tolerance: 1 day (counting the first day or not), a week for weeks."""
    if published is None:
        return []
    starts = _starts(sentences, published)
    findings = []
    for sentence in sentences:
        for placed in sentence.values:
            n = _ordinal(placed) if placed.unit in _UNIT_DAYS else None
            if not n or not starts:
                continue
            unit = _UNIT_DAYS[str(placed.unit)]
            implied = published - timedelta(days=(n - 1) * unit)
            tolerance = 1 if unit == 1 else 7
            day, start = min(starts, key=lambda s: abs((s[0] - implied).days))
            gap = abs((day - implied).days)
            if gap > max(_WINDOW_DAYS, 2 * unit):
                continue
            findings.append(
                Finding(
                    rule=ELAPSED_DAYS,
                    claim_ids=tuple(sorted({placed.claim_id, start.claim_id})),
                    outcome=AGREES if gap <= tolerance else CONTRADICTS,
                    expectation=f"a start on {implied.isoformat()} "
                    f"({placed.text} on {published.isoformat()})",
                    tolerance=f"{tolerance} day{'s' if tolerance > 1 else ''}",
                    observed={
                        "ordinal": {"claim": placed.claim_id, "text": placed.text, "n": n},
                        "start": {
                            "claim": start.claim_id,
                            "text": start.text,
                            "date": day.isoformat(),
                        },
                        "published": published.isoformat(),
                        "days_off": gap,
                    },
                )
            )
    return findings


def _claim_at(claims: Sequence[ClaimFacts], sentence: str, offset: int) -> int | None:
    for claim in claims:
        at = sentence.find(claim.text)
        if at >= 0 and at <= offset < at + len(claim.text):
            return claim.id
    return None


def _stated_years(text: str) -> list[tuple[str, int, tuple[float, float], int, int]]:
    """(what, N, interval of true N, tolerance, offset) for ages, anniversaries, "N years ago"."""
    found: list[tuple[str, int, tuple[float, float], int, int]] = []
    for match in _AGE.finditer(text):
        n = int(next(g for g in match.groups() if g))
        found.append(("age", n, (n, n + 1), 1, match.start()))
    for match in _ANNIVERSARY.finditer(text):
        n = int(match.group(1))
        found.append((match.group(2).lower(), n, (n - 1, n + 1), 1, match.start()))
    for match in _AGO.finditer(text):
        n = int(match.group(1))
        found.append(("years ago", n, (n - 1, n + 1), 1, match.start()))
    if not found:
        for match in _YEARS_FOR.finditer(text):
            n, qualifier = int(match.group(2)), (match.group(1) or "").strip().lower()
            low, high = {"more than": (n, INF), "over": (n, INF)}.get(qualifier, (n - 1.0, n + 1.0))
            if qualifier in ("nearly", "almost", "about"):
                low, high = n * 0.9 - 1, n + 1
            found.append(("years", n, (low, high), 1, match.start()))
    return found


def _reference_year(text: str, event: int, published: date | None) -> int | None:
    """The year the age or anniversary is counted to: a later year the sentence names
    ("in 2020 it marks its 70th anniversary"), else the publication year."""
    later = [int(y) for y in re.findall(rf"\b{_YEAR}\b", text) if int(y) > event]
    if later:
        return max(later)
    return published.year if published is not None else None


def years_since(sentences: Sequence[Sentence], published: date | None) -> list[Finding]:
    """An age, anniversary or "N years ago" stated in one sentence with the year of the
    event it counts from ("founded in 1950", "born in 1931", "since 1947") equals the
    years from that year to the reference year (a later year named, else publication).
    Tolerance: 1 year (a birthday not yet reached, an anniversary about to come)."""
    findings = []
    for sentence in sentences:
        text = sentence.text
        events = [m for m in _EVENT_YEAR.finditer(text) if not _SEASON.match(text[m.end() :])]
        if not events:
            continue
        for what, n, interval, tolerance, offset in _stated_years(text):
            event_match = min(events, key=lambda m: abs(m.start() - offset))
            event = int(event_match.group(1))
            reference = _reference_year(text, event, published)
            stated_by = _claim_at(sentence.claims, text, offset)
            dated_by = _claim_at(sentence.claims, text, event_match.start(1))
            if reference is None or stated_by is None or dated_by is None:
                continue
            elapsed = reference - event
            agrees = interval[0] - tolerance + 1 <= elapsed <= interval[1] + tolerance - 1
            findings.append(
                Finding(
                    rule=YEARS_SINCE,
                    claim_ids=tuple(sorted({stated_by, dated_by})),
                    outcome=AGREES if agrees else CONTRADICTS,
                    expectation=f"{elapsed} years from {event} to {reference}",
                    tolerance=f"{tolerance} year",
                    observed={
                        "what": what,
                        "n": n,
                        "event_year": event,
                        "reference_year": reference,
                        "stated": text[offset : offset + 40].split(",")[0],
                    },
                )
            )
    return findings
