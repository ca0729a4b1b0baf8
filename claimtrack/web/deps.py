"""Request dependencies: one unit of work per request, and who is asking.

The API authenticates by Bearer token only (never by cookie, so it needs no CSRF
defence); the HTML pages by the signed session cookie set at sign-in.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from claimtrack.review import auth
from claimtrack.review.errors import Unauthenticated
from models import Reviewer

SESSION_REVIEWER_KEY = "reviewer_id"
SESSION_TOKEN_KEY = "token_hash"


class SessionSource:
    """Makes the engine on first use, so creating the app never touches the database."""

    def __init__(self, engine: Engine | None) -> None:
        self._engine = engine
        self._factory: sessionmaker[Session] | None = None
        self._lock = threading.Lock()

    def factory(self) -> sessionmaker[Session]:
        if self._factory is None:
            with self._lock:
                if self._factory is None:
                    from claimtrack import db

                    self._factory = db.session_factory(self._engine or db.get_engine())
        return self._factory


def get_session(request: Request) -> Iterator[Session]:
    """A transaction per request: committed when the handler returns, rolled back if it raises."""
    source: SessionSource = request.app.state.session_source
    with source.factory()() as session, session.begin():
        yield session


# scope="function": the commit happens before the response is sent, so a client that
# sees 200 can rely on the change being stored (and a failed commit is its error).
DbSession = Annotated[Session, Depends(get_session, scope="function")]

_bearer = HTTPBearer(auto_error=False, description="A reviewer's API token.")


def api_reviewer(
    session: DbSession,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Reviewer:
    if credentials is None or not credentials.credentials.strip():
        raise Unauthenticated("no API token: send the header Authorization: Bearer <token>")
    return auth.authenticate(session, credentials.credentials)


ApiReviewer = Annotated[Reviewer, Depends(api_reviewer)]


class LoginRequired(Exception):
    """No valid browser session: the page handler answers with a redirect to sign-in."""


def page_reviewer(request: Request, session: DbSession) -> Reviewer:
    """The signed-in reviewer; the session ends if the reviewer was disabled or re-tokened."""
    reviewer_id = request.session.get(SESSION_REVIEWER_KEY)
    token_hash = request.session.get(SESSION_TOKEN_KEY)
    reviewer = session.get(Reviewer, reviewer_id) if isinstance(reviewer_id, int) else None
    if reviewer is None or not reviewer.active or token_mark(reviewer) != token_hash:
        request.session.pop(SESSION_REVIEWER_KEY, None)
        request.session.pop(SESSION_TOKEN_KEY, None)
        raise LoginRequired
    return reviewer


def token_mark(reviewer: Reviewer) -> str:
    """A short mark of the reviewer's current token, kept in the session: a new token
    (rotation) ends old sessions. Only part of the hash, so the cookie reveals little."""
    return reviewer.token_hash[:16]


PageReviewer = Annotated[Reviewer, Depends(page_reviewer)]
