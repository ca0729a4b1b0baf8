"""The pipeline flow end to end: Prefect (test harness) + the extractor + real PostgreSQL."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from claimtrack.db import create_engine_for
from claimtrack.extraction import extract_claims
from flows.pipeline import pipeline, reextract

KASHMIR = "kashmir-hour-2019-08-30.txt"
TABLES = ("article", "claim", "claim_event", "extraction_run")


def row_counts(url: str) -> dict[str, int]:
    engine = create_engine_for(url)
    try:
        with engine.connect() as conn:
            return {
                name: conn.execute(sa.text(f"SELECT count(*) FROM {name}")).scalar_one()
                for name in TABLES
            }
    finally:
        engine.dispose()


def query(url: str, sql: str, **params: object) -> list[sa.Row[Any]]:
    engine = create_engine_for(url)
    try:
        with engine.begin() as conn:
            result = conn.execute(sa.text(sql), params)
            return list(result) if result.returns_rows else []
    finally:
        engine.dispose()


def test_second_run_over_the_same_input_adds_no_rows(
    configured_database: str, articles_folder: Path
) -> None:
    first = pipeline(sources=[str(articles_folder)], workers=1)
    articles = len(list(articles_folder.iterdir()))
    assert first["articles_new"] == articles
    assert first["claims_new"] > 0
    assert first["errors"] == 0
    before = row_counts(configured_database)
    assert before["claim"] == first["claims_new"]

    second = pipeline(sources=[str(articles_folder)], workers=1)
    after = row_counts(configured_database)
    assert second["articles_unchanged"] == articles
    assert second.get("claims_new", 0) == 0
    assert {k: v for k, v in after.items() if k != "extraction_run"} == {
        k: v for k, v in before.items() if k != "extraction_run"
    }
    assert after["extraction_run"] == before["extraction_run"] + 1  # one row per run, always


def test_edited_article_adds_a_version_keeps_reviews_and_marks_vanished_claims_stale(
    configured_database: str, tmp_path: Path, articles_folder: Path
) -> None:
    path = tmp_path / KASHMIR
    shutil.copy(articles_folder / KASHMIR, path)
    text = path.read_text(encoding="utf-8")
    pipeline(sources=[str(path)], published=date(2019, 8, 30), workers=1)
    claims = query(
        configured_database,
        "SELECT id, sentence, span_start FROM claim ORDER BY span_start",
    )
    assert len(claims) >= 3
    kept, removed = claims[0], claims[-1]
    assert kept.sentence != removed.sentence
    # A reviewer settles the first claim and is looking at the last.
    query(
        configured_database,
        "UPDATE claim SET status = 'reviewed', verdict = 'true', note = 'ok' WHERE id = :id",
        id=kept.id,
    )
    query(
        configured_database, "UPDATE claim SET status = 'in_review' WHERE id = :id", id=removed.id
    )

    # The publisher drops the sentence of the last claim and adds a line at the top.
    edited = "UPDATE: corrected.\n" + text.replace(removed.sentence, "")
    assert edited != text
    path.write_text(edited, encoding="utf-8")
    result = pipeline(sources=[str(path)], published=date(2019, 8, 30), workers=1)

    assert result["articles_updated"] == 1
    versions = query(
        configured_database, "SELECT id, version, is_latest FROM article ORDER BY version"
    )
    assert [(v.version, v.is_latest) for v in versions] == [(1, False), (2, True)]
    latest_id = versions[1].id
    after = {
        row.id: row
        for row in query(
            configured_database,
            "SELECT id, article_id, status, status_before_stale, verdict, note FROM claim",
        )
    }
    assert (after[kept.id].status, after[kept.id].verdict, after[kept.id].note) == (
        "reviewed",
        "true",
        "ok",
    )
    assert after[kept.id].article_id == latest_id
    assert (after[removed.id].status, after[removed.id].status_before_stale) == (
        "stale",
        "in_review",
    )
    events = query(
        configured_database,
        "SELECT action, actor FROM claim_event WHERE claim_id = :id",
        id=removed.id,
    )
    assert [(e.action, e.actor) for e in events] == [("mark_stale", "pipeline")]
    assert result["claims_stale"] >= 1
    # Every claim now on the new version indexes its text.
    bad = query(
        configured_database,
        "SELECT c.id FROM claim c JOIN article a ON a.id = c.article_id "
        "WHERE substr(a.text, c.span_start + 1, c.span_end - c.span_start) <> c.text",
    )
    assert bad == []


def test_one_broken_file_fails_alone(configured_database: str, articles_folder: Path) -> None:
    (articles_folder / "latin1.txt").write_bytes("Caf\xe9 prices rose 5% in May.".encode("latin-1"))
    # Valid UTF-8, but PostgreSQL refuses NUL in text: a real database error for one article.
    (articles_folder / "nul.txt").write_text("Prices rose 5% in May.\x00", encoding="utf-8")
    good = len(list(articles_folder.iterdir())) - 2

    result = pipeline(sources=[str(articles_folder)], workers=1)

    assert result["articles_new"] == good
    assert result["articles_failed"] == 2
    failed_items = sorted(Path(e["item"]).name for e in result["error_list"])
    assert failed_items == ["latin1.txt", "nul.txt"]
    (run,) = query(configured_database, "SELECT status, errors, counts FROM extraction_run")
    assert run.status == "completed"
    assert sorted(Path(e["item"]).name for e in run.errors) == failed_items
    with_claims = query(configured_database, "SELECT DISTINCT article_id FROM claim")
    assert len(with_claims) == good


def test_transient_database_error_is_retried(
    configured_database: str, tmp_path: Path, articles_folder: Path
) -> None:
    # The first INSERT of claims kills its own connection: a real lost-connection error,
    # exactly once (a sequence is not rolled back with the failed transaction).
    query(
        configured_database,
        """
        CREATE SEQUENCE fault_once;
        CREATE FUNCTION kill_first_insert() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF nextval('fault_once') = 1 THEN
                PERFORM pg_terminate_backend(pg_backend_pid());
            END IF;
            RETURN NULL;
        END $$;
        CREATE TRIGGER kill_first_insert AFTER INSERT ON claim
            FOR EACH STATEMENT EXECUTE FUNCTION kill_first_insert();
        """,
    )
    path = tmp_path / KASHMIR
    shutil.copy(articles_folder / KASHMIR, path)

    result = pipeline(sources=[str(path)], published=date(2019, 8, 30), workers=1)

    fired = query(configured_database, "SELECT last_value FROM fault_once")[0].last_value
    assert fired >= 2  # the first attempt died, a later one stored the claims
    expected = extract_claims(path.read_text(encoding="utf-8"), date(2019, 8, 30))
    assert result["claims_new"] == len(expected)
    assert result["errors"] == 0
    assert row_counts(configured_database)["claim"] == len(expected)


def test_duplicates_are_linked_and_not_extracted_twice(
    configured_database: str, tmp_path: Path, articles_folder: Path
) -> None:
    folder = tmp_path / "dupes"
    folder.mkdir()
    for name in ("a.txt", "b.txt", "c.txt", "d.txt"):
        shutil.copy(articles_folder / KASHMIR, folder / name)

    # One article a batch: the copies are ingested by different tasks.
    result = pipeline(sources=[str(folder)], published=date(2019, 8, 30), batch_size=1, workers=1)

    assert (result["articles_new"], result["articles_duplicate"]) == (1, 3)
    rows = query(
        configured_database,
        "SELECT a.id, a.duplicate_of_id, count(c.id) AS claims FROM article a "
        "LEFT JOIN claim c ON c.article_id = a.id GROUP BY a.id ORDER BY a.id",
    )
    original, *duplicates = rows
    assert original.claims > 0
    assert [(d.duplicate_of_id, d.claims) for d in duplicates] == [(original.id, 0)] * 3


def test_reextract_keeps_claims_of_an_unchanged_extractor(
    configured_database: str, articles_folder: Path
) -> None:
    first = pipeline(sources=[str(articles_folder)], workers=1)
    before = row_counts(configured_database)
    again = reextract(everything=True, workers=1)
    assert again["articles_reextracted"] == first["articles_new"]
    assert again.get("claims_new", 0) == 0
    assert again["claims_kept"] == first["claims_new"]
    after = row_counts(configured_database)
    assert after["claim"] == before["claim"]
    assert after["claim_event"] == before["claim_event"]
