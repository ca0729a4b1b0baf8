"""`claimtrack checks`: consistency findings, stored and (for one article) agreeing ones."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from claimtrack.checks import Finding as Check
    from models import Finding


class ChecksFormat(StrEnum):
    table = "table"
    json = "json"


class StateChoice(StrEnum):
    open = "open"
    dismissed = "dismissed"
    resolved = "resolved"
    all = "all"


def _stored(finding: Finding) -> dict[str, Any]:
    return {
        "id": finding.id,
        "rule": finding.rule,
        "state": finding.state,
        "outcome": finding.details.get("outcome", "contradicts"),
        "claim_ids": finding.claim_ids,
        "expectation": finding.expectation,
        "tolerance": finding.tolerance,
        "observed": finding.details.get("observed", {}),
    }


def _agreeing(session: Session, article_id: int) -> list[Check]:
    """What agrees in the article: computed now, never stored (only contradictions are)."""
    from claimtrack.store.findings import compute

    _, checks = compute(session, [article_id])
    return [check for check in checks if not check.contradicts]


def checks(
    article: Annotated[
        int | None, typer.Option("--article", help="Only findings on this article's claims.")
    ] = None,
    state: Annotated[
        StateChoice, typer.Option("--state", help="Which stored findings to list.")
    ] = StateChoice.open,
    output_format: Annotated[ChecksFormat, typer.Option("--format")] = ChecksFormat.table,
    recompute: Annotated[
        bool,
        typer.Option(
            "--recompute",
            help="Run the checks again first (on the article, else on every article) and "
            "store what they find: for claims stored before the checks existed.",
        ),
    ] = False,
) -> None:
    """Consistency findings: claims whose figures contradict each other. With --article,
    the checks that agree are shown too (computed, not stored)."""
    import sqlalchemy as sa

    from claimtrack.cli.claims import reading, reported
    from claimtrack.db import unit_of_work
    from claimtrack.review.findings import list_findings
    from claimtrack.store.findings import refresh_findings
    from models import Article

    if recompute:
        with reported(), unit_of_work() as session:
            ids = (
                [article]
                if article is not None
                else list(session.scalars(sa.select(Article.id).where(Article.is_latest)))
            )
            summary = refresh_findings(session, ids)
        typer.echo(f"checked {summary.claims} claims: {json.dumps(summary.as_dict())}", err=True)
    with reading() as session:
        stored = list_findings(
            session,
            state=None if state is StateChoice.all else state.value,
            article_id=article,
            limit=None,
        )
        rows = [_stored(f) for f in stored]
        if article is not None:
            rows += [
                {"id": None, "state": "agrees", **c.as_dict()} for c in _agreeing(session, article)
            ]
    if output_format is ChecksFormat.json:
        for row in rows:
            sys.stdout.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
        return
    _print_table(rows)


def _print_table(rows: list[dict[str, Any]]) -> None:
    from rich.console import Console
    from rich.table import Table

    if not rows:
        typer.echo("no findings")
        return
    table = Table("id", "rule", "state", "claims", "expectation", "tolerance")
    for row in rows:
        table.add_row(
            str(row["id"] or "-"),
            row["rule"],
            row["state"],
            ", ".join(str(c) for c in row["claim_ids"]),
            row["expectation"],
            row["tolerance"],
        )
    Console().print(table)


def register(app: typer.Typer) -> None:
    app.command("checks")(checks)
