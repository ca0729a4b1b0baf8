"""A built wheel (not only an editable checkout) carries models, flows and migrations
and can create its database by itself."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    # An isolated build, as `pip install .` does it: the venv's own setuptools may be
    # older than the one pyproject.toml's [build-system] asks for.
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "-q",
            "-w",
            str(out),
            str(REPO_ROOT),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (built,) = out.glob("claimtrack-*.whl")
    return built


def test_wheel_carries_models_flows_and_migrations(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in (
        "models/__init__.py",
        "flows/__init__.py",
        "migrations/env.py",
        "migrations/script.py.mako",
        "migrations/versions/0001_initial_schema.py",
        "claimtrack/cli/__init__.py",
    ):
        assert required in names, f"{required} missing from {wheel.name}"
    assert not any(name.startswith("tests/") for name in names)


def test_unpacked_wheel_creates_its_database(
    wheel: Path, fresh_database_url: str, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    # An empty database: the installed code alone must create every table.
    from claimtrack import db

    engine = db.create_engine_for(fresh_database_url)
    from claimtrack import schema

    schema.downgrade(engine, "base")
    engine.dispose()
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLAIMTRACK_")}
    env.update(PYTHONPATH=str(site), CLAIMTRACK_DATABASE_URL=fresh_database_url)
    script = (
        "import migrations, sys; assert migrations.__file__.startswith(sys.argv[1]), migrations.__file__;"
        "from claimtrack.cli import app; app(['db', 'upgrade'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(site)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert f"database at revision {schema.head_revision()}" in result.stdout
