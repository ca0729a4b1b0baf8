"""Initial schema: articles, claims, their append-only history, reviewers, evidence, runs.

Revision ID: 0001
Revises:
Create Date: 2026-11-27 22:18:22.676441
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# claim_event is the audit trail: the database itself refuses to change or remove a row,
# whatever client or role connects.
APPEND_ONLY_FUNCTION = """
CREATE FUNCTION claim_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'claim_event is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$
"""


def upgrade() -> None:
    op.create_table(
        "article",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.Column("source_key", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("is_latest", sa.Boolean(), server_default=sa.text("true"), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("duplicate_of_id", sa.BigInteger(), nullable=True),
        sa.Column("extractor_version", sa.String(length=64), nullable=True),
        sa.Column("extracted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("extraction_error", sa.Text(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["duplicate_of_id"],
            ["article.id"],
            name=op.f("fk_article_duplicate_of_id_article"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_article")),
        sa.UniqueConstraint("source_key", "version", name=op.f("uq_article_source_key_version")),
    )
    op.create_index(
        "ix_article_latest_key",
        "article",
        ["source_key"],
        unique=True,
        postgresql_where=sa.text("is_latest"),
    )
    op.create_index("ix_article_sha256", "article", ["sha256"], unique=False)
    op.create_table(
        "extraction_run",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("flow_run_id", sa.String(length=64), nullable=True),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("extractor_version", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), server_default="running", nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "counts", postgresql.JSONB(astext_type=sa.Text()), server_default="{}", nullable=False
        ),
        sa.Column(
            "errors", postgresql.JSONB(astext_type=sa.Text()), server_default="[]", nullable=False
        ),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "status IN ('running', 'completed', 'failed')", name=op.f("ck_extraction_run_status")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_extraction_run")),
    )
    op.create_index(
        op.f("ix_extraction_run_flow_run_id"), "extraction_run", ["flow_run_id"], unique=False
    )
    op.create_table(
        "reviewer",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=16), server_default="reviewer", nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("active", sa.Boolean(), server_default=sa.text("true"), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "role IN ('reviewer', 'editor', 'admin')", name=op.f("ck_reviewer_role")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reviewer")),
        sa.UniqueConstraint("name", name=op.f("uq_reviewer_name")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_reviewer_token_hash")),
    )
    op.create_table(
        "claim",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("article_id", sa.BigInteger(), nullable=False),
        sa.Column("span_start", sa.Integer(), nullable=False),
        sa.Column("span_end", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("sentence", sa.Text(), nullable=False),
        sa.Column("type", sa.String(length=16), nullable=False),
        sa.Column("claimer", sa.Text(), nullable=True),
        sa.Column(
            "values", postgresql.JSONB(astext_type=sa.Text()), server_default="[]", nullable=False
        ),
        sa.Column("checkworthiness", sa.Float(), nullable=False),
        sa.Column("extractor_version", sa.String(length=64), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("origin", sa.String(length=16), server_default="extractor", nullable=False),
        sa.Column(
            "reviewer_edits",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default="{}",
            nullable=False,
        ),
        sa.Column("status", sa.String(length=16), server_default="new", nullable=False),
        sa.Column("status_before_stale", sa.String(length=16), nullable=True),
        sa.Column("verdict", sa.String(length=16), nullable=True),
        sa.Column("assignee_id", sa.BigInteger(), nullable=True),
        sa.Column("assigned_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("merged_into_id", sa.BigInteger(), nullable=True),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "search",
            postgresql.TSVECTOR(),
            sa.Computed("to_tsvector('english', text || ' ' || sentence)", persisted=True),
            nullable=False,
        ),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint("origin IN ('extractor', 'reviewer')", name=op.f("ck_claim_origin")),
        sa.CheckConstraint(
            "status IN ('new', 'in_review', 'reviewed', 'dismissed', 'stale')",
            name=op.f("ck_claim_status"),
        ),
        sa.CheckConstraint(
            "type IN ('law', 'quantity', 'date', 'quote', 'causal', 'prediction', 'statement')",
            name=op.f("ck_claim_type"),
        ),
        sa.CheckConstraint(
            "verdict IS NULL OR verdict IN ('true', 'false', 'misleading', 'unverifiable')",
            name=op.f("ck_claim_verdict"),
        ),
        sa.CheckConstraint(
            "checkworthiness >= 0 AND checkworthiness <= 1", name=op.f("ck_claim_checkworthiness")
        ),
        sa.CheckConstraint("span_start >= 0 AND span_end > span_start", name=op.f("ck_claim_span")),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["article.id"],
            name=op.f("fk_claim_article_id_article"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["assignee_id"],
            ["reviewer.id"],
            name=op.f("fk_claim_assignee_id_reviewer"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["merged_into_id"],
            ["claim.id"],
            name=op.f("fk_claim_merged_into_id_claim"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claim")),
        sa.UniqueConstraint(
            "article_id", "fingerprint", name=op.f("uq_claim_article_id_fingerprint")
        ),
    )
    op.create_index(op.f("ix_claim_article_id"), "claim", ["article_id"], unique=False)
    op.create_index("ix_claim_assignee_id", "claim", ["assignee_id"], unique=False)
    op.create_index("ix_claim_fingerprint", "claim", ["fingerprint"], unique=False)
    op.create_index("ix_claim_queue", "claim", ["status", "checkworthiness"], unique=False)
    op.create_index("ix_claim_search", "claim", ["search"], unique=False, postgresql_using="gin")
    op.create_table(
        "claim_event",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("claim_id", sa.BigInteger(), nullable=False),
        sa.Column("reviewer_id", sa.BigInteger(), nullable=True),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("from_status", sa.String(length=16), nullable=True),
        sa.Column("to_status", sa.String(length=16), nullable=True),
        sa.Column("from_verdict", sa.String(length=16), nullable=True),
        sa.Column("to_verdict", sa.String(length=16), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column(
            "changes", postgresql.JSONB(astext_type=sa.Text()), server_default="{}", nullable=False
        ),
        sa.Column("claim_version", sa.Integer(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["claim_id"],
            ["claim.id"],
            name=op.f("fk_claim_event_claim_id_claim"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["reviewer_id"],
            ["reviewer.id"],
            name=op.f("fk_claim_event_reviewer_id_reviewer"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claim_event")),
    )
    op.create_index(op.f("ix_claim_event_claim_id"), "claim_event", ["claim_id"], unique=False)
    op.create_table(
        "evidence",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("claim_id", sa.BigInteger(), nullable=False),
        sa.Column("reviewer_id", sa.BigInteger(), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint("url IS NOT NULL OR note IS NOT NULL", name=op.f("ck_evidence_content")),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claim.id"], name=op.f("fk_evidence_claim_id_claim"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["reviewer_id"],
            ["reviewer.id"],
            name=op.f("fk_evidence_reviewer_id_reviewer"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence")),
    )
    op.create_index(op.f("ix_evidence_claim_id"), "evidence", ["claim_id"], unique=False)
    op.execute(APPEND_ONLY_FUNCTION)
    op.execute(
        "CREATE TRIGGER claim_event_no_update_delete BEFORE UPDATE OR DELETE ON claim_event "
        "FOR EACH ROW EXECUTE FUNCTION claim_event_append_only()"
    )
    op.execute(
        "CREATE TRIGGER claim_event_no_truncate BEFORE TRUNCATE ON claim_event "
        "FOR EACH STATEMENT EXECUTE FUNCTION claim_event_append_only()"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER claim_event_no_truncate ON claim_event")
    op.execute("DROP TRIGGER claim_event_no_update_delete ON claim_event")
    op.execute("DROP FUNCTION claim_event_append_only()")
    op.drop_index(op.f("ix_evidence_claim_id"), table_name="evidence")
    op.drop_table("evidence")
    op.drop_index(op.f("ix_claim_event_claim_id"), table_name="claim_event")
    op.drop_table("claim_event")
    op.drop_index("ix_claim_search", table_name="claim", postgresql_using="gin")
    op.drop_index("ix_claim_queue", table_name="claim")
    op.drop_index("ix_claim_fingerprint", table_name="claim")
    op.drop_index("ix_claim_assignee_id", table_name="claim")
    op.drop_index(op.f("ix_claim_article_id"), table_name="claim")
    op.drop_table("claim")
    op.drop_table("reviewer")
    op.drop_index(op.f("ix_extraction_run_flow_run_id"), table_name="extraction_run")
    op.drop_table("extraction_run")
    op.drop_index("ix_article_sha256", table_name="article")
    op.drop_index(
        "ix_article_latest_key", table_name="article", postgresql_where=sa.text("is_latest")
    )
    op.drop_table("article")
