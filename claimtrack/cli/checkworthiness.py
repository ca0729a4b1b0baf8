"""`claimtrack eval-checkworthiness`: the scorer on the CheckThat! 2024 English test sets."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

# Research-use corpora live beside the repo, never inside it.
DEFAULT_DATA_DIR = Path("../shared/data")
EVALUATED_SPLITS = ("test_gold", "dev-test")
THRESHOLD = 0.5

SentenceScorer = Callable[[Sequence[str]], list[float]]


class OutputFormat(StrEnum):
    table = "table"
    json = "json"


@dataclass(frozen=True)
class SplitResult:
    scorer: str
    split: str
    sentences: int
    precision: float
    recall: float
    f1: float
    sentences_per_second: float


def register(app: typer.Typer) -> None:
    """Add the `eval-checkworthiness` command to the claimtrack CLI."""
    app.command("eval-checkworthiness")(evaluate_checkworthiness)


def evaluate_checkworthiness(
    data: Annotated[
        Path,
        typer.Option("--data", help="Folder holding checkthat2024-en/ (default: ../shared/data)."),
    ] = DEFAULT_DATA_DIR,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", help="table or json.")
    ] = OutputFormat.table,
) -> None:
    """Precision, recall and F1 of the Yes class on CT24 test_gold and dev-test, and speed.

    "extractor": a sentence is Yes when one of the claims the extractor finds in it
    has checkworthiness >= 0.5. "model": the shipped scorer alone on the sentence.
    """
    from claimtrack.extraction.checkworthiness import (
        CT24_DIRECTORY,
        CT24_FILES,
        read_ct24_split,
        score_sentences,
    )

    missing = [
        data / CT24_DIRECTORY / CT24_FILES[split]
        for split in EVALUATED_SPLITS
        if not (data / CT24_DIRECTORY / CT24_FILES[split]).is_file()
    ]
    if missing:
        typer.echo(
            f"Error: CheckThat! 2024 data not found: {', '.join(map(str, missing))} "
            "(run from the repo root with ../shared beside it, or pass --data).",
            err=True,
        )
        raise typer.Exit(code=1)

    scorers: dict[str, SentenceScorer] = {"model": score_sentences}
    extractor_scorer = _extractor_scorer()
    if extractor_scorer is not None:
        scorers["extractor"] = extractor_scorer
    else:
        typer.echo(
            "note: claimtrack.extraction.extract_claims is not available; "
            "reporting the model alone.",
            err=True,
        )

    score_sentences(["warm-up: load the model before timing"])
    results = []
    for split in EVALUATED_SPLITS:
        sentences = read_ct24_split(data, split)
        texts = [sentence.text for sentence in sentences]
        gold = [sentence.checkworthy for sentence in sentences]
        for name, scorer in scorers.items():
            started = time.perf_counter()
            scores = scorer(texts)
            elapsed = time.perf_counter() - started
            predicted = [score >= THRESHOLD for score in scores]
            precision, recall, f1 = yes_class_scores(gold, predicted)
            rate = len(texts) / elapsed if elapsed > 0 else float("inf")
            results.append(SplitResult(name, split, len(texts), precision, recall, f1, rate))
    _print(results, output_format)


def yes_class_scores(gold: Sequence[bool], predicted: Sequence[bool]) -> tuple[float, float, float]:
    """Precision, recall and F1 of the positive (Yes) class; 0.0 where undefined."""
    true_positives = sum(1 for g, p in zip(gold, predicted, strict=True) if g and p)
    predicted_yes = sum(predicted)
    gold_yes = sum(gold)
    precision = true_positives / predicted_yes if predicted_yes else 0.0
    recall = true_positives / gold_yes if gold_yes else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _extractor_scorer() -> SentenceScorer | None:
    """Score each sentence by the highest checkworthiness of the claims extracted from it."""
    try:
        from claimtrack.extraction import extract_claims
    except ImportError:
        return None

    def score(texts: Sequence[str]) -> list[float]:
        scores = []
        for text in texts:
            claims = extract_claims(text, None)
            scores.append(max((float(claim.checkworthiness) for claim in claims), default=0.0))
        return scores

    return score


def _print(results: list[SplitResult], output_format: OutputFormat) -> None:
    if output_format is OutputFormat.json:
        for result in results:
            typer.echo(json.dumps(asdict(result)))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title="Check-worthiness, Yes class (CheckThat! 2024 English)")
    for column in ("scorer", "split", "sentences", "precision", "recall", "F1", "sentences/s"):
        table.add_column(column, justify="left" if column in ("scorer", "split") else "right")
    for r in results:
        table.add_row(
            r.scorer,
            r.split,
            str(r.sentences),
            f"{r.precision:.3f}",
            f"{r.recall:.3f}",
            f"{r.f1:.3f}",
            f"{r.sentences_per_second:,.0f}",
        )
    Console().print(table)
