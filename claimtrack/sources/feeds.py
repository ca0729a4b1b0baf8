"""RSS and Atom feeds, from a file or an http(s) URL: one article per item.

An item that carries its content gives the article from it; an item with only a
summary (or nothing) links to the article, which is fetched and its main text
extracted. One bad item yields a `DocumentError` and the others go on.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from claimtrack.sources.dates import parse_date_text
from claimtrack.sources.documents import (
    DEFAULT_MAX_BYTES,
    Document,
    DocumentError,
    SourceError,
    is_blank,
    read_limited,
)
from claimtrack.sources.fetch import FEED_TYPES, HTML_TYPES, FetchLimits, fetch, make_client

if TYPE_CHECKING:
    import httpx

# Pages are fetched a few at a time: a feed of 50 items behind a slow site
# would otherwise take 50 round trips, and more would burden one publisher.
PAGE_FETCH_WORKERS = 4


@dataclass(frozen=True)
class FeedItem:
    """What a feed says about one article, before any page is fetched."""

    id: str
    url: str | None
    title: str | None
    published: date | None
    content: str | None  # the item's own full text, HTML or plain
    content_is_html: bool
    summary: str | None
    summary_is_html: bool


def iter_feed(
    source: str,
    published: date | None = None,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    limits: FetchLimits | None = None,
) -> Iterator[Document | DocumentError]:
    """Yield the articles of an RSS/Atom feed read from a file or an http(s) URL.

    `published` is the date for items (and pages) that carry none.
    """
    limits = limits or FetchLimits()
    with make_client(limits) as client:
        try:
            items = read_feed_items(source, client=client, limits=limits, max_bytes=max_bytes)
        except SourceError as error:
            yield DocumentError(id=source, message=f"{source}: {error}")
            return
        with ThreadPoolExecutor(max_workers=PAGE_FETCH_WORKERS) as pool:
            # map() keeps the feed's order while pages download in parallel.
            yield from pool.map(
                lambda item: _document_or_error(item, source, published, client, limits), items
            )


def read_feed_items(
    source: str, *, client: httpx.Client, limits: FetchLimits, max_bytes: int
) -> list[FeedItem]:
    """Parse a feed (URL or file) into its items; a source that is no feed raises."""
    import feedparser

    if source.lower().startswith(("http://", "https://")):
        fetched = fetch(client, source, accepted_types=FEED_TYPES, limits=limits)
        headers = {"content-location": fetched.url}
        if fetched.content_type:
            headers["content-type"] = fetched.content_type
        # Bytes, never a string: feedparser would take a string for a URL or a path.
        parsed = _parse(feedparser, fetched.content, response_headers=headers)
    else:
        parsed = _parse(feedparser, read_limited(source, max_bytes))
    if not parsed.get("version") and not parsed.entries:
        reason = parsed.get("bozo_exception")
        raise SourceError(f"not an RSS or Atom feed{f' ({reason})' if reason else ''}")
    return [_feed_item(entry, source, index) for index, entry in enumerate(parsed.entries, 1)]


def _parse(feedparser: Any, content: bytes, **options: Any) -> Any:
    """feedparser.parse, with its crashes on broken encodings turned into one clear error."""
    try:
        return feedparser.parse(content, **options)
    except (UnicodeError, ValueError, LookupError) as error:
        # e.g. a 0x80 or NUL byte in the XML declaration's encoding name.
        reason = type(error).__name__
        raise SourceError(f"not a readable feed: broken encoding ({reason})") from None


def _feed_item(entry: Mapping[str, Any], source: str, index: int) -> FeedItem:
    link = _text(entry.get("link"))
    content, content_is_html = _best_content(entry.get("content") or [])
    # feedparser also gives an RSS guid as the link (a guid is a permalink unless it
    # says otherwise), and plenty of feeds use ids such as "item-42": only an
    # absolute http(s) URL is a page to fetch. The rest still identify the item.
    url = link if link and link.lower().startswith(("http://", "https://")) else None
    summary = _text(entry.get("summary"))
    summary_detail = entry.get("summary_detail") or {}
    return FeedItem(
        # The link is the article's identity; without one, the feed's guid, and
        # as a last resort the item's position (stable only while the feed is).
        id=link or _text(entry.get("id")) or f"{source}#{index}",
        url=url,
        title=_text(entry.get("title")),
        published=_item_date(entry),
        content=content,
        content_is_html=content_is_html,
        summary=summary,
        summary_is_html=_is_html_type(summary_detail.get("type")),
    )


def _document_or_error(
    item: FeedItem,
    feed: str,
    published: date | None,
    client: httpx.Client,
    limits: FetchLimits,
) -> Document | DocumentError:
    try:
        return document_from_item(item, published=published, client=client, limits=limits)
    except SourceError as error:
        return DocumentError(id=item.id, message=f"{feed}: item {item.id}: {error}")
    except Exception as error:  # a parser failing on one odd page must not stop the feed
        return DocumentError(
            id=item.id, message=f"{feed}: item {item.id}: {type(error).__name__}: {error}"
        )


def document_from_item(
    item: FeedItem, *, published: date | None, client: httpx.Client, limits: FetchLimits
) -> Document:
    """The article of one item: its own content, else its linked page, else its summary."""
    from claimtrack.sources.html import decode_html, document_from_html, text_from_html_fragment

    if item.content is not None:
        text = text_from_html_fragment(item.content) if item.content_is_html else item.content
        if not is_blank(text):
            return Document(
                id=item.id,
                text=text,
                published=item.published or published,
                title=item.title,
                url=item.url,
                source="feed",
                source_key=item.id,
                fetched_html=item.content_is_html,
            )
    if item.url:
        page = fetch(client, item.url, accepted_types=HTML_TYPES, limits=limits)
        document = document_from_html(
            decode_html(page.content, page.charset),
            id=item.id,
            source="feed",
            source_key=item.id,
            url=item.url,
            published=published,
        )
        # The item's own title and date win over what the page's metadata says.
        return Document(
            id=document.id,
            text=document.text,
            published=item.published or document.published,
            title=item.title or document.title,
            url=item.url,
            source="feed",
            source_key=item.id,
            fetched_html=True,
        )
    # No link to follow: the summary is all the feed has of this article.
    if item.summary is not None:
        text = text_from_html_fragment(item.summary) if item.summary_is_html else item.summary
        if not is_blank(text):
            return Document(
                id=item.id,
                text=text,
                published=item.published or published,
                title=item.title,
                url=None,
                source="feed",
                source_key=item.id,
                fetched_html=item.summary_is_html,
            )
    raise SourceError("no content, no summary and no http(s) link to fetch")


def _item_date(entry: Mapping[str, Any]) -> date | None:
    """The item's publication date as written (its own calendar day), else as parsed.

    feedparser's `*_parsed` fields are converted to UTC, which can move an
    evening article to the next day; the raw string keeps the day it was written.
    """
    for field in ("published", "updated", "created"):
        raw = _text(entry.get(field))
        parsed_raw = parse_date_text(raw) if raw else None
        if parsed_raw is not None:
            return parsed_raw
        structured = entry.get(f"{field}_parsed")
        if isinstance(structured, time.struct_time):
            return date(structured.tm_year, structured.tm_mon, structured.tm_mday)
    return None


def _best_content(contents: list[Mapping[str, Any]]) -> tuple[str | None, bool]:
    """The longest of an item's content blocks (Atom allows several), and whether it is HTML."""
    best: Mapping[str, Any] | None = None
    for block in contents:
        value = _text(block.get("value"))
        if value and (best is None or len(value) > len(str(best.get("value")))):
            best = block
    if best is None:
        return None, False
    return str(best.get("value")), _is_html_type(best.get("type"))


def _is_html_type(media_type: object) -> bool:
    return isinstance(media_type, str) and media_type.lower() in HTML_TYPES


def _text(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None
