"""Consistency findings on real PostgreSQL: storage, idempotent recompute, resolution on
correction, dismissal through the review workflow (events, version check), never deleted."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from claimtrack.review.corrections import Correction, correct_claim
from claimtrack.review.errors import InvalidTransition, VersionConflict, VersionRequired
from claimtrack.review.findings import dismiss_finding, findings_of_claim, list_findings
from claimtrack.store.findings import compute, refresh_findings
from models import ClaimEvent, ClaimLink, Finding, FindingClaim, FindingState
from tests.conftest import shared_path
from tests.integration.findings_support import (
    CURFEW,
    CURFEW_PUBLISHED,
    MEMBERSHIP,
    store_article,
)
from tests.integration.test_review_support import add_reviewer


def _findings(session: Session) -> list[Finding]:
    return list(session.scalars(sa.select(Finding).order_by(Finding.id)))


def test_contradiction_stored_once_however_often_checked(db_session: Session) -> None:
    claims = store_article(db_session, "membership", MEMBERSHIP)
    first = refresh_findings(db_session, [claims[0].article_id])
    assert (first.contradictions, first.agreeing, first.opened) == (1, 1, 1)
    [finding] = _findings(db_session)
    assert finding.rule == "change_percentage" and finding.state == FindingState.OPEN.value
    assert "down 25.0%" in finding.expectation
    assert finding.details["observed"]["percentage"]["text"] == "10%"
    assert finding.claim_ids == [claims[0].id]
    again = refresh_findings(db_session, [claims[0].article_id])
    assert (again.contradictions, again.opened, again.resolved) == (1, 0, 0)
    assert len(_findings(db_session)) == 1
    assert db_session.scalar(sa.select(sa.func.count()).select_from(FindingClaim)) == 1


def test_agreeing_pair_of_the_example_article_is_computed_not_stored(
    db_session: Session,
) -> None:
    path = shared_path("examples", "articles", "kashmir-hour-2019-08-30.txt")
    if not path.exists():
        pytest.skip("../shared/examples is absent")
    claims = store_article(db_session, "kashmir", path.read_text(), CURFEW_PUBLISHED)
    _, found = compute(db_session, [claims[0].article_id])
    agreeing = [f for f in found if f.rule == "elapsed_days"]
    assert [f.outcome for f in agreeing] == ["agrees", "agrees"]
    assert all("2019-08-05" in f.expectation for f in agreeing)
    summary = refresh_findings(db_session, [claims[0].article_id])
    assert (summary.agreeing, summary.contradictions) == (2, 0)
    assert _findings(db_session) == []


def test_correction_resolves_a_finding_and_a_relapse_reopens_it(db_session: Session) -> None:
    reviewer, _ = add_reviewer(db_session, "corrector")
    claims = store_article(db_session, "membership", MEMBERSHIP)
    refresh_findings(db_session, [claims[0].article_id])
    [finding] = _findings(db_session)
    wrong = claims[0]
    fixed = [v if v.get("unit") != "%" else {**v, "amount": 25} for v in wrong.values]
    correct_claim(
        db_session, reviewer, wrong.id, version=wrong.version, correction=Correction(values=fixed)
    )
    db_session.refresh(finding)
    assert finding.state == FindingState.RESOLVED.value
    back = [v if v.get("unit") != "%" else {**v, "amount": 10} for v in wrong.values]
    correct_claim(
        db_session, reviewer, wrong.id, version=wrong.version, correction=Correction(values=back)
    )
    db_session.refresh(finding)
    assert finding.state == FindingState.OPEN.value
    assert len(_findings(db_session)) == 1  # the same row, never a second one


def test_dismissal_checks_the_version_and_writes_an_event_on_each_claim(
    db_session: Session,
) -> None:
    reviewer, _ = add_reviewer(db_session, "dismisser")
    day, start = store_article(db_session, "curfew", CURFEW, CURFEW_PUBLISHED)
    refresh_findings(db_session, [day.article_id])
    [finding] = _findings(db_session)
    assert finding.rule == "elapsed_days" and finding.claim_ids == [day.id, start.id]
    with pytest.raises(VersionRequired):
        dismiss_finding(db_session, reviewer, finding.id, claim_id=day.id, version=None)
    with pytest.raises(VersionConflict):
        dismiss_finding(db_session, reviewer, finding.id, claim_id=day.id, version=day.version + 1)
    versions = (day.version, start.version)
    dismiss_finding(
        db_session, reviewer, finding.id, claim_id=day.id, version=day.version, note="a typo"
    )
    assert finding.state == FindingState.DISMISSED.value and finding.dismissed_by_id == reviewer.id
    assert (day.version, start.version) == (versions[0] + 1, versions[1] + 1)
    events = db_session.scalars(
        sa.select(ClaimEvent).where(ClaimEvent.action == "dismiss_finding").order_by(ClaimEvent.id)
    ).all()
    assert [e.claim_id for e in events] == [day.id, start.id]
    assert events[0].changes["finding"][1] == {
        "id": finding.id,
        "rule": "elapsed_days",
        "state": "dismissed",
        "note": "a typo",
    }
    assert events[0].from_status == events[0].to_status == "new"
    with pytest.raises(InvalidTransition):
        dismiss_finding(db_session, reviewer, finding.id, claim_id=day.id, version=day.version)
    # Checked again, the contradiction is still there, but the reviewer's word stands.
    refresh_findings(db_session, [day.article_id])
    assert finding.state == FindingState.DISMISSED.value
    assert [f.id for f in findings_of_claim(db_session, start.id)] == [finding.id]
    assert list_findings(db_session, state="open") == []


def test_findings_are_never_deleted(db_session: Session) -> None:
    claims = store_article(db_session, "membership", MEMBERSHIP)
    refresh_findings(db_session, [claims[0].article_id])
    with pytest.raises(DBAPIError, match="never deleted"), db_session.begin_nested():
        db_session.execute(sa.delete(FindingClaim))
    with pytest.raises(DBAPIError, match="never deleted"), db_session.begin_nested():
        db_session.execute(sa.delete(Finding))


def test_siblings_with_other_figures_and_a_sibling_rated_false(db_session: Session) -> None:
    text = "Unemployment in the region reached {} people in March, the agency said."
    [mine] = store_article(db_session, "a", text.format("42,000"))
    [theirs] = store_article(db_session, "b", text.format("48,000"))
    [rated] = store_article(db_session, "c", text.format("42,000") + " ")
    rated.verdict, rated.status = "false", "reviewed"
    for a, b in ((mine, theirs), (mine, rated)):
        db_session.add(
            ClaimLink(claim_id=a.id, kind="sibling", sibling_id=b.id, method="test", score=0.9)
        )
    db_session.flush()
    summary = refresh_findings(db_session, [mine.article_id])
    rules = sorted((f.rule, tuple(f.claim_ids)) for f in _findings(db_session))
    assert rules == [
        ("rated_false", (mine.id, rated.id)),
        ("sibling_values", (mine.id, theirs.id)),
    ]
    assert summary.by_rule == {"rated_false": 1, "sibling_values": 1}
