"""Each consistency rule on sentences written for these tests: tolerances and rounding."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from claimtrack.checks import AGREES, CONTRADICTS, ClaimFacts, Related, check_article
from claimtrack.checks.across import rated_false, same_measure, sibling_values


def q(text: str, amount: float, unit: str | None, **extra: Any) -> dict[str, Any]:
    return {"kind": "quantity", "amount": amount, "unit": unit, "text": text, **extra}


def d(text: str, value: str) -> dict[str, Any]:
    return {"kind": "date", "value": value, "text": text}


def claim(
    claim_id: int, sentence: str, values: list[dict[str, Any]], *, text: str | None = None
) -> ClaimFacts:
    return ClaimFacts(claim_id, 1, text or sentence, sentence, "quantity", values)


def outcomes(claims: list[ClaimFacts], published: date | None = None) -> list[tuple[str, str]]:
    return [(f.rule, f.outcome) for f in check_article(claims, published)]


# --- change and percentage -------------------------------------------------------------


def test_about_nine_percent_agrees_with_448_to_488() -> None:
    s = "The fare rose from £448 to £488, an increase of about 9%."
    c = claim(1, s, [q("£448", 448, "GBP"), q("£488", 488, "GBP"), q("9%", 9, "%")])
    [finding] = check_article([c], None)
    assert (finding.rule, finding.outcome) == ("change_percentage", AGREES)
    assert finding.observed["computed_percent"] == pytest.approx(8.93, abs=0.01)


def test_down_ten_percent_contradicts_40_to_30() -> None:
    s = "Membership fell from 40 to 30, down 10%."
    c = claim(1, s, [q("40", 40, None), q("30", 30, None), q("10%", 10, "%")])
    [finding] = check_article([c], None)
    assert finding.outcome == CONTRADICTS
    assert "down 25.0%" in finding.expectation


def test_wrong_direction_contradicts() -> None:
    s = "Sales rose 5% to $105m from $100m last year."
    agreeing = claim(1, s, [q("5%", 5, "%"), q("$105m", 105e6, "USD"), q("$100m", 100e6, "USD")])
    assert outcomes([agreeing]) == [("change_percentage", AGREES)]
    s2 = "Sales fell 5% to $105m from $100m last year."
    falling = claim(1, s2, [q("5%", 5, "%"), q("$105m", 105e6, "USD"), q("$100m", 100e6, "USD")])
    assert outcomes([falling]) == [("change_percentage", CONTRADICTS)]


def test_rounding_of_the_figures_is_allowed() -> None:
    # 11.1 / 10.9 is +1.8%; with each figure +-0.05bn the change may be 0.9% to 2.8%.
    s = "Revenue rose 2% to $11.1bn from $10.9bn."
    values = [q("2%", 2, "%"), q("$11.1bn", 11.1e9, "USD"), q("$10.9bn", 10.9e9, "USD")]
    assert outcomes([claim(1, s, values)]) == [("change_percentage", AGREES)]
    s3 = "Revenue rose 3.5% to $11.1bn from $10.9bn."
    values[0] = q("3.5%", 3.5, "%")
    assert outcomes([claim(1, s3, values)]) == [("change_percentage", CONTRADICTS)]


def test_plain_nine_percent_is_stricter_than_about() -> None:
    # 448 -> 488 is 8.93%: "8%" (7.5 to 8.5) is out; "about 8%" (6.7 to 9.3) is in.
    plain = "The fare rose from £448 to £488, an increase of 8%."
    about = "The fare rose from £448 to £488, an increase of about 8%."
    for text, expected in ((plain, CONTRADICTS), (about, AGREES)):
        values = [q("£448", 448, "GBP"), q("£488", 488, "GBP"), q("8%", 8, "%")]
        assert outcomes([claim(1, text, values)]) == [("change_percentage", expected)]


def test_split_claims_of_one_sentence_are_read_together() -> None:
    s = "Prices climbed from 200 euros to 250 euros, up 25%, the ministry said."
    a = claim(1, s, [q("200 euros", 200, "EUR"), q("250 euros", 250, "EUR")], text=s[:41])
    b = claim(2, s, [q("25%", 25, "%")], text="up 25%")
    [finding] = check_article([a, b], None)
    assert finding.outcome == AGREES and finding.claim_ids == (1, 2)


def test_a_rate_or_an_endpoint_is_not_a_change() -> None:
    rate = "Output is set to grow by 6% per year, rising from 5bn euros to 9bn euros."
    values = [q("6%", 6, "%"), q("5bn euros", 5e9, "EUR"), q("9bn euros", 9e9, "EUR")]
    assert outcomes([claim(1, rate, values)]) == []
    two = "The deficit shrank to 5.4% from 10.2% and debt was cut to £160m from £610m."
    values = [
        q("5.4%", 5.4, "%"),
        q("10.2%", 10.2, "%"),
        q("£160m", 160e6, "GBP"),
        q("£610m", 610e6, "GBP"),
    ]
    assert outcomes([claim(1, two, values)]) == []


# --- parts, totals and shares ------------------------------------------------------------


def test_three_of_twelve_is_a_quarter() -> None:
    s = "3 of the 12 judges, or a quarter, dissented."
    values = [q("3", 3, None), q("12 judges", 12, "judge"), q("a quarter", 25, "%")]
    [finding] = check_article([claim(1, s, values)], None)
    assert (finding.rule, finding.outcome) == ("part_of_total", AGREES)


def test_nearly_a_quarter_allows_a_little_less() -> None:
    # 11 of 48 is 22.9%: "nearly a quarter" (20 to 27.5) agrees; "a third" does not.
    s = "11 of the 48 schools, or nearly a quarter, failed."
    values = [q("11", 11, None), q("48 schools", 48, "school"), q("a quarter", 25, "%")]
    assert outcomes([claim(1, s, values)]) == [("part_of_total", AGREES)]
    s2 = "11 of the 48 schools, or a third, failed."
    values[2] = q("a third", 33.33, "%")
    assert outcomes([claim(1, s2, values)]) == [("part_of_total", CONTRADICTS)]


def test_part_larger_than_total_contradicts() -> None:
    s = "15 out of 12 members voted for the motion."
    values = [q("15", 15, None), q("12 members", 12, "member")]
    assert outcomes([claim(1, s, values)]) == [("part_of_total", CONTRADICTS)]
    s2 = "5 out of 12 members voted for the motion."
    values = [q("5", 5, None), q("12 members", 12, "member")]
    assert outcomes([claim(1, s2, values)]) == [("part_of_total", AGREES)]


def test_share_in_percent_with_rounding() -> None:
    s = "Of the firms, 7 of 9 (78%) reported a profit."
    values = [q("7", 7, None), q("9", 9, None), q("78%", 78, "%")]
    assert outcomes([claim(1, s, values)]) == [("part_of_total", AGREES)]
    values[2] = q("70%", 70, "%")
    s2 = "Of the firms, 7 of 9 (70%) reported a profit."
    assert outcomes([claim(1, s2, values)]) == [("part_of_total", CONTRADICTS)]


# --- elapsed time ----------------------------------------------------------------------------

PUBLISHED = date(2019, 8, 30)


def _lockdown(start_text: str, start_value: str) -> list[ClaimFacts]:
    day = "It is the 26th day of the curfew in the valley."
    start = f"The curfew was imposed on {start_text} by the government."
    return [
        claim(1, day, [q("26th day", 26, "day")]),
        ClaimFacts(2, 1, start, start, "date", [d(start_text, start_value)]),
    ]


def test_26th_day_agrees_with_a_start_on_august_5() -> None:
    [finding] = check_article(_lockdown("August 5", "2019-08-05"), PUBLISHED)
    assert (finding.rule, finding.outcome) == ("elapsed_days", AGREES)
    assert "2019-08-05" in finding.expectation


def test_one_day_either_way_is_tolerated() -> None:
    # Counting the first day or not: the 26th day may be 25 or 26 days after the start.
    [finding] = check_article(_lockdown("August 4", "2019-08-04"), PUBLISHED)
    assert finding.outcome == AGREES


def test_26th_day_contradicts_a_start_on_august_1() -> None:
    [finding] = check_article(_lockdown("August 1", "2019-08-01"), PUBLISHED)
    assert finding.outcome == CONTRADICTS
    assert finding.observed["days_off"] == 4


def test_no_publication_date_no_elapsed_check() -> None:
    assert check_article(_lockdown("August 1", "2019-08-01"), None) == []


# --- ages and anniversaries ----------------------------------------------------------------


def _year_claim(sentence: str) -> ClaimFacts:
    return ClaimFacts(1, 1, sentence, sentence, "date", [])


def test_anniversary_against_founding_year() -> None:
    agree = _year_claim("The club, founded in 1950, celebrates its 70th anniversary this month.")
    assert outcomes([_with_value(agree)], date(2020, 5, 1)) == [("years_since", AGREES)]
    wrong = _year_claim("The club, founded in 1950, celebrates its 60th anniversary this month.")
    assert outcomes([_with_value(wrong)], date(2020, 5, 1)) == [("years_since", CONTRADICTS)]


def test_age_allows_a_birthday_not_yet_reached() -> None:
    born = "The senator, born in 1931, is now aged 87."
    assert outcomes([_with_value(_year_claim(born))], date(2019, 3, 1)) == [("years_since", AGREES)]
    born = "The senator, born in 1931, is now aged 80."
    assert outcomes([_with_value(_year_claim(born))], date(2019, 3, 1)) == [
        ("years_since", CONTRADICTS)
    ]


def test_a_later_year_named_is_the_reference() -> None:
    s = "Established in 1990, the fund marked its 25th anniversary in 2015."
    assert outcomes([_with_value(_year_claim(s))], None) == [("years_since", AGREES)]


def test_more_than_seventy_years_since() -> None:
    s = "The dispute has lasted for more than 70 years, since 1947."
    assert outcomes([_with_value(_year_claim(s))], date(2019, 8, 30)) == [("years_since", AGREES)]
    s = "The dispute has lasted for more than 80 years, since 1947."
    assert outcomes([_with_value(_year_claim(s))], date(2019, 8, 30)) == [
        ("years_since", CONTRADICTS)
    ]


def _with_value(c: ClaimFacts) -> ClaimFacts:
    # Sentences without a placed value are skipped; give the year as the extractor would.
    year = next(w.strip(",.") for w in c.sentence.split() if w.strip(",.").isdigit())
    return ClaimFacts(c.id, c.article_id, c.text, c.sentence, c.type, [d(year, year)])


# --- across articles -----------------------------------------------------------------------


def test_sibling_with_another_figure_contradicts() -> None:
    mine = claim(1, "Unemployment rose to 4.46 million.", [q("4.46 million", 4.46e6, None)])
    same = Related("sibling", "claim:2", None, [q("4.5 million", 4.5e6, None)], claim_id=2)
    other = Related("sibling", "claim:3", None, [q("4.2 million", 4.2e6, None)], claim_id=3)
    assert [f.outcome for f in sibling_values(mine, [same, other])] == [AGREES, CONTRADICTS]


def test_about_widens_a_sibling_comparison() -> None:
    mine = claim(1, "About 300 people marched.", [q("300", 300, None, qualifier="about")])
    theirs = Related("sibling", "claim:2", None, [q("320", 320, None)], claim_id=2)
    assert [f.outcome for f in sibling_values(mine, [theirs])] == [AGREES]


def test_same_measure_needs_the_same_words_and_period() -> None:
    def c(cid: int, article: int, amount: float, month: str | None = "2004-11") -> ClaimFacts:
        text = f"German unemployment in November reached {amount:g} million people nationwide"
        values = [q(f"{amount:g} million people", amount * 1e6, "people")]
        if month:
            values.append(d("November", month))
        return ClaimFacts(cid, article, text, text, "quantity", values)

    # No date and no claimer: two months or two sources, perhaps; not compared.
    assert same_measure([c(1, 1, 4.46, None), c(2, 2, 4.1, None)]) == []
    assert same_measure([c(1, 1, 4.46), c(2, 2, 4.1, "2003-11")]) == []
    found = same_measure([c(1, 1, 4.46), c(2, 2, 4.1), c(3, 1, 4.0)])
    # 1 and 3 share an article; "4 million" is rounded to the million, so it may be 4.1.
    assert [(f.claim_ids, f.outcome) for f in found] == [((1, 2), CONTRADICTS), ((2, 3), AGREES)]


def test_rated_false_by_a_sibling_or_fact_check() -> None:
    mine = claim(1, "The bridge cost $2bn.", [])
    related = [
        Related("fact_check", "politifact:9", "false", url="https://example.org/9"),
        Related("sibling", "claim:4", "true", claim_id=4),
        Related("sibling", "claim:5", "false", claim_id=5),
    ]
    assert [f.claim_ids for f in rated_false(mine, related)] == [(1,), (1, 5)]


def test_a_quarter_as_the_extractor_gives_it() -> None:
    # The extractor reads "a quarter" as 1 quarter; beside a part and total it is 25%.
    s = "Only 3 of the 12 trustees, or a quarter, attended."
    values = [q("3", 3, "trustee"), q("12 trustees", 12, "trustee"), q("a quarter", 1, "quarter")]
    [finding] = check_article([claim(1, s, values)], None)
    assert finding.outcome == AGREES and finding.observed["share"]["amount"] == 25
    s2 = "Only 5 of the 12 trustees, or a quarter, attended."
    values[0] = q("5", 5, "trustee")
    assert outcomes([claim(1, s2, values)]) == [("part_of_total", CONTRADICTS)]


@pytest.mark.parametrize(
    ("sentence", "values"),
    [
        # A model name, a scale, a share of the total, a measure: not a part of a total.
        ("It hopes to sell 900 of its 777-200LR jets.", [q("900", 900, None), q("777", 777, None)]),
        (
            "A quarter of a million people were affected.",
            [q("A quarter", 1, "quarter"), q("a million", 1e6, None)],
        ),
        (
            "Two in five of the 3 reports concerned fraud.",
            [q("five", 5, None), q("3 reports", 3, "report")],
        ),
        ("She made two throws of 1.5m.", [q("two throws", 2, "throw"), q("1.5m", 1.5e6, None)]),
    ],
)
def test_what_is_not_a_part_of_a_total(sentence: str, values: list[dict[str, Any]]) -> None:
    assert check_article([claim(1, sentence, values)], None) == []
