"""The JSON API against real PostgreSQL: ETags and If-Match, roles, pages, errors."""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from models import Claim, ClaimEvent, Role
from tests.web.seed import ClaimSpec, Seeded, add_article


def _etag(client: TestClient, seeded: Seeded, claim_id: int, role: Role = Role.REVIEWER) -> str:
    response = client.get(f"/api/v1/claims/{claim_id}", headers=seeded.bearer(role))
    assert response.status_code == 200
    return response.headers["ETag"]


def _events(engine: Engine, claim_id: int) -> int:
    with engine.connect() as conn:
        query = sa.select(sa.func.count()).where(ClaimEvent.claim_id == claim_id)
        return conn.execute(query).scalar_one()


def test_one_claim_carries_its_version_as_etag(client: TestClient, seeded: Seeded) -> None:
    claim_id = seeded.claim_ids[0]
    response = client.get(f"/api/v1/claims/{claim_id}", headers=seeded.bearer(Role.REVIEWER))
    assert response.status_code == 200
    body = response.json()
    assert response.headers["ETag"] == f'"{body["version"]}"'
    assert body["values"] == [{"kind": "quantity", "amount": 26, "unit": "day"}]


def test_review_needs_if_match_and_refuses_a_stale_one(
    client: TestClient, seeded: Seeded, fresh_engine: Engine
) -> None:
    claim_id = seeded.claim_ids[1]
    url = f"/api/v1/claims/{claim_id}/status"
    body = {"action": "review", "verdict": "false", "note": "wrong date"}
    headers = seeded.bearer(Role.REVIEWER)
    before = _events(fresh_engine, claim_id)

    missing = client.post(url, json=body, headers=headers)
    assert missing.status_code == 428, missing.text
    assert "If-Match" in missing.json()["detail"]

    etag = _etag(client, seeded, claim_id)
    first = client.post(url, json=body, headers={**headers, "If-Match": etag})
    assert first.status_code == 200, first.text
    assert first.json()["status"] == "reviewed" and first.json()["verdict"] == "false"
    assert first.headers["ETag"] != etag

    # A second writer that read the same version loses, and nothing of it is stored.
    editor = seeded.bearer(Role.EDITOR)
    stale = client.post(url, json={"action": "reopen"}, headers={**editor, "If-Match": etag})
    assert stale.status_code == 412, stale.text
    assert _events(fresh_engine, claim_id) == before + 1
    garbage = client.post(url, json={"action": "reopen"}, headers={**editor, "If-Match": '"x"'})
    assert garbage.status_code == 412


def test_roles_are_enforced_by_the_service(client: TestClient, seeded: Seeded) -> None:
    claim_id = seeded.claim_ids[0]
    url = f"/api/v1/claims/{claim_id}/status"
    reviewer = seeded.bearer(Role.REVIEWER)
    etag = _etag(client, seeded, claim_id)
    reviewed = client.post(
        url, json={"action": "review", "verdict": "true"}, headers={**reviewer, "If-Match": etag}
    )
    assert reviewed.status_code == 200
    etag = reviewed.headers["ETag"]

    # Reopening a verdict is for editors: a reviewer is refused, an editor is not.
    refused = client.post(url, json={"action": "reopen"}, headers={**reviewer, "If-Match": etag})
    assert refused.status_code == 403, refused.text
    assert "editor" in refused.json()["detail"]
    editor = seeded.bearer(Role.EDITOR)
    reopened = client.post(url, json={"action": "reopen"}, headers={**editor, "If-Match": etag})
    assert reopened.status_code == 200, reopened.text
    assert reopened.json()["status"] == "in_review"
    assert reopened.json()["verdict"] is None


def test_invalid_transition_is_a_conflict(client: TestClient, seeded: Seeded) -> None:
    claim_id = seeded.claim_ids[2]
    headers = seeded.bearer(Role.REVIEWER)
    url = f"/api/v1/claims/{claim_id}/status"
    etag = _etag(client, seeded, claim_id)
    dismissed = client.post(url, json={"action": "dismiss"}, headers={**headers, "If-Match": etag})
    assert dismissed.status_code == 200
    again = client.post(
        url,
        json={"action": "review", "verdict": "true"},
        headers={**headers, "If-Match": dismissed.headers["ETag"]},
    )
    assert again.status_code == 409, again.text


def test_bad_token_and_unknown_claim(client: TestClient, seeded: Seeded) -> None:
    bad = client.get("/api/v1/claims", headers={"Authorization": "Bearer ct_not-a-token"})
    assert bad.status_code == 401
    assert bad.headers["WWW-Authenticate"] == "Bearer"
    unknown = client.get("/api/v1/claims/999999", headers=seeded.bearer(Role.REVIEWER))
    assert unknown.status_code == 404
    assert "999999" in unknown.json()["detail"]


