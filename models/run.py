"""One row per pipeline run."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, CheckConstraint, DateTime, Identity, String, Text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, CreatedAt
from models.enums import RunStatus, sql_in


class ExtractionRun(CreatedAt, Base):
    __tablename__ = "extraction_run"
    __table_args__ = (CheckConstraint(sql_in("status", RunStatus), name="status"),)

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    flow_run_id: Mapped[str | None] = mapped_column(String(64), index=True)
    source: Mapped[str] = mapped_column(Text)
    extractor_version: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(
        String(16), default=RunStatus.RUNNING.value, server_default=RunStatus.RUNNING.value
    )
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # articles_new, articles_updated, articles_unchanged, articles_failed, claims_new, ...
    counts: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict, server_default="{}")
    # [{"item": "...", "error": "..."}]: what failed, one entry per item.
    errors: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, default=list, server_default="[]")
