"""The queue page: open claims, most check-worthy first, with filters; take the next one."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from starlette.responses import Response

from claimtrack.review import queue
from claimtrack.review.queries import ClaimFilters
from claimtrack.web.deps import DbSession, PageReviewer
from claimtrack.web.highlight import context_window
from claimtrack.web.listing import ClaimListSort, claim_page
from claimtrack.web.pages.forms import SIGNED_IN_FORM, see_other
from claimtrack.web.schemas import MAX_ID
from claimtrack.web.templating import flash, render
from models import ClaimStatus, ClaimType

router = APIRouter()
PAGE_SIZE = 50
# The "Checked before?" filter: its form values and what ClaimFilters.checked they mean.
CHECKED_CHOICES = {"checked": True, "unchecked": False}
# The "Consistency" filter: claims with an open finding, or without one.
FINDINGS_CHOICES = {"findings": True, "none": False}


def _none_if_blank(value: str | None) -> str | None:
    return value.strip() if value and value.strip() else None


@router.get("/queue")
def queue_page(
    request: Request,
    session: DbSession,
    reviewer: PageReviewer,
    status: Annotated[str | None, Query(max_length=16)] = ClaimStatus.NEW.value,
    type: Annotated[str | None, Query(max_length=16)] = None,
    min_checkworthiness: Annotated[str | None, Query(max_length=8)] = None,
    q: Annotated[str | None, Query(max_length=500)] = None,
    claimer: Annotated[str | None, Query(max_length=500)] = None,
    checked: Annotated[str | None, Query(max_length=16)] = None,
    findings: Annotated[str | None, Query(max_length=16)] = None,
    cursor: Annotated[str | None, Query(max_length=500)] = None,
) -> Response:
    # Empty form fields arrive as "": they mean "any", not a bad value.
    minimum = _none_if_blank(min_checkworthiness)
    filters = ClaimFilters(
        status=_none_if_blank(status),
        type=_none_if_blank(type),
        min_checkworthiness=float(minimum) if minimum and _is_number(minimum) else None,
        search=_none_if_blank(q),
        claimer=_none_if_blank(claimer),
        checked=CHECKED_CHOICES.get(checked or ""),
        has_findings=FINDINGS_CHOICES.get(findings or ""),
    )
    page = claim_page(
        session,
        filters,
        ClaimListSort.checkworthiness_desc,
        PAGE_SIZE,
        cursor,
        with_article_titles=True,
    )
    rows = [(c, context_window(c.sentence, *_in_sentence(c.sentence, c.text))) for c in page.items]
    query = {
        "status": filters.status or "",
        "type": filters.type or "",
        "min_checkworthiness": minimum or "",
        "q": filters.search or "",
        "claimer": filters.claimer or "",
        "checked": checked if checked in CHECKED_CHOICES else "",
        "findings": findings if findings in FINDINGS_CHOICES else "",
    }
    return render(
        request,
        "queue.html",
        {
            "reviewer": reviewer,
            "rows": rows,
            "next_cursor": page.next_cursor,
            "filters": query,
            "statuses": [s.value for s in ClaimStatus],
            "types": [t.value for t in ClaimType],
        },
    )


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _in_sentence(sentence: str, text: str) -> tuple[int, int]:
    """Where the claim's text sits in its sentence (for the excerpt), else the whole of it."""
    at = sentence.find(text)
    return (at, at + len(text)) if at >= 0 else (0, len(sentence))


@router.post("/queue/next", dependencies=SIGNED_IN_FORM)
def take_next(
    request: Request,
    session: DbSession,
    reviewer: PageReviewer,
    type: Annotated[str | None, Form(max_length=16)] = None,
    min_checkworthiness: Annotated[str | None, Form(max_length=8)] = None,
    claimer: Annotated[str | None, Form(max_length=500)] = None,
    article_id: Annotated[int | None, Form(ge=1, le=MAX_ID)] = None,
    findings: Annotated[str | None, Form(max_length=16)] = None,
) -> Response:
    minimum = _none_if_blank(min_checkworthiness)
    filters = queue.QueueFilters(
        type=_none_if_blank(type),
        article_id=article_id,
        min_checkworthiness=float(minimum) if minimum and _is_number(minimum) else None,
        claimer=_none_if_blank(claimer),
        has_findings=FINDINGS_CHOICES.get(findings or ""),
    )
    claim = queue.next_claim(session, reviewer, filters)
    if claim is None:
        flash(request, "Nothing left to review with these filters.", "info")
        return see_other("/queue")
    return see_other(f"/claims/{claim.id}")
