"""Dates resolved against the publication date with the clause's tense (spec: Values)."""

from __future__ import annotations

import datetime as dt

import pytest

from claimtrack.extraction.dates import find_dates

FRIDAY = dt.date(2019, 8, 30)  # the example article's publication date, a Friday


def resolve(
    text: str, published: dt.date | None = FRIDAY, future: bool = False
) -> list[str | None]:
    return [mention.value for mention in find_dates(text, published, lambda _: future)]


@pytest.mark.parametrize(
    ("text", "future", "expected"),
    [
        ("took to the Twitter on Friday", False, "2019-08-30"),  # on or before: the same day
        ("met on Tuesday", False, "2019-08-27"),
        ("last Friday", False, "2019-08-23"),  # strictly before
        ("will meet on Friday", True, "2019-09-06"),  # future: strictly after
        ("will meet on Monday", True, "2019-09-02"),
        ("next Monday", False, "2019-09-02"),
    ],
)
def test_weekdays(text: str, future: bool, expected: str) -> None:
    assert resolve(text, future=future) == [expected]


def test_month_and_day_take_the_clause_tense() -> None:
    assert resolve("will address the UN General Assembly on September 27", future=True) == [
        "2019-09-27"
    ]
    assert resolve("the August 5 illegal action") == ["2019-08-05"]
    assert resolve("the lockout that started December 14", dt.date(1987, 3, 16)) == ["1986-12-14"]
    assert resolve("talks will resume on 3 January", future=True) == ["2020-01-03"]


def test_explicit_dates_need_no_publication_date() -> None:
    assert resolve("on 27 September 2003 and in March 2004 and in 1999", None) == [
        "2003-09-27",
        "2004-03",
        "1999",
    ]


def test_relative_dates_without_publication_date_give_no_value() -> None:
    assert resolve("on Friday, yesterday, last year and on August 5", None) == [
        None,
        None,
        None,
        None,
    ]


def test_relative_words_and_periods() -> None:
    assert resolve("yesterday") == ["2019-08-29"]
    assert resolve("tomorrow", future=True) == ["2019-08-31"]
    assert resolve("last year") == ["2018"]
    assert resolve("next month") == ["2019-09"]
    assert resolve("earlier this month") == ["2019-08"]
    assert resolve("three weeks ago") == ["2019-08"]
    assert resolve("in March") == ["2019-03"]
    assert resolve("will open in October", future=True) == ["2019-10"]


def test_a_week_across_two_months_and_decades_give_no_value() -> None:
    assert resolve("last week", dt.date(2019, 9, 2)) == [None]  # 26 Aug - 1 Sep
    assert resolve("in the 1990s") == [None]


def test_counts_are_not_years() -> None:
    assert resolve("it cut 2000 jobs in 2004") == ["2004"]
    assert resolve("restate 2000 and 2003 results") == ["2000", "2003"]


def test_the_verb_next_to_a_date_sets_its_tense() -> None:
    from claimtrack.extraction.classify import local_tense

    assert local_tense("funds will be credited on") is True
    assert local_tense("it would end the lockout that started") is False
    assert local_tense("Acme said on") is False
    assert local_tense("talks are due on") is None  # the present: the clause decides


def test_a_span_of_days_inside_one_month_gives_the_month() -> None:
    assert resolve("the festival runs from 3-8 May", dt.date(2005, 4, 1), future=True) == [
        "2005-05"
    ]
    assert resolve("talks on March 10-14, 2004", None) == ["2004-03"]


def test_relative_dates_off_the_calendar_give_no_value() -> None:
    assert resolve("died on Friday", dt.date(1, 1, 1)) == [None]
    assert resolve("will be freed next Friday", dt.date(9999, 12, 31), future=True) == [None]
    assert resolve("will be held on January 3", dt.date(9999, 12, 31), future=True) == [None]
    assert resolve("died yesterday", dt.date(1, 1, 1)) == [None]
