"""`claimtrack db ...` as a user runs it: status, bad URLs, dump and restore."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from claimtrack import db, dumps
from models import Article, Claim, ClaimEvent, Reviewer


def _claimtrack(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("CLAIMTRACK_")}
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "claimtrack", *args],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("mysql://root@127.0.0.1/test", "scheme 'mysql'"),
        (
            "postgresql://postgres@127.0.0.1:1/claimtrack",
            "cannot connect to PostgreSQL at 127.0.0.1:1",
        ),
        (
            "postgresql://postgres@no-such-host.invalid/x",
            "cannot connect to PostgreSQL at no-such-host",
        ),
        ("not a url at all", "scheme '(none)'"),
    ],
)
def test_bad_database_url_gives_one_clear_line(url: str, expected: str, tmp_path: Path) -> None:
    result = _claimtrack(
        "db", "status", env={"CLAIMTRACK_DATABASE_URL": url, "CLAIMTRACK_DATA_DIR": str(tmp_path)}
    )
    assert result.returncode == 2
    assert expected in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_status_with_nothing_configured_starts_the_embedded_database(tmp_path: Path) -> None:
    result = _claimtrack("db", "status", env={"CLAIMTRACK_DATA_DIR": str(tmp_path / "data")})
    assert result.returncode == 0, result.stderr
    assert "embedded PostgreSQL" in result.stdout
    assert "rows in claim_event" in result.stdout
    assert (tmp_path / "data" / "postgres" / "PG_VERSION").exists()
    assert result.stderr == ""


def test_status_accepts_every_postgres_scheme(fresh_database_url: str, tmp_path: Path) -> None:
    tail = fresh_database_url.split("://", 1)[1]
    for scheme in ("postgres", "postgresql", "postgresql+psycopg"):
        result = _claimtrack(
            "db",
            "status",
            env={
                "CLAIMTRACK_DATABASE_URL": f"{scheme}://{tail}",
                "CLAIMTRACK_DATA_DIR": str(tmp_path),
            },
        )
        assert result.returncode == 0, result.stderr
        assert "PostgreSQL server" in result.stdout


def _populate(url: str) -> None:
    engine = db.create_engine_for(url)
    with db.unit_of_work(engine) as session:
        text = "Quarterly profits jumped 76% to $1.13bn."
        article = Article(
            source="file",
            source_key="a.txt",
            text=text,
            sha256=hashlib.sha256(text.encode()).hexdigest(),
        )
        reviewer = Reviewer(name="ana", role="editor", token_hash="a" * 64)
        claim = Claim(
            article=article,
            span_start=0,
            span_end=len(text) - 1,
            text=text[:-1],
            sentence=text,
            type="quantity",
            values=[{"kind": "quantity", "amount": 76, "unit": "%"}],
            checkworthiness=0.9,
            extractor_version="t",
            fingerprint="f" * 64,
            status="reviewed",
            verdict="true",
        )
        session.add_all([article, reviewer, claim])
        session.flush()
        session.add(
            ClaimEvent(
                claim_id=claim.id,
                reviewer_id=reviewer.id,
                actor="ana",
                action="review",
                from_status="new",
                to_status="reviewed",
                to_verdict="true",
                claim_version=2,
            )
        )
    engine.dispose()


def _snapshot(url: str) -> dict[str, list[tuple[object, ...]]]:
    engine = db.create_engine_for(url)
    tables = ("article", "claim", "claim_event", "reviewer", "evidence", "extraction_run")
    with engine.connect() as conn:
        snapshot = {
            t: [tuple(r) for r in conn.execute(sa.text(f"SELECT * FROM {t} ORDER BY id"))]
            for t in tables
        }
    engine.dispose()
    return snapshot


def test_dump_and_restore_round_trip_loses_nothing(
    pg_server_url: str, template_database: str, fresh_database_url: str, tmp_path: Path
) -> None:
    from tests.conftest import _create_database, _drop_database

    _populate(fresh_database_url)
    dump_file = tmp_path / "claimtrack.dump"
    dumps.dump(fresh_database_url, dump_file)
    assert dump_file.stat().st_size > 0

    target_name = "ct_restore_" + hashlib.sha1(str(tmp_path).encode()).hexdigest()[:8]
    target_url = _create_database(pg_server_url, target_name)
    try:
        dumps.restore(target_url, dump_file)
        before, after = _snapshot(fresh_database_url), _snapshot(target_url)
        assert after == before
        assert len(after["claim_event"]) == 1
        # The restored history is still append-only.
        engine = db.create_engine_for(target_url)
        with pytest.raises(sa.exc.DBAPIError, match="append-only"), engine.begin() as conn:
            conn.execute(sa.text("DELETE FROM claim_event"))
        engine.dispose()
    finally:
        _drop_database(pg_server_url, target_name)


def test_restore_of_a_file_that_is_not_a_dump_fails_clearly(
    fresh_database_url: str, tmp_path: Path
) -> None:
    _populate(fresh_database_url)
    bogus = tmp_path / "bogus.dump"
    bogus.write_text("not a dump")
    with pytest.raises(dumps.DumpError, match="not a pg_dump custom-format file"):
        dumps.restore(fresh_database_url, bogus)
    assert len(_snapshot(fresh_database_url)["claim"]) == 1
