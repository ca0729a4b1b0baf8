"""Two database roles: the owner runs migrations, the application owns nothing.

A table's owner (or a superuser) can `ALTER TABLE claim_event DISABLE TRIGGER` or
`SET session_replication_role = replica` and then rewrite the review history the
trigger keeps append-only (issue 18). So the application connects as a role that
owns nothing and holds only what it needs: SELECT, INSERT, UPDATE and DELETE on
the tables, but only SELECT and INSERT on `claim_event`, and only SELECT on
Alembic's version table. Migrations, dumps and restores use the owner.

The embedded default creates the role `claimtrack_app` and connects as it; a
server deployment names the owner in CLAIMTRACK_MIGRATION_DATABASE_URL and the
application role in CLAIMTRACK_DATABASE_URL (see the README).
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Engine

EMBEDDED_APP_ROLE = "claimtrack_app"
APPEND_ONLY_TABLES = ("claim_event",)
READ_ONLY_TABLES = ("alembic_version",)


def _quoted(connection: sa.Connection, name: str) -> str:
    return connection.dialect.identifier_preparer.quote_identifier(name)


def ensure_login_role(engine: Engine, role: str) -> None:
    """Create `role` (able to log in, no other power) unless it exists. Needs CREATEROLE."""
    with engine.begin() as conn:
        exists = conn.execute(
            sa.text("SELECT 1 FROM pg_roles WHERE rolname = :role"), {"role": role}
        ).first()
        if not exists:
            conn.execute(
                sa.text(
                    f"CREATE ROLE {_quoted(conn, role)} LOGIN NOSUPERUSER NOCREATEDB "
                    "NOCREATEROLE NOREPLICATION NOBYPASSRLS"
                )
            )


def needs_grants(engine: Engine, role: str) -> bool:
    """True while a table of the schema is not yet readable by `role` (after a migration)."""
    with engine.connect() as conn:
        missing = conn.execute(
            sa.text(
                # By oid: a name would be resolved for every table, those of other
                # schemas too, whatever order the planner checks the conditions in.
                "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') "
                "AND NOT has_table_privilege(:role, c.oid, 'SELECT')"
            ),
            {"role": role},
        ).scalar_one()
    return bool(missing)


def grant_app_role(engine: Engine, role: str) -> None:
    """Give `role` the application's privileges on every table, as the owner."""
    with engine.begin() as conn:
        name = _quoted(conn, role)
        conn.execute(sa.text(f"GRANT USAGE ON SCHEMA public TO {name}"))
        conn.execute(
            sa.text(
                f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {name}"
            )
        )
        conn.execute(sa.text(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {name}"))
        for table in APPEND_ONLY_TABLES:
            conn.execute(sa.text(f"REVOKE UPDATE, DELETE, TRUNCATE ON {table} FROM {name}"))
        for table in READ_ONLY_TABLES:
            conn.execute(sa.text(f"REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON {table} FROM {name}"))
