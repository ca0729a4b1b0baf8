"""The example articles shipped in examples/ read without errors, as the demos expect."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from claimtrack.sources import Document, discover

REPO_ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = REPO_ROOT / "examples"
SHARED_EXAMPLE = (
    REPO_ROOT.parent / "shared" / "examples" / "articles" / "kashmir-hour-2019-08-30.txt"
)


@pytest.mark.parametrize("source", ["articles", "articles.jsonl", "feed.xml"])
def test_examples_read_cleanly(source: str) -> None:
    results = list(discover(str(EXAMPLES / source)))
    assert results
    assert all(isinstance(result, Document) for result in results), results
    assert len({result.source_key for result in results if isinstance(result, Document)}) == len(
        results
    )


def test_example_article_keeps_the_claims_text() -> None:
    path = EXAMPLES / "articles" / "kashmir-hour-2019-08-30.txt"
    [document] = list(discover(str(path), published=date(2019, 8, 30)))
    assert isinstance(document, Document)
    assert document.text == path.read_text(encoding="utf-8")
    assert "it is 26th day the entire valley" in document.text
    assert document.published == date(2019, 8, 30)


@pytest.mark.skipif(
    not SHARED_EXAMPLE.exists(), reason="../shared is absent: no shared example to compare"
)
def test_shipped_copy_matches_the_shared_example() -> None:
    shipped = EXAMPLES / "articles" / "kashmir-hour-2019-08-30.txt"
    assert shipped.read_bytes() == SHARED_EXAMPLE.read_bytes()
