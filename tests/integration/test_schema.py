"""The schema: models and migrations agree, migrations reverse cleanly, constraints hold."""

from __future__ import annotations

import hashlib

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from claimtrack import schema
from models import Article, Base, Claim, ClaimEvent, Reviewer


def _article(key: str = "file:a.txt", version: int = 1, text: str = "Text.") -> Article:
    return Article(
        source="file",
        source_key=key,
        version=version,
        text=text,
        sha256=hashlib.sha256(text.encode()).hexdigest(),
    )


def _claim(article: Article, fingerprint: str = "f" * 64) -> Claim:
    return Claim(
        article=article,
        span_start=0,
        span_end=4,
        text="Text",
        sentence="Text.",
        type="statement",
        values=[],
        checkworthiness=0.5,
        extractor_version="test",
        fingerprint=fingerprint,
    )


def test_models_and_migrations_agree(engine: Engine) -> None:
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_upgrade_downgrade_upgrade(fresh_engine: Engine) -> None:
    head = schema.head_revision()
    assert schema.current_revision(fresh_engine) == head
    schema.downgrade(fresh_engine, "base")
    assert schema.current_revision(fresh_engine) is None
    assert sa.inspect(fresh_engine).get_table_names() == ["alembic_version"]
    schema.upgrade(fresh_engine)
    assert schema.current_revision(fresh_engine) == head
    assert set(sa.inspect(fresh_engine).get_table_names()) >= set(Base.metadata.tables)


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE claim_event SET note = 'rewritten'",
        "DELETE FROM claim_event",
        "TRUNCATE claim_event",
    ],
)
def test_claim_event_is_append_only(db_session: Session, statement: str) -> None:
    article = _article()
    claim = _claim(article)
    db_session.add_all([article, claim])
    db_session.flush()
    db_session.add(
        ClaimEvent(claim_id=claim.id, actor="pipeline", action="extracted", claim_version=1)
    )
    db_session.flush()
    with pytest.raises(sa.exc.DBAPIError, match="append-only"), db_session.begin_nested():
        db_session.execute(sa.text(statement))
    assert db_session.scalar(sa.select(sa.func.count()).select_from(ClaimEvent)) == 1


def test_article_version_is_unique(db_session: Session) -> None:
    db_session.add(_article(version=1))
    db_session.flush()
    db_session.add(_article(version=1, text="Other text."))
    with pytest.raises(sa.exc.IntegrityError, match="uq_article_source_key_version"):
        db_session.flush()


def test_only_one_latest_version_per_key(db_session: Session) -> None:
    db_session.add(_article(version=1))
    db_session.flush()
    db_session.add(_article(version=2, text="Edited."))
    with pytest.raises(sa.exc.IntegrityError, match="ix_article_latest_key"):
        db_session.flush()


def test_claim_fingerprint_is_unique_per_article_version(db_session: Session) -> None:
    article = _article()
    db_session.add_all([article, _claim(article)])
    db_session.flush()
    db_session.add(_claim(article))
    with pytest.raises(sa.exc.IntegrityError, match="uq_claim_article_id_fingerprint"):
        db_session.flush()


def test_status_and_verdict_are_checked(db_session: Session) -> None:
    article = _article()
    claim = _claim(article)
    db_session.add_all([article, claim])
    db_session.flush()
    for column, value in (("status", "approved"), ("verdict", "pants-on-fire")):
        with (
            pytest.raises(sa.exc.IntegrityError, match=f"ck_claim_{column}"),
            db_session.begin_nested(),
        ):
            db_session.execute(sa.update(Claim).where(Claim.id == claim.id).values({column: value}))


def test_reviewer_token_hash_is_unique(db_session: Session) -> None:
    db_session.add(Reviewer(name="a", role="reviewer", token_hash="0" * 64))
    db_session.flush()
    db_session.add(Reviewer(name="b", role="editor", token_hash="0" * 64))
    with pytest.raises(sa.exc.IntegrityError, match="uq_reviewer_token_hash"):
        db_session.flush()
