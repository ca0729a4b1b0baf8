"""Consistency findings through the JSON API and the claim page: listing, dismissal with
If-Match (428, 412, then an event on every involved claim), the queue filter and boost,
and exports carrying finding ids and rules."""

from __future__ import annotations

import csv
import io
import json

import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from claimtrack.exports import export_claims
from claimtrack.review import queue
from claimtrack.review.queries import ClaimFilters
from claimtrack.store.findings import refresh_findings
from models import Claim, ClaimEvent, Reviewer, Role
from tests.integration.findings_support import CURFEW, CURFEW_PUBLISHED, store_article
from tests.web.seed import Seeded
from tests.web.test_pages import sign_in


def _curfew(engine: Engine) -> tuple[int, int]:
    """The curfew article stored and checked: its two contradicting claims' ids."""
    with Session(engine) as session, session.begin():
        day, start = store_article(session, "curfew", CURFEW, CURFEW_PUBLISHED)
        refresh_findings(session, [day.article_id])
        return day.id, start.id


def _actions(engine: Engine, claim_id: int) -> list[str]:
    with engine.connect() as conn:
        query = sa.select(ClaimEvent.action).where(ClaimEvent.claim_id == claim_id)
        return list(conn.execute(query.order_by(ClaimEvent.id)).scalars())


def test_api_lists_and_dismisses_with_if_match(
    client: TestClient, seeded: Seeded, fresh_engine: Engine
) -> None:
    day, start = _curfew(fresh_engine)
    auth = seeded.bearer(Role.REVIEWER)
    listed = client.get(f"/api/v1/claims/{day}/findings", headers=auth)
    assert listed.status_code == 200 and listed.headers["ETag"] == '"1"'
    [finding] = listed.json()
    assert finding["rule"] == "elapsed_days" and finding["state"] == "open"
    assert finding["claim_ids"] == [day, start] and "2019-08-05" in finding["expectation"]
    assert finding["observed"]["start"]["date"] == "2019-08-01"
    assert [f["id"] for f in client.get("/api/v1/findings?state=open", headers=auth).json()] == [
        finding["id"]
    ]
    url = f"/api/v1/findings/{finding['id']}/dismiss"
    body = {"claim_id": day, "note": "the curfew began on 1 August in one district"}
    assert client.post(url, json=body, headers=auth).status_code == 428
    stale = client.post(url, json=body, headers={**auth, "If-Match": '"7"'})
    assert stale.status_code == 412
    assert _actions(fresh_engine, day) == []
    done = client.post(url, json=body, headers={**auth, "If-Match": '"1"'})
    assert done.status_code == 200, done.text
    assert done.json()["state"] == "dismissed" and done.headers["ETag"] == '"2"'
    assert _actions(fresh_engine, day) == _actions(fresh_engine, start) == ["dismiss_finding"]
    again = client.post(url, json=body, headers={**auth, "If-Match": '"2"'})
    assert again.status_code == 409
    assert client.get("/api/v1/findings?state=open", headers=auth).json() == []
    assert client.get("/api/v1/findings?state=bogus", headers=auth).status_code == 422
    assert client.get("/api/v1/claims/999999/findings", headers=auth).status_code == 404


def test_claim_page_panel_and_its_dismiss_button(
    client: TestClient, seeded: Seeded, fresh_engine: Engine
) -> None:
    day, start = _curfew(fresh_engine)
    csrf = sign_in(client, seeded)
    page = client.get(f"/claims/{start}").text
    assert 'id="claim-findings"' in page and "elapsed days" in page
    assert f'href="/claims/{day}"' in page
    [finding_id] = [
        int(part.split("/")[0]) for part in page.split(f'action="/claims/{start}/findings/')[1:]
    ]
    url = f"/claims/{start}/findings/{finding_id}/dismiss"
    stale = client.post(url, data={"csrf_token": csrf, "version": "5", "note": "x"})
    assert stale.status_code == 303 and _actions(fresh_engine, start) == []
    done = client.post(url, data={"csrf_token": csrf, "version": "1", "note": "one district"})
    assert done.status_code == 303
    assert _actions(fresh_engine, start) == ["dismiss_finding"]
    page = client.get(f"/claims/{start}").text
    assert "dismissed: one district" in page and 'class="finding-dismiss"' not in page


def test_queue_filter_boost_and_exports(
    client: TestClient, seeded: Seeded, fresh_engine: Engine
) -> None:
    day, start = _curfew(fresh_engine)
    with Session(fresh_engine) as session, session.begin():
        involved = {day, start}
        listed = client.get(
            "/api/v1/claims?has_findings=true", headers=seeded.bearer(Role.REVIEWER)
        ).json()
        assert {c["id"] for c in listed["items"]} == involved
        # The seeded claims are more check-worthy; the boost still hands ours out first
        # when it lifts them above the rest.
        top = max(
            session.scalars(sa.select(Claim.checkworthiness).where(Claim.id.not_in(involved)))
        )
        for claim in session.scalars(sa.select(Claim).where(Claim.id.in_(involved))):
            claim.checkworthiness = top - queue.FINDING_BOOST / 2
        reviewer = session.scalars(sa.select(Reviewer).where(Reviewer.role == "reviewer")).first()
        assert reviewer is not None
        taken = queue.next_claim(session, reviewer, queue.QueueFilters())
        assert taken is not None and taken.id in involved
        filtered = queue.next_claim(session, reviewer, queue.QueueFilters(has_findings=False))
        assert filtered is not None and filtered.id not in involved
        out = io.StringIO()
        export_claims(session, ClaimFilters(has_findings=True), "csv", out)
        rows = list(csv.DictReader(io.StringIO(out.getvalue())))
        assert {int(r["id"]) for r in rows} == involved
        assert all(json.loads(r["finding_rules"]) == ["elapsed_days"] for r in rows)
        session.rollback()
