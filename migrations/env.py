"""Alembic environment: a connection handed in by claimtrack.schema, else the configured URL."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from models import Base

config = context.config
target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        compare_type=True,
        transaction_per_migration=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    # Used by the plain `alembic` command in a checkout: the same database claimtrack uses.
    from claimtrack.db import create_engine_for, get_target

    engine = create_engine_for(get_target().url)
    with engine.connect() as conn:
        _run(conn)
        conn.commit()


def run_migrations_offline() -> None:
    from claimtrack.db import get_target

    context.configure(url=get_target().url, target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
