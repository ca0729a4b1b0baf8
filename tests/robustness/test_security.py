"""Security of the web app and API, walked from the app's own route table.

Routes are enumerated from the app, not listed here, so a route added later is
covered by every check below without anyone remembering to add it:
authentication (including a disabled reviewer and a rotated token), role checks,
CSRF on every form, SQL-injection strings in every query filter and path
parameter, security headers on every response; then, in the database: API
tokens stored only as hashes, and claim_event refusing to be rewritten.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
import sqlalchemy as sa
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from claimtrack.db import unit_of_work
from claimtrack.review import auth, service
from claimtrack.settings import Settings
from claimtrack.web import create_app
from models import Claim, Reviewer, Role
from tests.robustness.support import libpq
from tests.web.seed import Seeded, seed

# Public on purpose: signing in (guarded by CSRF and the token itself), the schema
# (routes, not data), and the app's own static JS and CSS.
PUBLIC = {("GET", "/login"), ("POST", "/login"), ("GET", "/api/v1/openapi.json")}
PUBLIC_PREFIXES = ("/static",)

INJECTIONS = [
    "' OR '1'='1",
    "' OR 1=1 --",
    "1; DROP TABLE claim; --",
    "'); DELETE FROM claim_event; --",
    "%' OR claimer LIKE '%",
    "\\' UNION SELECT token_hash FROM reviewer --",
    "$$; UPDATE claim SET verdict = 'true'; $$",
    "1' AND pg_sleep(3) IS NULL --",
    "\x00",
    "*/ OR /*",
]


def route_table(app: FastAPI) -> Iterator[tuple[str, str, Any]]:
    """(method, path, route) of every route, nested routers included."""
    try:  # FastAPI >= 0.150 keeps included routers unflattened in app.routes
        from fastapi.routing import iter_route_contexts

        routes = list(iter_route_contexts(app.routes))
    except ImportError:
        routes = list(app.routes)  # type: ignore[arg-type]
    for route in routes:
        path = getattr(route, "path", None)
        if path is None:
            continue
        for method in sorted((getattr(route, "methods", None) or set()) - {"HEAD"}):
            yield method, path, route


def is_public(method: str, path: str) -> bool:
    return (method, path) in PUBLIC or path.startswith(PUBLIC_PREFIXES)


def concrete(path: str, seeded: Seeded) -> str:
    return (
        path.replace("{claim_id}", str(seeded.claim_ids[0]))
        .replace("{article_id}", str(seeded.article_id))
        .replace("{export_format}", "jsonl")
    )


@pytest.fixture
def seeded(fresh_engine: Engine) -> Seeded:
    return seed(fresh_engine)


@pytest.fixture
def app(fresh_engine: Engine, tmp_path: Path) -> FastAPI:
    return create_app(
        engine=fresh_engine, settings=Settings(secret_key="test-secret", data_dir=tmp_path)
    )


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, follow_redirects=False) as test_client:
        yield test_client


def sign_in(client: TestClient, token: str) -> str:
    """Sign the browser in; returns the session's CSRF token."""
    page = client.get("/login")
    found = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert found, "the sign-in form carries no CSRF token"
    response = client.post("/login", data={"token": token, "csrf_token": found.group(1)})
    assert response.status_code == 303, response.text
    dashboard = client.get("/")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', dashboard.text)
    assert csrf, "a signed-in page carries no CSRF token"
    return csrf.group(1)


def database_state(url: str) -> dict[str, Any]:
    """Everything a request might change: each table's rows, as text."""
    with psycopg.connect(libpq(url)) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                "AND tablename <> 'alembic_version' ORDER BY 1"
            )
        ]
        return {
            table: sorted(
                str(row[0]) for row in conn.execute(f'SELECT row_to_json(t)::text FROM "{table}" t')
            )
            for table in tables
        }


# --- authentication -------------------------------------------------------------------------------


def test_the_route_table_has_the_routes_under_test(app: FastAPI) -> None:
    found = {(m, p) for m, p, _ in route_table(app)}
    assert ("POST", "/api/v1/claims/{claim_id}/status") in found
    assert ("POST", "/claims/{claim_id}/status") in found
    assert len(found) > 20


def test_no_route_answers_a_disabled_or_re_tokened_reviewer(
    client: TestClient, seeded: Seeded, fresh_engine: Engine
) -> None:
    """Credentials that were once good: a disabled reviewer, an old token after rotation."""
    sign_in(client, seeded.tokens[Role.REVIEWER])
    signed_in_cookies = dict(client.cookies)
    with unit_of_work(fresh_engine) as session:
        admin = session.get_one(Reviewer, seeded.reviewer_ids[Role.ADMIN])
        auth.set_reviewer_active(session, seeded.reviewer_ids[Role.REVIEWER], False, actor=admin)
        old_editor_token = seeded.tokens[Role.EDITOR]
        auth.rotate_token(session, seeded.reviewer_ids[Role.EDITOR], actor=admin)
    checked = 0
    for method, path, _ in route_table(client.app):  # type: ignore[arg-type]
        if is_public(method, path):
            continue
        url = concrete(path, seeded)
        if path.startswith("/api/"):
            for token in (seeded.tokens[Role.REVIEWER], old_editor_token):
                response = client.request(
                    method, url, headers={"Authorization": f"Bearer {token}"}, json={}
                )
                assert response.status_code == 401, (method, path, response.text)
        else:
            client.cookies.clear()
            client.cookies.update(signed_in_cookies)
            response = client.request(method, url, data={"csrf_token": "x"})
            assert response.status_code == 303, (method, path, response.status_code)
            assert response.headers["location"].startswith("/login"), (method, path)
        checked += 1
    assert checked > 15


