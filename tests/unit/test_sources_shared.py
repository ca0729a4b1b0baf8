"""Reading the real corpora in ../shared/data (research use; never copied into the repo)."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimtrack.sources import Document, DocumentError, discover

SHARED_DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
BBC = SHARED_DATA / "bbc-news"

pytestmark = [
    pytest.mark.shared,
    pytest.mark.skipif(not BBC.exists(), reason="../shared/data/bbc-news is absent"),
]


def test_bbc_sport_folder_reads_all_but_its_one_latin1_file() -> None:
    # SOURCE.md: sport/199.txt holds a Latin-1 pound sign, so it is not UTF-8.
    results = list(discover(str(BBC / "bbc" / "sport")))
    errors = [result for result in results if isinstance(result, DocumentError)]
    documents = [result for result in results if isinstance(result, Document)]
    assert len(results) == 511
    assert [error.id for error in errors] == [str(BBC / "bbc" / "sport" / "199.txt")]
    assert "not UTF-8 text (byte 0xa3" in errors[0].message
    first = documents[0]
    assert first.source_key.endswith("sport/001.txt")
    assert first.title == first.text.splitlines()[0].strip()


def test_bbc_jsonl_dump_reads_every_record() -> None:
    results = list(discover(str(BBC / "bbc_news.jsonl")))
    assert len(results) == 2225
    assert all(isinstance(result, Document) for result in results)
    ids = [result.id for result in results if isinstance(result, Document)]
    assert ids[0] == "business/001"
    assert len(set(ids)) == len(ids)
