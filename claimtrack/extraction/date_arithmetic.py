"""Calendar arithmetic for relative dates, once the tense is known: pure functions of
the publication date, giving YYYY-MM-DD, YYYY-MM or YYYY strings (or None)."""

from __future__ import annotations

import calendar
import datetime as dt

__all__ = [
    "format_day",
    "resolve_ago",
    "resolve_day_word",
    "resolve_month",
    "resolve_month_day",
    "resolve_period",
    "resolve_weekday",
]


def format_day(year: int, month: int, day: int) -> str | None:
    if day > calendar.monthrange(year, month)[1]:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def resolve_month_day(month: int, day: int, published: dt.date, future: bool) -> str | None:
    year = published.year
    if day > calendar.monthrange(year, month)[1] and not (month == 2 and day == 29):
        return None
    try:
        candidate = dt.date(year, month, day)
    except ValueError:  # 29 February outside a leap year: look at the neighbouring ones
        candidate = dt.date(year - 1 if not future else year + 3, month, day)
    if future and candidate < published:
        candidate = candidate.replace(year=year + 1)
    elif not future and candidate > published:
        candidate = candidate.replace(year=year - 1)
    return candidate.isoformat()


def resolve_month(month: int, published: dt.date, future: bool, modifier: str) -> str:
    year = published.year
    if modifier == "last":
        year = year if month < published.month else year - 1
    elif modifier == "next":
        year = year if month > published.month else year + 1
    elif modifier == "this":
        pass
    elif future:
        year = year if month >= published.month else year + 1
    else:
        year = year if month <= published.month else year - 1
    return f"{year:04d}-{month:02d}"


def resolve_weekday(weekday: int, modifier: str, published: dt.date, future: bool) -> str:
    today = published.weekday()
    if modifier == "last":
        delta = -((today - weekday) % 7 or 7)
    elif modifier in ("next", "coming") or (future and modifier != "this"):
        delta = (weekday - today) % 7 or 7
    elif modifier == "this" and future:
        delta = (weekday - today) % 7
    else:
        delta = -((today - weekday) % 7)
    return (published + dt.timedelta(days=delta)).isoformat()


def resolve_day_word(word: str, published: dt.date) -> str:
    offsets = {"yesterday": -1, "last night": -1, "tomorrow": 1}
    return (published + dt.timedelta(days=offsets.get(word, 0))).isoformat()


def resolve_period(modifier: str, period: str, published: dt.date) -> str | None:
    step = -1 if modifier.endswith("last") else 1 if modifier.endswith("next") else 0
    if period == "year":
        return f"{published.year + step:04d}"
    if period == "month":
        month_index = published.year * 12 + published.month - 1 + step
        return f"{month_index // 12:04d}-{month_index % 12 + 1:02d}"
    monday = published - dt.timedelta(days=published.weekday()) + dt.timedelta(weeks=step)
    sunday = monday + dt.timedelta(days=6)
    if monday.month != sunday.month:
        return None  # a week across two months gives no single month
    return f"{monday.year:04d}-{monday.month:02d}"


def resolve_ago(count: int, period: str, published: dt.date) -> str | None:
    if period == "day":
        return (published - dt.timedelta(days=count)).isoformat()
    if period == "week":
        day = published - dt.timedelta(weeks=count)
        return f"{day.year:04d}-{day.month:02d}"
    if period == "month":
        month_index = published.year * 12 + published.month - 1 - count
        return f"{month_index // 12:04d}-{month_index % 12 + 1:02d}"
    return f"{published.year - count:04d}"
