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

_pool: ProcessPoolExecutor | None = None
_pool_workers = 0
_pool_lock = threading.Lock()


def extract_all(items: list[ToExtract]) -> list[Extracted]:
    """Extract each article; one that fails gives an error, not an exception."""
    from claimtrack.extraction import extract_claims

    results = []
    for item in items:
        try:
            claims = extract_claims(item.text, item.published)
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
            _pool = ProcessPoolExecutor(workers, mp_context=_worker_context())
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
