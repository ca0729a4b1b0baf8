"""Article records: `.jsonl` dumps (one article a line) and single `.json` articles.

A record is `{"id", "text", "published"?, "title"?, "url"?}`; its `text` is the
article text as it is (the title is not part of it).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import BinaryIO

from claimtrack.sources.dates import parse_published
from claimtrack.sources.documents import (
    Document,
    DocumentError,
    SourceError,
    check_unicode,
    decode_utf8,
    is_blank,
)


def iter_jsonl(
    path: str, published: date | None, *, max_bytes: int
) -> Iterator[Document | DocumentError]:
    """Yield one article per line; a bad line yields a `DocumentError` naming it.

    The file is streamed, so a dump may be larger than `max_bytes`: the limit
    applies to each line (one article), as for a single-article file.
    """
    try:
        handle = Path(path).open("rb")  # noqa: SIM115 - closed by the `with` below
    except FileNotFoundError:
        yield DocumentError(id=path, message=f"{path}: no such file")
        return
    except IsADirectoryError:
        yield DocumentError(id=path, message=f"{path}: is a directory, not a file")
        return
    except OSError as error:
        yield DocumentError(id=path, message=f"{path}: cannot be read ({error.strerror or error})")
        return
    first_line_of_id: dict[str, int] = {}
    with handle:
        for line_number, raw_line in enumerate(_limited_lines(handle, max_bytes), start=1):
            if raw_line is None:
                message = f"{path}:{line_number}: line larger than the {max_bytes:,}-byte limit"
                yield DocumentError(id=f"{path}:{line_number}", message=message)
                continue
            if not raw_line.strip():
                continue  # blank lines (often a trailing one) hold no record
            line = ""
            try:
                line = _decode_line(raw_line, line_number)
                if not line.strip():
                    continue  # Unicode whitespace only (U+0085, U+2028, ...): blank too
                record = _load_json_object(line)
                document = document_from_record(
                    record, default_id=f"{path}:{line_number}", path=path, published=published
                )
                if document.id in first_line_of_id:
                    raise SourceError(
                        f"id {document.id!r} already used on line {first_line_of_id[document.id]}"
                    )
            except SourceError as error:
                yield DocumentError(
                    id=_record_id_for_error(line, f"{path}:{line_number}"),
                    message=f"{path}:{line_number}: {error}",
                )
                continue
            first_line_of_id[document.id] = line_number
            yield document


def document_from_json_file(path: str, text: str, published: date | None) -> Document:
    """A `.json` file holding one article object."""
    try:
        record = json.loads(text)
    except json.JSONDecodeError as error:
        raise SourceError(
            f"not valid JSON ({error.msg} at line {error.lineno} column {error.colno})"
        ) from None
    except RecursionError:
        raise SourceError(_TOO_DEEP) from None
    if not isinstance(record, dict):
        raise SourceError(f"must hold one article object, not a JSON {type(record).__name__}")
    document = document_from_record(record, default_id=path, path=path, published=published)
    # A lone .json article is identified by its file, like a .txt one.
    return Document(
        id=document.id,
        text=document.text,
        published=document.published,
        title=document.title,
        url=document.url,
        source="file",
        source_key=path,
    )


def document_from_record(
    record: dict[str, object], *, default_id: str, path: str, published: date | None
) -> Document:
    """Validate one article record and make it a `Document` keyed `path#id`."""
    record_id = _record_id(record.get("id"), default_id)
    text = record.get("text")
    if text is None:
        raise SourceError('no "text" field')
    if not isinstance(text, str):
        raise SourceError(f'"text" must be a string, not {_json_type(text)}')
    if is_blank(text):
        raise SourceError("empty text")
    check_unicode(text, '"text"')
    check_unicode(record_id, '"id"')
    own_date = parse_published(record.get("published"), '"published"')
    return Document(
        id=record_id,
        text=text,
        published=own_date or published,
        title=_optional_string(record, "title"),
        url=_optional_string(record, "url"),
        source="jsonl",
        # Without an id of its own, a record is known by its line ("dump.jsonl:7").
        source_key=f"{path}#{record_id}" if record.get("id") is not None else default_id,
    )


def _limited_lines(stream: BinaryIO, max_bytes: int) -> Iterator[bytes | None]:
    """Raw lines of a binary file; None for a line over the limit (skipped whole)."""
    while True:
        raw = stream.readline(max_bytes + 1)
        if not raw:
            return
        if len(raw) > max_bytes and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n"):
                raw = stream.readline(max_bytes + 1)
            yield None
            continue
        yield raw


def _decode_line(raw: bytes, line_number: int) -> str:
    """Decode one line by itself, so a bad byte spoils only its own line."""
    if line_number == 1:
        return decode_utf8(raw)  # drops a byte-order mark at the start of the file
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise SourceError(
            f"not UTF-8 text (byte 0x{raw[error.start]:02x} at offset {error.start} of the line)"
        ) from None


# json's decoder recurses once per nested array or object: a line of a few
# thousand "[" exceeds Python's recursion limit. No article record nests deeply.
_TOO_DEEP = "not valid JSON for an article (arrays or objects nested too deep)"


def _load_json_object(line: str) -> dict[str, object]:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise SourceError(f"not valid JSON ({error.msg} at column {error.colno})") from None
    except RecursionError:
        raise SourceError(_TOO_DEEP) from None
    if not isinstance(record, dict):
        raise SourceError(f"must be a JSON object, not {_json_type(record)}")
    return record


def _record_id(value: object, default_id: str) -> str:
    if value is None:
        return default_id
    # Integers are common ids in dumps; a bool or float is almost surely a mistake.
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise SourceError(f'"id" must be a string or an integer, not {_json_type(value)}')
    record_id = str(value)
    if not record_id.strip():
        raise SourceError('"id" is empty')
    return record_id


def _record_id_for_error(line: str, default_id: str) -> str:
    """The record's own id when it can be read, so the error takes the record's place."""
    try:
        record = json.loads(line)
    except (json.JSONDecodeError, ValueError, RecursionError):
        return default_id
    if isinstance(record, dict):
        value = record.get("id")
        if isinstance(value, (str, int)) and not isinstance(value, bool) and str(value).strip():
            try:
                check_unicode(str(value), '"id"')
            except SourceError:
                return default_id  # an id that cannot be printed cannot name the error
            return str(value)
    return default_id


def _optional_string(record: dict[str, object], field: str) -> str | None:
    value = record.get(field)
    if value is None:
        return None
    if not isinstance(value, str):
        raise SourceError(f'"{field}" must be a string, not {_json_type(value)}')
    check_unicode(value, f'"{field}"')
    return value


def _json_type(value: object) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean"}
    if value is None:
        return "null"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return "a number"
    return names.get(type(value), type(value).__name__)
