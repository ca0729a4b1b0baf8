"""What every form handler shares: the CSRF check and the redirect after a POST."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Form, Request
from fastapi.responses import RedirectResponse

from claimtrack.review.errors import Forbidden
from claimtrack.web.deps import page_reviewer
from claimtrack.web.security import CSRF_FORM_FIELD, csrf_matches


def check_csrf(
    request: Request, csrf_token: Annotated[str | None, Form(alias=CSRF_FORM_FIELD)] = None
) -> None:
    if not csrf_matches(request.session, csrf_token):
        raise Forbidden(
            "the form expired or did not come from this site: reload the page and retry"
        )


CsrfChecked = Depends(check_csrf)
# Sign-in first: a request without a session is sent to sign in, not told about CSRF.
SIGNED_IN_FORM = [Depends(page_reviewer), CsrfChecked]


def see_other(url: str) -> RedirectResponse:
    """Post/redirect/get: reloading the page never submits the form again."""
    return RedirectResponse(url, status_code=303)


def safe_next(target: str | None) -> str:
    """Only local paths: a crafted ?next= must not send a signed-in reviewer elsewhere."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target
