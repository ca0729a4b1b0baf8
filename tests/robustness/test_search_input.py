"""Any search text gives an answer, never a 500; every error response carries the headers.

A search of 33 or more '-' made PostgreSQL fail ("tsquery stack too small"): a
500 without security headers on the API list, the CSV export and the queue page,
and a 90-line traceback in the CLI (issue 18).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.engine import Engine
from typer.testing import CliRunner

from claimtrack.review.search import MAX_SEARCH_CHARACTERS, websearch_text
from claimtrack.settings import Settings, get_settings
from claimtrack.web import create_app
from models import Role
from tests.robustness.support import libpq
from tests.robustness.test_security import sign_in
from tests.web.seed import Seeded, seed

HOSTILE = [
    "-" * 33,
    "-" * 200,
    "- " * 40,
    "x " + "-" * 40 + " y",
    "-" * 40 + "unemployment",
    '-"' * 100,
    "or " * 150,
    "!" * 300,
]
# Pieces the property test strings together: long runs of '-' (the bug), operators,
# quotes, words and stopwords.
PIECES = st.sampled_from(
    ["-", "- ", "-" * 33, "--", " ", "x", "jobs", "or", "and", '"', "!", "&", "|", "<->", ":*"]
)


def test_the_hostile_searches_fail_in_postgresql_unless_made_safe(database_url: str) -> None:
    """The test's inputs do reproduce the bug: raw, PostgreSQL refuses them."""
    with psycopg.connect(libpq(database_url), autocommit=True) as conn:
        with pytest.raises(psycopg.errors.InternalError_, match="tsquery stack"):
            conn.execute("SELECT websearch_to_tsquery('english', %s)", ("-" * 33,))
        for text in HOSTILE:
            conn.execute("SELECT websearch_to_tsquery('english', %s)", (websearch_text(text),))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pieces=st.lists(PIECES, max_size=60))
def test_any_search_text_parses(pieces: list[str], database_url: str) -> None:
    text = "".join(pieces)[:MAX_SEARCH_CHARACTERS]
    with psycopg.connect(libpq(database_url), autocommit=True) as conn:
        conn.execute("SELECT websearch_to_tsquery('english', %s)", (websearch_text(text),))


def test_a_not_before_a_word_or_phrase_still_means_not() -> None:
    assert websearch_text('jobs -strike -"trade union"') == 'jobs -strike -"trade union"'
    assert websearch_text("jobs ---strike") == "jobs -strike"
    assert websearch_text("well-known") == "well-known"


@pytest.fixture
def seeded(fresh_engine: Engine) -> Seeded:
    return seed(fresh_engine)


@pytest.fixture
def app(fresh_engine: Engine, tmp_path: Path) -> FastAPI:
    app = create_app(
        engine=fresh_engine, settings=Settings(secret_key="test-secret", data_dir=tmp_path)
    )

    def boom() -> None:
        raise RuntimeError("an unexpected failure")

    app.add_api_route("/api/v1/boom", boom)
    app.add_api_route("/boom", boom)
    return app


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    # A 500 must come back as a response, as a real server would send it.
    with TestClient(app, follow_redirects=False, raise_server_exceptions=False) as test_client:
        yield test_client


def assert_security_headers(response: object, where: str) -> None:
    headers = response.headers  # type: ignore[attr-defined]
    assert "default-src 'self'" in headers.get("content-security-policy", ""), where
    assert headers.get("x-content-type-options") == "nosniff", where
    assert headers.get("x-frame-options") == "DENY", where
    assert "no-store" in headers.get("cache-control", ""), where


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_searches_answer_on_the_api_the_export_and_the_queue(
    client: TestClient, seeded: Seeded, text: str
) -> None:
    bearer = seeded.bearer(Role.EDITOR)
    api = client.get("/api/v1/claims", params={"q": text}, headers=bearer)
    export = client.get("/api/v1/exports/csv", params={"q": text}, headers=bearer)
    sign_in(client, seeded.tokens[Role.EDITOR])
    queue = client.get("/queue", params={"q": text})
    for name, response in (("api", api), ("export", export), ("queue", queue)):
        assert response.status_code == 200, (name, response.status_code, response.text[:300])
        assert_security_headers(response, name)


def test_a_search_that_still_finds_claims(client: TestClient, seeded: Seeded) -> None:
    bearer = seeded.bearer(Role.EDITOR)
    everything = client.get("/api/v1/claims", headers=bearer).json()["items"]
    word = re.findall(r"[A-Za-z]{5,}", everything[0]["text"])[0]
    found = client.get("/api/v1/claims", params={"q": "-" * 40 + word}, headers=bearer)
    assert found.status_code == 200
    assert all(word.lower() not in item["text"].lower() for item in found.json()["items"])


def test_an_unexpected_error_is_a_500_with_the_security_headers(client: TestClient) -> None:
    for path in ("/api/v1/boom", "/boom"):
        response = client.get(path)
        assert response.status_code == 500, path
        assert "an unexpected failure" not in response.text  # no internals to the client
        assert_security_headers(response, path)


@pytest.mark.usefixtures("configured_database")
def test_the_cli_search_prints_no_traceback(tmp_path: Path) -> None:
    from claimtrack.cli import app as cli

    runner = CliRunner()
    get_settings.cache_clear()
    token = runner.invoke(cli, ["reviewers", "add", "rita"]).stdout.strip().splitlines()[-1]
    env = {"CLAIMTRACK_TOKEN": token}
    get_settings.cache_clear()
    done = runner.invoke(cli, ["claims", "list", "-q", "-" * 40], env=env)
    assert done.exit_code == 0, (done.stdout, done.stderr, done.exception)
    get_settings.cache_clear()
    too_long = runner.invoke(cli, ["claims", "list", "-q", "x" * 600], env=env)
    assert too_long.exit_code != 0
    assert "Traceback" not in too_long.stderr
    assert too_long.stderr.strip().splitlines() == [
        f"claimtrack: error: the search text is 600 characters long; "
        f"at most {MAX_SEARCH_CHARACTERS} are allowed"
    ]
