"""The review service's errors as HTTP: their own http_status, JSON for the API, a page
for the browser."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse, RedirectResponse
from sqlalchemy.exc import DataError
from sqlalchemy.orm.exc import StaleDataError
from starlette.responses import Response

from claimtrack.errors import ClaimtrackError
from claimtrack.review.errors import VersionRequired
from claimtrack.web.deps import LoginRequired
from claimtrack.web.security import SECURITY_HEADERS
from claimtrack.web.templating import render

API_PREFIX = "/api/"


def is_api(request: Request) -> bool:
    return request.url.path.startswith(API_PREFIX)


def _status_of(exc: ClaimtrackError) -> int:
    status = getattr(exc, "http_status", None)
    if isinstance(status, int):
        return status
    from claimtrack.db import DatabaseError

    # The database being unreachable is the server's trouble, not the client's.
    return 503 if isinstance(exc, DatabaseError) else 400


def error_response(request: Request, status: int, message: str, kind: str) -> Response:
    if is_api(request):
        headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
        return JSONResponse({"detail": message, "error": kind}, status, headers=headers)
    return render(
        request, "error.html", {"status": status, "message": message, "kind": kind}, status
    )


async def claimtrack_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ClaimtrackError)
    status = _status_of(exc)
    if status == 401 and not is_api(request):
        return _to_login(request)
    message = str(exc)
    if isinstance(exc, VersionRequired) and is_api(request):
        # The service's own wording names the CLI's --version; say what an HTTP client sends.
        message = (
            f"changing claim {exc.claim_id} needs the If-Match header with the ETag you read "
            f"(GET /api/v1/claims/{exc.claim_id})"
        )
    return error_response(request, status, message, type(exc).__name__)


async def stale_data(request: Request, exc: Exception) -> Response:
    # The ORM's version check fired at flush: someone changed the claim meanwhile.
    return error_response(
        request, 412, "the claim changed meanwhile: read it again and retry", "VersionConflict"
    )


async def database_refused_value(request: Request, exc: Exception) -> Response:
    # A value PostgreSQL cannot store or compare (a NUL character in a search, ...) is the
    # client's mistake, not a server error; the request's transaction is rolled back.
    return error_response(
        request, 422, "a value was refused by the database (e.g. a NUL character)", "InvalidInput"
    )


async def login_required(request: Request, exc: Exception) -> Response:
    return _to_login(request)


async def form_invalid(request: Request, exc: Exception) -> Response:
    """Pages get a readable page; the API keeps FastAPI's 422 detail."""
    assert isinstance(exc, RequestValidationError)
    if is_api(request):
        return JSONResponse({"detail": exc.errors(), "error": "InvalidInput"}, 422)
    problems = "; ".join(
        f"{'.'.join(str(p) for p in err.get('loc', ())[1:]) or 'input'}: {err.get('msg')}"
        for err in exc.errors()
    )
    return render(
        request,
        "error.html",
        {"status": 422, "message": f"invalid input: {problems}", "kind": "InvalidInput"},
        422,
    )


async def server_error(request: Request, exc: Exception) -> Response:
    """Anything unexpected: a plain 500, with the same security headers as every response.

    Starlette answers it from its outermost middleware, outside SecurityHeadersMiddleware,
    so the headers are set here; and nothing that could fail again (a template, the
    database) is used to answer.
    """
    if is_api(request):
        response: Response = JSONResponse(
            {"detail": "internal server error", "error": "InternalError"}, 500
        )
    else:
        response = PlainTextResponse("internal server error", 500)
    for name, value in SECURITY_HEADERS:
        response.headers[name.decode()] = value.decode()
    response.headers["cache-control"] = "no-store"
    return response


def _to_login(request: Request) -> Response:
    target = request.url.path
    if request.url.query:
        target += "?" + request.url.query
    if request.method != "GET":
        target = "/"
    return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)


def install(app: FastAPI) -> None:
    app.add_exception_handler(ClaimtrackError, claimtrack_error)
    app.add_exception_handler(StaleDataError, stale_data)
    app.add_exception_handler(DataError, database_refused_value)
    app.add_exception_handler(LoginRequired, login_required)
    app.add_exception_handler(RequestValidationError, form_invalid)
    app.add_exception_handler(Exception, server_error)
