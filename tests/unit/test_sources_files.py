"""Single-article files and standard input: .txt, .md, .json, stdin, bad input."""

from __future__ import annotations

import io
import sys
from datetime import date
from pathlib import Path

import pytest

from claimtrack.sources import Document, DocumentError, iter_documents


def only(path: Path | str, published: date | None = None, max_bytes: int = 1_000_000) -> Document:
    results = list(iter_documents(str(path), published, max_bytes=max_bytes))
    assert len(results) == 1
    result = results[0]
    assert isinstance(result, Document), result
    return result


def only_error(path: Path | str, max_bytes: int = 1_000_000) -> DocumentError:
    results = list(iter_documents(str(path), max_bytes=max_bytes))
    assert len(results) == 1
    result = results[0]
    assert isinstance(result, DocumentError), result
    return result


def test_txt_is_the_decoded_file_with_headline_and_newlines(tmp_path: Path) -> None:
    raw = "Ferry fares rise\r\n\r\nFares rose 12% on Friday.\n  Second line.\n"
    path = tmp_path / "story.txt"
    path.write_bytes(b"\xef\xbb\xbf" + raw.encode())

    document = only(path, date(2024, 3, 15))

    assert document.text == raw  # BOM dropped, CRLF and trailing newline kept
    assert document.title == "Ferry fares rise"
    assert document.published == date(2024, 3, 15)
    # The key: the path relative to its folder's parent (sources/keys.py), no machine path.
    key = f"{path.parent.name}/{path.name}"
    assert (document.id, document.source, document.source_key) == (str(path), "file", key)
    assert document.url is None
    assert not document.fetched_html


def test_txt_title_skips_leading_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text("\n\n  Headline here  \nBody.\n", encoding="utf-8")
    assert only(path).title == "Headline here"


def test_markdown_text_is_the_exact_rest_after_front_matter(tmp_path: Path) -> None:
    body = "# Heading\n\nThe council voted 7 to 4 on Tuesday.\n"
    front = "---\ntitle: Council vote\nurl: https://example.org/vote\npublished: 2024-03-12\n---\n"
    path = tmp_path / "vote.md"
    path.write_text(front + body, encoding="utf-8")

    document = only(path, published=date(2000, 1, 1))

    assert document.text == body
    assert (front + body).endswith(document.text)
    assert document.title == "Council vote"
    assert document.url == "https://example.org/vote"
    assert document.published == date(2024, 3, 12)  # the file's own date wins


@pytest.mark.parametrize(
    ("field_line", "expected"),
    [
        ("date: 2023-05-06", date(2023, 5, 6)),
        ("date: 2023-05-06T23:30:00-05:00", date(2023, 5, 6)),
        ("published: '2023-05-06'", date(2023, 5, 6)),
        ("title: no date", date(1999, 12, 31)),
    ],
)
def test_markdown_dates(tmp_path: Path, field_line: str, expected: date) -> None:
    path = tmp_path / "a.md"
    path.write_text(f"---\n{field_line}\n---\nBody.\n", encoding="utf-8")
    assert only(path, published=date(1999, 12, 31)).published == expected


def test_markdown_without_front_matter_uses_heading_as_title(tmp_path: Path) -> None:
    text = "## Rates held at 5%\n\nThe bank held rates.\n"
    path = tmp_path / "a.md"
    path.write_text(text, encoding="utf-8")
    document = only(path)
    assert document.text == text
    assert document.title == "Rates held at 5%"


def test_markdown_rule_later_in_the_text_is_not_front_matter(tmp_path: Path) -> None:
    text = "Headline\n---\nBody with a setext heading.\n"
    path = tmp_path / "a.md"
    path.write_text(text, encoding="utf-8")
    assert only(path).text == text


