"""The pipeline's other ways of running extraction: a pool of worker processes, and Dask.

Each must store exactly the claims that extracting the same texts in this
process gives: same spans, types and values, article by article.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from claimtrack.db import create_engine_for
from claimtrack.extraction import extract_claims
from flows.pipeline import MIN_POOL_BATCH, pipeline
from tests.flows.conftest import EXAMPLE_ARTICLES

PUBLISHED = date(2019, 8, 30)


def write_articles(path: Path, count: int) -> dict[str, str]:
    """`count` distinct articles as .jsonl (the example article, each with its own lead)."""
    base = (EXAMPLE_ARTICLES / "kashmir-hour-2019-08-30.txt").read_text(encoding="utf-8")
    texts = {
        f"a{n}": f"Update {n}: {n + 3} officials met on Monday, {n * 7}% more than last week.\n\n"
        + base
        for n in range(count)
    }
    with path.open("w", encoding="utf-8") as out:
        for key, text in texts.items():
            out.write(json.dumps({"id": key, "title": key, "text": text}) + "\n")
    return texts


def stored_claims(url: str) -> dict[str, list[tuple[Any, ...]]]:
    engine = create_engine_for(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                sa.text(
                    "SELECT a.source_key, c.span_start, c.span_end, c.type, c.values "
                    "FROM claim c JOIN article a ON a.id = c.article_id "
                    "ORDER BY a.source_key, c.span_start, c.span_end, c.type"
                )
            ).all()
    finally:
        engine.dispose()
    result: dict[str, list[tuple[Any, ...]]] = {}
    for key, start, end, claim_type, values in rows:
        result.setdefault(key.rsplit("#", 1)[-1], []).append((start, end, claim_type, values))
    return result


def expected_claims(texts: dict[str, str]) -> dict[str, list[tuple[Any, ...]]]:
    return {
        key: sorted((c.start, c.end, c.type, c.values) for c in extract_claims(text, PUBLISHED))
        for key, text in texts.items()
    }


def test_worker_processes_store_what_in_process_extraction_gives(
    configured_database: str, tmp_path: Path
) -> None:
    # Enough articles in the first batch for the pool to start (small batches run in-process).
    texts = write_articles(tmp_path / "articles.jsonl", MIN_POOL_BATCH + 10)
    result = pipeline(
        sources=[str(tmp_path / "articles.jsonl")],
        published=PUBLISHED,
        workers=2,
        batch_size=MIN_POOL_BATCH,
    )
    assert result["errors"] == 0
    assert result["articles_new"] == len(texts)
    stored = stored_claims(configured_database)
    assert stored == expected_claims(texts)
    assert result["claims_new"] == sum(len(claims) for claims in stored.values())


def test_dask_task_runner_stores_what_in_process_extraction_gives(
    configured_database: str, tmp_path: Path
) -> None:
    prefect_dask = pytest.importorskip(
        "prefect_dask", reason="prefect-dask is not installed (pip install 'claimtrack[dask]')"
    )
    texts = write_articles(tmp_path / "articles.jsonl", 6)
    # Worker processes, not threads: each task crosses a process boundary as it
    # would to a Dask cluster on other machines.
    runner = prefect_dask.DaskTaskRunner(
        cluster_kwargs={"n_workers": 1, "threads_per_worker": 2, "processes": True}
    )
    result = pipeline.with_options(task_runner=runner)(
        sources=[str(tmp_path / "articles.jsonl")], published=PUBLISHED, workers=1, batch_size=4
    )
    assert result["errors"] == 0
    assert result["articles_new"] == len(texts)
    assert stored_claims(configured_database) == expected_claims(texts)
