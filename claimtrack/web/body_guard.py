"""Request bodies: capped in size, and only read once the sender is known.

A 31.5 MB JSON POST without a token once took the web process from 139 MB to
552 MB before its 401 (838 MB with a token, before its 422): FastAPI reads and
parses the whole body before any dependency, authentication included, runs.
This ASGI middleware runs first, before anything reads the body:

- a declared Content-Length over CLAIMTRACK_WEB_MAX_BODY_BYTES is a 413 at once,
  and a body sent without one is counted as it arrives and cut off the same way;
- an API request with a body must carry a valid Bearer token (checked against
  the database, off the event loop), else 401; a page's form needs a signed-in
  session (the signed cookie), else the sign-in page. Sign-in itself is public.
"""

from __future__ import annotations

import json
from typing import Any

from anyio import to_thread
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from claimtrack.review.errors import ReviewError

BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
PUBLIC_BODY_PATHS = frozenset({"/login"})
SESSION_REVIEWER_KEY = "reviewer_id"  # as claimtrack.web.deps keeps it


class BodyTooLarge(HTTPException):
    """Raised from `receive` when a body without a declared length outgrows the cap.

    An HTTPException, so that FastAPI, which turns other errors met while reading a
    body into a 400, passes it on and it becomes a 413.
    """

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the request body is larger than the {limit:,}-byte limit")


class BodyGuardMiddleware:
    """Cap request bodies and check who sends one before it is read (see the module doc)."""

    def __init__(self, app: ASGIApp, max_body_bytes: int, session_source: Any) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.session_source = session_source

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in BODY_METHODS:
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        declared = _content_length(scope)
        if declared is not None and declared > self.max_body_bytes:
            await _answer(send, path, 413, BodyTooLarge(self.max_body_bytes).detail)
            return
        if not declared and not _chunked(scope):
            await self.app(scope, receive, send)  # no body: the route's own checks suffice
            return
        refusal = await self._refusal(scope, path)
        if refusal is not None:
            await refusal(send)
            return
        await self.app(scope, self._counting(receive), send)

    async def _refusal(self, scope: Scope, path: str) -> Any:
        """How to answer a sender who may not send a body here; None when they may."""
        if path in PUBLIC_BODY_PATHS:
            return None
        if path.startswith("/api/"):
            token = _bearer_token(scope)
            if token is None:
                message = "no API token: send the header Authorization: Bearer <token>"
                return lambda send: _answer(send, path, 401, message)
            error = await to_thread.run_sync(self._authentication_error, token)
            if error is not None:
                return lambda send: _answer(send, path, 401, error)
            return None
        if not isinstance(scope.get("session", {}).get(SESSION_REVIEWER_KEY), int):
            return _to_sign_in
        return None

    def _authentication_error(self, token: str) -> str | None:
        from claimtrack.review import auth

        try:
            with self.session_source.factory()() as session:
                auth.authenticate(session, token)
        except ReviewError as error:
            return str(error)
        return None

    def _counting(self, receive: Receive) -> Receive:
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body_bytes:
                    raise BodyTooLarge(self.max_body_bytes)
            return message

        return counted


def _content_length(scope: Scope) -> int | None:
    for name, value in scope["headers"]:
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def _chunked(scope: Scope) -> bool:
    return any(
        name == b"transfer-encoding" and b"chunked" in value.lower()
        for name, value in scope["headers"]
    )


def _bearer_token(scope: Scope) -> str | None:
    for name, value in scope["headers"]:
        if name == b"authorization":
            header: str = bytes(value).decode("latin-1")
            scheme, _, token = header.partition(" ")
            if scheme.lower() == "bearer" and token.strip():
                return token.strip()
    return None


async def _answer(send: Send, path: str, status: int, message: str) -> None:
    """The app's own error shape: JSON under /api/, plain text for pages."""
    kind = {401: "Unauthenticated", 413: "PayloadTooLarge"}.get(status, "Error")
    headers = [(b"connection", b"close")]  # the unread body is not worth draining
    if path.startswith("/api/"):
        body = json.dumps({"detail": message, "error": kind}).encode()
        headers.append((b"content-type", b"application/json"))
        if status == 401:
            headers.append((b"www-authenticate", b"Bearer"))
    else:
        body = message.encode()
        headers.append((b"content-type", b"text/plain; charset=utf-8"))
    headers.append((b"content-length", str(len(body)).encode()))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _to_sign_in(send: Send) -> None:
    # Where the page's own check would send a signed-out form (claimtrack.web.errors).
    location = b"/login?next=%2F"
    headers = [(b"location", location), (b"content-length", b"0"), (b"connection", b"close")]
    await send({"type": "http.response.start", "status": 303, "headers": headers})
    await send({"type": "http.response.body", "body": b""})
