"""Articles read from local files: the `Document` type and `iter_documents`.

The article text follows docs/spec "The article text": `.txt` is the decoded file
as it is (headline line included), `.md` the same after a YAML front-matter
block, `.jsonl`/`.json` the record's `text` as it is, HTML the main text that
trafilatura extracts. Claim offsets index into `Document.text`, so no reader
strips, normalises or re-joins the text it returns.
"""

from __future__ import annotations

import dataclasses
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import BinaryIO

from claimtrack.sources.options import DEFAULT_OPTIONS, ReadOptions

# A single article over 20 MB is almost certainly not an article (a dump, a
# binary, a log); refusing it keeps one bad input from exhausting memory.
DEFAULT_MAX_BYTES = 20 * 1024 * 1024

STDIN_PATH = "-"
TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
JSON_SUFFIXES = frozenset({".json"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | JSON_SUFFIXES


@dataclass(frozen=True)
class Document:
    """One article: its text and what is known about it.

    `source` is the kind of input ("file", "jsonl", "feed", "stdin");
    `source_key` is the article's identity in the store (for files the path relative
    to the source folder's parent, see sources/keys.py; `KEY#id` for .jsonl records;
    the URL for feed items and pages).
    `fetched_html` is True when `text` was extracted from HTML (a file, a feed
    item's content or a fetched page) rather than read as it is.
    """

    id: str
    text: str
    published: date | None
    title: str | None
    url: str | None
    source: str
    source_key: str
    fetched_html: bool = False
    # The fallback encoding the text was decoded with, when it was not UTF-8.
    decoded_with: str | None = None


@dataclass(frozen=True)
class DocumentError:
    """An input that gave no article; `message` names the file (and line) and the fault."""

    id: str
    message: str


DocumentResult = Document | DocumentError


class SourceError(Exception):
    """A bad input; the reader turns it into a `DocumentError`."""


def iter_documents(
    path: str,
    published: date | None = None,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    options: ReadOptions = DEFAULT_OPTIONS,
) -> Iterator[Document | DocumentError]:
    """Yield the articles in one local input: a file, a folder, or `-` for stdin.

    `published` is the date for inputs that carry none; a record's own date wins.
    Bad input never raises: it yields a `DocumentError` and the others go on.
    """
    if path == STDIN_PATH:
        yield _read_stdin(published, max_bytes)
        return
    file_path = Path(path)
    if file_path.is_dir():
        from claimtrack.sources.folders import iter_folder

        yield from iter_folder(path, published, max_bytes=max_bytes, options=options)
        return
    yield from iter_file(path, published, max_bytes=max_bytes, encoding=options.encoding)


def iter_file(
    path: str,
    published: date | None,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    root: str | None = None,
    encoding: str | None = None,
) -> Iterator[Document | DocumentError]:
    """Yield the article(s) of one file, dispatching on its extension. `root` is the
    source folder it was found in (None: the file was given alone); see sources/keys.py.
    `encoding`: the fallback for a text file that is not UTF-8 (sources/options.py)."""
    for result in _iter_file(path, published, max_bytes, encoding):
        yield _with_key(result, path, root)


def _iter_file(
    path: str, published: date | None, max_bytes: int, encoding: str | None
) -> Iterator[Document | DocumentError]:
    suffix = Path(path).suffix.lower()
    if suffix in JSONL_SUFFIXES:
        from claimtrack.sources.records import iter_jsonl

        yield from iter_jsonl(path, published, max_bytes=max_bytes)
        return
    try:
        yield _read_single_article_file(path, suffix, published, max_bytes, encoding)
    except SourceError as error:
        yield DocumentError(id=path, message=f"{path}: {error}")


def _with_key(
    result: Document | DocumentError, path: str, root: str | None
) -> Document | DocumentError:
    """The readers key a file's articles by the path as given (`path`, `path#id`,
    `path:line`); the store gets the stable key in its place. Ids and messages keep
    the path as the user typed it."""
    if isinstance(result, DocumentError) or not result.source_key.startswith(path):
        return result
    from claimtrack.sources.keys import file_key

    key = file_key(path, root) + result.source_key[len(path) :]
    return dataclasses.replace(result, source_key=key)


def _read_single_article_file(
    path: str, suffix: str, published: date | None, max_bytes: int, encoding: str | None
) -> Document:
    from claimtrack.sources import text_files

    if suffix not in SUPPORTED_SUFFIXES:
        supported = ", ".join(sorted(SUPPORTED_SUFFIXES))
        raise SourceError(f"unsupported file type {suffix or '(none)'!r} (supported: {supported})")
    data = read_limited(path, max_bytes)
    if suffix in HTML_SUFFIXES:
        from claimtrack.sources.html import document_from_html

        return document_from_html(
            data, id=path, source="file", source_key=path, url=None, published=published
        )
    if suffix in JSON_SUFFIXES:
        from claimtrack.sources.records import document_from_json_file

        return document_from_json_file(path, decode_utf8(data), published)
    text, decoded_with = decode_with_fallback(data, encoding)
    if suffix == ".txt":
        # A plain text carries no metadata; newsroom archives often date the file
        # name instead (kashmir-hour-2019-08-30.txt). An explicit date still wins.
        document = text_files.document_from_plain_text(
            text,
            id=path,
            source="file",
            source_key=path,
            published=published or text_files.date_in_file_name(path),
        )
    else:
        document = text_files.document_from_markdown(text, path=path, published=published)
    return dataclasses.replace(document, decoded_with=decoded_with) if decoded_with else document


def _read_stdin(published: date | None, max_bytes: int) -> Document | DocumentError:
    from claimtrack.sources.text_files import document_from_plain_text

    try:
        # One byte past the limit tells "exactly at the limit" from "too large".
        data = read_at_most(sys.stdin.buffer, max_bytes + 1)
        if len(data) > max_bytes:
            raise SourceError(f"larger than the {max_bytes:,}-byte limit")
        return document_from_plain_text(
            decode_utf8(data),
            id=STDIN_PATH,
            source="stdin",
            source_key=STDIN_PATH,
            published=published,
        )
    except SourceError as error:
        return DocumentError(id=STDIN_PATH, message=f"standard input: {error}")


def read_limited(path: str, max_bytes: int) -> bytes:
    """Read a whole file, refusing a missing, unreadable or too-large one."""
    file_path = Path(path)
    try:
        size = file_path.stat().st_size
        if size > max_bytes:
            raise SourceError(f"{size:,} bytes, larger than the {max_bytes:,}-byte limit")
        with file_path.open("rb") as handle:
            data = read_at_most(handle, max_bytes + 1, expected_size=size)
    except FileNotFoundError:
        raise SourceError("no such file") from None
    except IsADirectoryError:
        raise SourceError("is a directory, not a file") from None
    except PermissionError:
        raise SourceError("permission denied") from None
    except OSError as error:
        raise SourceError(f"cannot be read ({error.strerror or error})") from None
    # The file may have grown between stat() and read().
    if len(data) > max_bytes:
        raise SourceError(f"larger than the {max_bytes:,}-byte limit")
    return data


def read_at_most(stream: BinaryIO, limit: int, expected_size: int | None = None) -> bytes:
    """Read until end of stream or `limit` bytes, whichever comes first.

    `read(limit)` would allocate the whole limit (20 MB) up front for every
    file, so the first read asks for the expected size and later reads go in
    chunks (a pipe, or a file that grew since it was measured).
    """
    chunks: list[bytes] = []
    received = 0
    request = min(limit, expected_size + 1) if expected_size is not None else _CHUNK_BYTES
    while received < limit:
        chunk = stream.read(min(request, limit - received))
        if not chunk:
            break
        chunks.append(chunk)
        received += len(chunk)
        request = _CHUNK_BYTES
    return b"".join(chunks)


_CHUNK_BYTES = 1 << 16


def decode_utf8(data: bytes) -> str:
    """Decode UTF-8 strictly, dropping one leading byte-order mark."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise SourceError(
            f"not UTF-8 text (byte 0x{data[error.start]:02x} at offset {error.start})"
        ) from None
    return text.removeprefix("\ufeff")


# JSON's \ud800-style escapes can spell a lone UTF-16 surrogate: a Python string,
# but no Unicode text; encoding it (to print it, or to send it to PostgreSQL) fails.
_SURROGATE = re.compile("[\ud800-\udfff]")


def check_unicode(value: str, what: str) -> None:
    """Refuse a string holding a lone surrogate, naming the field and the offset."""
    found = _SURROGATE.search(value)
    if found is not None:
        raise SourceError(
            f"{what} holds a lone surrogate (\\u{ord(found.group()):04x} at offset "
            f"{found.start()}), which is not Unicode text"
        )


def decode_with_fallback(data: bytes, encoding: str | None) -> tuple[str, str | None]:
    """UTF-8 first, always; then `encoding`, if given. Returns the text and the fallback
    encoding used (None when it was UTF-8)."""
    try:
        return decode_utf8(data), None
    except SourceError as error:
        if encoding is None:
            raise
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            raise SourceError(f"{error}, nor {encoding} text") from None


def is_blank(text: str) -> bool:
    """True when a text holds nothing but whitespace (no article to extract from)."""
    return not text.strip()
