"""Consistency findings: finding (rule, expectation, tolerance, details, state) and
finding_claim (the claims each involves). Rows are never deleted: a trigger refuses
DELETE and TRUNCATE on both; dismissal and resolution are states.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04 18:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_KEEP_FUNCTION = """
CREATE FUNCTION finding_never_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% rows are never deleted: dismiss the finding instead', TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$
"""


def upgrade() -> None:
    op.create_table(
        "finding",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("rule", sa.String(length=32), nullable=False),
        sa.Column("signature", sa.String(length=64), nullable=False),
        sa.Column("expectation", sa.Text(), nullable=False),
        sa.Column("tolerance", sa.Text(), nullable=False),
        sa.Column(
            "details",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default="{}",
            nullable=False,
        ),
        sa.Column("state", sa.String(length=16), server_default="open", nullable=False),
        sa.Column("dismissed_by_id", sa.BigInteger(), nullable=True),
        sa.Column("dismissed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "state IN ('open', 'dismissed', 'resolved')", name=op.f("ck_finding_state")
        ),
        sa.ForeignKeyConstraint(
            ["dismissed_by_id"],
            ["reviewer.id"],
            name=op.f("fk_finding_dismissed_by_id_reviewer"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_finding")),
        sa.UniqueConstraint("signature", name=op.f("uq_finding_signature")),
    )
    op.create_index("ix_finding_state", "finding", ["state"], unique=False)
    op.create_table(
        "finding_claim",
        sa.Column("finding_id", sa.BigInteger(), nullable=False),
        sa.Column("claim_id", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["claim_id"],
            ["claim.id"],
            name=op.f("fk_finding_claim_claim_id_claim"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["finding_id"],
            ["finding.id"],
            name=op.f("fk_finding_claim_finding_id_finding"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("finding_id", "claim_id", name=op.f("pk_finding_claim")),
    )
    op.create_index("ix_finding_claim_claim_id", "finding_claim", ["claim_id"], unique=False)
    op.execute(_KEEP_FUNCTION)
    for table in ("finding", "finding_claim"):
        op.execute(
            f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION finding_never_deleted()"
        )
        op.execute(
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION finding_never_deleted()"
        )


def downgrade() -> None:
    op.drop_table("finding_claim")
    op.drop_table("finding")
    op.execute("DROP FUNCTION finding_never_deleted()")
