"""The smaller faults of issue 12 (item 8), from the CLI on a fresh database."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from typer.testing import CliRunner

from claimtrack import db
from claimtrack.cli import app
from claimtrack.settings import get_settings
from tests.integration.test_cli_claims import (
    World,
    assert_clear_failure,
    cli_world,  # noqa: F401  (a fixture)
    run,
)

BAD_TOKEN = "ct_not-a-token-anyone-was-given"


def test_reading_commands_refuse_an_invalid_token(cli_world: World, tmp_path: Path) -> None:  # noqa: F811
    _, _, reviewer, _ = cli_world
    for args in (
        ("claims", "list"),
        ("claims", "show", "1"),
        ("export", "--format", "csv", "--output", str(tmp_path / "x.csv")),
    ):
        assert_clear_failure(run(*args, token=BAD_TOKEN, ok=False), 4, "not valid")
        run(*args, token=reviewer)  # a valid token, or none at all, still reads
        run(*args, token="")
    assert not (tmp_path / "x.csv.partial").exists()


def test_login_reads_the_token_from_standard_input(cli_world: World) -> None:  # noqa: F811
    _, _, reviewer, _ = cli_world
    get_settings.cache_clear()
    result = CliRunner().invoke(app, ["login"], input=reviewer + "\n", env={"CLAIMTRACK_TOKEN": ""})
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "logged in as rita" in result.stdout
    assert reviewer not in result.stdout  # a hidden prompt: never echoed
    assert (get_settings().data_dir / "token").read_text().strip() == reviewer


def test_a_token_on_the_command_line_still_works_with_a_warning(cli_world: World) -> None:  # noqa: F811
    _, _, reviewer, _ = cli_world
    result = run("login", reviewer)
    assert "shell history" in result.stderr


def test_an_empty_listing_says_so(cli_world: World) -> None:  # noqa: F811
    _, _, reviewer, _ = cli_world
    out = run("claims", "list", "--status", "stale", token=reviewer).stdout
    assert "1-0" not in out
    assert "no claims" in out


def test_an_editors_assignment_states_its_expiry_and_takes_minutes(cli_world: World) -> None:  # noqa: F811
    _, claim_ids, _, editor = cli_world
    out = run(
        "claims", "assign", f"{claim_ids[0]}:1", "--to", "rita", "--minutes", "480", token=editor
    ).stdout
    assert "until" in out and "UTC" in out
    with db.get_engine().connect() as conn:
        until = conn.execute(
            sa.text("SELECT assigned_until FROM claim WHERE id = :id"), {"id": claim_ids[0]}
        ).scalar_one()
    assert timedelta(hours=7, minutes=59) < until - datetime.now(UTC) <= timedelta(hours=8)
    # Without --minutes: the configured editor default (a working day), said as it is.
    out = run("claims", "assign", f"{claim_ids[1]}:1", "--to", "rita", token=editor).stdout
    assert "until" in out
    shown = json.loads(run("claims", "show", str(claim_ids[1]), "--format", "json").stdout)
    until = datetime.fromisoformat(shown["assigned_until"])
    assert until - datetime.now(UTC) > timedelta(hours=7)