# --- roles ----------------------------------------------------------------------------------------


def _reviewed_claim(engine: Engine, seeded: Seeded) -> tuple[int, int]:
    with unit_of_work(engine) as session:
        editor = session.get_one(Reviewer, seeded.reviewer_ids[Role.EDITOR])
        claim_id = seeded.claim_ids[1]
        claim = session.get_one(Claim, claim_id)
        reviewed = service.review_claim(
            session, editor, claim_id, version=claim.version, verdict="false"
        )
        return claim_id, reviewed.version


def test_a_reviewer_cannot_do_an_editors_work(
    client: TestClient, seeded: Seeded, fresh_engine: Engine, fresh_database_url: str
) -> None:
    claim_id, version = _reviewed_claim(fresh_engine, seeded)
    before = database_state(fresh_database_url)

    api = client.post(
        f"/api/v1/claims/{claim_id}/status",
        json={"action": "reopen"},
        headers={**seeded.bearer(Role.REVIEWER), "If-Match": f'"{version}"'},
    )
    assert api.status_code == 403, api.text
    csrf = sign_in(client, seeded.tokens[Role.REVIEWER])
    page = client.post(
        f"/claims/{claim_id}/status",
        data={"action": "reopen", "version": str(version), "csrf_token": csrf},
    )
    assert page.status_code in (303, 403), page.text
    assert database_state(fresh_database_url) == before, "a reviewer reopened a verdict"

    # The same request from an editor goes through: the refusal above was the role.
    allowed = client.post(
        f"/api/v1/claims/{claim_id}/status",
        json={"action": "reopen"},
        headers={**seeded.bearer(Role.EDITOR), "If-Match": f'"{version}"'},
    )
    assert allowed.status_code == 200, allowed.text


# --- CSRF -----------------------------------------------------------------------------------------


def test_every_form_refuses_a_missing_or_foreign_csrf_token(
    client: TestClient, seeded: Seeded, fresh_database_url: str
) -> None:
    csrf = sign_in(client, seeded.tokens[Role.ADMIN])
    forms = [
        (m, p)
        for m, p, _ in route_table(client.app)  # type: ignore[arg-type]
        if m == "POST" and not p.startswith("/api/") and p != "/login"
    ]
    assert len(forms) >= 6, forms
    before = database_state(fresh_database_url)
    fields = {
        "action": "dismiss",
        "verdict": "false",
        "version": "1",
        "note": "csrf",
        "url": "https://example.org/x",
        "start": "0",
        "end": "10",
        "type": "statement",
        "claimer": "Someone",
    }
    for method, path in forms:
        url = concrete(path, seeded)
        for forged in ({}, {"csrf_token": "forged"}, {"csrf_token": csrf[:-1] + "x"}):
            response = client.request(method, url, data={**fields, **forged})
            assert response.status_code == 403, (path, forged, response.status_code)
    assert database_state(fresh_database_url) == before, (
        "a form without its CSRF token did something"
    )
    assert "claimtrack_session" in client.cookies, "the refusals signed the browser out"


def test_the_session_cookie_is_http_only_and_same_site(client: TestClient, seeded: Seeded) -> None:
    page = client.get("/login")
    found = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert found
    response = client.post(
        "/login", data={"token": seeded.tokens[Role.REVIEWER], "csrf_token": found.group(1)}
    )
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie, cookie
    value = client.cookies["claimtrack_session"]
    payload = value.split(".")[0]
    decoded = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    assert seeded.tokens[Role.REVIEWER].encode() not in decoded, "the token is in the cookie"


# --- SQL injection --------------------------------------------------------------------------------


def test_injection_strings_in_every_filter_change_nothing(
    client: TestClient, seeded: Seeded, fresh_database_url: str
) -> None:
    sign_in(client, seeded.tokens[Role.ADMIN])
    headers = seeded.bearer(Role.ADMIN)
    baseline = client.get("/api/v1/claims", headers=headers).json()
    before = database_state(fresh_database_url)
    tried = 0
    for method, path, route in route_table(client.app):  # type: ignore[arg-type]
        if method != "GET" or is_public(method, path):
            continue
        url = concrete(path, seeded)
        parameters = [p.alias for p in route.dependant.query_params]
        for name in parameters:
            for value in INJECTIONS:
                response = client.get(url, params={name: value}, headers=headers)
                tried += 1
                assert response.status_code < 500, (path, name, value, response.text[:300])
                if path == "/api/v1/claims" and response.status_code == 200 and name != "q":
                    # A text filter that matches nothing must not widen to everything.
                    assert response.json()["items"] == [], (name, value)
        for value in INJECTIONS[:4]:
            for placeholder in ("{claim_id}", "{article_id}", "{export_format}"):
                if placeholder in path:
                    response = client.get(path.replace(placeholder, value), headers=headers)
                    tried += 1
                    assert response.status_code in (404, 422), (path, value, response.status_code)
    assert tried > 150
    assert database_state(fresh_database_url) == before
    assert client.get("/api/v1/claims", headers=headers).json() == baseline


