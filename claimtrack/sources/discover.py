"""One entry point for every kind of source: `discover`."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

from claimtrack.sources.documents import (
    DEFAULT_MAX_BYTES,
    Document,
    DocumentError,
    iter_documents,
)

FEED_SUFFIXES = frozenset({".xml", ".rss", ".atom"})


def is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def discover(
    source: str,
    published: date | None = None,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Document | DocumentError]:
    """Yield the articles of a source: a feed URL or file, a folder, a file, or `-`.

    An http(s) URL is read as an RSS/Atom feed; a `.xml`, `.rss` or `.atom` file
    as a feed file; anything else as local files (see `iter_documents`).
    """
    if is_url(source) or Path(source).suffix.lower() in FEED_SUFFIXES:
        from claimtrack.sources.feeds import iter_feed

        yield from iter_feed(source, published, max_bytes=max_bytes)
        return
    yield from iter_documents(source, published, max_bytes=max_bytes)
