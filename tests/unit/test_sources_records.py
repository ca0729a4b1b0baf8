""".jsonl dumps: one article a line; each bad line fails alone, in its place."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from claimtrack.sources import Document, DocumentError, iter_documents


def write_lines(path: Path, lines: list[str | bytes]) -> None:
    path.write_bytes(
        b"".join((line if isinstance(line, bytes) else line.encode()) + b"\n" for line in lines)
    )


def test_records_become_documents_in_order(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl"
    text = "Exports fell 7.5% in May.\n\n  Indented paragraph.  "
    write_lines(
        path,
        [
            json.dumps({"id": "a", "text": text, "title": "Exports", "published": "2021-06-10"}),
            json.dumps({"id": 7, "text": "Second.", "url": "https://example.org/7"}),
            json.dumps({"id": "c", "text": "Third.", "published": None}),
        ],
    )

    documents = list(iter_documents(str(path), published=date(2020, 1, 1)))

    key = f"{path.parent.name}/{path.name}"  # relative to the folder's parent: sources/keys.py
    assert documents == [
        Document("a", text, date(2021, 6, 10), "Exports", None, "jsonl", f"{key}#a"),
        Document(
            "7", "Second.", date(2020, 1, 1), None, "https://example.org/7", "jsonl", f"{key}#7"
        ),
        Document("c", "Third.", date(2020, 1, 1), None, None, "jsonl", f"{key}#c"),
    ]


def test_each_bad_line_is_an_error_naming_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl"
    write_lines(
        path,
        [
            '{"id": "ok1", "text": "Fine."}',
            "{not json",
            '{"id": "empty", "text": "   "}',
            '{"id": "notext"}',
            '{"id": "baddate", "text": "T", "published": "2019-02-30"}',
            '{"id": "wrongtype", "text": ["a"]}',
            b'{"id": "latin", "text": "\xa35"}',
            "[1, 2]",
            '{"id": "ok1", "text": "Same id again."}',
            '{"id": true, "text": "T"}',
            '{"id": "ok2", "text": "Also fine."}',
        ],
    )

    results = list(iter_documents(str(path)))

    assert [type(result).__name__ for result in results] == ["Document"] + ["DocumentError"] * 9 + [
        "Document"
    ]
    errors = [result for result in results if isinstance(result, DocumentError)]
    assert [(error.id, error.message) for error in errors] == [
        (
            f"{path}:2",
            f"{path}:2: not valid JSON"
            " (Expecting property name enclosed in double quotes at column 2)",
        ),
        ("empty", f"{path}:3: empty text"),
        ("notext", f'{path}:4: no "text" field'),
        ("baddate", f"{path}:5: \"published\" '2019-02-30' is not a date (expected YYYY-MM-DD)"),
        ("wrongtype", f'{path}:6: "text" must be a string, not an array'),
        (f"{path}:7", f"{path}:7: not UTF-8 text (byte 0xa3 at offset 25 of the line)"),
        (f"{path}:8", f"{path}:8: must be a JSON object, not an array"),
        ("ok1", f"{path}:9: id 'ok1' already used on line 1"),
        (f"{path}:10", f'{path}:10: "id" must be a string or an integer, not a boolean'),
    ]


def test_blank_lines_bom_and_missing_ids(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl"
    path.write_bytes(b'\xef\xbb\xbf{"text": "First."}\n\n   \n{"text": "Fourth."}')

    documents = list(iter_documents(str(path)))

    key = f"{path.parent.name}/{path.name}"  # relative to the folder's parent: sources/keys.py
    assert [(d.id, d.source_key, d.text) for d in documents if isinstance(d, Document)] == [
        (f"{path}:1", f"{key}:1", "First."),
        (f"{path}:4", f"{key}:4", "Fourth."),
    ]
    assert len(documents) == 2


def test_the_limit_applies_per_line_not_per_dump(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl"
    small = json.dumps({"id": "small", "text": "ok"})
    big = json.dumps({"id": "big", "text": "x" * 200})
    write_lines(path, [small, big, small.replace("small", "small2")])

    results = list(iter_documents(str(path), max_bytes=len(small) + 10))

    assert [getattr(result, "id", None) for result in results] == ["small", f"{path}:2", "small2"]
    assert isinstance(results[1], DocumentError)
    assert results[1].message == f"{path}:2: line larger than the {len(small) + 10}-byte limit"


def test_missing_dump(tmp_path: Path) -> None:
    path = tmp_path / "none.jsonl"
    assert list(iter_documents(str(path))) == [
        DocumentError(id=str(path), message=f"{path}: no such file")
    ]
