"""Web fixtures: the app on a fresh migrated database with reviewers and claims."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from claimtrack.settings import Settings
from claimtrack.web import create_app
from tests.web.seed import Seeded, seed


@pytest.fixture
def seeded(fresh_engine: Engine) -> Seeded:
    return seed(fresh_engine)


@pytest.fixture
def web_app(fresh_engine: Engine, tmp_path: Path) -> FastAPI:
    settings = Settings(secret_key="test-secret", data_dir=tmp_path / "data")
    return create_app(engine=fresh_engine, settings=settings)


@pytest.fixture
def client(web_app: FastAPI) -> Iterator[TestClient]:
    with TestClient(web_app, follow_redirects=False) as test_client:
        yield test_client
