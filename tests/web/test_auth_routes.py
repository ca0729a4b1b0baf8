"""Every route refuses a caller without credentials: walked from the app's route table,
so a route added later is covered without anyone remembering to."""

from __future__ import annotations

import re
from collections.abc import Iterator

from fastapi import FastAPI
from fastapi.testclient import TestClient

from models import Role
from tests.web.seed import Seeded

# Public on purpose, each for a reason.
PUBLIC = {
    ("GET", "/login"): "the sign-in page",
    ("POST", "/login"): "signing in (guarded by CSRF and the token itself)",
    ("GET", "/api/v1/openapi.json"): "the API's schema describes routes, not data",
}
PUBLIC_PREFIXES = ("/static",)  # the app's own JS and CSS


def routes(app: FastAPI) -> Iterator[tuple[str, str]]:
    """(method, path) of every route, nested routers included."""
    try:  # FastAPI >= 0.150 keeps included routers unflattened in app.routes
        from fastapi.routing import iter_route_contexts

        contexts = list(iter_route_contexts(app.routes))
    except ImportError:
        contexts = list(app.routes)  # type: ignore[arg-type]
    for route in contexts:
        path = getattr(route, "path", None)
        methods = getattr(route, "methods", None) or set()
        if path is None:
            continue
        for method in sorted(methods - {"HEAD"}):
            yield method, path


def concrete(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "1", path)


def test_the_walk_finds_the_routes(web_app: FastAPI) -> None:
    found = set(routes(web_app))
    assert ("POST", "/api/v1/claims/{claim_id}/status") in found
    assert ("GET", "/claims/{claim_id}") in found
    assert len(found) > 20


def test_every_route_needs_credentials(client: TestClient, seeded: Seeded) -> None:
    checked = 0
    for method, path in routes(client.app):  # type: ignore[arg-type]
        if (method, path) in PUBLIC or path.startswith(PUBLIC_PREFIXES):
            continue
        url = concrete(path)
        if path.startswith("/api/"):
            for headers in ({}, {"Authorization": "Bearer ct_wrong"}, {"Authorization": "Basic x"}):
                response = client.request(method, url, headers=headers, json={})
                assert response.status_code == 401, (method, path, headers, response.text)
        else:
            # A forged session cookie is not a session either.
            for cookies in ({}, {"claimtrack_session": "forged.cookie.value"}):
                client.cookies.clear()
                for name, value in cookies.items():
                    client.cookies.set(name, value)
                response = client.request(method, url, data={"csrf_token": "x"})
                assert response.status_code == 303, (method, path, response.text)
                assert response.headers["location"].startswith("/login"), (method, path)
            client.cookies.clear()
        checked += 1
    assert checked > 15


def test_public_routes_are_public(client: TestClient) -> None:
    assert client.get("/login").status_code == 200
    assert client.get("/api/v1/openapi.json").status_code == 200
    assert client.get("/static/app.js").status_code == 200


def test_the_api_ignores_the_browser_session(client: TestClient, seeded: Seeded) -> None:
    """A signed-in browser has no API access by cookie: the API takes Bearer tokens only,
    so another site cannot make the browser call it (no CSRF surface)."""
    login = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', login.text)
    assert token
    signed_in = client.post(
        "/login", data={"token": seeded.tokens[Role.EDITOR], "csrf_token": token.group(1)}
    )
    assert signed_in.status_code == 303
    assert client.get("/").status_code == 200
    assert client.get("/api/v1/claims").status_code == 401