def test_queue_hands_out_claims_by_checkworthiness_then_says_empty(
    client: TestClient, seeded: Seeded
) -> None:
    headers = seeded.bearer(Role.REVIEWER)
    first = client.post("/api/v1/queue/next", headers=headers)
    assert first.status_code == 200
    assert first.json()["checkworthiness"] == 0.91
    assert first.json()["status"] == "in_review"
    # The same reviewer asking again gets the claim they hold back.
    assert client.post("/api/v1/queue/next", headers=headers).json()["id"] == first.json()["id"]
    # Another reviewer gets the next one; with a filter nothing is left.
    other = client.post("/api/v1/queue/next", headers=seeded.bearer(Role.EDITOR))
    assert other.json()["checkworthiness"] == 0.87
    empty = client.post("/api/v1/queue/next", json={"min_checkworthiness": 0.95}, headers=headers)
    assert empty.status_code == 204


def test_evidence_and_history(client: TestClient, seeded: Seeded) -> None:
    claim_id = seeded.claim_ids[3]
    headers = seeded.bearer(Role.REVIEWER)
    url = f"/api/v1/claims/{claim_id}/evidence"
    added = client.post(
        url,
        json={"url": "https://example.org/report", "note": "<b>official</b> figures"},
        headers={**headers, "If-Match": _etag(client, seeded, claim_id)},
    )
    assert added.status_code == 201, added.text
    assert [e["url"] for e in added.json()] == ["https://example.org/report"]
    assert client.get(url, headers=headers).json() == added.json()
    history = client.get(f"/api/v1/claims/{claim_id}/history", headers=headers).json()
    assert [e["action"] for e in history] == ["evidence"]
    assert history[0]["actor"] == "Reviewer Tester"
    not_a_url = client.post(
        url,
        json={"url": "javascript:alert(1)"},
        headers={**headers, "If-Match": added.headers["ETag"]},
    )
    assert not_a_url.status_code == 422


def test_correct_and_add_a_missed_claim(client: TestClient, seeded: Seeded) -> None:
    headers = seeded.bearer(Role.REVIEWER)
    article = client.get(f"/api/v1/articles/{seeded.article_id}", headers=headers).json()
    text = article["text"]
    start = text.index("1,200 people")
    end = start + len("1,200 people were detained")
    claim_id = seeded.claim_ids[3]
    corrected = client.patch(
        f"/api/v1/claims/{claim_id}",
        json={"start": start, "end": end, "claimer": "Officials"},
        headers={**headers, "If-Match": _etag(client, seeded, claim_id)},
    )
    assert corrected.status_code == 200, corrected.text
    assert corrected.json()["text"] == "1,200 people were detained"
    assert set(corrected.json()["reviewer_edits"]) >= {"claimer"}

    missed = text.index("Officials said")
    added = client.post(
        "/api/v1/claims",
        json={
            "article_id": seeded.article_id,
            "start": missed,
            "end": missed + len("Officials said"),
            "type": "statement",
        },
        headers=headers,
    )
    assert added.status_code == 201, added.text
    assert added.json()["origin"] == "reviewer"
    assert added.headers["Location"] == f"/api/v1/claims/{added.json()['id']}"
    outside = client.post(
        "/api/v1/claims",
        json={"article_id": seeded.article_id, "start": 5, "end": 10**6, "type": "statement"},
        headers=headers,
    )
    assert outside.status_code == 422


def test_article_with_its_claims(client: TestClient, seeded: Seeded) -> None:
    headers = seeded.bearer(Role.REVIEWER)
    listing = client.get("/api/v1/articles", headers=headers).json()
    assert [a["id"] for a in listing["items"]] == [seeded.article_id]
    article = client.get(f"/api/v1/articles/{seeded.article_id}", headers=headers).json()
    assert sorted(c["id"] for c in article["claims"]) == sorted(seeded.claim_ids)
    for claim in article["claims"]:
        assert article["text"][claim["span_start"] : claim["span_end"]] == claim["text"]


def test_filters_sort_and_page_size_cap(client: TestClient, seeded: Seeded) -> None:
    headers = seeded.bearer(Role.REVIEWER)
    quantities = client.get("/api/v1/claims?type=quantity", headers=headers).json()["items"]
    assert {c["type"] for c in quantities} == {"quantity"} and len(quantities) == 2
    ascending = client.get("/api/v1/claims?sort=checkworthiness", headers=headers).json()
    scores = [c["checkworthiness"] for c in ascending["items"]]
    assert scores == sorted(scores)
    found = client.get("/api/v1/claims?q=detained", headers=headers).json()["items"]
    assert [c["id"] for c in found] == [seeded.claim_ids[3]]
    assert client.get("/api/v1/claims?limit=201", headers=headers).status_code == 422
    assert client.get("/api/v1/claims?limit=0", headers=headers).status_code == 422
    bad_cursor = client.get("/api/v1/claims?cursor=not-ours", headers=headers)
    assert bad_cursor.status_code == 422
    assert "cursor" in bad_cursor.json()["detail"]


