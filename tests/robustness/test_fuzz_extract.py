"""Fuzz the extractor and `claimtrack extract` with hypothesis: nothing crashes, offsets hold.

The contract (../shared/spec/extraction.md) promises, for any text: claims in
[0, len) with `text == article[start:end]`, a claim inside its sentence, one of
seven types, checkworthiness in [0, 1], values of the documented shapes, and the
same output for the same input. These properties are checked on random Unicode,
control characters, news-like prose with numbers and dates stirred in, very
long sentences and a 10 MB input.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from claimtrack.cli import app
from claimtrack.extraction import EXTRACTOR_VERSION, ExtractedClaim, extract_claims
from tests.conftest import shared_path

CLAIM_TYPES = {"law", "quantity", "date", "quote", "causal", "prediction", "statement"}
QUALIFIERS = {"more_than", "less_than", "about", "at_least", "up_to"}
DATE_VALUE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")

# Moderate by default so the suite stays fast; CLAIMTRACK_FUZZ_EXAMPLES=2000 for a deep run.
EXAMPLES = int(os.environ.get("CLAIMTRACK_FUZZ_EXAMPLES", "60"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Pieces of news prose: the extractor's rules fire on these, so random
# arrangements of them reach far more of its code than random letters do.
NEWS_PIECES = [
    "The minister said",
    "Qureshi said.",
    "\u201cThe real facts would come out,\u201d he said.",
    '"We will not stop," said Sohail Mahmood.',
    "on Friday",
    "last Friday",
    "will address the UN General Assembly on September 27",
    "on December 14",
    "in 2004",
    "next month",
    "yesterday",
    "26th day",
    "2.5 million",
    "a dozen",
    "two-thirds",
    "fell 3%",
    "rose 5.5 per cent",
    "$1.2bn",
    "115.5 pence",
    "\u00a3300m",
    "between 10 and 20 jobs",
    "more than 1,000 people",
    "the world's biggest",
    "third-largest",
    "because of the lockdown",
    "will continue to highlight",
    "is prohibited by the Convention against Torture",
    "declined to comment",
    "Mr.",
    "U.S.",
    "e.g.",
    "...",
    "?",
    "!",
    ".",
    ",",
    ";",
    ":",
    " - ",
    "(",
    ")",
    "\n",
    "\n\n",
    "\t",
    "\u00a0",
    "\u2028",
    "\r\n",
    "\x00",
    "\x0b",
    "\x1c",
    "\ufeff",
    "\u200b",
    "\u202e",
    "e\u0301",
    "\U0001f600",
    "\u0645\u0644\u064a\u0648\u0646",
    "\u5341\u4e07",
    "\u0967\u0968",
]

news_like_text = st.lists(
    st.one_of(st.sampled_from(NEWS_PIECES), st.text(min_size=1, max_size=12)),
    max_size=80,
).map(" ".join)

# Every code point Python strings can hold, control characters and lone surrogates included.
any_unicode = st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x10FFFF), max_size=400)
control_heavy = st.text(
    alphabet=st.one_of(
        st.characters(min_codepoint=0, max_codepoint=0x1F),
        st.sampled_from(["\x7f", "\x85", "\u2028", "\u2029", "\ufeff", " ", ".", "5", "a"]),
    ),
    max_size=400,
)
# Dates a newsroom can publish on; the calendar's two ends have their own test below.
published_dates = st.one_of(
    st.none(), st.dates(min_value=dt.date(1800, 1, 1), max_value=dt.date(2200, 12, 31))
)


def assert_contract(article: str, published: dt.date | None, claims: list[ExtractedClaim]) -> None:
    """Every promise of the extraction contract that holds for any input."""
    previous_start = -1
    for claim in claims:
        assert 0 <= claim.start < claim.end <= len(article), claim
        assert claim.text == article[claim.start : claim.end], claim
        assert claim.text.strip(), f"blank claim {claim!r}"
        assert claim.text in claim.sentence, f"claim outside its sentence: {claim!r}"
        assert claim.sentence in article, f"sentence not in the article: {claim!r}"
        assert claim.type in CLAIM_TYPES, claim.type
        assert 0.0 <= claim.checkworthiness <= 1.0, claim.checkworthiness
        assert claim.claimer is None or (isinstance(claim.claimer, str) and claim.claimer.strip())
        assert claim.start >= previous_start, "claims are not in text order"
        previous_start = claim.start
        for value in claim.values:
            assert_value_shape(value)
        if claim.type == "quantity":
            assert any(v["kind"] == "quantity" for v in claim.values), claim
    # The stored form is JSON (JSONB in PostgreSQL, JSON Lines from the CLI): no NaN, no objects.
    json.dumps([claim.as_dict() for claim in claims], allow_nan=False)


def assert_value_shape(value: dict[str, Any]) -> None:
    assert value["kind"] in {"date", "quantity"}, value
    if value["kind"] == "date":
        assert isinstance(value["value"], str) and DATE_VALUE.fullmatch(value["value"]), value
        parts = [int(p) for p in value["value"].split("-")]
        if len(parts) == 3:
            dt.date(*parts)  # a real calendar day, not 2019-02-30
        elif len(parts) == 2:
            assert 1 <= parts[1] <= 12, value
        return
    amount = value["amount"]
    assert isinstance(amount, int | float) and not isinstance(amount, bool), value
    assert math.isfinite(amount) and amount >= 0, f"amounts are unsigned and finite: {value}"
    assert value.get("unit") is None or isinstance(value["unit"], str), value
    assert value.get("qualifier") is None or value["qualifier"] in QUALIFIERS, value


def check(article: str, published: dt.date | None) -> list[ExtractedClaim]:
    claims = extract_claims(article, published)
    assert_contract(article, published, claims)
    return claims


@FUZZ
@given(article=any_unicode, published=published_dates)
@example(article="", published=None)
@example(article="\ud800 5 men died on Friday.\udfff", published=dt.date(2019, 8, 30))
def test_any_unicode_keeps_the_contract(article: str, published: dt.date | None) -> None:
    check(article, published)


@pytest.mark.parametrize(
    ("article", "published"),
    [
        ("The minister said 5 people died on Friday.", dt.date(1, 1, 1)),
        ("The minister said 5 people will be freed next Friday.", dt.date(9999, 12, 31)),
        ("The minister said the vote will be held on January 3.", dt.date(9999, 12, 31)),
        ("The minister said 5 people died yesterday.", dt.date(1, 1, 1)),
    ],
)
def test_dates_at_the_ends_of_the_calendar(article: str, published: dt.date) -> None:
    """A relative date that falls off the calendar gives no value, not an exception."""
    check(article, published)


@FUZZ
@given(article=control_heavy, published=published_dates)
def test_control_characters_keep_the_contract(article: str, published: dt.date | None) -> None:
    check(article, published)


@FUZZ
@given(article=news_like_text, published=published_dates)
def test_news_like_text_keeps_the_contract(article: str, published: dt.date | None) -> None:
    check(article, published)


@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
@given(article=news_like_text, published=published_dates)
def test_extraction_is_deterministic(article: str, published: dt.date | None) -> None:
    assert extract_claims(article, published) == extract_claims(article, published)


@settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    clause=st.lists(st.sampled_from(NEWS_PIECES[:30]), min_size=3, max_size=8).map(" ".join),
    repeats=st.integers(min_value=100, max_value=250),
    joiner=st.sampled_from([" and ", ", ", " ; ", " \u2014 ", " "]),
    published=published_dates,
)
def test_very_long_sentences_keep_the_contract(
    clause: str, repeats: int, joiner: str, published: dt.date | None
) -> None:
    # One sentence of 5-25 k characters: no full stop until the very end.
    article = (
        joiner.join([clause.replace(".", "").replace("?", "").replace("!", "")] * repeats) + "."
    )
    check(article, published)


def test_ten_megabytes_with_articles_far_into_it(tmp_path: Path) -> None:
    """A 10 MB input: real prose separated by megabytes of blank space and odd line breaks.

    Offsets past the 9-millionth character must still index the text exactly,
    through the extractor and through the CLI's JSON (whose offsets a consumer
    applies to the same decoded text).
    """
    article = _example_article()
    filler = " \n\t\u00a0\r\n\u2028\u3000" * 40_000
    text = filler.join([article] * 30)
    assert len(text.encode("utf-8")) >= 10_000_000
    claims = check(text, dt.date(2019, 8, 30))
    assert claims and claims[-1].start > 9_000_000
    # Each copy of the article gives the same claims, shifted by its offset.
    first_copy = [c for c in claims if c.end <= len(article)]
    assert len(claims) == 30 * len(first_copy)

    path = tmp_path / "ten-megabytes.txt"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(
        app, ["extract", "--format", "json", "--published", "2019-08-30", str(path)]
    )
    assert result.exit_code == 0, result.output
    [line] = result.stdout.splitlines()
    output = json.loads(line)
    assert output["extractor"] == EXTRACTOR_VERSION
    assert len(output["claims"]) == len(claims)
    for claim in output["claims"]:
        assert text[claim["start"] : claim["end"]] == claim["text"]


def _example_article() -> str:
    path = shared_path("examples", "articles", "kashmir-hour-2019-08-30.txt")
    return path.read_text(encoding="utf-8")


# --- the CLI: bad input gives one clear line per input and exit 1, never a traceback ---------


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.binary(max_size=2000))
def test_cli_on_random_bytes_reports_or_extracts(
    data: bytes, tmp_path_factory: pytest.TempPathFactory
) -> None:
    path = tmp_path_factory.mktemp("bytes") / "random.txt"
    path.write_bytes(data)
    result = CliRunner().invoke(app, ["extract", "--format", "json", str(path)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    [line] = result.stdout.splitlines()
    output = json.loads(line)
    text = _decoded_or_none(data)
    if text is None or not text.strip():
        assert result.exit_code == 1
        assert str(path) in output["error"]
        assert str(path) in result.stderr and result.stderr.count("\n") == 1
    else:
        assert result.exit_code == 0, result.output
        for claim in output["claims"]:
            assert text[claim["start"] : claim["end"]] == claim["text"]


def _decoded_or_none(data: bytes) -> str | None:
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        return None


jsonl_line = st.one_of(
    st.builds(
        lambda i, text, pub: json.dumps({"id": f"r{i}", "text": text, "published": pub}),
        st.integers(0, 10**6),
        news_like_text,
        st.one_of(st.none(), st.dates().map(dt.date.isoformat), st.text(max_size=12)),
    ),
    st.text(max_size=60).filter(lambda s: "\n" not in s and "\r" not in s),
    st.sampled_from(["{", "[]", "null", '{"id": 1}', '{"text": 5}', '{"id": "x", "text": ""}']),
)


@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
@given(lines=st.lists(jsonl_line, min_size=1, max_size=8))
def test_cli_on_broken_jsonl_keeps_every_place(
    lines: list[str], tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Each non-blank line gives one output object, a result or an error naming the line."""
    path = tmp_path_factory.mktemp("jsonl") / "batch.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", "--format", "json", str(path)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    outputs = [json.loads(line) for line in result.stdout.splitlines()]
    records = [line for line in lines if line.strip()]
    assert len(outputs) == len(records)
    errors = [o for o in outputs if "error" in o]
    assert result.exit_code == (1 if errors else 0), result.output
    assert len(result.stderr.splitlines()) == len(errors)
    for output in errors:
        assert str(path) in output["error"]
    for output, line in zip(outputs, records, strict=True):
        if "error" in output:
            continue
        text = json.loads(line)["text"]
        for claim in output["claims"]:
            assert text[claim["start"] : claim["end"]] == claim["text"]


def test_cli_names_a_bad_published_date_without_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("The ministry said 12 people died on Friday.", encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", "--published", "2019-02-30", str(path)])
    assert result.exit_code == 2
    assert "--published" in result.stderr and "2019-02-30" in result.stderr
    assert "Traceback" not in result.output


def test_cli_refuses_a_file_over_the_size_limit_by_name(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:  # sparse: 21 MB of zero bytes, nothing to write
        handle.truncate(21 * 1024 * 1024)
    other = tmp_path / "fine.txt"
    other.write_text("The ministry said 12 people died on Friday.", encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", "--format", "json", str(path), str(other)])
    assert result.exit_code == 1
    first, second = (json.loads(line) for line in result.stdout.splitlines())
    assert str(path) in first["error"] and "limit" in first["error"]
    assert second["id"] == str(other) and "claims" in second
