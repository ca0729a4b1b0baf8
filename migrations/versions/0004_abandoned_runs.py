"""extraction_run.status may be 'abandoned': a run whose process died without closing it.

A run holds a PostgreSQL advisory lock on its own row for as long as its process
lives (claimtrack.store.runs); the next run to start marks every `running` row
whose lock is free as abandoned, instead of leaving it `running` forever.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04 17:30:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_NAME = "ck_extraction_run_status"


def upgrade() -> None:
    op.drop_constraint(op.f(_NAME), "extraction_run", type_="check")
    op.create_check_constraint(
        op.f(_NAME),
        "extraction_run",
        "status IN ('running', 'completed', 'failed', 'abandoned')",
    )


def downgrade() -> None:
    # An abandoned run did fail; the older schema has no other word for it.
    op.execute("UPDATE extraction_run SET status = 'failed' WHERE status = 'abandoned'")
    op.drop_constraint(op.f(_NAME), "extraction_run", type_="check")
    op.create_check_constraint(
        op.f(_NAME), "extraction_run", "status IN ('running', 'completed', 'failed')"
    )
