"""The pipeline's matching step (flows/matching.py): siblings across articles and
fact-check suggestions for the claims a run stores, on real Prefect and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from claimtrack.db import create_engine_for
from flows.pipeline import pipeline

SHARED_SENTENCE = (
    "The regional water board said on Tuesday that it will raise household bills by 12 per cent "
    "from April."
)


def _write(folder: Path, name: str, text: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")


def _links(url: str) -> list[tuple[str, str, str]]:
    engine = create_engine_for(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                sa.text(
                    "SELECT l.kind, c.text, coalesce(f.source_id, s.text) FROM claim_link l "
                    "JOIN claim c ON c.id = l.claim_id LEFT JOIN fact_check f ON f.id = l.fact_check_id "
                    "LEFT JOIN claim s ON s.id = l.sibling_id ORDER BY l.id"
                )
            )
            return [(r[0], r[1], r[2]) for r in rows]
    finally:
        engine.dispose()


def test_a_run_links_the_same_claim_in_two_articles_and_suggests_a_fact_check(
    configured_database: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CLAIMTRACK_MATCH_MODEL", "off")
    from claimtrack.settings import get_settings

    get_settings.cache_clear()
    library = tmp_path / "checks.csv"
    library.write_text(
        "id,claim,verdict\n"
        "wb-12,The regional water board will raise household bills by 12 per cent from April,False\n"
        "other,A bridge in the capital was closed for good last year,True\n",
        encoding="utf-8",
    )
    from typer.testing import CliRunner

    from claimtrack.cli import app

    imported = CliRunner().invoke(app, ["factchecks", "import", str(library)])
    assert imported.exit_code == 0, imported.output
    folder = tmp_path / "news"
    _write(folder, "one-2024-03-01.txt", f"Water bills\n\n{SHARED_SENTENCE} Farmers protested.\n")
    _write(
        folder,
        "two-2024-03-02.txt",
        f"Bills up again\n\nCouncillors met in the evening. {SHARED_SENTENCE}\n",
    )
    result = pipeline(sources=[str(folder)], workers=1)
    assert result["links"]["sibling_links"] == 2
    links = _links(configured_database)
    siblings = [link for link in links if link[0] == "sibling"]
    assert len(siblings) == 2 and all("12 per cent" in text for _, text, _ in siblings)
    suggested = {(text, target) for kind, text, target in links if kind == "fact_check"}
    assert suggested and all(target == "wb-12" for _, target in suggested)
