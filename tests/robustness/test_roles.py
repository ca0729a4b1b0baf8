"""The application's database role owns nothing and cannot rewrite the review history.

As owner (or superuser) the app's own user could `SET session_replication_role =
replica` or `ALTER TABLE claim_event DISABLE TRIGGER` and then UPDATE or DELETE
claim_event (issue 18). Migrations now run as the owner; the application connects
as a role with only SELECT and INSERT on claim_event: in a server deployment
(CLAIMTRACK_MIGRATION_DATABASE_URL + CLAIMTRACK_DATABASE_URL) and in the embedded
default (role claimtrack_app).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

from tests.robustness.support import REPO_ROOT, libpq, run_to_end, write_articles

FORBIDDEN = [
    "UPDATE claim_event SET note = 'rewritten'",
    "DELETE FROM claim_event",
    "TRUNCATE claim_event",
    "ALTER TABLE claim_event DISABLE TRIGGER ALL",
    "SET session_replication_role = replica",
    "DROP TABLE claim",
    "UPDATE alembic_version SET version_num = 'x'",
]


def _as(url: str, user: str, database: str) -> str:
    return (
        make_url(url)
        .set(username=user, password=None, database=database)
        .render_as_string(hide_password=False)
    )


@pytest.fixture
def deployment(pg_server_url: str) -> Iterator[dict[str, str]]:
    """A database owned by a plain role, and an application role that owns nothing."""
    suffix = uuid.uuid4().hex[:8]
    owner, app, database = f"ct_owner_{suffix}", f"ct_app_{suffix}", f"ct_roles_{suffix}"
    with psycopg.connect(libpq(pg_server_url), autocommit=True) as conn:
        conn.execute(f'CREATE ROLE "{owner}" LOGIN')
        conn.execute(f'CREATE ROLE "{app}" LOGIN')
        conn.execute(f'CREATE DATABASE "{database}" OWNER "{owner}"')
    try:
        yield {
            "owner": _as(pg_server_url, owner, database),
            "app": _as(pg_server_url, app, database),
            "app_role": app,
        }
    finally:
        with psycopg.connect(libpq(pg_server_url), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
            conn.execute(f'DROP ROLE IF EXISTS "{app}"')
            conn.execute(f'DROP ROLE IF EXISTS "{owner}"')


def _claimtrack(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "claimtrack", *args],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def _refused(app_url: str) -> list[str]:
    """The forbidden statements the application's role could run (should be none)."""
    allowed = []
    with psycopg.connect(libpq(app_url)) as conn:
        for statement in FORBIDDEN:
            try:
                conn.execute(statement)
                allowed.append(statement)
            except psycopg.errors.InsufficientPrivilege:
                pass
            finally:
                conn.rollback()
    return allowed


@pytest.mark.timeout(300)
def test_a_server_deployment_runs_as_a_role_that_owns_nothing(
    deployment: dict[str, str], prefect_api_url: str, tmp_path: Path
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLAIMTRACK_")}
    env.update(
        {
            "CLAIMTRACK_DATABASE_URL": deployment["app"],
            "CLAIMTRACK_MIGRATION_DATABASE_URL": deployment["owner"],
            "CLAIMTRACK_DATA_DIR": str(tmp_path / "data"),
            "PREFECT_API_URL": prefect_api_url,
        }
    )
    upgraded = _claimtrack(["db", "upgrade"], env)
    assert upgraded.returncode == 0, upgraded.stderr
    articles = write_articles(tmp_path / "articles.jsonl", [1, 2, 3], {})
    done = run_to_end([str(articles)], env, timeout=240)
    assert done.returncode == 0, done.stderr
    with psycopg.connect(libpq(deployment["app"])) as conn:
        row = conn.execute(
            "SELECT count(*), current_user, (SELECT rolsuper FROM pg_roles "
            "WHERE rolname = current_user), has_table_privilege('claim_event', 'INSERT'), "
            "(SELECT count(*) FROM pg_tables WHERE schemaname = 'public' "
            "AND tableowner = current_user) FROM claim"
        ).fetchone()
    assert row is not None
    claims, user, superuser, can_insert_events, owned = row
    assert claims > 0 and user == deployment["app_role"]
    assert superuser is False and can_insert_events is True and owned == 0
    assert _refused(deployment["app"]) == []


@pytest.mark.skipif(sys.platform == "win32", reason="Unix sockets")
@pytest.mark.timeout(180)
def test_the_embedded_default_connects_as_claimtrack_app() -> None:
    # Not under pytest's basetemp (mode 0700): run as root, the server's own user must reach it.
    folder = Path(tempfile.mkdtemp(prefix="ct-roles-"))
    try:
        env = {k: v for k, v in os.environ.items() if not k.startswith("CLAIMTRACK_")}
        env["CLAIMTRACK_DATA_DIR"] = str(folder)
        # The embedded server stops when its last process exits: probe from inside one.
        probe = (
            "import json, psycopg, sqlalchemy as sa\n"
            "from claimtrack import db\n"
            "with db.get_engine().connect() as c:\n"
            "    who = c.execute(sa.text('SELECT current_user, rolsuper FROM pg_roles "
            "WHERE rolname = current_user')).one()\n"
            "    allowed = []\n"
            f"    for statement in {FORBIDDEN!r}:\n"
            "        try:\n"
            "            c.execute(sa.text(statement)); allowed.append(statement)\n"
            "        except sa.exc.ProgrammingError:\n"
            "            pass\n"
            "        c.rollback()\n"
            "print(json.dumps([list(who), allowed]))\n"
        )
        done = subprocess.run(
            [sys.executable, "-c", probe],
            cwd=REPO_ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=150,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        who, allowed = json.loads(done.stdout.strip().splitlines()[-1])
        assert who == ["claimtrack_app", False]
        assert allowed == []
    finally:
        shutil.rmtree(folder, ignore_errors=True)
