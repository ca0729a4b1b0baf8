"""The matching routes of the JSON API: a claim's links, deciding them with If-Match,
the fact-check library, and the "already checked" filter."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from models import ClaimEvent, ClaimLink, Role
from tests.web.seed import Seeded
from tests.web.seed_links import FACT_CHECK_URL, Linked, add_links


def _actions(engine: Engine, claim_id: int) -> list[str]:
    with engine.connect() as conn:
        query = sa.select(ClaimEvent.action).where(ClaimEvent.claim_id == claim_id)
        return list(conn.execute(query.order_by(ClaimEvent.id)).scalars())


def _decision(engine: Engine, link_id: int) -> str:
    with engine.connect() as conn:
        query = sa.select(ClaimLink.decision).where(ClaimLink.id == link_id)
        return str(conn.execute(query).scalar_one())


def _links(client: TestClient, seeded: Seeded, linked: Linked) -> tuple[list[dict[str, Any]], str]:
    response = client.get(
        f"/api/v1/claims/{linked.claim_id}/links", headers=seeded.bearer(Role.REVIEWER)
    )
    assert response.status_code == 200, response.text
    return response.json(), response.headers["ETag"]


def test_links_list_fact_checks_and_siblings_with_the_claims_etag(
    client: TestClient, seeded: Seeded, fresh_engine: Engine
) -> None:
    linked = add_links(fresh_engine, seeded)
    links, etag = _links(client, seeded, linked)
    assert etag == '"1"'
    # Both undecided: by score, the fingerprint sibling (1.0) before the fact-check (0.83).
    assert [(link["kind"], link["decision"]) for link in links] == [
        ("sibling", "suggested"),
        ("fact_check", "suggested"),
    ]
    sibling, fact_check = links
    assert sibling["sibling"]["id"] == linked.sibling_id and sibling["fact_check"] is None
    assert sibling["sibling"]["article_title"] == "Kashmir hour <observed>"
    assert fact_check["fact_check"]["url"] == FACT_CHECK_URL
    assert fact_check["fact_check"]["verdict"] == "false"
    assert fact_check["fact_check"]["rating"] == "Mostly <False>"
    assert fact_check["score"] == 0.83 and fact_check["method"] == "lexical"
    missing = client.get("/api/v1/claims/999999/links", headers=seeded.bearer(Role.REVIEWER))
    assert missing.status_code == 404


def test_deciding_needs_if_match_and_refuses_a_stale_one(
    client: TestClient, seeded: Seeded, fresh_engine: Engine
) -> None:
    linked = add_links(fresh_engine, seeded)
    headers = seeded.bearer(Role.REVIEWER)
    url = f"/api/v1/claims/{linked.claim_id}/links/{linked.fact_check_link_id}"

    missing = client.post(url, json={"decision": "accepted"}, headers=headers)
    assert missing.status_code == 428, missing.text
    stale = client.post(url, json={"decision": "accepted"}, headers={**headers, "If-Match": '"9"'})
    assert stale.status_code == 412, stale.text
    assert _decision(fresh_engine, linked.fact_check_link_id) == "suggested"
    assert _actions(fresh_engine, linked.claim_id) == []

    accepted = client.post(
        url,
        json={"decision": "accepted", "note": "same claim, same numbers"},
        headers={**headers, "If-Match": '"1"'},
    )
    assert accepted.status_code == 200, accepted.text
    assert accepted.headers["ETag"] == '"2"'
    assert accepted.json()["decision"] == "accepted"
    assert accepted.json()["fact_check"]["id"] == linked.fact_check_id
    assert _actions(fresh_engine, linked.claim_id) == ["accept_match"]
    # The claim itself is not reviewed by accepting: its verdict stays the reviewer's act.
    claim = client.get(f"/api/v1/claims/{linked.claim_id}", headers=headers).json()
    assert (claim["status"], claim["verdict"], claim["version"]) == ("new", None, 2)

    # The old ETag is now stale for the sibling too; the new one works.
    sibling_url = f"/api/v1/claims/{linked.claim_id}/links/{linked.sibling_link_id}"
    again = client.post(
        sibling_url, json={"decision": "linked"}, headers={**headers, "If-Match": '"1"'}
    )
    assert again.status_code == 412
    rejected = client.post(
        sibling_url, json={"decision": "rejected"}, headers={**headers, "If-Match": '"2"'}
    )
    assert rejected.status_code == 200 and rejected.json()["decision"] == "rejected"
    links, etag = _links(client, seeded, linked)
    assert etag == '"3"' and [link["kind"] for link in links] == ["fact_check"]


def test_bad_decisions_are_client_errors(
    client: TestClient, seeded: Seeded, fresh_engine: Engine
) -> None:
    linked = add_links(fresh_engine, seeded)
    headers = {**seeded.bearer(Role.REVIEWER), "If-Match": '"1"'}
    base = f"/api/v1/claims/{linked.claim_id}/links"
    unknown = client.post(
        f"{base}/{linked.sibling_link_id}", json={"decision": "maybe"}, headers=headers
    )
    assert unknown.status_code == 422
    suggested = client.post(
        f"{base}/{linked.sibling_link_id}", json={"decision": "suggested"}, headers=headers
    )
    assert suggested.status_code == 422
    wrong_kind = client.post(
        f"{base}/{linked.sibling_link_id}", json={"decision": "accepted"}, headers=headers
    )
    assert wrong_kind.status_code == 422, wrong_kind.text
    assert "only a fact-check can be accepted" in wrong_kind.json()["detail"]
    # A link of another claim is not found through this one.
    other = client.post(
        f"/api/v1/claims/{seeded.claim_ids[1]}/links/{linked.sibling_link_id}",
        json={"decision": "linked"},
        headers=headers,
    )
    assert other.status_code == 404
    assert _actions(fresh_engine, linked.claim_id) == []


def test_fact_check_library_search(
    client: TestClient, seeded: Seeded, fresh_engine: Engine
) -> None:
    linked = add_links(fresh_engine, seeded)
    headers = seeded.bearer(Role.REVIEWER)
    everything = client.get("/api/v1/factchecks", headers=headers)
    assert everything.status_code == 200
    assert [f["id"] for f in everything.json()] == [linked.fact_check_id]
    found = client.get("/api/v1/factchecks?search=kashmir lockdown&limit=5", headers=headers)
    assert [f["source_id"] for f in found.json()] == ["test:fc:1"]
    assert client.get("/api/v1/factchecks?search=volcano", headers=headers).json() == []
    assert client.get("/api/v1/factchecks?limit=0", headers=headers).status_code == 422
    # Search text that PostgreSQL's own parser chokes on is made safe, never a 500.
    dashes = client.get("/api/v1/factchecks?search=" + "-" * 40, headers=headers)
    assert dashes.status_code == 200
    assert client.get("/api/v1/factchecks").status_code == 401


def test_the_checked_filter(client: TestClient, seeded: Seeded, fresh_engine: Engine) -> None:
    linked = add_links(fresh_engine, seeded)
    headers = seeded.bearer(Role.REVIEWER)

    def listed(checked: str) -> set[int]:
        response = client.get(f"/api/v1/claims?checked={checked}&limit=200", headers=headers)
        assert response.status_code == 200, response.text
        return {c["id"] for c in response.json()["items"]}

    # A suggested fact-check that carries a verdict counts as checked before.
    assert listed("true") == {linked.claim_id}
    unchecked = listed("false")
    assert linked.claim_id not in unchecked and linked.sibling_id in unchecked
    # Rejecting it leaves the claim unchecked.
    client.post(
        f"/api/v1/claims/{linked.claim_id}/links/{linked.fact_check_link_id}",
        json={"decision": "rejected"},
        headers={**headers, "If-Match": '"1"'},
    )
    assert listed("true") == set()
    assert linked.claim_id in listed("false")
