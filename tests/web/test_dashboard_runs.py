"""The dashboard says a run's counts in words, not as raw dicts (issue 12, item 8)."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from claimtrack.store import finish_run, start_run
from claimtrack.web.run_counts import describe_counts
from tests.web.seed import Seeded
from tests.web.test_pages import sign_in

COUNTS = {
    "articles_new": 3,
    "articles_unchanged": 0,
    "claims_new": 9,
    "claims_kept": 2,
    "claims_by_type": {"quantity": {"new": 5, "kept": 1}, "date": {"new": 4}},
    "errors": 0,
}


def test_counts_in_words() -> None:
    assert describe_counts(COUNTS) == [
        "articles: 3 new",
        "claims: 9 new, 2 kept",
        "new by type: quantity 5, date 4",
    ]
    assert describe_counts({}) == []


def test_the_dashboard_shows_no_raw_dict(
    client: TestClient, seeded: Seeded, fresh_engine: Engine
) -> None:
    with Session(fresh_engine) as session, session.begin():
        run_id = start_run(session, source="wire", extractor_version="x", flow_run_id=None)
        finish_run(session, run_id, counts=COUNTS, errors=[])
    sign_in(client, seeded)
    page = client.get("/").text
    assert "new by type: quantity 5, date 4" in page
    assert "{" not in page.split("Latest pipeline runs")[1].split("</table>")[0]
