"""`claimtrack export`: claims as CSV, JSON Lines or ClaimReview JSON-LD."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from claimtrack.cli.claims import (
    ArticleOpt,
    ClaimerOpt,
    MinCwOpt,
    SearchOpt,
    SourceOpt,
    StatusOpt,
    TypeOpt,
    VerdictOpt,
    claim_filters,
    reading,
    reported,
)
from claimtrack.exports import ExportFormat


def export(
    export_format: Annotated[
        ExportFormat, typer.Option("--format", help="csv, jsonl, or claimreview (reviewed only).")
    ] = ExportFormat.jsonl,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write; standard output if unset.")
    ] = None,
    status: StatusOpt = None,
    verdict: VerdictOpt = None,
    claim_type: TypeOpt = None,
    article: ArticleOpt = None,
    source: SourceOpt = None,
    min_checkworthiness: MinCwOpt = None,
    claimer: ClaimerOpt = None,
    search: SearchOpt = None,
) -> None:
    """Export claims with the same filters as `claims list`."""
    from claimtrack.exports import export_claims

    filters = claim_filters(
        status=status,
        verdict=verdict,
        type=claim_type,
        article=article,
        source=source,
        min_checkworthiness=min_checkworthiness,
        claimer=claimer,
        search=search,
    )
    with reading() as session, reported():
        if output is None:
            count = export_claims(session, filters, export_format, sys.stdout)
        else:
            # Written beside the target and renamed: a failed export leaves no half file.
            partial = output.with_name(output.name + ".partial")
            newline = "" if export_format is ExportFormat.csv else None
            try:
                with partial.open("w", encoding="utf-8", newline=newline) as handle:
                    count = export_claims(session, filters, export_format, handle)
                partial.replace(output)
            except OSError as error:
                from claimtrack.review.errors import InvalidInput

                partial.unlink(missing_ok=True)
                raise InvalidInput(f"cannot write {output}: {error.strerror}") from None
            except BaseException:
                partial.unlink(missing_ok=True)
                raise
    typer.echo(f"exported {count} claims as {export_format.value}", err=True)


def register(app: typer.Typer) -> None:
    app.command("export")(export)
