"""Exports without a database: CSV escaping, JSON Lines, the ClaimReview shape."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime

import pytest

from claimtrack import exports
from claimtrack.settings import Settings
from models import Article, Claim, ClaimEvent, Evidence, Reviewer


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
    assert org is not None and org["@type"] == "Organization"
    own_voice = exports.claim_author(make_claim(claimer=None))
    assert own_voice == {
        "@type": "Organization",
        "name": "news.example.com",
        "url": "https://www.news.example.com",
    }


def _local_article_claim(**overrides: object) -> Claim:
    claim = make_claim(**overrides)
    claim.article.url = None
    claim.article.source_key = "examples/articles/kashmir-hour-2019-08-30.txt"
    return claim


def test_a_local_file_never_becomes_an_author_or_a_url() -> None:
    # Issue 12: an Organization named after the local file path was published.
    claim = _local_article_claim(claimer=None)
    review = exports.claim_review(claim, Settings())
    assert "author" not in review["itemReviewed"]
    assert "url" not in review["itemReviewed"]["appearance"]
    assert "examples/articles" not in json.dumps(review)


def test_a_descriptive_claimer_is_no_person() -> None:
    claim = make_claim(claimer="figures published by regulator")
    assert exports.claim_author(claim) is None
    assert "author" not in exports.claim_review(claim, Settings())["itemReviewed"]


def test_the_publisher_url_replaces_local_paths_in_every_export() -> None:
    settings = Settings(
        publisher_url="https://news.example.org/archive/", publisher_name="The Example"
    )
    claim = _local_article_claim(claimer=None)
    claim.article.source_key = "articles/kashmir-hour-2019-08-30.txt"
    link = "https://news.example.org/archive/articles/kashmir-hour-2019-08-30.txt"
    review = exports.claim_review(claim, settings)
    assert review["itemReviewed"]["appearance"]["url"] == link
    assert review["itemReviewed"]["author"] == {
        "@type": "Organization",
        "name": "The Example",
        "url": "https://news.example.org",
    }
    out = io.StringIO()
    exports.write_csv([claim], out, settings)
    row = next(csv.DictReader(io.StringIO(out.getvalue())))
    assert row["article_key"] == row["article_url"] == link
    out = io.StringIO()
    exports.write_jsonl([claim], out, settings)
    record = json.loads(out.getvalue())
    assert record["article_key"] == record["article_url"] == link
    assert "articles/kashmir" not in out.getvalue().replace(link, "")


def test_csv_and_jsonl_carry_evidence_reviewer_and_assignee() -> None:
    claim = make_claim(
        evidence=[
            Evidence(url="https://stats.example.org/lockdown"),
            Evidence(note="phoned the ministry"),
            Evidence(url="https://archive.example.org/x"),
        ],
        assignee=Reviewer(name="eddie", role="editor", token_hash="0" * 64),
    )
    claim.events = [
        ClaimEvent(action="take", actor="eddie"),
        ClaimEvent(action="review", actor="rita"),
    ]
    urls = ["https://stats.example.org/lockdown", "https://archive.example.org/x"]
    out = io.StringIO()
    exports.write_jsonl([claim], out)
    record = json.loads(out.getvalue())
    assert (record["evidence_urls"], record["reviewer"], record["assignee"]) == (
        urls,
        "rita",
        "eddie",
    )
    out = io.StringIO()
    exports.write_csv([claim], out)
    row = next(csv.DictReader(io.StringIO(out.getvalue())))
    assert json.loads(row["evidence_urls"]) == urls
    assert (row["reviewer"], row["assignee"]) == ("rita", "eddie")


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
