"""`claimtrack extract`: claims of local articles as JSON Lines or a table (no database).

Heavy or slow imports (the extractor, rich) happen inside the command, so the
CLI starts fast; the extractor itself imports neither the database nor Prefect.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from claimtrack.sources.documents import Document, DocumentError


class ExtractFormat(StrEnum):
    json = "json"
    table = "table"


def register(app: typer.Typer) -> None:
    """Add the `extract` command to the claimtrack CLI."""
    app.command("extract")(extract)


def extract(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Articles: .txt, .md, .html files, .jsonl batches, folders, or - for stdin.",
            metavar="PATH",
            show_default=False,
        ),
    ],
    published: Annotated[
        str | None,
        typer.Option(
            "--published",
            help="Publication date (YYYY-MM-DD) for inputs that carry none; a record's own wins.",
        ),
    ] = None,
    output_format: Annotated[
        ExtractFormat | None,
        typer.Option("--format", help="json (JSON Lines) or table; table on a terminal."),
    ] = None,
) -> None:
    """Extract checkable claims from articles, one result per article in input order."""
    publication_date = _parse_date(published)
    chosen = output_format or (ExtractFormat.table if sys.stdout.isatty() else ExtractFormat.json)

    from claimtrack.extraction import article_result
    from claimtrack.settings import get_settings
    from claimtrack.sources.documents import DocumentError, iter_documents

    budget_seconds = get_settings().extraction_budget_seconds
    failed = False
    for path in paths:
        for item in iter_documents(path, publication_date):
            if isinstance(item, DocumentError) or not item.text.strip():
                failed = True
                _report_error(item, chosen)
                continue
            try:
                result = article_result(
                    item.id,
                    item.text,
                    item.published,
                    title=item.title,
                    include_text=item.fetched_html,
                    budget_seconds=budget_seconds,
                )
            except Exception as exc:  # one article's failure (or its budget) is its own
                failed = True
                _report_error(DocumentError(item.id, f"{item.id}: {_reason(exc)}"), chosen)
                continue
            _print_result(result, chosen)
    if failed:
        raise typer.Exit(code=1)


def _parse_date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        typer.echo(
            f"claimtrack: error: --published {value!r} is not a date in YYYY-MM-DD form", err=True
        )
        raise typer.Exit(code=2) from None


def _reason(exc: Exception) -> str:
    from claimtrack.extraction.budget import ExtractionStopped

    if isinstance(exc, ExtractionStopped):
        return str(exc)
    return f"extraction failed: {type(exc).__name__}: {exc}"


def _report_error(item: Document | DocumentError, chosen: ExtractFormat) -> None:
    message = getattr(item, "message", None) or f"{item.id}: empty text, no article to extract"
    typer.echo(f"claimtrack: error: {message}", err=True)
    if chosen is ExtractFormat.json:
        _write_line({"id": item.id, "error": message})


def _print_result(result: dict[str, Any], chosen: ExtractFormat) -> None:
    if chosen is ExtractFormat.json:
        _write_line(result)
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(
        title=(
            f"{result['id']}  (published {result['published'] or 'unknown'}, "
            f"{len(result['claims'])} claims)"
        ),
        show_lines=False,
        expand=True,
    )
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("type", no_wrap=True)
    table.add_column("claimer")
    table.add_column("values")
    table.add_column("cw", justify="right", no_wrap=True)
    table.add_column("claim", ratio=3)
    for index, claim in enumerate(result["claims"], start=1):
        table.add_row(
            str(index),
            claim["type"],
            claim["claimer"] or "",
            "; ".join(_describe(value) for value in claim["values"]),
            f"{claim['checkworthiness']:.2f}",
            claim["text"],
        )
    Console().print(table)


def _describe(value: dict[str, Any]) -> str:
    if value["kind"] == "date":
        return str(value["value"])
    amount = value["amount"]
    text = f"{amount:,}" if isinstance(amount, int) else f"{amount:,.6g}"
    unit = value.get("unit")
    qualifier = value.get("qualifier")
    return " ".join(part for part in (qualifier, text, unit) if part)


# Valid in JSON strings, but line breaks to str.splitlines() and many line readers:
# escaped so that one article stays one line.
_LINE_BREAKING = str.maketrans({"\u0085": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def _write_line(obj: dict[str, Any]) -> None:
    line = json.dumps(obj, ensure_ascii=False).translate(_LINE_BREAKING)
    sys.stdout.write(line + "\n")
    sys.stdout.flush()
