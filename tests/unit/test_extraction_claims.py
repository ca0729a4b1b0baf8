"""Claims: discrete spans, types by precedence, claimers, values; the example's must-shows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from claimtrack.extraction import EXTRACTOR_VERSION, ExtractedClaim, article_result, extract_claims

EXAMPLE = (
    Path(__file__).resolve().parents[3]
    / "shared"
    / "examples"
    / "articles"
    / "kashmir-hour-2019-08-30.txt"
)
PUBLISHED = dt.date(2019, 8, 30)


def claim_with(claims: list[ExtractedClaim], words: str) -> ExtractedClaim:
    found = [claim for claim in claims if words in claim.text]
    assert found, f"no claim contains {words!r}: {[c.text for c in claims]}"
    return found[0]


def quantity(claim: ExtractedClaim) -> list[tuple[object, object, object]]:
    return [
        (v["amount"], v["unit"], v.get("qualifier"))
        for v in claim.values
        if v["kind"] == "quantity"
    ]


def dates(claim: ExtractedClaim) -> list[str]:
    return [v["value"] for v in claim.values if v["kind"] == "date"]


def test_every_claim_indexes_the_text_and_sits_inside_its_sentence() -> None:
    text = (
        'Sales rose 5% to 3m euros in 2004, the company said. "We are pleased," said Ann Lee. '
        "Profits fell 2% while costs rose 4%."
    )
    claims = extract_claims(text, None)
    assert claims
    for claim in claims:
        assert text[claim.start : claim.end] == claim.text
        assert claim.text in claim.sentence
        assert 0 <= claim.checkworthiness <= 1


def test_a_sentence_with_two_figures_gives_two_claims_and_a_locating_date_stays() -> None:
    claims = extract_claims("Profits rose 5% in 2004, while sales fell 3% to $2bn.", None)
    assert [c.text for c in claims] == ["Profits rose 5% in 2004", "sales fell 3% to $2bn"]
    assert quantity(claims[0]) == [(5, "%", None)] and dates(claims[0]) == ["2004"]
    assert quantity(claims[1]) == [(3, "%", None), (2_000_000_000, "USD", None)]


def test_types_follow_the_precedence_order() -> None:
    text = (
        "The law bans smoking in 20 bars. "
        "The plant employs 300 people. "
        "The minister will visit on Monday. "
        "Prices rose because demand increased. "
        "The company will expand abroad. "
        "The protesters carried banners."
    )
    claims = extract_claims(text, dt.date(2019, 8, 30))
    assert [c.type for c in claims] == [
        "law",
        "quantity",
        "date",
        "causal",
        "prediction",
        "statement",
    ]


def test_quotation_claims_are_typed_quote_with_their_speaker() -> None:
    text = (
        "Foreign Minister Shah Mehmood Qureshi spoke in Islamabad. "
        '"Innocent people are facing abuse. The world is watching," Qureshi said.'
    )
    claims = extract_claims(text, None)
    first = claim_with(claims, "Innocent people")
    second = claim_with(claims, "The world is watching")
    assert first.type == second.type == "quote"
    assert first.claimer == second.claimer == "Shah Mehmood Qureshi"


@pytest.mark.parametrize(
    ("text", "words", "claimer"),
    [
        (
            "Chief executive Richard Parsons said profits rose 5%.",
            "profits rose",
            "Richard Parsons",
        ),
        (
            "Profits rose 5%, according to the US Agriculture Department.",
            "Profits rose",
            "US Agriculture Department",
        ),
        ("Profits rose 5%, TimeWarner said.", "Profits rose", "TimeWarner"),
        (
            "Foreign Secretary Sohail Mahmood spoke. He said exports rose 5%.",
            "exports rose",
            "Sohail Mahmood",
        ),
        (
            "Foreign Secretary Sohail Mahmood spoke first. The foreign secretary said exports rose 5%.",
            "exports rose",
            "Sohail Mahmood",
        ),
        ("Exports rose 5% in March.", "Exports rose", None),
        (
            '"Exports rose 5%," said Mr Brown. Gordon Brown is chancellor.',
            "Exports rose",
            "Gordon Brown",
        ),
    ],
)
def test_claimers(text: str, words: str, claimer: str | None) -> None:
    assert claim_with(extract_claims(text, None), words).claimer == claimer


def test_opinion_calls_to_action_questions_and_boilerplate_are_not_claims() -> None:
    text = (
        '"I would like to ask everyone to stay calm," he said. '
        "Will prices fall? "
        "The company declined to comment."
    )
    assert extract_claims(text, None) == []


def test_extraction_is_deterministic_and_versioned() -> None:
    text = "Sales rose 5% on Friday, the company said. It will open 20 stores next year."
    first = article_result("a", text, PUBLISHED)
    assert first == article_result("a", text, PUBLISHED)
    assert first["extractor"] == EXTRACTOR_VERSION
    assert first["published"] == "2019-08-30"
    assert article_result("a", text, None)["published"] is None


@pytest.mark.skipif(not EXAMPLE.exists(), reason="../shared/examples is absent")
class TestExampleArticle:
    """The must-shows of issue 3 on the project's example article."""

    @pytest.fixture(scope="class")
    def claims(self) -> list[ExtractedClaim]:
        return extract_claims(EXAMPLE.read_text(encoding="utf-8-sig"), PUBLISHED)

    def test_unga_address_is_a_dated_claim_by_qureshi(self, claims: list[ExtractedClaim]) -> None:
        claim = claim_with(claims, "will address to the UN General Assembly on September 27")
        assert claim.type == "date"
        assert dates(claim) == ["2019-09-27"]
        assert claim.claimer == "Shah Mehmood Qureshi"

    def test_both_26_day_statements_are_quantities_by_their_speakers(
        self, claims: list[ExtractedClaim]
    ) -> None:
        qureshi = claim_with(claims, "it is 26th day the entire valley")
        mahmood = claim_with(claims, "it is the 26th consecutive day")
        for claim in (qureshi, mahmood):
            assert claim.type == "quantity"
            assert quantity(claim) == [(26, "day", None)]
        assert qureshi.claimer == "Shah Mehmood Qureshi"
        assert mahmood.claimer == "Sohail Mahmood"
        assert "The foreign secretary said" not in mahmood.text

    def test_relative_dates_resolve_against_friday(self, claims: list[ExtractedClaim]) -> None:
        assert dates(claim_with(claims, "took to the Twitter on Friday")) == ["2019-08-30"]
        assert dates(claim_with(claims, "the August 5 illegal action")) == ["2019-08-05"]

    def test_more_than_70_years(self, claims: list[ExtractedClaim]) -> None:
        claim = claim_with(claims, "for more than 70 years")
        assert quantity(claim) == [(70, "year", "more_than")]
        assert claim.claimer == "Sohail Mahmood"

    def test_the_convention_is_a_law_claim_and_the_call_to_apologise_is_none(
        self, claims: list[ExtractedClaim]
    ) -> None:
        assert (
            claim_with(claims, "prohibited in absolute terms by Convention against Torture").type
            == "law"
        )
        assert not [c for c in claims if "apologise" in c.text]
