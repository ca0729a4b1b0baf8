"""Find date expressions in a sentence and resolve them against the publication date.

We choose the spans and the tense ourselves (dateparser reads "26th day" as a
date and has one tense setting per call), then resolve with plain calendar
arithmetic, which is also much faster. The rules are the spec's: a weekday or a
month-day in a past or present clause is the latest on or before publication,
in a future clause the earliest after it; "last"/"next" force the direction;
with no publication date a relative date has no value.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from claimtrack.extraction.date_arithmetic import (
    format_day,
    resolve_ago,
    resolve_day_word,
    resolve_month,
    resolve_month_day,
    resolve_period,
    resolve_weekday,
)
from claimtrack.extraction.wordlists import words

__all__ = ["DateMention", "find_dates"]

_MONTH_NAMES = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
_WEEKDAYS = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
)
_FULL_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
)
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        # "from 3-8 April", "March 10-14": a span inside one month gives that month
        "day_range",
        re.compile(
            rf"\b(?:(?P<d1>{_DAY})\s*[-\u2013]\s*{_DAY}(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m>{_MONTH})"
            rf"|(?P<m2>{_MONTH})\s+{_DAY}\s*[-\u2013]\s*{_DAY}\b)(?:,?\s+(?P<y>{_YEAR})\b)?"
        ),
    ),
    (
        "month_day",
        re.compile(
            rf"\b(?P<m>{_MONTH})\s+(?P<d>{_DAY})(?:st|nd|rd|th)?\b(?:,?\s+(?P<y>{_YEAR})\b)?"
        ),
    ),
    (
        "day_month",
        re.compile(
            rf"\b(?P<d>{_DAY})(?:st|nd|rd|"
            rf"th)?\s+(?:of\s+)?(?P<m>{_MONTH})\b(?:,?\s+(?P<y>{_YEAR})\b)?"
        ),
    ),
    ("month_year", re.compile(rf"\b(?P<m>{_FULL_MONTH}|{_MONTH})\s+(?:of\s+)?(?P<y>{_YEAR})\b")),
    (
        "month",
        re.compile(
            rf"\b(?P<pre>[Ii]n|since|until|till|by|from|to|of|during|through|[Ll]ast|[Nn]ext|"
            rf"[Tt]his|early|late|"
            rf"mid-?|end of|start of|beginning of|before|after|between|"
            rf"and)\s+(?P<m>{_FULL_MONTH})\b(?!\s+\d)"
        ),
    ),
    (
        "weekday",
        re.compile(
            r"\b(?:(?P<mod>[Ll]ast|[Nn]ext|[Tt]his|[Cc]oming)\s+)?"
            r"(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
        ),
    ),
    (
        "day_word",
        re.compile(
            r"\b(?P<w>[Yy]esterday|[Tt]oday|[Tt]omorrow|[Tt]onight|[Ll]ast night|"
            r"[Tt]his (?:morning|afternoon|evening))\b"
        ),
    ),
    (
        "period",
        re.compile(
            r"\b(?P<mod>[Ll]ast|[Nn]ext|[Tt]his|[Ee]arlier this|[Ll]ater this|[Ee]arly this|"
            r"[Ee]arly next|[Ll]ate last|[Ee]arly last|[Ll]ate this)\s+(?P<p>week|month|year)\b"
        ),
    ),
    (
        "ago",
        re.compile(
            r"\b(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten)\s+"
            r"(?P<p>day|week|month|year)s?\s+ago\b"
        ),
    ),
    ("decade", re.compile(rf"\b(?:1[89]\d0|20\d0)s\b|\b{_YEAR}[-/]\d\d\b")),
    ("year", re.compile(rf"(?<![£$€\d.,])\b(?P<y>{_YEAR})\b(?![,.]\d|%|\s?per ?cent|s\b)")),
]
# Every pattern needs a digit or one of these words: one search rules most sentences out.
_DATE_HINT = re.compile(
    r"\d|\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Mon|Tue|Wed|Thu|Fri|Sat|Sun)|"
    r"\b(?:[Yy]esterday|[Tt]oday|[Tt]omorrow|[Tt]onight|night|[Tt]his|week|month|year|ago)\b"
)
_DIGIT = re.compile(r"\d")
_MONTH_HINT = re.compile(r"Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec")
_DAY_WORD_HINT = re.compile(r"[Yy]esterday|[Tt]oday|[Tt]omorrow|[Tt]onight|night|[Tt]his")
_PERIOD_HINT = re.compile(r"week|month|year")
_NEEDS: dict[str, tuple[str, ...]] = {
    "day_range": ("digit", "month"),
    "month_day": ("digit", "month"),
    "day_month": ("digit", "month"),
    "month_year": ("digit", "month"),
    "month": ("month",),
    "weekday": ("weekday",),
    "day_word": ("day_word",),
    "period": ("period",),
    "ago": ("ago",),
    "decade": ("digit",),
    "year": ("digit",),
}
_AGO_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}
# A four-digit number followed by one of these counts things ("2000 jobs"), not years.
_YEAR_FRIENDLY_NEXT = words(
    "and or to when after before as season results figures levels budget election elections "
    "general "
    "world olympics games which where while with but in on at for was were is has had the compared "
    "than until by from saw accounts report because so"
)
_YEAR_PREPOSITIONS = words("in since by until from of during for before after year end mid")
_FOLLOWING_WORD = re.compile(r"\s+([a-z]+)")
_PREVIOUS_WORD = re.compile(r"([A-Za-z]+)[\s-]+$")


@dataclass(frozen=True)
class DateMention:
    start: int  # offsets within the text searched
    end: int
    text: str
    value: str | None  # YYYY-MM-DD, YYYY-MM or YYYY; None when it cannot be resolved
    explicit: bool  # carries its own year (needs no publication date)
    kind: str = "date"  # which pattern found it: "month_day", "weekday", "ago", ...


def find_dates(
    text: str, published: dt.date | None, is_future: Callable[[int], bool]
) -> list[DateMention]:
    """Date expressions in `text`, non-overlapping, in order, resolved when possible.

    `is_future(position)` tells the tense of the clause around a position.
    """
    taken: list[tuple[int, int]] = []
    mentions: list[DateMention] = []
    if not _DATE_HINT.search(text):
        return mentions
    # Cheap tests decide which of the patterns can match at all.
    present = {
        "digit": _DIGIT.search(text) is not None,
        "month": _MONTH_HINT.search(text) is not None,
        "weekday": "day" in text,
        "day_word": _DAY_WORD_HINT.search(text) is not None,
        "period": _PERIOD_HINT.search(text) is not None,
        "ago": "ago" in text,
    }
    for kind, pattern in _PATTERNS:
        if not all(present[need] for need in _NEEDS[kind]):
            continue
        for match in pattern.finditer(text):
            start, end = _core_span(kind, match)
            if any(start < t_end and t_start < end for t_start, t_end in taken):
                continue
            if kind == "year" and not _reads_as_year(text, match):
                continue
            if (
                kind == "month"
                and match.group("m") == "May"
                and match.group("pre") in ("and", "to")
            ):
                continue
            taken.append((start, end))
            future = is_future(start)
            if kind in ("month_day", "day_month") and not match.group("y") and published:
                future = future or _nearer_ahead(text, start, end, match, published)
            try:
                value, explicit = _resolve(kind, match, published, future)
            except (OverflowError, ValueError):
                # a relative date past date.min/max (published 0001-01-01): no value, no crash
                value, explicit = None, False
            mentions.append(DateMention(start, end, text[start:end], value, explicit, kind))
    mentions.sort(key=lambda m: m.start)
    return mentions


# A deadline looks ahead, whatever the tense around it: "talks resumed ahead of the
# March 26 deadline". It is still the nearest such day, since a deadline can be past
# ("missed the March 1 deadline").
_DEADLINE_BEFORE = re.compile(
    r"(?:ahead of|deadline (?:of|on|is|was))(?:\s+(?:the|a|its|their))?\s*$"
)
_DEADLINE_AFTER = re.compile(r"\s+deadline\b")


def _nearer_ahead(
    text: str, start: int, end: int, match: re.Match[str], published: dt.date
) -> bool:
    """True when a deadline's month and day lie nearer ahead of publication than behind."""
    cued = _DEADLINE_BEFORE.search(text, max(0, start - 24), start) or _DEADLINE_AFTER.match(
        text, end
    )
    if not cued:
        return False
    month = _MONTH_NAMES[match.group("m").rstrip(".").lower()]
    day = int(match.group("d"))
    try:
        ahead = dt.date(published.year, month, day)
        if ahead < published:
            ahead = ahead.replace(year=published.year + 1)
        behind = ahead.replace(year=ahead.year - 1)
    except ValueError:
        return False
    return (ahead - published) < (published - behind)


