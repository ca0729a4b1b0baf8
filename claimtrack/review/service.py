"""Review actions on one claim: verdicts, dismissal, reopening, notes and evidence.

Each takes the caller's Session and the acting Reviewer, checks the version the caller
read and the transition table, writes one claim_event, and returns the updated Claim.
None commits: the caller's unit of work does, or rolls everything back.
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlsplit

from sqlalchemy.orm import Session

from claimtrack.review.changes import (
    Changes,
    assignment_length,
    change_claim,
    check_version,
    load_claim,
    utcnow,
)
from claimtrack.review.errors import InvalidInput
from claimtrack.review.transitions import Action, target_status
from models import Claim, ClaimStatus, Evidence, Reviewer, Verdict

MAX_NOTE_LENGTH = 10_000
MAX_URL_LENGTH = 2_000


def parse_verdict(verdict: str | Verdict) -> Verdict:
    try:
        return Verdict(str(verdict).strip().lower())
    except ValueError:
        allowed = ", ".join(v.value for v in Verdict)
        raise InvalidInput(f"unknown verdict {verdict!r}; expected one of {allowed}") from None


def clean_note(note: str | None) -> str | None:
    if note is None or not note.strip():
        return None
    if len(note) > MAX_NOTE_LENGTH:
        raise InvalidInput(f"a note is at most {MAX_NOTE_LENGTH} characters")
    return note.strip()


def check_url(url: str) -> str:
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or len(url) > MAX_URL_LENGTH:
        raise InvalidInput(f"evidence URL {url!r} is not an http(s) URL")
    return url


def _attach_evidence(
    session: Session, claim: Claim, actor: Reviewer, urls: Sequence[str]
) -> Changes:
    for url in urls:
        session.add(Evidence(claim_id=claim.id, reviewer_id=actor.id, url=url))
    return {"evidence": [None, list(urls)]} if urls else {}


def review_claim(
    session: Session,
    actor: Reviewer,
    claim_id: int,
    *,
    version: int | None,
    verdict: str | Verdict,
    note: str | None = None,
    evidence_urls: Sequence[str] = (),
) -> Claim:
    """Set the verdict: new or in_review -> reviewed, with optional note and evidence links."""
    parsed = parse_verdict(verdict)
    urls = [check_url(u) for u in evidence_urls]
    note = clean_note(note)

    def mutate(claim: Claim) -> Changes:
        claim.verdict = parsed.value
        return _attach_evidence(session, claim, actor, urls)

    return change_claim(session, actor, claim_id, version, Action.REVIEW, mutate=mutate, note=note)


def dismiss_claim(
    session: Session,
    actor: Reviewer,
    claim_id: int,
    *,
    version: int | None,
    note: str | None = None,
) -> Claim:
    """Not check-worthy: new or in_review -> dismissed."""
    return change_claim(session, actor, claim_id, version, Action.DISMISS, note=clean_note(note))


def reopen_claim(
    session: Session,
    actor: Reviewer,
    claim_id: int,
    *,
    version: int | None,
    note: str | None = None,
) -> Claim:
    """Editors: a reviewed claim goes back to in_review, held by the editor (its verdict
    cleared, kept in the history); a dismissed one back to new. A claim dismissed by a
    merge leaves the merge: the claim it was merged into gives back what it took."""
    from claimtrack.review import unmerge

    claim = load_claim(session, claim_id)
    action = Action.RESTORE if claim.status == ClaimStatus.DISMISSED else Action.REOPEN
    survivor = None
    if action is Action.RESTORE:
        # Version and role first: a refusal must leave the survivor untouched.
        check_version(claim, version)
        target_status(action, claim.status, actor.role, claim_id=claim.id)
        survivor = unmerge.check_survivor(session, claim)
        if survivor is not None:
            unmerge.restore_survivor(session, actor, survivor, claim.id)

    def hold(reopened: Claim) -> Changes:
        # A reopened claim is in review, so someone holds it: the editor who reopened it,
        # until they review or release it or the assignment expires (then it is new).
        if action is Action.RESTORE:
            if survivor is None:
                return {}
            reopened.merged_into_id = None
            return {"merged_into_id": [survivor.id, None]}
        reopened.assignee_id = actor.id
        reopened.assigned_until = utcnow() + assignment_length()
        return {"assignee": [None, actor.id]}

    return change_claim(
        session, actor, claim_id, version, action, mutate=hold, note=clean_note(note), claim=claim
    )


def add_note(
    session: Session, actor: Reviewer, claim_id: int, *, version: int | None, note: str
) -> Claim:
    """A note on the claim (the latest is the claim's `note`; all are in its history)."""
    cleaned = clean_note(note)
    if cleaned is None:
        raise InvalidInput("the note is empty")
    return change_claim(session, actor, claim_id, version, Action.NOTE, note=cleaned)


def add_evidence(
    session: Session,
    actor: Reviewer,
    claim_id: int,
    *,
    version: int | None,
    url: str | None = None,
    note: str | None = None,
) -> Claim:
    """A link and/or a note backing the review; any status, any reviewer."""
    checked = check_url(url) if url else None
    cleaned = clean_note(note)
    if checked is None and cleaned is None:
        raise InvalidInput("evidence needs a URL or a note")

    def mutate(claim: Claim) -> Changes:
        session.add(Evidence(claim_id=claim.id, reviewer_id=actor.id, url=checked, note=cleaned))
        return {"evidence": [None, {"url": checked, "note": cleaned}]}

    # The evidence note is the evidence's own, not the claim's note.
    return change_claim(session, actor, claim_id, version, Action.EVIDENCE, mutate=mutate)
