"""The whole BBC corpus: every claim's text is the article text at its offsets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimtrack.extraction import extract_claims

BBC_JSONL = Path(__file__).resolve().parents[3] / "shared" / "data" / "bbc-news" / "bbc_news.jsonl"

pytestmark = [
    pytest.mark.shared,
    pytest.mark.skipif(not BBC_JSONL.exists(), reason="../shared/data/bbc-news is absent"),
]


def test_claim_offsets_hold_on_every_bbc_article() -> None:
    articles = 0
    claims = 0
    with BBC_JSONL.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            text = record["text"]
            for claim in extract_claims(text, None):
                assert text[claim.start : claim.end] == claim.text, record["id"]
                assert claim.text in claim.sentence, record["id"]
                assert claim.text.strip() == claim.text, record["id"]
                claims += 1
            articles += 1
    assert articles == 2225
    assert claims > 10 * articles  # a news article states many facts
