"""`claimtrack run` over an untidy folder (issue 12, item 6): a README, a Latin-1 file,
an undated article, drafts to leave out."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from claimtrack.db import create_engine_for
from tests.flows.test_cli_run import claimtrack, operator_environment

CAFE = "Cafe prices\n\nCafé prices rose 3% in Zürich on Friday, the council said.\n"


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "wire"
    (folder / "drafts").mkdir(parents=True)
    (folder / "README.TXT").write_text("About this folder: 3 files, sent on Friday.\n")
    (folder / "rates-2024-03-15.txt").write_text("Rates\n\nRates rose 4% on Friday.\n")
    (folder / "undated.txt").write_text("Fares\n\nFares rose 12% last year, the board said.\n")
    (folder / "cafe-2024-03-15.txt").write_bytes(CAFE.encode("latin-1"))
    (folder / "drafts" / "draft-2024-03-15.txt").write_text("Draft\n\nUnchecked: 99% rise.\n")
    return folder


def _keys(url: str) -> list[str]:
    engine = create_engine_for(url)
    try:
        with engine.connect() as conn:
            return sorted(conn.execute(sa.text("SELECT source_key FROM article")).scalars())
    finally:
        engine.dispose()


def test_run_chooses_files_decodes_a_fallback_and_warns_of_undated_articles(
    fresh_database_url: str, tmp_path: Path
) -> None:
    folder = _folder(tmp_path)
    env = operator_environment(tmp_path, fresh_database_url)

    plain = claimtrack(["run", str(folder)], env)
    assert plain.returncode == 1  # the Latin-1 file fails alone, and says what would read it
    assert "cafe-2024-03-15.txt: not UTF-8 text" in plain.stderr
    assert "--encoding NAME" in plain.stderr
    assert _keys(fresh_database_url) == [
        "wire/drafts/draft-2024-03-15.txt",
        "wire/rates-2024-03-15.txt",
        "wire/undated.txt",
    ]  # no README.TXT

    chosen = claimtrack(
        ["run", str(folder), "--encoding", "cp1252", "--exclude", "drafts/*", "--include", "*.txt"],
        env,
    )
    assert chosen.returncode == 0, chosen.stdout + chosen.stderr
    assert "1 file(s) were not UTF-8 and were read as cp1252" in chosen.stderr
    assert "1 article(s) have no publication date" in chosen.stderr
    assert "wire/cafe-2024-03-15.txt" in _keys(fresh_database_url)
    assert "Traceback" not in chosen.stderr


def test_an_unknown_encoding_is_one_clear_line(tmp_path: Path) -> None:
    result = claimtrack(
        ["run", str(_folder(tmp_path)), "--encoding", "klingon-8"],
        operator_environment(tmp_path, None),
    )
    assert result.returncode == 1
    assert result.stderr.strip() == "claimtrack: error: --encoding: unknown encoding 'klingon-8'"
