"""One entry point for every kind of source: `discover`."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

from claimtrack.sources.documents import Document, DocumentError, iter_documents
from claimtrack.sources.options import DEFAULT_OPTIONS, ReadOptions

FEED_SUFFIXES = frozenset({".xml", ".rss", ".atom"})


def is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def is_feed(source: str) -> bool:
    """An http(s) URL or a `.xml`/`.rss`/`.atom` file is read as an RSS/Atom feed."""
    return is_url(source) or Path(source).suffix.lower() in FEED_SUFFIXES


def discover(
    source: str,
    published: date | None = None,
    *,
    max_bytes: int | None = None,
    fetch_timeout_seconds: float | None = None,
    fetch_max_bytes: int | None = None,
    options: ReadOptions = DEFAULT_OPTIONS,
) -> Iterator[Document | DocumentError]:
    """Yield the articles of a source: a feed URL or file, a folder, a file, or `-`.

    Limits left as None come from the settings (CLAIMTRACK_MAX_ARTICLE_BYTES,
    CLAIMTRACK_FETCH_TIMEOUT_SECONDS, CLAIMTRACK_FETCH_MAX_BYTES); redirects and
    the hosts allowed although not public always do (CLAIMTRACK_FETCH_MAX_REDIRECTS,
    CLAIMTRACK_FETCH_ALLOW_HOSTS). Bad input
    never raises: each bad file, line or item yields a `DocumentError`. `options`
    choose a folder's files and a fallback encoding (sources/options.py); feeds
    ignore them.
    """
    from claimtrack.settings import get_settings

    settings = get_settings()
    article_limit = max_bytes if max_bytes is not None else settings.max_article_bytes
    if not is_feed(source):
        yield from iter_documents(source, published, max_bytes=article_limit, options=options)
        return
    from claimtrack.sources.feeds import iter_feed
    from claimtrack.sources.fetch import FetchLimits

    limits = FetchLimits(
        timeout_seconds=fetch_timeout_seconds
        if fetch_timeout_seconds is not None
        else settings.fetch_timeout_seconds,
        max_bytes=fetch_max_bytes if fetch_max_bytes is not None else settings.fetch_max_bytes,
        max_redirects=settings.fetch_max_redirects,
        allow_hosts=settings.fetch_allow_hosts,
    )
    yield from iter_feed(source, published, max_bytes=article_limit, limits=limits)
