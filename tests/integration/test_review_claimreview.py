"""The ClaimReview export of reviewed claims from the example article: valid JSON-LD with
every property Google's fact-check guidelines require or recommend, filled."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from sqlalchemy.orm import Session

from claimtrack import exports
from claimtrack.review import queries, service
from claimtrack.settings import Settings
from tests.integration.test_review_support import (
    EXAMPLE_URL,
    add_article,
    add_example_claims,
    add_reviewer,
    example_text,
)

SCHEMA = "https://schema.org/"

# Google Search Central, "Fact check (ClaimReview) structured data": required and
# recommended properties, as paths into one ClaimReview object.
REQUIRED_AND_RECOMMENDED = [
    "claimReviewed",
    "reviewRating.alternateName",
    "url",
    "author.name",
    "author.url",
    "datePublished",
    "itemReviewed.author.name",
    "itemReviewed.datePublished",
    "itemReviewed.appearance.url",
    "itemReviewed.firstAppearance.url",
    "reviewRating.name",
    "reviewRating.ratingValue",
    "reviewRating.bestRating",
    "reviewRating.worstRating",
]


def _offline_loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    # The schema.org context, reduced to its essence, so the test never goes online:
    # every term is a schema.org IRI.
    if url.rstrip("/") in ("https://schema.org", "http://schema.org"):
        return {
            "contentType": "application/ld+json",
            "contextUrl": None,
            "documentUrl": url,
            "document": {"@context": {"@vocab": SCHEMA}},
        }
    raise AssertionError(f"the JSON-LD refers to an unexpected remote document: {url}")


def _get(obj: dict[str, Any], path: str) -> Any:
    for part in path.split("."):
        obj = obj[part]
    return obj


@pytest.fixture
def example_reviews(db_session: Session) -> list[dict[str, Any]]:
    article = add_article(db_session, example_text())
    claims = add_example_claims(db_session, article)
    reviewer, _ = add_reviewer(db_session, "rita")
    verdicts = ["false", "true", "misleading", "unverifiable"]
    for claim, verdict in zip(claims[:4], verdicts, strict=True):
        service.review_claim(
            db_session,
            reviewer,
            claim.id,
            version=claim.version,
            verdict=verdict,
            note=f"rated {verdict}",
        )
    settings = Settings(
        organisation_name="Example Fact Check",
        organisation_url="https://factcheck.example.org",
        review_url_template="https://factcheck.example.org/claims/{claim_id}",
    )
    out = io.StringIO()
    count = exports.export_claims(
        db_session, queries.ClaimFilters(article_id=article.id), "claimreview", out, settings
    )
    reviews: list[dict[str, Any]] = json.loads(out.getvalue())
    assert count == len(reviews) == 4  # only the reviewed claims, though all were selected
    return reviews


def test_claimreview_is_valid_json_ld_with_every_field_filled(
    example_reviews: list[dict[str, Any]],
) -> None:
    from pyld import jsonld

    for review in example_reviews:
        for path in REQUIRED_AND_RECOMMENDED:
            value = _get(review, path)
            assert value not in (None, "", [], {}), f"{path} is empty in {review['url']}"
        # JSON-LD processing: expansion fails on malformed JSON-LD and drops terms it
        # cannot map; every property must survive as a schema.org IRI.
        expanded = jsonld.expand(review, {"documentLoader": _offline_loader})
        assert len(expanded) == 1
        node = expanded[0]
        assert node["@type"] == [SCHEMA + "ClaimReview"]
        kept = {key.removeprefix(SCHEMA) for key in node if key != "@type"}
        assert kept == set(review) - {"@context", "@type"}
        item = node[SCHEMA + "itemReviewed"][0]
        assert item["@type"] == [SCHEMA + "Claim"]
        appearance = item[SCHEMA + "appearance"][0]
        assert appearance["@type"] == [SCHEMA + "CreativeWork"]
        rating = node[SCHEMA + "reviewRating"][0]
        assert rating["@type"] == [SCHEMA + "Rating"]
        # Round trip: compacting again gives back the same document.
        compacted = jsonld.compact(
            expanded, SCHEMA.rstrip("/"), {"documentLoader": _offline_loader}
        )
        compacted.pop("@context")
        assert compacted == {k: v for k, v in review.items() if k != "@context"}


def test_claimreview_content_matches_the_claims(example_reviews: list[dict[str, Any]]) -> None:
    verdicts = {r["reviewRating"]["alternateName"] for r in example_reviews}
    assert verdicts == {"false", "true", "misleading", "unverifiable"}
    text = example_text()
    for review in example_reviews:
        assert review["claimReviewed"] in text
        assert review["itemReviewed"]["appearance"]["url"] == EXAMPLE_URL
        assert review["itemReviewed"]["datePublished"] == "2019-08-30"
        assert review["author"]["name"] == "Example Fact Check"
        assert review["url"].startswith("https://factcheck.example.org/claims/")
        rating = review["reviewRating"]
        assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
        assert rating["ratingValue"] == exports.RATING_SCALE[rating["alternateName"]]
        assert review["itemReviewed"]["author"]["@type"] in ("Person", "Organization")
