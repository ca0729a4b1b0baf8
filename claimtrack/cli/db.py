"""`claimtrack db ...`: which database, its schema, dumps and restores."""

from __future__ import annotations

from pathlib import Path

import typer

db_app = typer.Typer(
    help="The database: status, migrations, dump and restore, stop.", no_args_is_help=True
)


@db_app.command("status")
def status() -> None:
    """Which database is in use, where, at which migration, and row counts."""
    import sqlalchemy as sa
    from rich.console import Console
    from rich.table import Table

    from claimtrack import db, schema
    from models import Base

    target = db.get_target()
    engine = db.get_engine()
    table = Table(title="claimtrack database", show_header=False)
    table.add_row("kind", "embedded PostgreSQL" if target.embedded else "PostgreSQL server")
    table.add_row("where", target.location)
    with engine.connect() as conn:
        table.add_row("server", conn.execute(sa.text("SHOW server_version")).scalar_one())
        table.add_row(
            "migration", f"{schema.current_revision(engine)} (head {schema.head_revision()})"
        )
        for name in sorted(Base.metadata.tables):
            count = conn.execute(sa.text(f'SELECT count(*) FROM "{name}"')).scalar_one()
            table.add_row(f"rows in {name}", str(count))
    Console().print(table)


@db_app.command("upgrade")
def upgrade(revision: str = typer.Argument("head", help="Target revision.")) -> None:
    """Apply migrations up to REVISION (default: the latest)."""
    from claimtrack import db, schema

    target = db.get_target()
    engine = db.create_engine_for(target.admin_url)  # the schema's owner migrates
    db.check_connection(engine)
    schema.upgrade(engine, revision)
    db.grant_application_role(target)
    typer.echo(f"database at revision {schema.current_revision(engine)}")


@db_app.command("downgrade")
def downgrade(revision: str = typer.Argument(..., help="Target revision, e.g. base.")) -> None:
    """Revert migrations down to REVISION."""
    from claimtrack import db, schema

    engine = db.create_engine_for(db.get_target().admin_url)
    db.check_connection(engine)
    schema.downgrade(engine, revision)
    typer.echo(f"database at revision {schema.current_revision(engine)}")


@db_app.command("dump")
def dump(path: Path = typer.Argument(..., help="File to write (pg_dump custom format).")) -> None:
    """Write the whole database to FILE."""
    from claimtrack import db, dumps

    db.get_engine()  # connects, and creates the schema if this is a first use
    dumps.dump(db.get_target().admin_url, path)
    typer.echo(f"dumped {db.get_target().location} to {path}")


@db_app.command("restore")
def restore(
    path: Path = typer.Argument(..., help="A file written by `claimtrack db dump`."),
) -> None:
    """Replace the database's contents with FILE's."""
    from claimtrack import db, dumps

    target = db.get_target()
    engine = db.create_engine_for(target.admin_url)
    db.check_connection(engine)
    dumps.restore(target.admin_url, path)
    db.grant_application_role(target)  # the restored tables are new objects
    typer.echo(f"restored {path} into {target.location}")


@db_app.command("stop")
def stop(
    force: bool = typer.Option(
        False, "--force", help="Stop it even while claimtrack processes still use it."
    ),
) -> None:
    """Stop the embedded PostgreSQL, e.g. one a killed claimtrack process left running."""
    from claimtrack import embedded
    from claimtrack.settings import get_settings

    settings = get_settings()
    if settings.database_url:
        typer.echo("claimtrack uses the server in CLAIMTRACK_DATABASE_URL: nothing to stop")
        return
    pgdata = settings.embedded_pgdata
    result = embedded.stop_server(pgdata, force=force)
    if result.pruned:
        pids = ", ".join(str(pid) for pid in result.pruned)
        typer.echo(f"forgot process(es) {pids}, which had ended without releasing the server")
    if result.was_running:
        typer.echo(f"stopped the embedded PostgreSQL in {pgdata}")
    else:
        typer.echo(f"the embedded PostgreSQL in {pgdata} is not running")


def register(app: typer.Typer) -> None:
    app.add_typer(db_app, name="db")
