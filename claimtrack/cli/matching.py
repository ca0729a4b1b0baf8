"""`claimtrack factchecks import` and `claimtrack match` (../shared/spec/matching.md)."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from claimtrack.matching.index import Match
    from claimtrack.matching.queries import Query, QueryError

factchecks_app = typer.Typer(
    help="The library of published fact-checks claims are matched against.",
    no_args_is_help=True,
)


class MatchFormat(StrEnum):
    json = "json"
    table = "table"


def _warn(message: str) -> None:
    typer.echo(message, err=True)


@factchecks_app.command("import")
def import_fact_checks(
    paths: Annotated[
        list[Path],
        typer.Argument(help="ClaimReview JSON-LD (.jsonld/.json/.jsonl), CSV or CheckThat! TSV."),
    ],
) -> None:
    """Import published fact-checks; re-importing the same file changes nothing."""
    from claimtrack.cli.claims import reported
    from claimtrack.db import unit_of_work
    from claimtrack.matching.library import (
        ImportSummary,
        build_index,
        embed_missing,
        import_records,
        sync_own_fact_checks,
    )
    from claimtrack.matching.links import refresh_fact_check_links
    from claimtrack.matching.model_files import MODEL_NAME, load_encoder
    from claimtrack.matching.readers import FactCheckRecord, RowError, read_fact_checks
    from claimtrack.settings import get_settings

    settings = get_settings()
    summary = ImportSummary()
    with reported():
        # Our own verdicts first, so reading back our own ClaimReview export finds them.
        with unit_of_work() as session:
            own_changed = sync_own_fact_checks(session, settings)
        for path in paths:
            records: list[FactCheckRecord] = []
            for result in read_fact_checks(path):
                if isinstance(result, RowError):
                    summary.failed += 1
                    _warn(f"claimtrack: error: {result}")
                else:
                    records.append(result)
            # One transaction a file: a file's good rows land together or not at all.
            with unit_of_work() as session:
                import_records(session, records, path.name, summary)
        encoder = load_encoder(settings.models_path, settings.match_model, _warn)
        if encoder is not None:
            with unit_of_work() as session:
                embedded = embed_missing(session, encoder, MODEL_NAME)
            if embedded:
                _warn(f"embedded {embedded} fact-checks with {MODEL_NAME}")
        if summary.new or summary.updated or own_changed:
            # New fact-checks may check claims already stored: re-rank every open claim.
            with unit_of_work() as session:
                linked = refresh_fact_check_links(session, build_index(session, encoder))
            _warn(f"claims: {linked} fact-check suggestions after re-matching")
    typer.echo(summary.line())
    if summary.failed:
        raise typer.Exit(1)


def match(
    paths: Annotated[
        list[Path], typer.Argument(help="Query files: .jsonl ({id, text} a line) or .tsv.")
    ],
    output_format: Annotated[MatchFormat, typer.Option("--format")] = MatchFormat.json,
    top: Annotated[int, typer.Option("--top", min=1, max=100, help="Matches per query.")] = 5,
) -> None:
    """Rank the imported fact-checks that could check each query, best first."""
    from claimtrack.cli.claims import reading, reported
    from claimtrack.db import unit_of_work
    from claimtrack.matching.library import build_index, embed_missing, sync_own_fact_checks
    from claimtrack.matching.model_files import MODEL_NAME, load_encoder
    from claimtrack.matching.queries import Query, QueryError, read_queries
    from claimtrack.settings import get_settings

    settings = get_settings()
    items: list[Query | QueryError] = []
    for path in paths:
        items.extend(read_queries(path))
    queries = [item for item in items if isinstance(item, Query)]
    ranked: dict[int, list[Match]] = {}
    if queries:  # nothing to rank: no model, no database
        encoder = load_encoder(settings.models_path, settings.match_model, _warn)
        with reported():
            with unit_of_work() as session:
                sync_own_fact_checks(session, settings)
                if encoder is not None:
                    embed_missing(session, encoder, MODEL_NAME)
            with reading() as session:
                index = build_index(session, encoder)
        results = index.rank([q.text for q in queries], top)
        ranked = dict(zip((id(q) for q in queries), results, strict=True))
    failed = False
    if output_format is MatchFormat.table:
        _print_table(items, ranked)
    for item in items:
        if isinstance(item, QueryError):
            failed = True
            if output_format is MatchFormat.json:
                sys.stdout.write(json.dumps({"id": item.id, "error": item.message}) + "\n")
            else:
                _warn(f"claimtrack: error: {item.message}")
            continue
        if output_format is MatchFormat.json:
            matches = [
                {
                    "factcheck": m.entry.source_id,
                    "score": round(m.score, 4),
                    "text": m.entry.claim_text,
                    "verdict": m.entry.verdict,
                    "method": m.method,
                }
                for m in ranked[id(item)]
            ]
            sys.stdout.write(
                json.dumps({"id": item.id, "matches": matches}, ensure_ascii=False) + "\n"
            )
    sys.stdout.flush()
    if failed:
        raise typer.Exit(1)


def _print_table(items: Sequence[Query | QueryError], ranked: dict[int, list[Match]]) -> None:
    from rich.console import Console
    from rich.table import Table

    from claimtrack.matching.queries import Query

    table = Table("query", "rank", "score", "fact-check", "verdict", "text")
    for item in items:
        if not isinstance(item, Query):
            continue
        matches = ranked[id(item)]
        if not matches:
            table.add_row(item.id, "-", "", "", "", "(no candidate)")
        for rank, m in enumerate(matches, start=1):
            table.add_row(
                item.id if rank == 1 else "",
                str(rank),
                f"{m.score:.3f}",
                m.entry.source_id,
                m.entry.verdict or "",
                m.entry.claim_text,
            )
    Console().print(table)


def register(app: typer.Typer) -> None:
    app.add_typer(factchecks_app, name="factchecks")
    app.command("match")(match)
