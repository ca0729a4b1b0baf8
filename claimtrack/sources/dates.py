"""Publication dates as articles and feeds give them, turned into `date`s."""

from __future__ import annotations

from datetime import date, datetime
from email.utils import parsedate_to_datetime

from claimtrack.sources.documents import SourceError


def parse_published(value: object, field: str = "published") -> date | None:
    """Read a record's date: None, a `date`/`datetime`, or an ISO 8601 string.

    A datetime keeps its own calendar day (no conversion to UTC): the article
    was published on that day where it was written, which is what relative
    dates in its text ("on Friday") are resolved against.
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        parsed = parse_date_text(value)
        if parsed is None:
            raise SourceError(f"{field} {value!r} is not a date (expected YYYY-MM-DD)")
        return parsed
    raise SourceError(f"{field} must be a YYYY-MM-DD string, not {type(value).__name__}")


def parse_date_text(text: str) -> date | None:
    """Parse an ISO 8601 date or datetime, or an RFC 822 date (as in RSS); None if neither."""
    stripped = text.strip()
    if not stripped:
        return None
    try:
        return datetime.fromisoformat(stripped.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    try:
        return date.fromisoformat(stripped)
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(stripped).date()
    except (TypeError, ValueError, IndexError):
        return None
