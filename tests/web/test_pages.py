"""The HTML pages through a test client: sign-in, CSRF, escaping, headers, the forms."""

from __future__ import annotations

import re
from typing import Any

import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from claimtrack.web.security import CONTENT_SECURITY_POLICY
from models import Claim, ClaimEvent, Role
from tests.web.seed import Seeded


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no CSRF field in the form"
    return found.group(1)


def sign_in(client: TestClient, seeded: Seeded, role: Role = Role.REVIEWER) -> str:
    response = client.post(
        "/login",
        data={"token": seeded.tokens[role], "csrf_token": csrf_of(client.get("/login").text)},
    )
    assert response.status_code == 303
    return csrf_of(client.get("/").text)


def claim_row(engine: Engine, claim_id: int) -> dict[str, Any]:
    with engine.connect() as conn:
        return dict(
            conn.execute(sa.select(Claim.__table__).where(Claim.id == claim_id)).one()._mapping
        )


def test_sign_in_with_a_bad_token_is_refused(client: TestClient, seeded: Seeded) -> None:
    csrf = csrf_of(client.get("/login").text)
    response = client.post("/login", data={"token": "ct_wrong", "csrf_token": csrf})
    assert response.status_code == 401
    assert "not valid" in response.text
    assert client.get("/").status_code == 303


def test_sign_in_without_csrf_is_refused(client: TestClient, seeded: Seeded) -> None:
    client.get("/login")
    response = client.post("/login", data={"token": seeded.tokens[Role.REVIEWER]})
    assert response.status_code == 403


def test_sign_in_only_redirects_locally(client: TestClient, seeded: Seeded) -> None:
    csrf = csrf_of(client.get("/login").text)
    response = client.post(
        "/login",
        data={"token": seeded.tokens[Role.REVIEWER], "csrf_token": csrf, "next": "//evil.example"},
    )
    assert response.headers["location"] == "/"


