"""Claim memory: fact_check (published verdicts, imported or our own) and claim_link.

claim_link holds a claim's candidate fact-checks and its siblings (the same claim
in another article or version), each with the matcher's method and score and a
reviewer's decision.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04 17:09:10.550142
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "fact_check",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("source_id", sa.Text(), nullable=False),
        sa.Column("origin", sa.String(length=16), nullable=False),
        sa.Column("source_name", sa.Text(), nullable=True),
        sa.Column("claim_text", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("rating", sa.Text(), nullable=True),
        sa.Column("verdict", sa.String(length=16), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("publisher", sa.Text(), nullable=True),
        sa.Column("claimer", sa.Text(), nullable=True),
        sa.Column("claim_date", sa.Date(), nullable=True),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("claim_id", sa.BigInteger(), nullable=True),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("embedding", sa.LargeBinary(), nullable=True),
        sa.Column("embedding_model", sa.String(length=64), nullable=True),
        sa.Column(
            "search",
            postgresql.TSVECTOR(),
            sa.Computed(
                "to_tsvector('english', claim_text || ' ' || coalesce(title, ''))", persisted=True
            ),
            nullable=False,
        ),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "origin IN ('imported', 'claimtrack')", name=op.f("ck_fact_check_origin")
        ),
        sa.CheckConstraint(
            "verdict IS NULL OR verdict IN ('true', 'false', 'misleading', 'unverifiable')",
            name=op.f("ck_fact_check_verdict"),
        ),
        sa.ForeignKeyConstraint(
            ["claim_id"],
            ["claim.id"],
            name=op.f("fk_fact_check_claim_id_claim"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fact_check")),
        sa.UniqueConstraint("claim_id", name=op.f("uq_fact_check_claim_id")),
        sa.UniqueConstraint("source_id", name=op.f("uq_fact_check_source_id")),
    )
    op.create_index(
        "ix_fact_check_search", "fact_check", ["search"], unique=False, postgresql_using="gin"
    )
    op.create_table(
        "claim_link",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("claim_id", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("fact_check_id", sa.BigInteger(), nullable=True),
        sa.Column("sibling_id", sa.BigInteger(), nullable=True),
        sa.Column("method", sa.String(length=32), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("decision", sa.String(length=16), server_default="suggested", nullable=False),
        sa.Column("decided_by_id", sa.BigInteger(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
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
            "(kind = 'fact_check') = (fact_check_id IS NOT NULL) AND (kind = 'sibling') = (sibling_id IS NOT NULL)",
            name=op.f("ck_claim_link_target"),
        ),
        sa.CheckConstraint(
            "decision IN ('suggested', 'accepted', 'rejected', 'linked')",
            name=op.f("ck_claim_link_decision"),
        ),
        sa.CheckConstraint("kind IN ('fact_check', 'sibling')", name=op.f("ck_claim_link_kind")),
        sa.CheckConstraint("score >= 0 AND score <= 1", name=op.f("ck_claim_link_score")),
        sa.CheckConstraint(
            "sibling_id IS NULL OR sibling_id <> claim_id", name=op.f("ck_claim_link_not_self")
        ),
        sa.ForeignKeyConstraint(
            ["claim_id"],
            ["claim.id"],
            name=op.f("fk_claim_link_claim_id_claim"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["reviewer.id"],
            name=op.f("fk_claim_link_decided_by_id_reviewer"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["fact_check_id"],
            ["fact_check.id"],
            name=op.f("fk_claim_link_fact_check_id_fact_check"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["sibling_id"],
            ["claim.id"],
            name=op.f("fk_claim_link_sibling_id_claim"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claim_link")),
        sa.UniqueConstraint(
            "claim_id", "fact_check_id", name=op.f("uq_claim_link_claim_id_fact_check_id")
        ),
        sa.UniqueConstraint(
            "claim_id", "sibling_id", name=op.f("uq_claim_link_claim_id_sibling_id")
        ),
    )
    op.create_index("ix_claim_link_fact_check_id", "claim_link", ["fact_check_id"], unique=False)
    op.create_index("ix_claim_link_sibling_id", "claim_link", ["sibling_id"], unique=False)
    op.create_index("ix_claim_text_md5", "claim", [sa.text("md5(lower(text))")], unique=False)


def downgrade() -> None:
    op.drop_index("ix_claim_text_md5", table_name="claim")
    op.drop_index("ix_claim_link_sibling_id", table_name="claim_link")
    op.drop_index("ix_claim_link_fact_check_id", table_name="claim_link")
    op.drop_table("claim_link")
    op.drop_index("ix_fact_check_search", table_name="fact_check", postgresql_using="gin")
    op.drop_table("fact_check")
