"""The counted total of a run's items (issue 12, item 7): what the progress bar shows."""

from __future__ import annotations

import json
from pathlib import Path

from claimtrack.sources import ReadOptions, iter_documents
from claimtrack.sources.count import count_items
from tests.conftest import REPO_ROOT


def test_the_count_is_what_the_readers_give(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "README.md").write_text("About.\n")
    (folder / "a.txt").write_text("A rose 4%.\n")
    (folder / "b.txt").write_bytes(b"\xff\xfe not utf-8")  # an error item still counts
    lines = [json.dumps({"id": str(i), "text": f"Item {i} rose {i}%."}) for i in range(5)]
    (folder / "dump.jsonl").write_text("\n".join(lines[:3]) + "\n\n  \n" + "\n".join(lines[3:]))
    assert count_items([str(folder)]) == len(list(iter_documents(str(folder)))) == 7
    options = ReadOptions(exclude=("*.jsonl",))
    assert count_items([str(folder)], options) == 2
    examples = REPO_ROOT / "examples"
    assert count_items([str(examples / "articles"), str(examples / "articles.jsonl")]) == len(
        list(iter_documents(str(examples / "articles")))
    ) + len(list(iter_documents(str(examples / "articles.jsonl"))))


def test_feeds_and_standard_input_are_not_countable() -> None:
    assert count_items(["https://example.org/feed.rss"]) is None
    assert count_items([str(REPO_ROOT / "examples" / "feed.xml")]) is None
    assert count_items(["-"]) is None
