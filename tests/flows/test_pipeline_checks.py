"""The pipeline's consistency step (flows/checks.py) on real Prefect and PostgreSQL: a run
stores the contradictions in the articles it extracted, and a second run adds none."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from claimtrack.db import create_engine_for
from flows.pipeline import pipeline
from tests.integration.findings_support import CURFEW, MEMBERSHIP


def _findings(url: str) -> list[tuple[str, str, int]]:
    engine = create_engine_for(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                sa.text(
                    "SELECT f.rule, f.state, count(fc.claim_id) FROM finding f "
                    "JOIN finding_claim fc ON fc.finding_id = f.id GROUP BY f.id ORDER BY f.rule"
                )
            )
            return [(r[0], r[1], r[2]) for r in rows]
    finally:
        engine.dispose()


def test_a_run_stores_the_contradictions_of_its_articles_once(
    configured_database: str, tmp_path: Path
) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    # The file name dates the article: the 26th day is counted back from it.
    (folder / "curfew-2019-08-30.txt").write_text(f"Curfew\n\n{CURFEW}\n", encoding="utf-8")
    (folder / "club-2019-08-30.txt").write_text(f"Club\n\n{MEMBERSHIP}\n", encoding="utf-8")
    result = pipeline(sources=[str(folder)], workers=1)
    assert result["findings"]["contradictions"] == 2
    assert result["findings"]["agreeing"] >= 1  # the fee's "about 9%"
    expected = [("change_percentage", "open", 1), ("elapsed_days", "open", 2)]
    assert _findings(configured_database) == expected
    (folder / "club-2019-08-30.txt").write_text(f"Club\n\n{MEMBERSHIP} More.\n", encoding="utf-8")
    again = pipeline(sources=[str(folder)], workers=1)
    assert again["findings"]["findings_opened"] == 0
    assert _findings(configured_database) == expected
