"""Drop two claim indexes no query needs: every claim write paid for them.

- ix_claim_article_id: the unique (article_id, fingerprint) index starts with
  article_id, so it already serves every lookup by article.
- ix_claim_fingerprint: claims are only ever looked up by fingerprint within an
  article (reconciliation, a reviewer's added claim), which the same unique index
  serves.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 01:40:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_index("ix_claim_fingerprint", table_name="claim")
    op.drop_index("ix_claim_article_id", table_name="claim")


def downgrade() -> None:
    op.create_index("ix_claim_article_id", "claim", ["article_id"], unique=False)
    op.create_index("ix_claim_fingerprint", "claim", ["fingerprint"], unique=False)