def test_pages_render_and_carry_security_headers(client: TestClient, seeded: Seeded) -> None:
    sign_in(client, seeded)
    for url in ["/", "/queue", "/queue?status=", "/articles", f"/articles/{seeded.article_id}"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
        assert "'unsafe-inline'" not in CONTENT_SECURITY_POLICY
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["x-frame-options"] == "DENY"
        assert response.headers["referrer-policy"] == "same-origin"
        # No inline script or style anywhere, and nothing loaded from another origin.
        assert not re.search(r"<script(?![^>]*\bsrc=)", response.text), url
        assert " style=" not in response.text and "<style" not in response.text, url
        assert not re.search(r'(src|href)="(https?:)?//', response.text), url


def test_article_text_is_escaped(client: TestClient, seeded: Seeded) -> None:
    sign_in(client, seeded)
    for url in [f"/articles/{seeded.article_id}", f"/claims/{seeded.claim_ids[2]}", "/queue"]:
        html = client.get(url).text
        assert "<script>alert" not in html, url
        assert "&lt;script&gt;alert(&#39;owned&#39;)&lt;/script&gt;" in html, url
    claim_page = client.get(f"/claims/{seeded.claim_ids[2]}").text
    assert (
        '<mark id="claim-mark">A protester carried a placard reading &lt;script&gt;' in claim_page
    )


def test_review_through_the_form(client: TestClient, seeded: Seeded, fresh_engine: Engine) -> None:
    csrf = sign_in(client, seeded)
    claim_id = seeded.claim_ids[0]
    page = client.get(f"/claims/{claim_id}").text
    assert 'name="version" value="1"' in page
    response = client.post(
        f"/claims/{claim_id}/review",
        data={
            "csrf_token": csrf,
            "version": "1",
            "verdict": "misleading",
            "note": "<i>context</i>",
        },
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"/claims/{claim_id}"
    row = claim_row(fresh_engine, claim_id)
    assert (row["status"], row["verdict"], row["version"]) == ("reviewed", "misleading", 2)
    page = client.get(f"/claims/{claim_id}").text
    assert "Reviewed: misleading." in page
    assert "&lt;i&gt;context&lt;/i&gt;" in page and "<i>context</i>" not in page


def test_a_form_without_csrf_changes_nothing(
    client: TestClient, seeded: Seeded, fresh_engine: Engine
) -> None:
    sign_in(client, seeded)
    claim_id = seeded.claim_ids[0]
    for token in (None, "forged"):
        data = {"version": "1", "verdict": "false"}
        if token:
            data["csrf_token"] = token
        response = client.post(f"/claims/{claim_id}/review", data=data)
        assert response.status_code == 403
    assert claim_row(fresh_engine, claim_id)["status"] == "new"


def test_a_stale_form_is_refused_and_said_so(
    client: TestClient, seeded: Seeded, fresh_engine: Engine
) -> None:
    csrf = sign_in(client, seeded)
    claim_id = seeded.claim_ids[1]
    form = {"csrf_token": csrf, "version": "1", "verdict": "true"}
    assert client.post(f"/claims/{claim_id}/review", data=form).status_code == 303
    with fresh_engine.connect() as conn:
        events = conn.execute(
            sa.select(sa.func.count()).where(ClaimEvent.claim_id == claim_id)
        ).scalar_one()
    # The same form sent again (another tab) names the conflict and stores nothing.
    client.post(f"/claims/{claim_id}/status", data={**form, "action": "dismiss"})
    page = client.get(f"/claims/{claim_id}").text
    assert "changed since version 1" in page or "cannot dismiss" in page
    with fresh_engine.connect() as conn:
        after = conn.execute(
            sa.select(sa.func.count()).where(ClaimEvent.claim_id == claim_id)
        ).scalar_one()
    assert after == events
    assert claim_row(fresh_engine, claim_id)["verdict"] == "true"


def test_add_a_missed_claim_from_a_selection(
    client: TestClient, seeded: Seeded, fresh_engine: Engine
) -> None:
    csrf = sign_in(client, seeded)
    article = client.get(f"/articles/{seeded.article_id}").text
    assert "Add a missed claim" in article
    text = "Officials said"
    with fresh_engine.connect() as conn:
        body = conn.execute(sa.text("SELECT text FROM article")).scalar_one()
    start = body.index(text)
    # Offsets off by one (as a browser normalising line endings might send): the selected
    # text decides.
    response = client.post(
        f"/articles/{seeded.article_id}/claims",
        data={
            "csrf_token": csrf,
            "start": str(start + 1),
            "end": str(start + 1 + len(text)),
            "selected_text": text,
            "type": "quote",
        },
    )
    assert response.status_code == 303
    new_id = int(response.headers["location"].rsplit("/", 1)[1])
    row = claim_row(fresh_engine, new_id)
    assert (row["span_start"], row["text"], row["origin"]) == (start, text, "reviewer")


def test_only_editors_see_and_use_reopen(
    client: TestClient, seeded: Seeded, fresh_engine: Engine
) -> None:
    csrf = sign_in(client, seeded, Role.REVIEWER)
    claim_id = seeded.claim_ids[0]
    client.post(
        f"/claims/{claim_id}/review", data={"csrf_token": csrf, "version": "1", "verdict": "true"}
    )
    assert "Reopen the review" not in client.get(f"/claims/{claim_id}").text
    client.post(
        f"/claims/{claim_id}/status", data={"csrf_token": csrf, "version": "2", "action": "reopen"}
    )
    assert claim_row(fresh_engine, claim_id)["status"] == "reviewed"
    assert "needs the editor role" in client.get(f"/claims/{claim_id}").text

    client.cookies.clear()
    csrf = sign_in(client, seeded, Role.EDITOR)
    assert "Reopen the review" in client.get(f"/claims/{claim_id}").text
    client.post(
        f"/claims/{claim_id}/status", data={"csrf_token": csrf, "version": "2", "action": "reopen"}
    )
    assert claim_row(fresh_engine, claim_id)["status"] == "in_review"


def test_take_next_from_the_queue_page(client: TestClient, seeded: Seeded) -> None:
    csrf = sign_in(client, seeded)
    response = client.post("/queue/next", data={"csrf_token": csrf, "type": "date"})
    assert response.status_code == 303
    assert response.headers["location"] == f"/claims/{seeded.claim_ids[1]}"
    empty = client.post("/queue/next", data={"csrf_token": csrf, "min_checkworthiness": "0.99"})
    assert empty.headers["location"] == "/queue"
    assert "Nothing left" in client.get("/queue").text
