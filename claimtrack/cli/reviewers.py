"""`claimtrack reviewers ...`: who may review.

Until an active admin exists, the operator who holds the database bootstraps reviewers
without a token; from then on these commands need an admin's token (CLAIMTRACK_TOKEN
or `claimtrack login`), like the web API.
"""

from __future__ import annotations

from typing import Annotated

import typer

from claimtrack.cli.claims import FormatOpt, OutputFormat, print_json, reading, reported

reviewers_app = typer.Typer(help="Reviewers and their API tokens.", no_args_is_help=True)


@reviewers_app.command("add")
def add(
    name: Annotated[str, typer.Argument(help="The reviewer's name (unique).")],
    role: Annotated[str, typer.Option("--role", help="reviewer, editor or admin.")] = "reviewer",
) -> None:
    """Add a reviewer and print their API token: shown this once, only its hash is kept."""
    from claimtrack.cli.claims import current_token
    from claimtrack.db import unit_of_work
    from claimtrack.review.auth import create_reviewer, reviewer_manager

    with reported(), unit_of_work() as session:
        reviewer_manager(session, current_token())
        reviewer, token = create_reviewer(session, name, role)
        summary = f"added {reviewer.role} {reviewer.name!r} (id {reviewer.id})"
    typer.echo(summary, err=True)
    typer.echo("API token (shown once; set CLAIMTRACK_TOKEN or run `claimtrack login`):", err=True)
    typer.echo(token)


@reviewers_app.command("list")
def list_command(output_format: FormatOpt = OutputFormat.table) -> None:
    """All reviewers, their roles and whether they are active."""
    from claimtrack.review.auth import list_reviewers

    with reading() as session:
        rows = [
            {
                "id": r.id,
                "name": r.name,
                "role": r.role,
                "active": r.active,
                "created_at": r.created_at.isoformat(),
            }
            for r in list_reviewers(session)
        ]
    if output_format is OutputFormat.json:
        print_json(rows)
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title="reviewers")
    for column in ("id", "name", "role", "active", "since"):
        table.add_column(column)
    for row in rows:
        table.add_row(
            str(row["id"]),
            str(row["name"]),
            str(row["role"]),
            "yes" if row["active"] else "no",
            str(row["created_at"])[:10],
        )
    Console().print(table)


def _set_active(name: str, active: bool) -> None:
    from claimtrack.cli.claims import current_token
    from claimtrack.db import unit_of_work
    from claimtrack.review.auth import reviewer_manager, set_reviewer_active

    with reported(), unit_of_work() as session:
        actor = reviewer_manager(session, current_token())
        reviewer = set_reviewer_active(session, name, active, actor)
        typer.echo(f"{reviewer.name} is {'enabled' if active else 'disabled'}")


@reviewers_app.command("disable")
def disable(name: Annotated[str, typer.Argument(help="Name or id.")]) -> None:
    """Disable a reviewer: their token stops working at once (their history stays)."""
    _set_active(name, False)


@reviewers_app.command("enable")
def enable(name: Annotated[str, typer.Argument(help="Name or id.")]) -> None:
    """Enable a disabled reviewer again."""
    _set_active(name, True)


@reviewers_app.command("rotate-token")
def rotate(name: Annotated[str, typer.Argument(help="Name or id.")]) -> None:
    """Give a reviewer a new token (printed once); the old one stops working."""
    from claimtrack.cli.claims import current_token
    from claimtrack.db import unit_of_work
    from claimtrack.review.auth import reviewer_manager, rotate_token

    with reported(), unit_of_work() as session:
        actor = reviewer_manager(session, current_token())
        token = rotate_token(session, name, actor)
    typer.echo(token)


def register(app: typer.Typer) -> None:
    app.add_typer(reviewers_app, name="reviewers")