def test_markdown_opening_with_a_rule_keeps_its_prose(tmp_path: Path) -> None:
    text = "---\nA paragraph between two rules.\n---\nMore text.\n"
    path = tmp_path / "a.md"
    path.write_text(text, encoding="utf-8")
    assert only(path).text == text


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("---\ntitle: [unclosed\n---\nBody\n", "front matter is not valid YAML"),
        ("---\n- a list\n---\nBody\n", "front matter must be a mapping"),
        ("---\ntitle: x\n---\n\n  \n", "empty text"),
        ("---\ndate: someday\n---\nBody\n", "front-matter date 'someday' is not a date"),
        ("---\ntitle: 42\n---\nBody\n", "front-matter title must be text"),
    ],
)
def test_bad_markdown_is_one_clear_error(tmp_path: Path, content: str, fragment: str) -> None:
    path = tmp_path / "bad.md"
    path.write_text(content, encoding="utf-8")
    error = only_error(path)
    assert error.id == str(path)
    assert error.message.startswith(f"{path}: ")
    assert fragment in error.message


def test_json_file_is_one_article(tmp_path: Path) -> None:
    path = tmp_path / "one.json"
    path.write_text(
        '{"title": "T", "url": "https://example.org/t", "published": "2020-05-06",'
        ' "text": "  Body kept as it is.\\n"}',
        encoding="utf-8",
    )
    document = only(path, published=date(2001, 1, 1))
    assert document.text == "  Body kept as it is.\n"
    assert (document.title, document.url, document.published) == (
        "T",
        "https://example.org/t",
        date(2020, 5, 6),
    )
    # The key: the path relative to its folder's parent (sources/keys.py), no machine path.
    key = f"{path.parent.name}/{path.name}"
    assert (document.id, document.source, document.source_key) == (str(path), "file", key)


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("[1, 2]", "must hold one article object, not a JSON list"),
        ('{"text": ', "not valid JSON"),
        ('{"title": "no text"}', 'no "text" field'),
        ('{"text": 5}', '"text" must be a string, not a number'),
    ],
)
def test_bad_json_file(tmp_path: Path, content: str, fragment: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    assert fragment in only_error(path).message


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.txt"
    error = only_error(path)
    assert error == DocumentError(id=str(path), message=f"{path}: no such file")


def test_non_utf8_bytes_name_the_offset(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("Price: £5\n".encode("latin-1"))
    message = only_error(path).message
    assert message == f"{path}: not UTF-8 text (byte 0xa3 at offset 7)"


@pytest.mark.parametrize("content", ["", "   \n\n\t\n", "\ufeff\n"])
def test_empty_text(tmp_path: Path, content: str) -> None:
    path = tmp_path / "empty.txt"
    path.write_text(content, encoding="utf-8")
    assert only_error(path).message == f"{path}: empty text"


def test_size_limit_refuses_only_larger_files(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("x" * 100, encoding="utf-8")
    assert only(path, max_bytes=100).text == "x" * 100
    message = only_error(path, max_bytes=99).message
    assert message == f"{path}: 100 bytes, larger than the 99-byte limit"


def test_unsupported_extension(tmp_path: Path) -> None:
    path = tmp_path / "photo.jpg"
    path.write_bytes(b"\xff\xd8")
    message = only_error(path).message
    assert message.startswith(f"{path}: unsupported file type '.jpg'")


def test_stdin_reads_plain_text(monkeypatch: pytest.MonkeyPatch) -> None:
    raw = "Headline\nIt rained 40 mm on Friday.\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw.encode())))
    document = only("-", published=date(2019, 8, 30))
    assert document == Document(
        id="-",
        text=raw,
        published=date(2019, 8, 30),
        title="Headline",
        url=None,
        source="stdin",
        source_key="-",
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "standard input: empty text"),
        (b"\xff\xfe", "standard input: not UTF-8 text (byte 0xff at offset 0)"),
        (b"x" * 11, "standard input: larger than the 10-byte limit"),
    ],
)
def test_bad_stdin(monkeypatch: pytest.MonkeyPatch, data: bytes, message: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    assert only_error("-", max_bytes=10) == DocumentError(id="-", message=message)