def _walk(client: TestClient, headers: dict[str, str], sort: str, limit: int) -> list[int]:
    seen: list[int] = []
    cursor = None
    while True:
        params: dict[str, str | int] = {"sort": sort, "limit": limit}
        if cursor:
            params["cursor"] = cursor
        response = client.get("/api/v1/claims", params=params, headers=headers)
        assert response.status_code == 200, response.text
        page = response.json()
        assert len(page["items"]) <= limit
        seen.extend(c["id"] for c in page["items"])
        cursor = page["next_cursor"]
        if not cursor:
            return seen


@pytest.mark.parametrize("sort", ["-checkworthiness", "checkworthiness", "-id", "id"])
def test_pages_stay_stable_while_claims_are_inserted(
    client: TestClient, seeded: Seeded, fresh_engine: Engine, sort: str
) -> None:
    """Every claim that existed before the walk is listed exactly once, whatever is added
    meanwhile (offset paging would repeat or skip rows here)."""
    texts = [f"Claim number {i} says {i * 7} tonnes were shipped." for i in range(120)]
    scores = [round((i * 37 % 100) / 100, 2) for i in range(120)]
    claims: list[ClaimSpec] = [
        (t[:-1], "quantity", None, [{"kind": "quantity", "amount": i * 7, "unit": "tonne"}], s)
        for i, (t, s) in enumerate(zip(texts, scores, strict=True))
    ]
    add_article(fresh_engine, " ".join(texts), key="test://bulk", claims=claims)
    with fresh_engine.connect() as conn:
        before = set(conn.execute(sa.select(Claim.id)).scalars())

    stop = threading.Event()
    inserted: list[int] = []

    def insert_while_paging() -> None:
        batch = 0
        while not stop.is_set() and batch < 40:
            new_texts = [f"Batch {batch} item {i} counts {i + 3} ships." for i in range(5)]
            new_claims: list[ClaimSpec] = [
                (t[:-1], "quantity", None, [], round(((batch * 5 + i) * 53 % 100) / 100, 2))
                for i, t in enumerate(new_texts)
            ]
            _, ids = add_article(
                fresh_engine, " ".join(new_texts), key=f"test://batch-{batch}", claims=new_claims
            )
            inserted.extend(ids)
            batch += 1

    writer = threading.Thread(target=insert_while_paging)
    writer.start()
    try:
        seen = _walk(client, seeded.bearer(Role.REVIEWER), sort, limit=7)
    finally:
        stop.set()
        writer.join()
    assert inserted, "the writer inserted nothing during the walk: the test proved nothing"
    assert len(seen) == len(set(seen)), "a claim was listed twice"
    assert before <= set(seen), f"claims skipped: {sorted(before - set(seen))}"


def test_exports(client: TestClient, seeded: Seeded) -> None:
    headers = seeded.bearer(Role.REVIEWER)
    claim_id = seeded.claim_ids[1]
    client.post(
        f"/api/v1/claims/{claim_id}/status",
        json={"action": "review", "verdict": "false"},
        headers={**headers, "If-Match": _etag(client, seeded, claim_id)},
    )
    reviews = client.get("/api/v1/exports/claimreview", headers=headers)
    assert reviews.status_code == 200
    assert reviews.headers["content-type"].startswith("application/ld+json")
    body = reviews.json()
    assert len(body) == 1 and body[0]["@type"] == "ClaimReview"
    assert body[0]["reviewRating"]["alternateName"] == "false"
    lines = client.get("/api/v1/exports/jsonl?type=quantity", headers=headers)
    assert len(lines.text.strip().splitlines()) == 2
    table = client.get("/api/v1/exports/csv", headers=headers)
    assert table.headers["content-type"].startswith("text/csv")
    assert table.headers["X-Claimtrack-Count"] == "4"
    assert client.get("/api/v1/exports/xml", headers=headers).status_code == 422


def test_values_postgresql_refuses_are_client_errors(client: TestClient, seeded: Seeded) -> None:
    headers = seeded.bearer(Role.REVIEWER)
    for query in ("q=a%00b", "claimer=%00", "source=%00"):
        response = client.get(f"/api/v1/claims?{query}", headers=headers)
        assert response.status_code == 422, (query, response.text)
    # The connection is usable again afterwards (the failed transaction was rolled back).
    assert client.get("/api/v1/claims", headers=headers).status_code == 200
