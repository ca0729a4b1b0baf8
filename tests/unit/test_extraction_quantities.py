"""Quantities fully scaled, with units and qualifiers (spec: Values)."""

from __future__ import annotations

from typing import Any

import pytest

from claimtrack.extraction.quantities import find_quantities


def values(text: str) -> list[tuple[Any, str | None, str | None]]:
    found = []
    for mention in find_quantities(text, []):
        value = mention.as_value(text)
        found.append((value["amount"], value["unit"], value.get("qualifier")))
    return found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("about 2.5 million people", [(2_500_000, "people", "about")]),
        ("profits of £1.2bn", [(1_200_000_000, "GBP", None)]),
        ("it is 26th day the valley has been locked down", [(26, "day", None)]),
        ("the 26th consecutive day", [(26, "day", None)]),
        ("for more than 70 years", [(70, "year", "more_than")]),
        ("sales fell 3.5%", [(3.5, "%", None)]),
        ("a dozen firms", [(12, "firm", None)]),
        ("two-thirds of voters", [(66.67, "%", None)]),
        ("up 1.5 percentage points", [(1.5, "%", None)]),
        ("shares closed at 115.5 pence", [(1.155, "GBP", None)]),
        ("$1.13bn (£600m)", [(1_130_000_000, "USD", None), (600_000_000, "GBP", None)]),
        ("the third-largest bank", [(3, "rank", None)]),
        ("the world's biggest printer firm", [(1, "rank", None)]),
        ("3m euros", [(3_000_000, "EUR", None)]),
        ("16 billion marks", [(16_000_000_000, "DEM", None)]),
        ("at least 12 dlrs", [(12, "USD", "at_least")]),
        ("between $5-10m", [(5_000_000, "USD", None), (10_000_000, "USD", None)]),
        (
            "between three and four million requests",
            [(3_000_000, "request", None), (4_000_000, "request", None)],
        ),
        ("a 15-year-old boy", [(15, "year", None)]),
        ("for the first time in a year", [(1, "year", None)]),
        ("reached number 13 in the chart", [(13, "rank", None)]),
        ("the Tigers led 22-6", [(22, "point", None), (6, "point", None)]),
    ],
)
def test_spec_quantities(text: str, expected: list[tuple[Any, str | None, str | None]]) -> None:
    assert values(text) == expected


def test_rising_to_a_figure_does_not_rescale_the_percentage() -> None:
    assert values("sales rise 8% to 4.7 million") == [(8, "%", None), (4_700_000, None, None)]


@pytest.mark.parametrize(
    "text",
    [
        "Common Article 3 of the Geneva Conventions",
        "No. 10 Downing Street",
        "one dealer said",
        "at 10:30 GMT",
        "the PlayStation 2 console",
        "one of the biggest investors",
    ],
)
def test_names_times_and_pronouns_are_not_quantities(text: str) -> None:
    assert values(text) == []


def test_numbers_inside_excluded_spans_are_skipped() -> None:
    text = "on August 5 it sold 40 cars"
    assert [m.amount for m in find_quantities(text, [(3, 11)])] == [40]


def test_model_names_with_a_letter_are_not_amounts() -> None:
    assert values("the 29A virus writing group") == []


def test_the_longest_qualifier_wins() -> None:
    assert values("no more than 5 days") == [(5, "day", "up_to")]
    assert values("just over 5 days") == [(5, "day", "more_than")]


def test_wire_spacing_and_rates_after_money() -> None:
    import datetime as dt

    from claimtrack.extraction import extract_claims

    def found(text: str) -> list[tuple[float, str | None]]:
        return [
            (v["amount"], v["unit"])
            for claim in extract_claims(text, dt.date(1987, 3, 16))
            for v in claim.values
            if v["kind"] == "quantity"
        ]

    assert found("A 10 year-old boy was hurt.") == [(10, "year")]
    # "an hour" after a sum of money is a rate, not a one-hour duration.
    assert found("Wages were cut by 60 cents an hour.") == [(0.6, "USD")]
