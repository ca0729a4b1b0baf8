"""Reading consistency findings, and a reviewer's dismissal of one (issue 17).

Dismissal goes through the review workflow: the version of the claim the reviewer
was looking at is checked, and every claim the finding involves gets a claim_event,
all in the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from claimtrack.review.changes import Changes, change_claim, load_claim, utcnow
from claimtrack.review.errors import InvalidInput, InvalidTransition, NotFound
from claimtrack.review.queries import MAX_LIMIT
from claimtrack.review.transitions import Action
from models import Claim, Finding, FindingClaim, FindingState, Reviewer


def _check_state(state: str | None) -> None:
    if state is not None and state not in {s.value for s in FindingState}:
        names = ", ".join(s.value for s in FindingState)
        raise InvalidInput(f"unknown finding state {state!r}; expected one of {names}")


def get_finding(session: Session, finding_id: int) -> Finding:
    finding = session.get(Finding, finding_id, options=[selectinload(Finding.claims)])
    if finding is None:
        raise NotFound(f"no finding {finding_id}")
    return finding


def findings_of_claim(session: Session, claim_id: int, state: str | None = None) -> list[Finding]:
    """The claim's findings, open ones first, newest first; NotFound for no such claim."""
    _check_state(state)
    load_claim(session, claim_id)
    query = (
        sa.select(Finding)
        .join(FindingClaim, FindingClaim.finding_id == Finding.id)
        .where(FindingClaim.claim_id == claim_id)
        .options(selectinload(Finding.claims))
        .order_by((Finding.state != FindingState.OPEN.value).asc(), Finding.id.desc())
    )
    if state is not None:
        query = query.where(Finding.state == state)
    return list(session.scalars(query))


def list_findings(
    session: Session,
    *,
    state: str | None = None,
    article_id: int | None = None,
    rule: str | None = None,
    limit: int | None = 100,
    after_id: int | None = None,
) -> list[Finding]:
    """Findings by id (ascending, so `after_id` pages through them), optionally of one
    state, rule or article (any of its claims)."""
    _check_state(state)
    if limit is not None and not 0 < limit <= MAX_LIMIT:
        raise InvalidInput(f"limit must be between 1 and {MAX_LIMIT}")
    query = sa.select(Finding).options(selectinload(Finding.claims)).order_by(Finding.id)
    if state is not None:
        query = query.where(Finding.state == state)
    if rule is not None:
        query = query.where(Finding.rule == rule)
    if after_id is not None:
        query = query.where(Finding.id > after_id)
    if article_id is not None:
        in_article = (
            sa.select(FindingClaim.finding_id)
            .join(Claim, Claim.id == FindingClaim.claim_id)
            .where(Claim.article_id == article_id)
        )
        query = query.where(Finding.id.in_(in_article))
    if limit is not None:
        query = query.limit(limit)
    return list(session.scalars(query))


def finding_refs(session: Session, claim_ids: Sequence[int]) -> dict[int, list[Finding]]:
    """Each claim's open findings, for lists and exports: one query for a batch."""
    rows = session.execute(
        sa.select(FindingClaim.claim_id, Finding)
        .join(Finding, Finding.id == FindingClaim.finding_id)
        .where(
            FindingClaim.claim_id.in_(list(claim_ids)),
            Finding.state == FindingState.OPEN.value,
        )
        .order_by(Finding.id)
    ).all()
    refs: dict[int, list[Finding]] = {}
    for claim_id, finding in rows:
        refs.setdefault(claim_id, []).append(finding)
    return refs


def dismiss_finding(
    session: Session,
    actor: Reviewer,
    finding_id: int,
    *,
    claim_id: int | None,
    version: int | None,
    note: str | None = None,
) -> Finding:
    """Dismiss an open finding: no contradiction after all (or not worth a check).

    `claim_id` is the claim the reviewer read it on (default: its first) and `version`
    that claim's version, checked like every change; each other involved claim is
    changed at its current version, under a row lock. Every involved claim gets a
    DISMISS_FINDING event naming the finding and its rule."""
    finding = session.scalars(
        sa.select(Finding).where(Finding.id == finding_id).with_for_update()
    ).first()
    if finding is None:
        raise NotFound(f"no finding {finding_id}")
    involved = [link.claim_id for link in finding.claims]
    chosen = claim_id if claim_id is not None else involved[0]
    if chosen not in involved:
        raise NotFound(f"finding {finding_id} does not involve claim {chosen}")
    if finding.state != FindingState.OPEN.value:
        raise InvalidTransition(f"finding {finding_id} is {finding.state}: only open ones")
    before = finding.state

    after = {"id": finding_id, "rule": finding.rule, "state": "dismissed", "note": note}

    def mutate(_: Claim) -> Changes:
        # The reason goes on the event, not into the claim's own note.
        return {"finding": [{"id": finding_id, "rule": finding.rule, "state": before}, after]}

    change_claim(session, actor, chosen, version, Action.DISMISS_FINDING, mutate=mutate)
    for other_id in involved:
        if other_id == chosen:
            continue
        other = session.scalars(
            sa.select(Claim).where(Claim.id == other_id).with_for_update()
        ).one()
        change_claim(
            session,
            actor,
            other_id,
            other.version,
            Action.DISMISS_FINDING,
            mutate=mutate,
            claim=other,
        )
    finding.state = FindingState.DISMISSED.value
    finding.dismissed_by_id = actor.id
    finding.dismissed_at = utcnow()
    finding.note = note
    session.flush()
    return finding
