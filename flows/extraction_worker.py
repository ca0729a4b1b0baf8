"""Extraction of a batch, in this process or in a pool of worker processes.

Extraction is pure CPU work in Python, so threads would share one core: a
process pool gives the pipeline every core. This module imports neither Prefect
nor the database, so the pool's workers start fast.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from concurrent.futures import Executor, ProcessPoolExecutor
from multiprocessing.context import BaseContext

from flows.batches import Extracted, ToExtract
from flows.lifetime import watch_process

_pool: ProcessPoolExecutor | None = None
_pool_workers = 0
_pool_lock = threading.Lock()


# Set when the run is stopping (SIGTERM): extraction in this process stops at its
# next check instead of finishing the article, and the batch fails as cancelled.
stop_event = threading.Event()


def extract_all(items: list[ToExtract]) -> list[Extracted]:
    """Extract each article; one that fails or runs out of time gives an error, not an exception.

    Each article has CLAIMTRACK_EXTRACTION_BUDGET_SECONDS; a run that is stopping
    raises `ExtractionCancelled` (the articles are not at fault and stay to be done).
    """
    from claimtrack.extraction import extract_claims
    from claimtrack.extraction.budget import ExtractionCancelled, ExtractionTimeout
    from claimtrack.settings import get_settings

    budget_seconds = get_settings().extraction_budget_seconds
    results = []
    for item in items:
        try:
            claims = extract_claims(
                item.text, item.published, budget_seconds=budget_seconds, stop=stop_event
            )
        except ExtractionCancelled:
            raise
        except ExtractionTimeout as exc:
            results.append(Extracted(item.article_id, item.source_key, None, str(exc)))
        except Exception as exc:  # one article's failure must not lose the batch
            results.append(
                Extracted(item.article_id, item.source_key, None, f"extraction failed: {exc!r}")
            )
        else:
            results.append(Extracted(item.article_id, item.source_key, claims))
    return results


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def shared_pool(workers: int) -> Executor:
    """The process's extraction pool, created on first use."""
    global _pool, _pool_workers
    with _pool_lock:
        if _pool is None or _pool_workers != workers:
            if _pool is not None:
                _pool.shutdown()
            _pool = ProcessPoolExecutor(
                workers,
                mp_context=_worker_context(),
                # A killed run must not leave workers extracting for nobody.
                initializer=watch_process,
                initargs=(os.getpid(),),
            )
            _pool_workers = workers
        return _pool


def _worker_context() -> BaseContext:
    """How workers start: never a plain fork of this process, which runs Prefect's
    threads and could deadlock in the child.

    Where the platform has it, a fork server: a fresh single-threaded process that
    imports the extractor once (flows.extraction_preload), from which each worker
    is forked already warm. Elsewhere, spawn.
    """
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["flows.extraction_preload"])
    return context


def pool_started() -> bool:
    return _pool is not None


def shutdown_pool() -> None:
    global _pool
    with _pool_lock:
        if _pool is not None:
            _pool.shutdown()
            _pool = None


def start_extraction() -> None:
    """A run begins: extraction in this process may go on (see `stop_extraction`)."""
    stop_event.clear()


def stop_extraction() -> None:
    """A run is stopping (SIGTERM, a failure): stop extracting now, not after the batch.

    Threads extracting in this process stop at their next check; the pool's
    workers are killed (shutdown() would wait for the article in hand, however
    long it takes) and the pool is dropped, its pending batches cancelled.
    """
    global _pool
    stop_event.set()
    with _pool_lock:
        pool, _pool = _pool, None
    if pool is None:
        return
    # The executor keeps its worker processes in a private mapping; there is no
    # public way to end them without waiting for the tasks they are running.
    processes = list(getattr(pool, "_processes", {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.kill()
    for process in processes:
        process.join(timeout=5)
