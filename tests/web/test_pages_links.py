"""The claim page's "Checked before? / Said elsewhere" panel through a test client."""

from __future__ import annotations

import re

import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from models import ClaimEvent, ClaimLink
from tests.web.seed import Seeded
from tests.web.seed_links import FACT_CHECK_URL, add_links
from tests.web.test_pages import claim_row, sign_in


def _decision(engine: Engine, link_id: int) -> str:
    with engine.connect() as conn:
        return str(
            conn.execute(sa.select(ClaimLink.decision).where(ClaimLink.id == link_id)).one()[0]
        )


def _actions(engine: Engine, claim_id: int) -> list[str]:
    with engine.connect() as conn:
        return list(
            conn.execute(
                sa.select(ClaimEvent.action)
                .where(ClaimEvent.claim_id == claim_id)
                .order_by(ClaimEvent.id)
            ).scalars()
        )


def test_the_panel_shows_fact_checks_and_siblings_escaped(
    client: TestClient, seeded: Seeded, fresh_engine: Engine
) -> None:
    linked = add_links(fresh_engine, seeded)
    sign_in(client, seeded)
    page = client.get(f"/claims/{linked.claim_id}").text
    assert 'id="claim-links"' in page
    # Imported text is shown as text, never as markup.
    assert "&lt;b&gt;bold&lt;/b&gt;" in page and "<b>bold</b>" not in page
    assert "Example &lt;Checkers&gt;" in page and "Mostly &lt;False&gt;" in page
    assert f'href="{FACT_CHECK_URL}"' in page
    assert "score 0.83 · lexical · suggested" in page
    # The sibling: its claim page and its article.
    assert f'href="/claims/{linked.sibling_id}"' in page
    assert "score 1.00 · fingerprint · suggested" in page
    buttons = re.findall(r'action="/claims/\d+/links/(\d+)"', page)
    assert set(buttons) == {str(linked.fact_check_link_id), str(linked.sibling_link_id)}
    # Nothing accepted yet: no verdict is pre-selected.
    assert 'id="verdict-suggestion"' not in page
    assert not re.search(r'name="verdict" value="\w+" data-key="\d" required checked', page)


def test_accepting_suggests_the_verdict_and_evidence_in_the_form(
    client: TestClient, seeded: Seeded, fresh_engine: Engine
) -> None:
    linked = add_links(fresh_engine, seeded)
    csrf = sign_in(client, seeded)
    url = f"/claims/{linked.claim_id}/links/{linked.fact_check_link_id}"
    response = client.post(url, data={"csrf_token": csrf, "version": "1", "decision": "accepted"})
    assert response.status_code == 303
    assert response.headers["location"] == f"/claims/{linked.claim_id}"
    assert _decision(fresh_engine, linked.fact_check_link_id) == "accepted"
    row = claim_row(fresh_engine, linked.claim_id)
    # A suggestion only: the claim is still new, without a verdict, at a new version.
    assert (row["status"], row["verdict"], row["version"]) == ("new", None, 2)
    assert _actions(fresh_engine, linked.claim_id) == ["accept_match"]
    page = client.get(f"/claims/{linked.claim_id}").text
    assert "Fact-check accepted" in page
    assert 'id="verdict-suggestion"' in page
    assert 'value="false" data-key="2" required checked' in page
    assert (
        f'name="evidence_url" type="url" placeholder="https://…" value="{FACT_CHECK_URL}"' in page
    )

    # Linking the sibling, sent with the version the page was read at.
    sibling = f"/claims/{linked.claim_id}/links/{linked.sibling_link_id}"
    client.post(sibling, data={"csrf_token": csrf, "version": "2", "decision": "linked"})
    assert _decision(fresh_engine, linked.sibling_link_id) == "linked"
    assert _actions(fresh_engine, linked.claim_id) == ["accept_match", "link_sibling"]


def test_a_stale_or_unprotected_decision_changes_nothing(
    client: TestClient, seeded: Seeded, fresh_engine: Engine
) -> None:
    linked = add_links(fresh_engine, seeded)
    csrf = sign_in(client, seeded)
    url = f"/claims/{linked.claim_id}/links/{linked.sibling_link_id}"
    forged = client.post(url, data={"version": "1", "decision": "linked"})
    assert forged.status_code == 403
    stale = client.post(url, data={"csrf_token": csrf, "version": "7", "decision": "rejected"})
    assert stale.status_code == 303
    page = client.get(f"/claims/{linked.claim_id}").text
    assert "changed since version 7" in page
    wrong = client.post(url, data={"csrf_token": csrf, "version": "1", "decision": "accepted"})
    assert wrong.status_code == 303
    assert "only a fact-check can be accepted" in client.get(f"/claims/{linked.claim_id}").text
    assert _decision(fresh_engine, linked.sibling_link_id) == "suggested"
    assert claim_row(fresh_engine, linked.claim_id)["version"] == 1
    assert _actions(fresh_engine, linked.claim_id) == []


def test_the_queue_page_filters_already_checked_claims(
    client: TestClient, seeded: Seeded, fresh_engine: Engine
) -> None:
    linked = add_links(fresh_engine, seeded)
    sign_in(client, seeded)

    def listed(checked: str) -> set[int]:
        page = client.get(f"/queue?status=&checked={checked}").text
        return {int(i) for i in re.findall(r'<tr data-href="/claims/(\d+)"', page)}

    assert listed("checked") == {linked.claim_id}
    assert listed("unchecked") == {*seeded.claim_ids[1:], linked.sibling_id}
    assert listed("") == {*seeded.claim_ids, linked.sibling_id}
    assert 'value="checked" selected' in client.get("/queue?checked=checked").text
