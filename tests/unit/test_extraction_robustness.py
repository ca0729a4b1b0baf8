"""Any text at all: extraction never fails and its offsets always hold."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from claimtrack.extraction import extract_claims

NEWS_WORDS = st.sampled_from(
    [
        "said",
        "Mr",
        "Smith",
        "rose",
        "5%",
        "$1.2bn",
        "on",
        "Friday",
        "the",
        "company",
        '"',
        ".",
        ",",
        "\n",
        "\n\n",
        "according",
        "to",
        "will",
        "in",
        "2004",
        "U.S.",
        "No.",
        "10",
        "two-thirds",
        "and",
        "while",
        "he",
        "last",
        "year",
        "?",
        "-",
        ";",
        "(",
        ")",
        "£600m",
        "26th",
        "day",
        "more",
        "than",
        "70",
        "years",
        "Qureshi",
        "told",
        "reporters",
    ]
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(NEWS_WORDS, max_size=80).map(" ".join),
    st.one_of(st.none(), st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2050, 12, 31))),
)
def test_offsets_hold_on_news_like_noise(text: str, published: dt.date | None) -> None:
    for claim in extract_claims(text, published):
        assert text[claim.start : claim.end] == claim.text
        assert claim.text in claim.sentence
        assert 0 <= claim.checkworthiness <= 1


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_arbitrary_unicode_never_fails(text: str) -> None:
    for claim in extract_claims(text, dt.date(2019, 8, 30)):
        assert text[claim.start : claim.end] == claim.text