def test_injection_strings_in_every_written_field_are_stored_as_text(
    client: TestClient, seeded: Seeded, fresh_engine: Engine
) -> None:
    """Notes, claimers and evidence notes with SQL in them are kept verbatim and do nothing."""
    claim_id = seeded.claim_ids[0]
    headers = seeded.bearer(Role.EDITOR)
    version = client.get(f"/api/v1/claims/{claim_id}", headers=headers).headers["etag"]
    note = INJECTIONS[3]
    response = client.post(
        f"/api/v1/claims/{claim_id}/status",
        json={"action": "dismiss", "note": note},
        headers={**headers, "If-Match": version},
    )
    assert response.status_code == 200, response.text
    with unit_of_work(fresh_engine) as session:
        claim = session.get_one(Claim, claim_id)
        assert claim.note == note
        assert session.scalar(sa.text("SELECT count(*) FROM claim")) == len(seeded.claim_ids)


# --- tokens, history, headers ---------------------------------------------------------------------


def test_api_tokens_are_stored_only_hashed(seeded: Seeded, fresh_database_url: str) -> None:
    state = database_state(fresh_database_url)
    dump = "\n".join(row for rows in state.values() for row in rows)
    for role, token in seeded.tokens.items():
        assert len(token) >= 20, "tokens too short to resist guessing"
        assert token not in dump, f"the {role} token is stored in clear"
    reviewers = state["reviewer"]
    assert len(reviewers) == len(seeded.tokens)
    assert all('"token_hash"' in row for row in reviewers)


def test_claim_event_rows_cannot_be_changed_or_removed(
    client: TestClient, seeded: Seeded, fresh_engine: Engine, fresh_database_url: str
) -> None:
    _reviewed_claim(fresh_engine, seeded)
    before = database_state(fresh_database_url)["claim_event"]
    assert before, "no event to protect"
    for statement in (
        "UPDATE claim_event SET note = 'rewritten'",
        "UPDATE claim_event SET to_status = 'new', to_verdict = NULL",
        "DELETE FROM claim_event",
    ):
        with psycopg.connect(libpq(fresh_database_url)) as conn:
            with pytest.raises(psycopg.Error, match="append-only"):
                conn.execute(statement)
            conn.rollback()
    # Nor does removing the claim take its history with it.
    with psycopg.connect(libpq(fresh_database_url)) as conn:
        with pytest.raises(psycopg.Error):
            conn.execute(f"DELETE FROM claim WHERE id = {seeded.claim_ids[1]}")
        conn.rollback()
    assert database_state(fresh_database_url)["claim_event"] == before


def test_claim_event_cannot_be_truncated(
    seeded: Seeded, fresh_engine: Engine, fresh_database_url: str
) -> None:
    _reviewed_claim(fresh_engine, seeded)
    with psycopg.connect(libpq(fresh_database_url)) as conn:
        with pytest.raises(psycopg.Error, match="append-only"):
            conn.execute("TRUNCATE claim_event")
        conn.rollback()
    assert database_state(fresh_database_url)["claim_event"]


def test_every_response_carries_the_security_headers(client: TestClient, seeded: Seeded) -> None:
    sign_in(client, seeded.tokens[Role.EDITOR])
    requests: list[tuple[str, str, dict[str, str]]] = []
    for method, path, _ in route_table(client.app):  # type: ignore[arg-type]
        url = concrete(path, seeded) if path != "/static" else "/static/app.js"
        requests.append((method, url, {}))  # pages signed in, API without a token: 401
        if path.startswith("/api/"):
            requests.append((method, url, seeded.bearer(Role.EDITOR)))
    requests.append(("GET", "/no-such-page", {}))
    requests.append(("GET", "/api/v1/claims/not-a-number", seeded.bearer(Role.EDITOR)))
    for method, url, headers in requests:
        response = client.request(method, url, headers=headers)
        got = response.headers
        where = f"{method} {url} -> {response.status_code}"
        csp = got.get("content-security-policy", "")
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp, where
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp, where
        assert got.get("x-content-type-options") == "nosniff", where
        assert got.get("x-frame-options") == "DENY", where
        assert got.get("referrer-policy") in ("same-origin", "no-referrer", "strict-origin"), where
        if not url.startswith("/static/"):
            assert "no-store" in got.get("cache-control", ""), where
