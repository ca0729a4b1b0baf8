"""`claimtrack run` over an untidy folder (issue 12, item 6): a README, a Latin-1 file,
an undated article, drafts to leave out; and its progress lines when piped (item 7).
The fallback encoding end to end: tests/flows/test_pipeline_options.py."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from claimtrack.db import create_engine_for
from tests.flows.test_cli_run import claimtrack, operator_environment

CAFE = "Cafe prices\n\nCafé prices rose 3% in Zürich on Friday, the council said.\n"


def untidy_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "wire"
    (folder / "drafts").mkdir(parents=True)
    (folder / "README.TXT").write_text("About this folder: 3 files, sent on Friday.\n")
    (folder / "rates-2024-03-15.txt").write_text("Rates\n\nRates rose 4% on Friday.\n")
    (folder / "undated.txt").write_text("Fares\n\nFares rose 12% last year, the board said.\n")
    (folder / "cafe-2024-03-15.txt").write_bytes(CAFE.encode("latin-1"))
    (folder / "drafts" / "draft-2024-03-15.txt").write_text("Draft\n\nUnchecked: 99% rise.\n")
    return folder


def stored_keys(url: str) -> list[str]:
    engine = create_engine_for(url)
    try:
        with engine.connect() as conn:
            return sorted(conn.execute(sa.text("SELECT source_key FROM article")).scalars())
    finally:
        engine.dispose()


@pytest.mark.slow
def test_run_over_an_untidy_folder(fresh_database_url: str, tmp_path: Path) -> None:
    folder = untidy_folder(tmp_path)
    env = operator_environment(tmp_path, fresh_database_url)
    args = ["run", str(folder), "--exclude", "drafts/*", "--batch-size", "1", "--workers", "1"]
    result = claimtrack(args, env)
    assert result.returncode == 1  # the Latin-1 file fails alone, and says what would read it
    assert "cafe-2024-03-15.txt: not UTF-8 text" in result.stderr
    assert "--encoding NAME" in result.stderr
    assert "1 article(s) have no publication date" in result.stderr
    assert "Traceback" not in result.stderr
    assert stored_keys(fresh_database_url) == ["wire/rates-2024-03-15.txt", "wire/undated.txt"]
    # Piped, so no bar: a plain progress line per batch, with the counted total (item 7).
    lines = [line for line in result.stderr.splitlines() if line.startswith("articles: ")]
    assert [line.split(",")[0] for line in lines] == [
        "articles: 1/3 (33%)",
        "articles: 2/3 (67%)",
        "articles: 3/3 (100%)",
    ]
    assert all("/s" in line for line in lines)


def test_an_unknown_encoding_is_one_clear_line(tmp_path: Path) -> None:
    result = claimtrack(
        ["run", str(untidy_folder(tmp_path)), "--encoding", "klingon-8"],
        operator_environment(tmp_path, None),
    )
    assert result.returncode == 1
    assert result.stderr.strip() == "claimtrack: error: --encoding: unknown encoding 'klingon-8'"
