"""A .jsonl line holding only Unicode whitespace (U+0085 NEXT LINE, U+2028, a no-break
space) is a blank line, skipped like one, not "not valid JSON" (issue 12, item 8)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimtrack.sources import Document, iter_documents
from claimtrack.sources.count import count_items


@pytest.mark.parametrize("blank", ["\u0085", "\u2028", "\u00a0 \t", "\u3000"])
def test_a_unicode_whitespace_line_is_skipped(blank: str, tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl"
    first = json.dumps({"id": "a", "text": "Rates rose 4%."})
    second = json.dumps({"id": "b", "text": "Fares rose 12%."})
    path.write_bytes(f"{first}\n{blank}\n{second}\n".encode())
    results = list(iter_documents(str(path)))
    assert [r.id for r in results] == ["a", "b"]
    assert all(isinstance(r, Document) for r in results)
    assert count_items([str(path)]) == 2  # the progress total agrees
