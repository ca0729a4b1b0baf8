"""`claimtrack checks` on real PostgreSQL: --recompute stores contradictions once; with
--article the agreeing pair of the example article is listed (computed, not stored)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from claimtrack.cli import app
from claimtrack.db import create_engine_for
from tests.conftest import shared_path
from tests.integration.findings_support import CURFEW, CURFEW_PUBLISHED, store_article


def _rows(output: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


def test_checks_command(configured_database: str) -> None:
    example = shared_path("examples", "articles", "kashmir-hour-2019-08-30.txt")
    if not example.exists():
        pytest.skip("../shared/examples is absent")
    engine = create_engine_for(configured_database)
    with Session(engine) as session, session.begin():
        curfew = store_article(session, "curfew", CURFEW, CURFEW_PUBLISHED)[0].article_id
        kashmir = store_article(session, "kashmir", example.read_text(), CURFEW_PUBLISHED)
        kashmir_id = kashmir[0].article_id
    engine.dispose()
    runner = CliRunner()
    assert _rows(runner.invoke(app, ["checks", "--format", "json"]).stdout) == []
    for _ in range(2):  # recomputing twice stores the one contradiction once
        result = runner.invoke(app, ["checks", "--recompute", "--format", "json"])
        assert result.exit_code == 0, result.output
        [row] = _rows(result.stdout)
        assert (row["rule"], row["state"]) == ("elapsed_days", "open")
    on_curfew = _rows(
        runner.invoke(app, ["checks", "--article", str(curfew), "--format", "json"]).stdout
    )
    assert [r["state"] for r in on_curfew] == ["open"]
    agreeing = _rows(
        runner.invoke(app, ["checks", "--article", str(kashmir_id), "--format", "json"]).stdout
    )
    assert [(r["rule"], r["state"], r["outcome"]) for r in agreeing] == [
        ("elapsed_days", "agrees", "agrees"),
        ("elapsed_days", "agrees", "agrees"),
    ]
    assert all("2019-08-05" in str(r["expectation"]) for r in agreeing)
    table = runner.invoke(app, ["checks", "--article", str(kashmir_id)])
    assert table.exit_code == 0 and "elapsed_days" in table.stdout and "agrees" in table.stdout
