"""Flows run against a temporary Prefect API (one per test session) and real PostgreSQL."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from prefect.testing.utilities import prefect_test_harness

from tests.conftest import REPO_ROOT

EXAMPLE_ARTICLES = REPO_ROOT / "examples" / "articles"


@pytest.fixture(scope="session", autouse=True)
def prefect_api() -> Iterator[None]:
    # Its start-up costs 10-20 s: once per session, not per test.
    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture
def articles_folder(tmp_path: Path) -> Path:
    """A writable copy of the repository's example articles."""
    folder = tmp_path / "articles"
    shutil.copytree(EXAMPLE_ARTICLES, folder)
    return folder
