"""Query files for `claimtrack match`: `.jsonl` ({"id", "text"} a line) or `.tsv` (id, text).

Each line gives a `Query` or a `QueryError` in input order, so the output keeps one
line per input line and a bad line never stops the others.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Query:
    id: str
    text: str


@dataclass(frozen=True)
class QueryError:
    id: str | None
    message: str


def read_queries(path: Path) -> Iterator[Query | QueryError]:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        yield QueryError(None, f"{path}: cannot read: {exc.strerror or exc}")
        return
    except UnicodeDecodeError as exc:
        yield QueryError(None, f"{path}: not UTF-8 text (byte {exc.start})")
        return
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        yield from _jsonl(text, path.name)
    elif suffix == ".tsv":
        yield from _tsv(text, path.name)
    else:
        yield QueryError(None, f"{path}: queries must be .jsonl or .tsv, not {suffix or 'none'}")


def _jsonl(text: str, name: str) -> Iterator[Query | QueryError]:
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except (ValueError, RecursionError):
            yield QueryError(None, f"{name} line {number}: not valid JSON")
            continue
        if not isinstance(data, dict):
            yield QueryError(None, f"{name} line {number}: not a JSON object")
            continue
        raw_id = data.get("id")
        query_id = None if raw_id is None or isinstance(raw_id, (dict, list)) else str(raw_id)
        body = data.get("text")
        if query_id is None:
            yield QueryError(None, f"{name} line {number}: no id")
        elif not isinstance(body, str) or not body.strip():
            yield QueryError(query_id, f"{name} line {number}: no text")
        else:
            yield Query(query_id, body)


def _tsv(text: str, name: str) -> Iterator[Query | QueryError]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter="\t")
    if next(reader, None) is None:
        return
    for number, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < 2 or not row[0].strip() or not row[1].strip():
            yield QueryError(
                row[0].strip() if row and row[0].strip() else None,
                f"{name} row {number}: expected `id <TAB> text`",
            )
            continue
        yield Query(row[0].strip(), row[1])
