"""The claim page (the claim in its article, values, history, evidence) and its forms.

Every form posts here, calls the review service, and redirects back to the claim page
(post/redirect/get). A refused change (a stale version, a wrong role, a bad value)
comes back as a message on that page; its savepoint is rolled back, so nothing of it
is stored.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import APIRouter, Form, Path, Request
from sqlalchemy.orm import Session
from starlette.responses import Response

from claimtrack.matching.links import decide_link, links_of, suggested_verdict
from claimtrack.review import corrections, queries, queue, service
from claimtrack.review.errors import InvalidInput, ReviewError
from claimtrack.review.findings import findings_of_claim
from claimtrack.review.transitions import allowed_actions
from claimtrack.web.deps import DbSession, PageReviewer
from claimtrack.web.highlight import split_at_span
from claimtrack.web.pages.forms import SIGNED_IN_FORM, see_other
from claimtrack.web.schemas import MAX_ID
from claimtrack.web.templating import flash, render
from models import Claim, ClaimType, Reviewer, Verdict

router = APIRouter()

ClaimId = Annotated[int, Path(ge=1, le=MAX_ID)]
Version = Annotated[int | None, Form(ge=0, le=2**31 - 1)]
Note = Annotated[str | None, Form(max_length=10_000)]
# Keyboard order of the verdicts: keys 1-4.
# The status buttons, in the order shown; reopen also restores a dismissed claim.
STATUS_BUTTONS = ("dismiss", "release", "reopen", "restore")
VERDICT_KEYS = [Verdict.TRUE, Verdict.FALSE, Verdict.MISLEADING, Verdict.UNVERIFIABLE]


def attempt(
    request: Request, session: Session, claim_id: int, change: Callable[[], Any], done: str
) -> Response:
    """Run one service call in a savepoint; report success or the refusal on the claim page."""
    try:
        with session.begin_nested():
            change()
    except ReviewError as exc:
        flash(request, str(exc), "error")
    else:
        flash(request, done)
    return see_other(f"/claims/{claim_id}")


@router.get("/claims/{claim_id}")
def claim_page(
    request: Request, session: DbSession, reviewer: PageReviewer, claim_id: ClaimId
) -> Response:
    claim = queries.get_claim(session, claim_id)
    article = claim.article
    siblings = list(
        session.scalars(
            sa.select(Claim.id)
            .where(Claim.article_id == claim.article_id, Claim.merged_into_id.is_(None))
            .order_by(Claim.span_start, Claim.id)
        )
    )
    at = siblings.index(claim.id) if claim.id in siblings else -1
    assignee = session.get(Reviewer, claim.assignee_id) if claim.assignee_id else None
    actions = {a.value for a in allowed_actions(claim.status, reviewer.role)}
    suggestion = suggested_verdict(session, claim_id)
    return render(
        request,
        "claim.html",
        {
            "reviewer": reviewer,
            "claim": claim,
            "article": article,
            "parts": split_at_span(article.text, claim.span_start, claim.span_end),
            "history": queries.claim_history(session, claim_id),
            "evidence": queries.claim_evidence(session, claim_id),
            "assignee": assignee,
            "actions": actions,
            "status_actions": [a for a in STATUS_BUTTONS if a in actions],
            "verdicts": [v.value for v in VERDICT_KEYS],
            "types": [t.value for t in ClaimType],
            "values_json": json.dumps(claim.values, ensure_ascii=False, indent=1),
            "prev_id": siblings[at - 1] if at > 0 else None,
            "next_id": siblings[at + 1] if 0 <= at < len(siblings) - 1 else None,
            "links": links_of(session, claim_id),
            "findings": findings_of_claim(session, claim_id),
            # An accepted fact-check's verdict pre-selects the review form; the reviewer
            # still saves (or changes) it: the verdict is never copied by itself.
            "suggestion": suggestion,
            "suggested_url": _web_url(suggestion.url if suggestion else None),
        },
    )


def _web_url(url: str | None) -> str | None:
    """A link the page may offer: http(s) only, never javascript: or a local path."""
    return url if url and url.lower().startswith(("http://", "https://")) else None


LINK_DONE = {
    "accepted": "Fact-check accepted: its verdict is suggested in the review form.",
    "rejected": "Rejected: it will not be suggested again.",
    "linked": "Linked: tracked as the same claim.",
}


@router.post("/claims/{claim_id}/links/{link_id}", dependencies=SIGNED_IN_FORM)
def decide(
    request: Request,
    session: DbSession,
    reviewer: PageReviewer,
    claim_id: ClaimId,
    link_id: Annotated[int, Path(ge=1, le=MAX_ID)],
    decision: Annotated[str, Form(max_length=16)] = "",
    version: Version = None,
    note: Note = None,
) -> Response:
    """Accept or reject a fact-check, link or reject a sibling (checked against the version
    the page was read at, like every other form here)."""
    return attempt(
        request,
        session,
        claim_id,
        lambda: decide_link(
            session,
            reviewer,
            claim_id,
            link_id,
            decision,
            version=version,
            note=note.strip() if note and note.strip() else None,
        ),
        LINK_DONE.get(decision, "Done."),
    )


@router.post("/claims/{claim_id}/review", dependencies=SIGNED_IN_FORM)
def review(
    request: Request,
    session: DbSession,
    reviewer: PageReviewer,
    claim_id: ClaimId,
    verdict: Annotated[str, Form(max_length=32)] = "",
    version: Version = None,
    note: Note = None,
    evidence_url: Annotated[str | None, Form(max_length=2000)] = None,
) -> Response:
    urls = [evidence_url.strip()] if evidence_url and evidence_url.strip() else []
    return attempt(
        request,
        session,
        claim_id,
        lambda: service.review_claim(
            session,
            reviewer,
            claim_id,
            version=version,
            verdict=verdict,
            note=note,
            evidence_urls=urls,
        ),
        f"Reviewed: {verdict}.",
    )


@router.post("/claims/{claim_id}/status", dependencies=SIGNED_IN_FORM)
def change_status(
    request: Request,
    session: DbSession,
    reviewer: PageReviewer,
    claim_id: ClaimId,
    action: Annotated[str, Form(max_length=32)] = "",
    version: Version = None,
    note: Note = None,
) -> Response:
    changes: dict[str, Callable[[], Any]] = {
        "dismiss": lambda: service.dismiss_claim(
            session, reviewer, claim_id, version=version, note=note
        ),
        "reopen": lambda: service.reopen_claim(
            session, reviewer, claim_id, version=version, note=note
        ),
        "release": lambda: queue.release_claim(session, reviewer, claim_id, version=version),
    }
    change = changes.get(action)
    if change is None:
        raise InvalidInput(f"unknown action {action!r}")
    return attempt(request, session, claim_id, change, f"Done: {action}.")


@router.post("/claims/{claim_id}/evidence", dependencies=SIGNED_IN_FORM)
def add_evidence(
    request: Request,
    session: DbSession,
    reviewer: PageReviewer,
    claim_id: ClaimId,
    version: Version = None,
    url: Annotated[str | None, Form(max_length=2000)] = None,
    note: Note = None,
) -> Response:
    return attempt(
        request,
        session,
        claim_id,
        lambda: service.add_evidence(
            session,
            reviewer,
            claim_id,
            version=version,
            url=url.strip() if url and url.strip() else None,
            note=note,
        ),
        "Evidence added.",
    )


def _parse_values(text: str | None) -> list[dict[str, Any]] | None:
    if text is None or not text.strip():
        return None
    try:
        values = json.loads(text)
    except ValueError as exc:
        raise InvalidInput(f"values are not valid JSON: {exc}") from None
    if not isinstance(values, list):
        raise InvalidInput("values must be a JSON list of objects")
    return values


def _int_or_none(text: str | None) -> int | None:
    if text is None or not text.strip():
        return None
    if not text.strip().isdigit() or len(text.strip()) > 9:
        raise InvalidInput(f"{text!r} is not an offset")
    return int(text)


def locate_selection(
    article_text: str, start: int, end: int, selected: str | None
) -> tuple[int, int]:
    """The span the reviewer selected. The browser's offsets are checked against the text it
    sent; when they disagree (line endings the browser normalised), the nearest occurrence
    of the selected text wins. InvalidInput when it is not in the article at all."""
    if not selected or article_text[start:end] == selected:
        return start, end
    occurrences = []
    at = article_text.find(selected)
    while at >= 0:
        occurrences.append(at)
        at = article_text.find(selected, at + 1)
    if not occurrences:
        raise InvalidInput("the selected text is not in the article: select it again")
    best = min(occurrences, key=lambda o: abs(o - start))
    return best, best + len(selected)


@router.post("/claims/{claim_id}/correct", dependencies=SIGNED_IN_FORM)
def correct(
    request: Request,
    session: DbSession,
    reviewer: PageReviewer,
    claim_id: ClaimId,
    version: Version = None,
    start: Annotated[str | None, Form(max_length=12)] = None,
    end: Annotated[str | None, Form(max_length=12)] = None,
    selected_text: Annotated[str | None, Form(max_length=100_000)] = None,
    type: Annotated[str | None, Form(max_length=16)] = None,
    claimer: Annotated[str | None, Form(max_length=500)] = None,
    values: Annotated[str | None, Form(max_length=20_000)] = None,
    note: Note = None,
) -> Response:
    def change() -> Claim:
        claim = queries.get_claim(session, claim_id)
        span_start, span_end = _int_or_none(start), _int_or_none(end)
        if span_start is not None and span_end is not None:
            span_start, span_end = locate_selection(
                claim.article.text, span_start, span_end, selected_text
            )
        parsed_values = _parse_values(values)
        new_claimer = claimer.strip() if claimer is not None else None
        correction = corrections.Correction(
            start=span_start,
            end=span_end,
            type=type if type and type != claim.type else None,
            values=parsed_values if parsed_values != claim.values else None,
            claimer=new_claimer if new_claimer and new_claimer != claim.claimer else None,
            clear_claimer=new_claimer == "" and claim.claimer is not None,
        )
        if correction.is_empty():
            raise InvalidInput("nothing to correct: change the span, type, values or claimer")
        return corrections.correct_claim(
            session, reviewer, claim_id, version=version, correction=correction, note=note
        )

    return attempt(request, session, claim_id, change, "Claim corrected.")


@router.post("/articles/{article_id}/claims", dependencies=SIGNED_IN_FORM)
def add_claim(
    request: Request,
    session: DbSession,
    reviewer: PageReviewer,
    article_id: Annotated[int, Path(ge=1, le=MAX_ID)],
    start: Annotated[str, Form(max_length=12)] = "",
    end: Annotated[str, Form(max_length=12)] = "",
    selected_text: Annotated[str | None, Form(max_length=100_000)] = None,
    type: Annotated[str, Form(max_length=16)] = "statement",
    claimer: Annotated[str | None, Form(max_length=500)] = None,
    note: Note = None,
    back_to: Annotated[int | None, Form(ge=1, le=MAX_ID)] = None,
) -> Response:
    from models import Article

    created: list[Claim] = []

    def change() -> None:
        article = session.get(Article, article_id)
        span_start, span_end = _int_or_none(start), _int_or_none(end)
        if article is None or span_start is None or span_end is None:
            raise InvalidInput("select the claim's text in the article first")
        span_start, span_end = locate_selection(article.text, span_start, span_end, selected_text)
        created.append(
            corrections.add_claim(
                session,
                reviewer,
                article_id,
                start=span_start,
                end=span_end,
                type=type,
                claimer=claimer.strip() if claimer and claimer.strip() else None,
                note=note,
            )
        )

    try:
        with session.begin_nested():
            change()
    except ReviewError as exc:
        flash(request, str(exc), "error")
        return see_other(f"/claims/{back_to}" if back_to else f"/articles/{article_id}")
    flash(request, "Claim added.")
    return see_other(f"/claims/{created[0].id}")
