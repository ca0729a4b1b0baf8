"""The review CLI end to end on a fresh database: tokens, changes, clear errors that
change nothing, exports."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner, Result

from claimtrack import db
from claimtrack.cli import app
from claimtrack.settings import get_settings
from tests.integration.test_review_support import add_article, add_example_claims, example_text

runner = CliRunner()
# article id, claim ids, a reviewer's token, an editor's token
World = tuple[int, list[int], str, str]


def run(*args: str, token: str | None = None, ok: bool = True) -> Result:
    env = {"CLAIMTRACK_TOKEN": token} if token is not None else {}
    get_settings.cache_clear()  # the token comes from the environment, read once per settings
    result = runner.invoke(app, list(args), env=env, catch_exceptions=False)
    if ok:
        assert result.exit_code == 0, (args, result.stdout, result.stderr)
    return result


def snapshot() -> list[tuple[Any, ...]]:
    with db.get_engine().connect() as conn:
        claims = conn.execute(
            sa.text(
                "SELECT id, version, status, verdict, span_start, span_end, type, claimer, "
                "values::text, assignee_id FROM claim ORDER BY id"
            )
        ).all()
        counts = conn.execute(
            sa.text(
                "SELECT (SELECT count(*) FROM claim_event), (SELECT count(*) FROM evidence),"
                " (SELECT count(*) FROM reviewer)"
            )
        ).one()
    return [*map(tuple, claims), tuple(counts)]


@pytest.fixture
def cli_world(configured_database: str) -> World:
    with db.unit_of_work() as session:
        article = add_article(session, example_text())
        claim_ids = [c.id for c in add_example_claims(session, article)]
        article_id = article.id
    reviewer_token = run("reviewers", "add", "rita").stdout.strip().splitlines()[-1]
    editor_token = run("reviewers", "add", "eddie", "--role", "editor").stdout.strip()
    return article_id, claim_ids, reviewer_token, editor_token


def assert_clear_failure(result: Result, code: int, words: str) -> None:
    assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and words in lines[0], result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_reviewers_add_prints_a_token_once_and_stores_its_hash(cli_world: World) -> None:
    _, _, reviewer_token, _ = cli_world
    listed = json.loads(run("reviewers", "list", "--format", "json").stdout)
    assert [(r["name"], r["role"], r["active"]) for r in listed] == [
        ("rita", "reviewer", True),
        ("eddie", "editor", True),
    ]
    with db.get_engine().connect() as conn:
        stored = conn.execute(sa.text("SELECT token_hash FROM reviewer")).scalars().all()
    assert reviewer_token.startswith("ct_") and reviewer_token not in stored
    failed = run("reviewers", "add", "rita", ok=False)
    assert_clear_failure(failed, 7, "already exists")


def test_review_flow_list_show_review_history(cli_world: World) -> None:
    _, claim_ids, token, _ = cli_world
    listed = json.loads(run("claims", "list", "--format", "json", "--limit", "500").stdout)
    assert {c["id"] for c in listed} == set(claim_ids)
    scores = [c["checkworthiness"] for c in listed]
    assert scores == sorted(scores, reverse=True)
    searched = json.loads(run("claims", "list", "-q", "lockdown", "--format", "json").stdout)
    assert searched and all("lockdown" in (c["text"] + c["sentence"]).lower() for c in searched)
    table = run("claims", "list", "--status", "new").stdout
    assert "claims 1-" in table

    taken = json.loads(run("claims", "next", "--format", "json", token=token).stdout)
    assert taken["id"] == listed[0]["id"] and taken["status"] == "in_review"
    assert taken["assignee"] == "rita"
    reviewed = json.loads(
        run(
            "claims",
            "review",
            str(taken["id"]),
            "--verdict",
            "false",
            "--note",
            "wrong",
            "--evidence",
            "https://example.org/proof",
            "--version",
            str(taken["version"]),
            "--format",
            "json",
            token=token,
        ).stdout
    )
    assert (reviewed["status"], reviewed["verdict"]) == ("reviewed", "false")
    shown = json.loads(run("claims", "show", str(taken["id"]), "--format", "json").stdout)
    assert [e["action"] for e in shown["history"]] == ["take", "review"]
    assert shown["evidence"] == [{"url": "https://example.org/proof", "note": None}]
    human = run("claims", "show", str(taken["id"])).stdout
    assert "history" in human and "rita" in human
    history = json.loads(run("claims", "history", str(taken["id"]), "--format", "json").stdout)
    assert history[-1]["to_verdict"] == "false" and history[-1]["actor"] == "rita"


def test_login_saves_the_token(cli_world: World) -> None:
    _, claim_ids, token, _ = cli_world
    result = run("login", token)
    assert "logged in as rita" in result.stdout
    saved = get_settings().data_dir / "token"
    assert saved.read_text().strip() == token and (saved.stat().st_mode & 0o077) == 0
    dismissed = run("claims", "dismiss", str(claim_ids[0]), "--version", "1").stdout
    assert "dismissed" in dismissed
    run("logout")
    assert_clear_failure(
        run("claims", "dismiss", str(claim_ids[1]), "--version", "1", ok=False), 4, "no API token"
    )


def test_errors_are_one_clear_line_with_non_zero_exit_and_change_nothing(cli_world: World) -> None:
    _, claim_ids, token, editor_token = cli_world
    first = claim_ids[0]
    run("claims", "review", str(first), "--verdict", "true", "--version", "1", token=token)
    before = snapshot()
    cases = [
        # an unknown claim
        (
            ("claims", "review", "987654", "--verdict", "true", "--version", "1"),
            token,
            3,
            "no claim 987654",
        ),
        # an invalid transition: a reviewed claim cannot be dismissed
        (("claims", "dismiss", str(first), "--version", "2"), token, 6, "it is reviewed"),
        # the wrong role: reopening needs an editor
        (("claims", "reopen", str(first), "--version", "2"), token, 5, "needs the editor role"),
        (("claims", "dismiss-below", "1", "--below", "0.5"), token, 5, "editor"),
        # a bad token, and none at all
        (("claims", "next"), "ct_not-a-real-token", 4, "not valid"),
        (("claims", "next"), "", 4, "no API token"),
        # a stale version and a missing one
        (
            ("claims", "review", str(claim_ids[1]), "--verdict", "true", "--version", "5"),
            token,
            8,
            "changed since version 5",
        ),
        (("claims", "review", str(claim_ids[1]), "--verdict", "true"), token, 9, "--version"),
        # bad input
        (
            ("claims", "review", str(claim_ids[1]), "--verdict", "maybe", "--version", "1"),
            token,
            7,
            "unknown verdict",
        ),
        (
            ("claims", "add", "1", "--start", "10", "--end", "999999", "--type", "statement"),
            token,
            7,
            "does not lie in the article",
        ),
        (
            ("claims", "edit", str(claim_ids[1]), "--version", "1", "--values", "{oops"),
            token,
            7,
            "--values is not JSON",
        ),
        (("claims", "list", "--status", "finished"), None, 7, "unknown status"),
        (("export", "--format", "csv", "--verdict", "perhaps"), None, 7, "unknown verdict"),
    ]
    for args, as_token, code, words in cases:
        assert_clear_failure(run(*args, token=as_token, ok=False), code, words)
        assert snapshot() == before, f"{args} changed the database"
    # The editor may do what the reviewer could not.
    reopened = run("claims", "reopen", str(first), "--version", "2", token=editor_token).stdout
    assert "now in_review" in reopened


def test_corrections_and_bulk_from_the_cli(cli_world: World) -> None:
    article_id, _, token, editor_token = cli_world
    text = example_text()
    anchor = "the foreign minister said"
    start = text.index(anchor)
    added = json.loads(
        run(
            "claims",
            "add",
            str(article_id),
            "--start",
            str(start),
            "--end",
            str(start + len(anchor)),
            "--type",
            "statement",
            "--format",
            "json",
            token=token,
        ).stdout
    )
    assert added["text"] == anchor and added["origin"] == "reviewer"
    edited = json.loads(
        run(
            "claims",
            "edit",
            str(added["id"]),
            "--version",
            str(added["version"]),
            "--type",
            "quote",
            "--claimer",
            "Shah Mehmood Qureshi",
            "--format",
            "json",
            token=token,
        ).stdout
    )
    assert (edited["type"], edited["claimer"]) == ("quote", "Shah Mehmood Qureshi")
    result = run(
        "claims",
        "dismiss-below",
        str(article_id),
        "--below",
        "0.3",
        "--format",
        "json",
        token=editor_token,
    )
    outcomes = json.loads(result.stdout)
    assert all(o["ok"] and o["status"] == "dismissed" for o in outcomes)
    listed = json.loads(run("claims", "list", "--format", "json", "--limit", "500").stdout)
    low = {c["id"] for c in listed if c["checkworthiness"] < 0.3}
    assert {o["claim_id"] for o in outcomes} == low


def test_exports_csv_jsonl_and_claimreview(cli_world: World, tmp_path: Path) -> None:
    _, claim_ids, token, _ = cli_world
    for claim_id, verdict in zip(claim_ids[:3], ("false", "true", "misleading"), strict=True):
        run("claims", "review", str(claim_id), "--verdict", verdict, "--version", "1", token=token)
    out = tmp_path / "reviews.jsonld"
    result = run("export", "--format", "claimreview", "--output", str(out))
    assert "exported 3 claims" in result.stderr
    reviews = json.loads(out.read_text())
    assert sorted(r["reviewRating"]["alternateName"] for r in reviews) == [
        "false",
        "misleading",
        "true",
    ]
    csv_out = run("export", "--format", "csv", "--status", "reviewed").stdout
    rows = list(csv.DictReader(io.StringIO(csv_out)))
    assert len(rows) == 3 and {r["verdict"] for r in rows} == {"false", "true", "misleading"}
    lines = run("export", "--format", "jsonl").stdout.strip().splitlines()
    assert len(lines) == len(claim_ids)
    assert_clear_failure(
        run("export", "--output", str(tmp_path / "missing" / "x.csv"), ok=False),
        7,
        "cannot write",
    )


def test_once_an_admin_exists_managing_reviewers_needs_an_admin_token(cli_world: World) -> None:
    _, _, reviewer_token, editor_token = cli_world
    admin_token = run("reviewers", "add", "ada", "--role", "admin").stdout.strip()
    before = snapshot()
    for token in (None, reviewer_token, editor_token):
        failed = run("reviewers", "add", "mallory", "--role", "admin", token=token, ok=False)
        assert failed.exit_code != 0
        assert "Traceback" not in failed.stderr
        assert len(failed.stderr.strip().splitlines()) == 1
        assert run("reviewers", "disable", "rita", token=token, ok=False).exit_code != 0
    assert snapshot() == before
    run("reviewers", "add", "newcomer", token=admin_token)
    run("reviewers", "disable", "rita", token=admin_token)
    listed = {
        r["name"]: r["active"]
        for r in json.loads(run("reviewers", "list", "--format", "json").stdout)
    }
    assert listed["newcomer"] is True and listed["rita"] is False
