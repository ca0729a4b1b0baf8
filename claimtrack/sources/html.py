"""HTML pages and fragments turned into article text.

A whole page goes through trafilatura (main text, boilerplate dropped, title,
date and canonical URL from its metadata). A feed item's content is a fragment,
not a page: trafilatura often finds no "main text" in a short fragment, so a
fragment is flattened to text with lxml instead.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from claimtrack.sources.dates import parse_date_text
from claimtrack.sources.documents import Document, SourceError, decode_utf8, is_blank

_DECLARED_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
# How far into a page a <meta charset> may appear (the HTML standard says 1024 bytes;
# real pages put it later, after long comments or scripts).
_CHARSET_SNIFF_BYTES = 4096

_BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "td",
        "th",
        "tr",
        "ul",
    ]
)


def decode_html(data: bytes, declared_encoding: str | None = None) -> str:
    """Decode an HTML page: UTF-8, else the charset it (or its server) declares."""
    try:
        return decode_utf8(data)
    except SourceError:
        pass
    candidates = [declared_encoding] if declared_encoding else []
    match = _DECLARED_CHARSET.search(data[:_CHARSET_SNIFF_BYTES])
    if match:
        candidates.append(match.group(1).decode("ascii", "replace"))
    for encoding in candidates:
        if encoding.lower().replace("-", "").replace("_", "") == "utf8":
            continue  # already failed above
        try:
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    raise SourceError("not UTF-8 text, and no other usable charset is declared")


def document_from_html(
    page: bytes | str,
    *,
    id: str,
    source: str,
    source_key: str,
    url: str | None,
    published: date | None,
) -> Document:
    """The main text of a whole HTML page, with title, date and URL from its metadata.

    The page's own date wins over `published`, which is only the fallback.
    """
    import trafilatura

    html_text = decode_html(page) if isinstance(page, bytes) else page
    try:
        extracted = trafilatura.bare_extraction(
            html_text,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            # original_date: the publication date, not the last modification;
            # no extensive search, which guesses dates from URLs and body text.
            date_extraction_params={"original_date": True, "extensive_search": False},
        )
    except (AssertionError, ValueError, TypeError) as error:
        # Some malformed pages trip lxml's own asserts inside trafilatura/htmldate
        # (e.g. "<svg><p><p>"): that is one unreadable page, not a crash of the run.
        raise SourceError(f"the HTML could not be parsed ({type(error).__name__})") from None
    text = getattr(extracted, "text", None) if extracted is not None else None
    if not isinstance(text, str) or is_blank(text):
        raise SourceError("no main text found in the HTML")
    page_date = _metadata_string(extracted, "date")
    page_url = _metadata_string(extracted, "url")
    return Document(
        id=id,
        text=text,
        published=(parse_date_text(page_date) if page_date else None) or published,
        title=_metadata_string(extracted, "title"),
        url=url or page_url,
        source=source,
        source_key=source_key,
        fetched_html=True,
    )


def text_from_html_fragment(fragment: str) -> str:
    """Flatten an HTML fragment (a feed item's content) to text, one block a paragraph."""
    import lxml.html

    if not fragment.strip():
        return ""
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except Exception:  # lxml raises several parser errors; a broken fragment is no text
        return ""
    for dropped in root.xpath("//script|//style|//noscript"):
        dropped.drop_tree()
    pieces: list[str] = []
    _collect_text(root, pieces)
    paragraphs = ["".join(piece).strip() for piece in "".join(pieces).split("\n\n")]
    return "\n\n".join(re.sub(r"[ \t\r\n]+", " ", p) for p in paragraphs if p)


def with_date(document: Document, published: date | None) -> Document:
    """The document with `published` as its date when given (a feed item's own date)."""
    return replace(document, published=published) if published else document


def _collect_text(element: object, pieces: list[str]) -> None:
    import lxml.html

    assert isinstance(element, lxml.html.HtmlElement)
    tag = element.tag if isinstance(element.tag, str) else ""
    is_block = tag.lower() in _BLOCK_TAGS
    if is_block:
        pieces.append("\n\n")
    if element.text:
        pieces.append(element.text)
    for child in element:
        if isinstance(child, lxml.html.HtmlElement):
            _collect_text(child, pieces)
        if child.tail:
            pieces.append(child.tail)
    if is_block:
        pieces.append("\n\n")


def _metadata_string(extracted: object, field: str) -> str | None:
    value = getattr(extracted, field, None)
    return value.strip() or None if isinstance(value, str) else None
