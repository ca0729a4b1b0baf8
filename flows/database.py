"""The pipeline's database access: its engine, and the retry policy of its database tasks."""

from __future__ import annotations

import threading
from typing import Any

from prefect import task
from prefect.cache_policies import NO_CACHE
from prefect.client.schemas.objects import State, TaskRun
from prefect.tasks import Task

# Backoff between attempts of a database task: doubling from half a second, then
# every MAX_RETRY_DELAY seconds until CLAIMTRACK_DB_RETRY_SECONDS is covered.
FIRST_RETRY_DELAY = 0.5
MAX_RETRY_DELAY = 8.0


def retry_delays(budget_seconds: float) -> list[float]:
    """The waits before each retry: their sum is the first to reach `budget_seconds`.

    With 60 s (the default): 0.5, 1, 2, 4, 8, then 8 s six times, 11 retries in
    63.5 s before jitter, enough for PostgreSQL to restart (or recover from a crash)
    in 30 s and for the waiting task to notice within 8 s of its return.
    """
    delays: list[float] = []
    delay = FIRST_RETRY_DELAY
    while sum(delays) < budget_seconds:
        delays.append(delay)
        delay = min(delay * 2, MAX_RETRY_DELAY)
    return delays


def _configured_delays() -> list[float]:
    from claimtrack.settings import get_settings

    return retry_delays(get_settings().db_retry_seconds)


_engines: dict[str, Any] = {}
_engines_lock = threading.Lock()


def pipeline_engine() -> Any:
    """The pipeline's engine for the configured database (one per URL, per process).

    Its own engine because it commits thousands of small transactions:
    - synchronous_commit off: a commit does not wait for the WAL flush (7 ms each
      here). A crash of the server can lose the last fraction of a second of
      commits, never consistency; so every database task ends with
      `make_durable()` before it reports success, and a retried task checks its
      ResumeLog against the database before trusting it.
    - no pre-ping: a dead connection surfaces as a transient error and the task
      retries on a fresh one, instead of a ping round trip per transaction.
    """
    from claimtrack import db

    url = db.get_target().url
    with _engines_lock:
        if url not in _engines:
            db.get_engine()  # connects once and upgrades the schema if needed
            _engines[url] = db.create_engine_for(
                url,
                pool_pre_ping=False,
                pool_size=10,
                connect_args={
                    "connect_timeout": 10,
                    "application_name": "claimtrack-pipeline",
                    "options": "-c synchronous_commit=off",
                },
            )
        return _engines[url]


def make_durable(run_id: int) -> None:
    """Make every commit so far durable before a task reports success.

    The pipeline commits with synchronous_commit off. A synchronous commit that
    writes WAL flushes the WAL up to its own record, and so makes every earlier
    commit of any session durable; it must write something (PostgreSQL flushes
    at commit only for transactions that wrote WAL), hence the touch of the run's
    own row. If the server crashed meanwhile, this fails with a transient error
    and the task retries, checking what really was stored.
    """
    import sqlalchemy as sa

    with pipeline_engine().begin() as conn:
        conn.execute(sa.text("SET LOCAL synchronous_commit = on"))
        conn.execute(
            sa.text("UPDATE extraction_run SET status = status WHERE id = :id"), {"id": run_id}
        )


def is_transient_database_error(exc: BaseException) -> bool:
    """A lost connection, a restart, a lock timeout or a concurrent edit: worth retrying."""
    import psycopg
    import sqlalchemy as sa
    from sqlalchemy.orm.exc import StaleDataError

    if isinstance(exc, sa.exc.DBAPIError) and exc.connection_invalidated:
        return True
    transient = (
        sa.exc.OperationalError,
        sa.exc.InterfaceError,
        sa.exc.DisconnectionError,
        psycopg.OperationalError,
        StaleDataError,  # a reviewer changed a claim under us: read it again
    )
    return isinstance(exc, transient)


def retry_on_transient(task: Task[..., Any], task_run: TaskRun, state: State[Any]) -> bool:
    exc = state.data if isinstance(state.data, BaseException) else None
    if exc is None:
        try:
            state.result(raise_on_failure=True)
        except BaseException as raised:
            exc = raised
    return exc is not None and is_transient_database_error(exc)


# The database tasks: retried with backoff, on transient errors only. NO_CACHE: a
# batch is never "the same input" twice, and hashing a batch of texts costs time.
# Prefect fixes a task's retries when it is decorated, so the budget is read from
# the settings when this module is first imported (the CLI sets the environment
# before that).
_DELAYS = _configured_delays()
db_task = task(
    retries=len(_DELAYS),
    retry_delay_seconds=_DELAYS,
    retry_jitter_factor=0.5,
    retry_condition_fn=retry_on_transient,
    cache_policy=NO_CACHE,
)
