"""The same folder run under three spellings of its path stores each article once
(issue 12, item 5): relative, absolute, and from the parent folder."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa

from claimtrack.db import create_engine_for
from flows.pipeline import pipeline
from tests.flows.conftest import EXAMPLE_ARTICLES


def test_three_spellings_of_one_folder_store_one_set_of_articles(
    configured_database: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "project" / "examples" / "articles"
    shutil.copytree(EXAMPLE_ARTICLES, folder)
    count = len(os.listdir(folder))

    monkeypatch.chdir(tmp_path / "project")
    first = pipeline(sources=["examples/articles"], workers=1)
    assert first["articles_new"] == count
    second = pipeline(sources=[str(folder)], workers=1)
    monkeypatch.chdir(tmp_path)
    third = pipeline(sources=["project/examples/articles/"], workers=1)
    assert second["articles_unchanged"] == third["articles_unchanged"] == count
    assert second.get("articles_duplicate", 0) == third.get("articles_duplicate", 0) == 0

    engine = create_engine_for(configured_database)
    try:
        with engine.connect() as conn:
            keys = conn.execute(sa.text("SELECT source_key FROM article")).scalars().all()
    finally:
        engine.dispose()
    assert sorted(keys) == sorted(f"articles/{name}" for name in os.listdir(folder))
