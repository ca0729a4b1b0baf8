"""`claimtrack eval`: score the extractor (or any system's predictions) against a gold set."""

from __future__ import annotations

import dataclasses
import json
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from claimtrack.evaluation import Counts, GoldArticle, PredictedClaim, Report


class OutputFormat(StrEnum):
    table = "table"
    json = "json"


def register(app: typer.Typer) -> None:
    """Add the `eval` command to the claimtrack CLI."""
    app.command("eval")(evaluate)


def evaluate(
    gold: Annotated[Path, typer.Argument(help="Gold set, JSON Lines (see tests/gold/README.md).")],
    per_article: Annotated[
        bool, typer.Option("--per-article", help="Also score each article.")
    ] = False,
    strict: Annotated[
        bool, typer.Option("--strict", help="Match spans by half of their union.")
    ] = False,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", help="table or json.")
    ] = OutputFormat.table,
    predictions: Annotated[
        Path | None,
        typer.Option(
            "--predictions",
            help="Score this `claimtrack extract --format json` "
            "output instead of running the extractor.",
        ),
    ] = None,
) -> None:
    """Score claim extraction against a gold set: precision, recall, F1, values, types."""
    from claimtrack.evaluation import GoldError, load_gold, load_predictions, score

    try:
        articles = load_gold(gold)
        predicted = (
            load_predictions(predictions, articles)
            if predictions is not None
            else _run_extractor(articles)
        )
    except GoldError as error:
        typer.echo(f"claimtrack: error: {error}", err=True)
        raise typer.Exit(code=1) from None
    report = score(articles, predicted, strict=strict)
    if output_format is OutputFormat.json:
        typer.echo(json.dumps(report.as_dict(per_article=per_article), indent=2))
    else:
        _print_table(report, per_article, gold)


def _run_extractor(articles: list[GoldArticle]) -> dict[str, list[PredictedClaim]]:
    """Extract claims from each gold article's text with its gold publication date."""
    from datetime import date

    from claimtrack.evaluation import predicted_from_mapping
    from claimtrack.extraction import extract_claims

    result: dict[str, list[PredictedClaim]] = {}
    for article in articles:
        published = date.fromisoformat(article.published) if article.published else None
        claims = extract_claims(article.text, published)
        result[article.id] = [predicted_from_mapping(_as_mapping(c)) for c in claims]
    return result


def _as_mapping(claim: Any) -> dict[str, Any]:
    """An extractor claim (dataclass, pydantic model or dict) as a plain dict."""
    if isinstance(claim, dict):
        raw = claim
    elif dataclasses.is_dataclass(claim) and not isinstance(claim, type):
        raw = dataclasses.asdict(claim)
    elif hasattr(claim, "model_dump"):
        raw = claim.model_dump()
    else:
        raw = dict(vars(claim))
    values = [_as_mapping(v) if not isinstance(v, dict) else v for v in raw.get("values") or []]
    return {**raw, "values": values}


def _rate(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _row(counts: Counts) -> list[str]:
    return [
        str(counts.predicted),
        str(counts.must),
        str(counts.may),
        _rate(counts.precision),
        _rate(counts.recall),
        _rate(counts.f1),
        f"{_rate(counts.value_recall)} ({counts.must_values_found}/{counts.must_values})",
        _rate(counts.type_accuracy),
        _rate(counts.claimer_accuracy),
    ]


def _print_table(report: Report, per_article: bool, gold: Path) -> None:
    from rich.console import Console
    from rich.table import Table

    matching = "strict (half of union)" if report.strict else "half of shorter span"
    table = Table(title=f"{gold.name}: {len(report.per_article)} articles, matching {matching}")
    table.add_column("article", no_wrap=True)
    for name in (
        "pred",
        "must",
        "may",
        "precision",
        "recall",
        "F1",
        "value recall",
        "type acc",
        "claimer acc",
    ):
        table.add_column(name, justify="right")
    if per_article:
        for article_id, counts in report.per_article.items():
            table.add_row(article_id, *_row(counts))
        table.add_section()
    table.add_row("ALL", *_row(report.total), style="bold")
    console = Console()
    if not console.is_terminal:  # piped or captured: do not squeeze to 80 columns
        console = Console(width=140)
    console.print(table)
