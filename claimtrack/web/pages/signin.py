"""Sign in with an API token (then a signed session cookie), and sign out."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from starlette.responses import Response

from claimtrack.review import auth
from claimtrack.review.errors import Unauthenticated
from claimtrack.web.deps import (
    SESSION_REVIEWER_KEY,
    SESSION_TOKEN_KEY,
    DbSession,
    PageReviewer,
    token_mark,
)
from claimtrack.web.pages.forms import SIGNED_IN_FORM, CsrfChecked, safe_next, see_other
from claimtrack.web.security import CSRF_SESSION_KEY
from claimtrack.web.templating import flash, render

router = APIRouter()


@router.get("/login")
def login_page(
    request: Request, next: Annotated[str | None, Query(max_length=2000)] = None
) -> Response:
    return render(request, "login.html", {"next": safe_next(next), "error": None})


@router.post("/login", dependencies=[CsrfChecked])
def login(
    request: Request,
    session: DbSession,
    token: Annotated[str, Form(max_length=500)] = "",
    next: Annotated[str | None, Form(max_length=2000)] = None,
) -> Response:
    try:
        reviewer = auth.authenticate(session, token)
    except Unauthenticated:
        return render(
            request,
            "login.html",
            {
                "next": safe_next(next),
                "error": "That token is not valid (or its reviewer is disabled).",
            },
            status_code=401,
        )
    # A fresh session (and CSRF token) at sign-in: nothing set before it carries over.
    request.session.clear()
    request.session[SESSION_REVIEWER_KEY] = reviewer.id
    request.session[SESSION_TOKEN_KEY] = token_mark(reviewer)
    flash(request, f"Signed in as {reviewer.name} ({reviewer.role}).")
    return see_other(safe_next(next))


@router.post("/logout", dependencies=SIGNED_IN_FORM)
def logout(request: Request, reviewer: PageReviewer) -> Response:
    request.session.clear()
    request.session.pop(CSRF_SESSION_KEY, None)
    return see_other("/login")
