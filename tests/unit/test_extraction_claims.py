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
            "Michael Rabb, an analyst at Bank Sal Oppenheim, said profits rose 5%.",
            "profits rose",
            "Michael Rabb",
        ),
        (
            "Profits rose 5%, Michael Rabb, an analyst at Sal Oppenheim, said.",
            "Profits",
            "Michael Rabb",
        ),
        (
            "The company's chief executive, John Smith, said profits rose 5%.",
            "profits",
            "John Smith",
        ),
        (
            "According to the Office for National Statistics, prices rose 2%.",
            "prices rose",
            "Office for National Statistics",
        ),
        ("Sales fell 3%, analysts said.", "Sales fell", "analysts"),
        (
            '"Exports rose 5%," said Mr Brown. Gordon Brown is chancellor.',
            "Exports rose",
            "Gordon Brown",
        ),
        (
            "Gordon Brown spoke first. The chancellor said cuts proposed by shadow chancellor "
            'Oliver Letwin were deep. Laying into the Tory record he said: "Inflation hit 10%."',
            "Inflation hit 10%",
            "Gordon Brown",
        ),
        (
            "Gordon Brown spoke in Leeds. In the speech - which drew an ovation from an audience "
            'clearly "warm" to Mr Brown - he also promised to cut unemployment by 5%.',
            "cut unemployment",
            "Gordon Brown",
        ),
        (
            "Chancellor Gordon Brown spoke in Leeds. "
            "To a packed hall in Leeds, the chancellor said growth was 3%.",
            "growth was 3%",
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


def test_tense_comes_from_the_verb_nearest_the_date() -> None:
    text = "The company said it would end the lockout that started December 14."
    [claim] = extract_claims(text, dt.date(1987, 3, 16))
    assert dates(claim) == ["1986-12-14"]  # 'started' is past even in a 'would' clause


def test_subordinate_and_parallel_clauses_with_their_own_figures_split() -> None:
    text = "Although inventories fell 0.7% month on month, they were 36% higher than a year ago."
    claims = extract_claims(text, None)
    assert [c.text for c in claims] == [
        "inventories fell 0.7% month on month",
        "they were 36% higher than a year ago",
    ]


def test_number_ranges_and_noun_lists_stay_one_claim() -> None:
    text = "The Library receives between three and four million requests each year."
    [claim] = extract_claims(text, None)
    assert quantity(claim)[:2] == [(3_000_000, "request", None), (4_000_000, "request", None)]


def test_it_and_the_company_resolve_to_the_organisation_named_before() -> None:
    text = (
        "US supermarket group Winn-Dixie has filed for bankruptcy protection. "
        "It said its 920 stores would remain open. "
        "The company said it employs 79,000 people."
    )
    claims = extract_claims(text, None)
    assert claim_with(claims, "920 stores").claimer == "Winn-Dixie"
    assert claim_with(claims, "79,000 people").claimer == "Winn-Dixie"
    assert claim_with(claims, "bankruptcy protection").type == "law"


def test_a_survey_by_named_organisations_is_their_claim() -> None:
    text = "A recent survey by Earthlink and Webroot found that 90% of PCs are infested."
    assert claim_with(extract_claims(text, None), "90% of PCs").claimer == "Earthlink and Webroot"


def test_a_reporting_publication_is_named_without_its_description() -> None:
    text = "Sky will activate a spare slot on set-top boxes in January, marketing magazine New Media Age reported."
    assert claim_with(extract_claims(text, None), "spare slot").claimer == "New Media Age"


def test_headlines_and_team_line_ups_are_not_claims() -> None:
    text = (
        "Parmalat sues 45 banks over crash\n\n"
        "Parmalat has sued 45 banks.\n\n"
        "Wasps: Van Gisbergen; Lewsey, Erinle, Abbott, Voyce; King, Dawson; Dowd, Greening."
    )
    assert [c.text for c in extract_claims(text, None)] == ["Parmalat has sued 45 banks"]


def test_a_money_amount_passes_its_currency_to_the_next_bare_one() -> None:
    text = "Banks held 52.0 billion marks on February 27, averaging 51.0 billion over the month."
    [claim] = extract_claims(text, dt.date(1987, 3, 3))
    assert quantity(claim) == [(52_000_000_000, "DEM", None), (51_000_000_000, "DEM", None)]
    assert dates(claim) == ["1987-02-27"]


def test_wire_copy_datelines_titles_and_index_names() -> None:
    text = (
        "WASHINGTON (Reuters) - The Federal Reserve held rates at 5.25% on Wednesday. "
        "\u201cInflation is moving toward 2%,\u201d Fed Chair Jerome Powell told reporters. "
        "The S&P 500 gained 0.6%."
    )
    claims = extract_claims(text, dt.date(2023, 12, 13))
    assert claims[0].text.startswith("The Federal Reserve held rates")
    assert dates(claims[0]) == ["2023-12-13"]
    assert claim_with(claims, "Inflation is moving").claimer == "Jerome Powell"
    assert quantity(claim_with(claims, "gained 0.6%")) == [(0.6, "%", None)]


# Hard-wrapped wire copy, written for these tests: an all-capitals headline, paragraphs
# marked by a four-space indent, a quotation running over several sentences and lines.
WIRE_COPY = (
    "PORT AUTHORITY SAYS HARBOUR TRAFFIC RECOVERED\n"
    "\n"
    "Harbour traffic recovered last month after the dock strike,\n"
    "the Port Authority said.\n"
    "    Authority spokeswoman Helen Marsh said in a written\n"
    "statement that cargo volumes rose 12 pct in September.\n"
    "    The statement said the authority had hired 40 new pilots\n"
    "to clear the backlog of waiting ships.\n"
    '    "Every berth is in use again. Waiting times have fallen\n'
    'to two days. We expect no further delays this year," Marsh\n'
    "said.\n"
)


def test_wire_copy_quotation_over_several_sentences_is_its_speakers() -> None:
    claims = extract_claims(WIRE_COPY, dt.date(1987, 10, 2))
    for words in ("Every berth is in use again", "Waiting times have fallen"):
        claim = claim_with(claims, words)
        assert claim.claimer == "Helen Marsh", (words, claim.claimer)
    assert claim_with(claims, "Waiting times").type == "quantity"  # two days


def test_wire_copy_claimers_drop_roles_and_resolve_the_issuer_of_a_statement() -> None:
    claims = extract_claims(WIRE_COPY, dt.date(1987, 10, 2))
    # Role words before a known name are no part of the claimer.
    assert claim_with(claims, "cargo volumes rose").claimer == "Helen Marsh"
    # "The statement said" speaks for the organisation named before, not "statement".
    assert claim_with(claims, "40 new pilots").claimer == "Port Authority"
    # The headline is not taken for part of a name in the body.
    assert all("HARBOUR" not in (claim.claimer or "") for claim in claims)


def test_deadlines_and_timetables_resolve_weekdays_forwards() -> None:
    # Published on Monday 16 March 1987, in the past tense around the weekday.
    text = (
        "Members voted on Sunday to strike from the plant, effective Tuesday. "
        "The minister, who leaves for Moscow on Wednesday, met union leaders. "
        "The agency gave shippers until close of business on Thursday to reply. "
        "The agency said the ban was effective from Friday."
    )
    claims = extract_claims(text, dt.date(1987, 3, 16))
    assert "1987-03-17" in dates(claim_with(claims, "effective Tuesday"))
    assert dates(claim_with(claims, "leaves for Moscow")) == ["1987-03-18"]
    assert dates(claim_with(claims, "until close of business")) == ["1987-03-19"]
    # said of the past
    assert dates(claim_with(claims, "was effective from Friday")) == ["1987-03-13"]


def test_negated_speech_and_articles_are_no_speakers() -> None:
    text = (
        "An estimated 10,000 people marched through the capital, police said. "
        "The spokesman could not say when the talks would resume, but officials said "
        "they would meet again in May."
    )
    claims = extract_claims(text, dt.date(2024, 3, 4))
    assert claim_with(claims, "10,000 people").claimer != "An"
    assert all("could not" not in (claim.claimer or "") for claim in claims)


def test_records_and_superlatives_ever_are_first_rank() -> None:
    text = (
        "Shares suffered a record drop on Monday. "
        "We are in the longest peacetime expansion in history, the spokesman said."
    )
    claims = extract_claims(text, dt.date(1987, 10, 19))
    for words in ("record drop", "longest peacetime expansion"):
        assert (1.0, "rank", None) in quantity(claim_with(claims, words)), words


def test_a_reason_with_its_own_date_is_its_own_claim_and_a_date_range_stays_whole() -> None:
    text = (
        "The tender was announced last Friday, because the banks closed yesterday. "
        "Exports between April 1, 1985, and September 30, 1987 will count, the council said."
    )
    claims = extract_claims(text, dt.date(1987, 3, 3))
    announced = claim_with(claims, "announced last Friday")
    assert "banks closed" not in announced.text
    assert claim_with(claims, "banks closed yesterday").values[0]["value"] == "1987-03-02"
    span = claim_with(claims, "between April 1")
    assert [v["value"] for v in span.values] == ["1985-04-01", "1987-09-30"]
