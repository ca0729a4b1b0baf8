"""Tests of the gold-set scorer on small synthetic articles (and a load check of tests/gold)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from claimtrack.cli.evaluate import register
from claimtrack.evaluation import (
    GoldClaim,
    GoldError,
    PredictedClaim,
    claimers_match,
    load_gold,
    load_predictions,
    match_claims,
    score,
    score_article,
    spans_match,
    values_equal,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
GOLD_DIR = REPO_ROOT / "tests" / "gold"
SHARED = REPO_ROOT.parent / "shared"

ARTICLE = (
    "Acme profits rose 5% to $3m in 2004, the company said.\n"
    "Chief executive Jane Doe said the firm would hire 200 staff. Sales rose 5% again.\n"
)


def gold(
    start: int,
    end: int,
    tier: str = "must",
    claim_type: str = "quantity",
    claimer: str | None = None,
    values: tuple[dict[str, Any], ...] = (),
) -> GoldClaim:
    return GoldClaim(start, end, tier, claim_type, claimer, values)


def pred(
    start: int,
    end: int,
    claim_type: str | None = "quantity",
    claimer: str | None = None,
    values: tuple[dict[str, Any], ...] = (),
) -> PredictedClaim:
    return PredictedClaim(start, end, claim_type, claimer, values)


def qty(amount: float, unit: str | None, **extra: Any) -> dict[str, Any]:
    return {"kind": "quantity", "amount": amount, "unit": unit, **extra}


# --- span matching -------------------------------------------------------------------------


def test_lenient_match_needs_half_of_the_shorter_span() -> None:
    long_gold = gold(0, 100)
    assert spans_match(long_gold, pred(90, 110))  # 10 of the 20-long prediction
    assert not spans_match(long_gold, pred(91, 111))  # 9 of 20
    assert not spans_match(long_gold, pred(100, 120))  # touching is no overlap


def test_strict_match_needs_half_of_the_union() -> None:
    long_gold = gold(0, 100)
    assert not spans_match(long_gold, pred(90, 110), strict=True)  # 10 of a 110 union
    assert spans_match(long_gold, pred(0, 50), strict=True)  # 50 of 100
    assert not spans_match(long_gold, pred(0, 49), strict=True)


def test_matching_is_one_to_one_and_greedy_by_overlap() -> None:
    golds = [gold(0, 20), gold(10, 40)]
    # The first prediction overlaps gold 1 by 20 and gold 0 by 10: greedy gives it gold 1,
    # and the second prediction may then take gold 0 only.
    preds = [pred(10, 30), pred(0, 12)]
    assert match_claims(golds, preds) == {1: 0, 0: 1}
    # One prediction can never satisfy two gold claims.
    assert len(match_claims(golds, [pred(5, 35)])) == 1


def test_must_claims_are_matched_before_may_claims() -> None:
    golds = [gold(0, 30, tier="may"), gold(20, 60, tier="must")]
    only = [pred(0, 40)]  # overlaps the may claim by 30, the must claim by 20
    assert match_claims(golds, only) == {1: 0}


def test_precision_counts_may_matches_recall_counts_only_must() -> None:
    golds = [gold(0, 10), gold(20, 30, tier="may"), gold(40, 50)]
    preds = [pred(0, 10), pred(20, 30), pred(60, 70)]
    counts = score_article(golds, preds)
    assert counts.precision == pytest.approx(2 / 3)
    assert counts.recall == pytest.approx(1 / 2)
    assert counts.f1 == pytest.approx(2 * (2 / 3) * 0.5 / (2 / 3 + 0.5))


def test_no_predictions_gives_zero_recall_and_no_precision() -> None:
    counts = score_article([gold(0, 10)], [])
    assert counts.recall == 0.0
    assert counts.precision is None


# --- values --------------------------------------------------------------------------------


def test_dates_compare_as_strings() -> None:
    assert values_equal(
        {"kind": "date", "value": "2019-09-27"}, {"kind": "date", "value": "2019-09-27"}
    )
    assert not values_equal(
        {"kind": "date", "value": "2019-09"}, {"kind": "date", "value": "2019-09-27"}
    )
    assert not values_equal({"kind": "date", "value": "2004"}, qty(2004, "year"))


def test_amounts_agree_within_half_a_percent() -> None:
    assert values_equal(qty(1000, "USD"), qty(1004.9, "USD"))
    assert not values_equal(qty(1000, "USD"), qty(1006, "USD"))
    assert values_equal(qty(66.67, "%"), qty(66.666, "%"))


def test_strict_units_must_be_equal() -> None:
    assert not values_equal(qty(26, "day"), qty(26, "year"))
    assert not values_equal(qty(3, "GBP"), qty(3, "USD"))
    assert not values_equal(qty(5, "%"), qty(5, None))
    assert not values_equal(qty(1, "rank"), qty(1, None))
    assert values_equal(qty(26, "day"), qty(26, "days"))


def test_counted_nouns_may_differ_or_be_missing_qualifiers_ignored() -> None:
    assert values_equal(qty(200, "job"), qty(200, "worker"))
    assert values_equal(qty(200, "job"), qty(200, None, qualifier="about"))
    assert values_equal(qty(200, None), qty(200, "staff"))
    # ...but a counted noun is not a percentage.
    assert not values_equal(qty(200, "job"), qty(200, "%"))


def test_value_recall_accepts_any_overlapping_prediction() -> None:
    golds = [gold(0, 40, values=(qty(5, "%"), {"kind": "date", "value": "2004"}))]
    preds = [
        pred(0, 40, values=(qty(5, "%"),)),
        pred(30, 60, values=({"kind": "date", "value": "2004"},)),
        pred(41, 60, values=(qty(5, "%"),)),
    ]
    counts = score_article(golds, preds)
    assert (counts.must_values_found, counts.must_values) == (2, 2)
    counts = score_article(golds, [pred(50, 90, values=(qty(5, "%"),))])
    assert (counts.must_values_found, counts.must_values) == (0, 2)


# --- claimers and types --------------------------------------------------------------------


def test_claimer_matches_by_gold_surname() -> None:
    assert claimers_match("Shah Mehmood Qureshi", "Qureshi")
    assert claimers_match("Shah Mehmood Qureshi", "Foreign Minister Shah Mehmood Qureshi")
    assert not claimers_match("Shah Mehmood Qureshi", "Shah Mehmood")
    assert not claimers_match("Jane Doe", "Doerr")
    assert not claimers_match("Jane Doe", None)


def test_null_claimer_matches_only_null() -> None:
    assert claimers_match(None, None)
    assert not claimers_match(None, "Jane Doe")


def test_type_and_claimer_accuracy_over_matched_must_claims() -> None:
    golds = [
        gold(0, 10, claimer="Jane Doe"),
        gold(20, 30, claim_type="date"),
        gold(40, 50, claimer="Jane Doe"),
        gold(60, 70, tier="may", claimer="X Y"),
    ]
    preds = [
        pred(0, 10, claimer="Doe"),
        pred(20, 30, claim_type="quantity"),
        pred(60, 70, claimer="Jane Doe"),
    ]
    counts = score_article(golds, preds)
    assert counts.must_matched == 2
    assert counts.type_accuracy == pytest.approx(1 / 2)
    assert counts.claimer_accuracy == pytest.approx(1.0)


# --- loading gold and predictions ----------------------------------------------------------


def write_article(tmp_path: Path) -> Path:
    source = tmp_path / "article.txt"
    source.write_text(ARTICLE, encoding="utf-8")
    return source


def write_gold(tmp_path: Path, claims: list[dict[str, Any]], **fields: Any) -> Path:
    source = write_article(tmp_path)
    record = {
        "id": "acme",
        "source_file": "article.txt",
        "sha256": hashlib.sha256(source.read_bytes()).hexdigest(),
        "published": None,
        "claims": claims,
        **fields,
    }
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    return path


def test_anchor_and_occurrence_locate_the_claim(tmp_path: Path) -> None:
    second = ARTICLE.index("Sales rose 5%")
    path = write_gold(
        tmp_path,
        [
            {
                "anchor": "rose 5%",
                "occurrence": 2,
                "tier": "must",
                "type": "quantity",
                "claimer": None,
                "values": [qty(5, "%")],
            },
            {"start": 0, "end": 12, "tier": "may", "type": "statement", "claimer": None},
        ],
    )
    [article] = load_gold(path, root=tmp_path)
    first, by_offsets = article.claims
    assert (first.start, first.end) == (second + 6, second + 13)
    assert article.text[by_offsets.start : by_offsets.end] == "Acme profits"


@pytest.mark.parametrize(
    ("claim", "message"),
    [
        ({"anchor": "not in the text", "tier": "must", "type": "statement"}, "not found"),
        ({"anchor": "rose 5%", "occurrence": 3, "tier": "must", "type": "statement"}, "not found"),
        ({"start": 10, "end": 10_000, "tier": "must", "type": "statement"}, "outside the text"),
        ({"start": 0, "end": 5, "tier": "often", "type": "statement"}, "tier"),
        ({"start": 0, "end": 5, "tier": "must", "type": "opinion"}, "type"),
        (
            {"start": 0, "end": 5, "tier": "must", "type": "quantity", "values": []},
            "quantity value",
        ),
        (
            {
                "start": 0,
                "end": 5,
                "tier": "must",
                "type": "date",
                "values": [{"kind": "date", "value": "30/08/2019"}],
            },
            "YYYY",
        ),
    ],
)
def test_bad_gold_claims_are_refused_with_a_reason(
    tmp_path: Path, claim: dict[str, Any], message: str
) -> None:
    path = write_gold(tmp_path, [claim])
    with pytest.raises(GoldError, match=message):
        load_gold(path, root=tmp_path)


def test_changed_source_file_is_detected(tmp_path: Path) -> None:
    path = write_gold(tmp_path, [], sha256="0" * 64)
    with pytest.raises(GoldError, match="changed"):
        load_gold(path, root=tmp_path)


def test_missing_source_and_malformed_gold_are_refused(tmp_path: Path) -> None:
    path = write_gold(tmp_path, [], source_file="nowhere.txt")
    with pytest.raises(GoldError, match="not found"):
        load_gold(path, root=tmp_path)
    path.write_text("{not json\n", encoding="utf-8")
    with pytest.raises(GoldError, match=r"gold\.jsonl:1: not valid JSON"):
        load_gold(path, root=tmp_path)


def test_predictions_file_is_joined_by_id_and_checked_against_the_text(tmp_path: Path) -> None:
    path = write_gold(
        tmp_path,
        [
            {
                "anchor": "rose 5% to $3m in 2004",
                "tier": "must",
                "type": "quantity",
                "claimer": "Acme",
                "values": [qty(5, "%"), qty(3_000_000, "USD")],
            }
        ],
    )
    articles = load_gold(path, root=tmp_path)
    start = ARTICLE.index("profits rose")
    claim: dict[str, Any] = {
        "start": start,
        "end": start + 32,
        "text": ARTICLE[start : start + 32],
        "type": "quantity",
        "claimer": "Acme Corp",
        "values": [qty(5, "%")],
    }
    predictions = tmp_path / "pred.jsonl"
    predictions.write_text(json.dumps({"id": "acme", "claims": [claim]}) + "\n", "utf-8")
    report = score(articles, load_predictions(predictions, articles))
    assert report.total.recall == 1.0
    assert (report.total.must_values_found, report.total.must_values) == (1, 2)

    claim["start"] += 1  # offsets no longer point at the quoted text
    predictions.write_text(json.dumps({"id": "acme", "claims": [claim]}) + "\n", "utf-8")
    with pytest.raises(GoldError, match="not the article text"):
        load_predictions(predictions, articles)


def test_missing_predictions_for_a_gold_article_are_an_error(tmp_path: Path) -> None:
    articles = load_gold(write_gold(tmp_path, []), root=tmp_path)
    predictions = tmp_path / "pred.jsonl"
    predictions.write_text(json.dumps({"id": "other", "claims": []}) + "\n", "utf-8")
    with pytest.raises(GoldError, match="no predictions"):
        load_predictions(predictions, articles)


# --- the command ---------------------------------------------------------------------------


def cli_app() -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def main() -> None:
        """Keep `eval` a subcommand, as in the real app."""

    register(app)
    return app


def test_eval_command_scores_a_predictions_file(tmp_path: Path) -> None:
    gold_path = tmp_path / "tests" / "gold.jsonl"
    gold_path.parent.mkdir()
    (tmp_path / "pyproject.toml").write_text("", "utf-8")  # the root source_file is under
    write_article(tmp_path)
    gold_path.write_text(
        json.dumps(
            {
                "id": "acme",
                "source_file": "article.txt",
                "published": None,
                "claims": [
                    {
                        "anchor": "hire 200 staff",
                        "tier": "must",
                        "type": "quantity",
                        "claimer": "Jane Doe",
                        "values": [qty(200, "staff")],
                    }
                ],
            }
        )
        + "\n",
        "utf-8",
    )
    start = ARTICLE.index("the firm would hire")
    predictions = tmp_path / "pred.jsonl"
    predictions.write_text(
        json.dumps(
            {
                "id": "article.txt",
                "claims": [
                    {
                        "start": start,
                        "end": start + 29,
                        "type": "quantity",
                        "claimer": "Doe",
                        "values": [qty(200, "job")],
                    }
                ],
            }
        )
        + "\n",
        "utf-8",
    )
    result = CliRunner().invoke(
        cli_app(),
        [
            "eval",
            str(gold_path),
            "--format",
            "json",
            "--predictions",
            str(predictions),
            "--per-article",
        ],
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["recall"] == 1.0 and report["value_recall"] == 1.0
    assert report["per_article"]["acme"]["claimer_accuracy"] == 1.0


def test_eval_command_names_a_missing_gold_file(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli_app(), ["eval", str(tmp_path / "absent.jsonl")])
    assert result.exit_code == 1
    assert "gold file not found" in result.output
    assert "Traceback" not in result.output


# --- the committed gold sets ---------------------------------------------------------------


@pytest.mark.shared
@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared (the gold sets' source texts) absent")
@pytest.mark.parametrize("name", ["example.jsonl", "dev.jsonl", "heldout.jsonl"])
def test_committed_gold_sets_load_and_match_their_sources(name: str) -> None:
    path = GOLD_DIR / name
    if not path.exists():
        pytest.skip(f"{name} not written yet")
    articles = load_gold(path)
    assert all(article.claims for article in articles)


def test_extractor_claims_of_any_shape_become_predictions() -> None:
    from dataclasses import dataclass

    from claimtrack.cli.evaluate import _as_mapping
    from claimtrack.evaluation import predicted_from_mapping

    @dataclass
    class Value:
        kind: str
        amount: float
        unit: str | None

    @dataclass
    class Claim:
        start: int
        end: int
        type: str
        claimer: str | None
        values: list[Value]

    extracted = Claim(3, 9, "quantity", "Doe", [Value("quantity", 5, "%")])
    claim = predicted_from_mapping(_as_mapping(extracted))
    assert (claim.start, claim.end, claim.claimer) == (3, 9, "Doe")
    assert values_equal(qty(5, "%"), claim.values[0])
