"""A claim's ETag is its version; changes must send it back in If-Match."""

from __future__ import annotations

from fastapi import Response

# If-Match that names no version we could ever hold (e.g. "*" or garbage) never matches.
NO_MATCH = -1


def etag_of(version: int) -> str:
    return f'"{version}"'


def set_etag(response: Response, version: int) -> None:
    response.headers["ETag"] = etag_of(version)


def version_from_if_match(if_match: str | None) -> int | None:
    """The version in If-Match: None when absent (428), NO_MATCH when it cannot match (412).

    "*" would mean "whatever the claim is now": exactly the blind overwrite the header
    exists to prevent, so it is treated as absent.
    """
    if if_match is None or not if_match.strip() or if_match.strip() == "*":
        return None
    first = if_match.split(",")[0].strip()
    if first.startswith("W/"):
        first = first[2:]
    first = first.strip('"')
    if first.isdigit() and len(first) < 10:
        return int(first)
    return NO_MATCH
