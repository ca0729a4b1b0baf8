"""The connection that holds a run's ownership lock for as long as the run's process lives.

See claimtrack.store.runs: the lock is taken in the transaction that inserts the
run's row and is released only when this connection's session ends, so a run
killed with SIGKILL is recognised as abandoned by the next run, and a live one
never is.
"""

from __future__ import annotations

import threading
from typing import Any

from sqlalchemy.orm import Session

_held: dict[int, Any] = {}  # run id -> the SQLAlchemy Connection holding its lock
_held_lock = threading.Lock()


def open_held_run(
    engine: Any, *, source: str, extractor_version: str, flow_run_id: str | None
) -> int:
    """Mark runs whose process died as abandoned, then insert this run's row, locked."""
    from claimtrack.db import unit_of_work
    from claimtrack.store import hold_run, mark_abandoned_runs, start_run

    with unit_of_work(engine) as session:
        mark_abandoned_runs(session)
    connection = engine.connect()
    try:
        with Session(bind=connection) as session:
            run_id = start_run(
                session,
                source=source,
                extractor_version=extractor_version,
                flow_run_id=flow_run_id,
            )
            hold_run(session, run_id)
            session.commit()
    except BaseException:
        _discard(connection)
        raise
    with _held_lock:
        _held[run_id] = connection
    return run_id


def release_run(run_id: int) -> None:
    """The run is closed: end the session that held its lock."""
    with _held_lock:
        connection = _held.pop(run_id, None)
    if connection is not None:
        _discard(connection)


def _discard(connection: Any) -> None:
    # Returned to the pool, the connection would keep its session, and the lock
    # with it: close the database connection itself.
    try:
        connection.invalidate()
    finally:
        connection.close()