def _core_span(kind: str, match: re.Match[str]) -> tuple[int, int]:
    if kind == "month":
        pre = match.group("pre")
        # Keep "last/next/this/early/late" in the span; drop plain prepositions.
        if pre.lower() in ("last", "next", "this", "early", "late", "mid", "mid-"):
            return match.start(), match.end()
        return match.start("m"), match.end()
    return match.start(), match.end()


def _reads_as_year(text: str, match: re.Match[str]) -> bool:
    previous = _PREVIOUS_WORD.search(text, 0, match.start())
    if previous and previous.group(1).lower() in _YEAR_PREPOSITIONS:
        return True
    following = _FOLLOWING_WORD.match(text, match.end())
    if following is None:
        return True
    word = following.group(1)
    return word in _YEAR_FRIENDLY_NEXT or not word.endswith("s")


def _resolve(
    kind: str, match: re.Match[str], published: dt.date | None, future: bool
) -> tuple[str | None, bool]:
    groups = match.groupdict()
    if kind == "decade":
        return None, True
    if kind == "year":
        return groups["y"], True
    if kind == "day_range":
        groups = {"m": groups["m"] or groups["m2"], "y": groups["y"], "pre": ""}
        kind = "month_year" if groups["y"] else "month"
    if kind in ("month_day", "day_month", "month_year", "month"):
        month = _MONTH_NAMES[groups["m"].rstrip(".").lower()]
        year_text = groups.get("y")
        day = int(groups["d"]) if groups.get("d") else None
        if year_text:
            year = int(year_text)
            if day is None:
                return f"{year:04d}-{month:02d}", True
            return format_day(year, month, day), True
        if published is None:
            return None, False
        if day is None:
            modifier = (groups.get("pre") or "").lower()
            return resolve_month(month, published, future, modifier), False
        return resolve_month_day(month, day, published, future), False
    if published is None:
        return None, False
    if kind == "weekday":
        return resolve_weekday(
            _WEEKDAYS[groups["wd"].lower()], (groups["mod"] or "").lower(), published, future
        ), False
    if kind == "day_word":
        return resolve_day_word(groups["w"].lower(), published), False
    if kind == "period":
        return resolve_period(groups["mod"].lower(), groups["p"], published), False
    if kind == "ago":
        count = int(groups["n"]) if groups["n"].isdigit() else _AGO_WORDS[groups["n"].lower()]
        return resolve_ago(count, groups["p"], published), False
    return None, False
