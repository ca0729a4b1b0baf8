"""Fact-check files -> records (claimtrack.matching.readers) and rating words -> verdicts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimtrack.matching.ratings import verdict_from_rating
from claimtrack.matching.readers import FactCheckRecord, RowError, read_fact_checks
from claimtrack.matching.scoring import average_precision, score_rankings


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_checkthat_tsv_with_an_unnamed_id_column_and_quoted_tabs(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "claims.tsv",
        '\tvclaim\ttitle\n7\t"A bridge ""closed"" for\tgood"\tBridge closed?\n8\tSecond claim\t\n',
    )
    records = list(read_fact_checks(path))
    assert records == [
        FactCheckRecord("7", 'A bridge "closed" for good', "Bridge closed?"),
        FactCheckRecord("8", "Second claim", None),
    ]


def test_csv_keeps_good_rows_and_names_bad_ones(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "checks.csv",
        "id,claim,verdict,url,date\n"
        "a1,The river flooded 3 times,Mostly False,https://x.example/a1,2024-02-03\n"
        "a2,,False,,\n"
        ",No id or url here,True,,\n"
        "a4,Taxes rose,Pants on Fire,,not a date\n",
    )
    results = list(read_fact_checks(path))
    good = [r for r in results if isinstance(r, FactCheckRecord)]
    bad = [str(r) for r in results if isinstance(r, RowError)]
    assert [r.source_id for r in good] == ["a1", "a4"]
    assert good[0].verdict == "misleading" and good[0].rating == "Mostly False"
    assert good[0].claim_date is not None and good[0].claim_date.isoformat() == "2024-02-03"
    assert good[1].verdict == "false" and good[1].claim_date is None
    assert bad == [
        "" + str(path) + " row 3: no claim text",
        str(path) + " row 4: no id (a TSV vclaim_id, a CSV id or url, a ClaimReview url)",
    ]


def test_csv_without_a_claim_column_is_one_error(tmp_path: Path) -> None:
    results = list(read_fact_checks(_write(tmp_path, "x.csv", "id,text\n1,hello\n")))
    assert len(results) == 1 and isinstance(results[0], RowError)
    assert "claim" in results[0].message


def _review(url: str, claim: str, rating: dict[str, object]) -> dict[str, object]:
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": url,
        "claimReviewed": claim,
        "reviewRating": {"@type": "Rating", **rating},
        "author": {"@type": "Organization", "name": "Check Desk"},
        "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": "A. Mayor"}},
        "datePublished": "2025-01-02",
    }


def test_claimreview_object_list_graph_and_lines(tmp_path: Path) -> None:
    one = _review("https://c.example/1", "Claim one", {"alternateName": "False"})
    two = _review(
        "https://c.example/2", "Claim two", {"ratingValue": 5, "bestRating": 5, "worstRating": 1}
    )
    three = _review("https://c.example/3", "Claim three", {"alternateName": "Half True"})
    files = [
        _write(tmp_path, "one.jsonld", json.dumps(one)),
        _write(tmp_path, "list.json", json.dumps([two, {"@type": "WebPage"}])),
        _write(tmp_path, "graph.jsonld", json.dumps({"@graph": [{"@type": "WebSite"}, three]})),
        _write(tmp_path, "lines.jsonl", json.dumps(one) + "\n\n{broken\n" + json.dumps(two) + "\n"),
    ]
    results = [r for f in files for r in read_fact_checks(f)]
    good = [r for r in results if isinstance(r, FactCheckRecord)]
    bad = [r for r in results if isinstance(r, RowError)]
    assert [(r.source_id, r.verdict) for r in good] == [
        ("https://c.example/1", "false"),
        ("https://c.example/2", "true"),
        ("https://c.example/3", "misleading"),
        ("https://c.example/1", "false"),
        ("https://c.example/2", "true"),
    ]
    assert good[0].publisher == "Check Desk" and good[0].claimer == "A. Mayor"
    assert [r.where.rsplit("/", 1)[-1] for r in bad] == ["list.json item 2", "lines.jsonl line 3"]


@pytest.mark.parametrize("name", ["x.txt", "missing.csv"])
def test_unreadable_or_unknown_files_are_one_error(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    if name.endswith(".txt"):
        path.write_text("hello", encoding="utf-8")
    results = list(read_fact_checks(path))
    assert len(results) == 1 and isinstance(results[0], RowError)


def test_non_utf8_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "latin.csv"
    path.write_bytes("id,claim\n1,caf\xe9\n".encode("latin-1"))
    (result,) = read_fact_checks(path)
    assert isinstance(result, RowError) and "UTF-8" in result.message


@pytest.mark.parametrize(
    ("words", "verdict"),
    [
        ("Pants on Fire!", "false"),
        ("Mostly False", "misleading"),
        ("Mostly True", "misleading"),
        ("Unproven", "unverifiable"),
        ("Correct Attribution", "true"),
        ("Mixture", "misleading"),
        ("Four Pinocchios", "false"),
        ("Satire", None),
        ("not true", "false"),
    ],
)
def test_rating_words(words: str, verdict: str | None) -> None:
    assert verdict_from_rating(words) == verdict


def test_rating_by_scale_position_when_no_words() -> None:
    assert verdict_from_rating(None, 1, 5, 1) == "false"
    assert verdict_from_rating(None, 3, 5, 1) == "misleading"
    assert verdict_from_rating(None, 5, 5, 1) == "true"
    assert verdict_from_rating(None, 5, None, None) is None


def test_average_precision_and_map() -> None:
    assert average_precision(["a", "b"], {"b"}, 5) == 0.5
    assert average_precision(["a", "b", "c"], {"a", "c"}, 5) == pytest.approx((1 + 2 / 3) / 2)
    scores = score_rankings(
        {"q1": ["x", "y"], "q2": ["z"]}, {"q1": {"y"}, "q2": {"z"}, "q3": {"w"}}
    )
    assert scores.map_at_5 == pytest.approx((0.5 + 1 + 0) / 3)
    assert scores.map_at_1 == pytest.approx(1 / 3)
    assert scores.recall_at_5 == pytest.approx(2 / 3)


def test_a_datafeed_of_claimreviews(tmp_path: Path) -> None:
    feed = {
        "@context": "https://schema.org",
        "@type": "DataFeed",
        "dataFeedElement": [
            {
                "@type": "DataFeedItem",
                "item": [_review("https://c.example/9", "Claim nine", {"alternateName": "False"})],
            },
            {"@type": "DataFeedItem"},
        ],
    }
    results = list(read_fact_checks(_write(tmp_path, "feed.json", json.dumps(feed))))
    assert [r.source_id for r in results if isinstance(r, FactCheckRecord)] == [
        "https://c.example/9"
    ]
    assert [r.message for r in results if isinstance(r, RowError)] == ["no item"]
