"""Exports without a database: CSV escaping, JSON Lines, the ClaimReview shape."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime

import pytest

from claimtrack import exports
from claimtrack.settings import Settings
from models import Article, Claim, ClaimEvent


def make_claim(**overrides: object) -> Claim:
    article = Article(
        id=7,
        source="file",
        source_key="examples/articles/a.txt",
        url="https://www.news.example.com/a",
        title="Headline",
        published=date(2019, 8, 30),
        text="x",
        sha256="0" * 64,
    )
    fields: dict[str, object] = {
        "id": 42,
        "article_id": 7,
        "article": article,
        "span_start": 0,
        "span_end": 10,
        "text": "it is 26th day of the lockdown",
        "sentence": "It is 26th day of the lockdown, he said.",
        "type": "quantity",
        "claimer": "Shah Mehmood Qureshi",
        "values": [{"kind": "quantity", "amount": 26, "unit": "day"}],
        "checkworthiness": 0.9,
        "status": "reviewed",
        "verdict": "false",
        "note": "Records show 27 days.",
        "origin": "extractor",
        "version": 3,
        "fingerprint": "f" * 64,
        "updated_at": datetime(2019, 9, 2, 10, 0, tzinfo=UTC),
    }
    fields.update(overrides)
    return Claim(**fields)


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_defuses_formula_starts(start: str) -> None:
    payload = f'{start}HYPERLINK("http://evil")'
    out = io.StringIO()
    exports.write_csv([make_claim(text=payload, claimer=payload, note=payload)], out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert len(rows) == 1
    for column in ("text", "claimer", "note"):
        assert rows[0][column] == "'" + payload


def test_csv_keeps_ordinary_text_numbers_and_quotes_intact() -> None:
    text = 'He said "26, not 27",\nthen left'
    out = io.StringIO()
    exports.write_csv([make_claim(text=text, checkworthiness=0.25)], out)
    row = next(csv.DictReader(io.StringIO(out.getvalue())))
    assert row["text"] == text
    assert row["checkworthiness"] == "0.25"
    assert json.loads(row["values"]) == [{"amount": 26, "kind": "quantity", "unit": "day"}]
    assert list(row) == list(exports.CSV_COLUMNS)


def test_jsonl_one_object_per_line() -> None:
    out = io.StringIO()
    count = exports.write_jsonl([make_claim(), make_claim(id=43, verdict=None)], out)
    lines = out.getvalue().splitlines()
    assert count == len(lines) == 2
    first = json.loads(lines[0])
    assert first["id"] == 42 and first["verdict"] == "false"
    assert first["article_url"] == "https://www.news.example.com/a"


def test_claimreview_fields_and_scale() -> None:
    settings = Settings(
        organisation_name="Checkers",
        organisation_url="https://checkers.example",
        review_url_template="https://checkers.example/r/{claim_id}",
    )
    claim = make_claim()
    claim.events = [ClaimEvent(action="review", created_at=datetime(2019, 9, 1, 9, 0, tzinfo=UTC))]
    review = exports.claim_review(claim, settings)
    assert review["@type"] == "ClaimReview" and review["@context"] == "https://schema.org"
    assert review["url"] == "https://checkers.example/r/42"
    assert review["claimReviewed"] == claim.text
    assert review["datePublished"] == "2019-09-01"
    assert review["author"] == {
        "@type": "Organization",
        "name": "Checkers",
        "url": "https://checkers.example",
    }
    rating = review["reviewRating"]
    assert rating["alternateName"] == "false" and rating["name"] == "False"
    assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
    item = review["itemReviewed"]
    assert item["author"] == {"@type": "Person", "name": "Shah Mehmood Qureshi"}
    assert item["datePublished"] == "2019-08-30"
    assert item["appearance"]["url"] == "https://www.news.example.com/a"


def test_rating_scale_orders_verdicts() -> None:
    scale = exports.RATING_SCALE
    assert scale["false"] == exports.WORST_RATING
    assert scale["true"] == exports.BEST_RATING
    assert scale["false"] < scale["misleading"] < scale["unverifiable"] < scale["true"]


def test_claimer_kinds_and_own_voice() -> None:
    org = exports.claim_author(make_claim(claimer="the US Agriculture Department"))
    assert org["@type"] == "Organization"
    own_voice = exports.claim_author(make_claim(claimer=None))
    assert own_voice == {"@type": "Organization", "name": "news.example.com"}


def test_only_reviewed_claims_become_claimreviews() -> None:
    out = io.StringIO()
    claims = [make_claim(), make_claim(id=43, status="new", verdict=None)]
    count = exports.write_claimreview(claims, out, Settings())
    assert count == 1
    assert [r["url"].rsplit("-", 1)[-1] for r in json.loads(out.getvalue())] == ["42"]
    with pytest.raises(ValueError, match="no verdict"):
        exports.claim_review(make_claim(status="new", verdict=None), Settings())


def test_bad_url_template_is_a_clear_error() -> None:
    from claimtrack.review.errors import InvalidInput

    with pytest.raises(InvalidInput, match="claim_id"):
        exports.review_url(make_claim(), Settings(review_url_template="https://x/{id}"))
