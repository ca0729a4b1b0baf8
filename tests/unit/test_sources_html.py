"""HTML files: main text without boilerplate, metadata, encodings; feed fragments."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from claimtrack.sources import Document, DocumentError, iter_documents
from claimtrack.sources.html import text_from_html_fragment

PAGE = """<!DOCTYPE html>
<html><head>
<meta charset="{charset}">
<title>Rates held | Gazette</title>
<meta property="og:title" content="Rates held at 5%">
<meta property="article:published_time" content="2023-11-02T22:30:00-05:00">
<link rel="canonical" href="https://gazette.example.org/rates">
</head><body>
<nav><a href="/">Home</a> | <a href="/news">News</a> | <a href="/subscribe">Subscribe now</a></nav>
<article>
<h1>Rates held at 5%</h1>
<p>The central bank held its main rate at 5% on Thursday, the third meeting in a row
without a change, governor Ana Silva said.</p>
<p>Inflation fell to 3.1% in October from 3.8% in September, official figures show{pound}.</p>
</article>
<footer>Copyright Gazette Media. Cookie settings. Privacy policy.</footer>
</body></html>
"""


def read_one(path: Path, published: date | None = None) -> Document | DocumentError:
    results = list(iter_documents(str(path), published))
    assert len(results) == 1
    return results[0]


def test_main_text_and_metadata(tmp_path: Path) -> None:
    path = tmp_path / "rates.html"
    path.write_text(PAGE.format(charset="utf-8", pound=" (£)"), encoding="utf-8")

    document = read_one(path, published=date(2000, 1, 1))

    assert isinstance(document, Document), document
    assert "held its main rate at 5% on Thursday" in document.text
    assert "Inflation fell to 3.1% in October" in document.text
    assert "(£)" in document.text
    for boilerplate in ("Subscribe now", "Cookie settings", "Home"):
        assert boilerplate not in document.text
    assert document.title == "Rates held at 5%"
    assert document.published == date(2023, 11, 2)  # the page's own day, not UTC's
    assert document.fetched_html
    key = f"{path.parent.name}/{path.name}"  # relative to its folder's parent: sources/keys.py
    assert (document.id, document.source, document.source_key) == (str(path), "file", key)


def test_declared_charset_is_honoured(tmp_path: Path) -> None:
    path = tmp_path / "latin.htm"
    path.write_bytes(PAGE.format(charset="iso-8859-1", pound=" (£)").encode("latin-1"))
    document = read_one(path)
    assert isinstance(document, Document), document
    assert "(£)" in document.text


def test_undeclared_non_utf8_html_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "latin.html"
    page = PAGE.replace('<meta charset="{charset}">', "").format(pound=" (£)")
    path.write_bytes(page.encode("latin-1"))
    assert read_one(path) == DocumentError(
        id=str(path),
        message=f"{path}: not UTF-8 text, and no other usable charset is declared",
    )


@pytest.mark.parametrize("page", ["", "<html><body><script>var a = 1;</script>  </body></html>"])
def test_page_without_main_text_is_an_error(tmp_path: Path, page: str) -> None:
    path = tmp_path / "empty.html"
    path.write_text(page, encoding="utf-8")
    assert read_one(path) == DocumentError(
        id=str(path), message=f"{path}: no main text found in the HTML"
    )


def test_fragment_blocks_become_paragraphs() -> None:
    fragment = (
        "<p>First   paragraph,\n with <b>bold</b> text.</p>"
        "<script>var x = 1;</script>"
        "<ul><li>One item</li><li>Two</li></ul>Tail text<br>after break"
    )
    assert text_from_html_fragment(fragment) == (
        "First paragraph, with bold text.\n\nOne item\n\nTwo\n\nTail text\n\nafter break"
    )


def test_fragment_of_plain_words() -> None:
    assert text_from_html_fragment("Just words &amp; an entity") == "Just words & an entity"
    assert text_from_html_fragment("   ") == ""
