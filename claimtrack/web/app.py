"""The FastAPI app: the review desk's HTML pages and the JSON API under /api/v1."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from sqlalchemy.engine import Engine
from starlette.middleware.sessions import SessionMiddleware

from claimtrack.settings import Settings, get_settings
from claimtrack.web import errors
from claimtrack.web.body_guard import BodyGuardMiddleware
from claimtrack.web.deps import SessionSource
from claimtrack.web.secret import session_secret
from claimtrack.web.security import SecurityHeadersMiddleware
from claimtrack.web.templating import STATIC_DIR

API_TITLE = "claimtrack API"
API_VERSION = "1"
SESSION_COOKIE = "claimtrack_session"
SESSION_MAX_AGE_SECONDS = 12 * 3600  # one working day


def create_app(
    engine: Engine | None = None, settings: Settings | None = None, *, https_only: bool = False
) -> FastAPI:
    """The app on `engine` (default: the configured database, connected on first request).

    `https_only` marks the session cookie Secure; set it behind a TLS-terminating proxy.
    """
    from claimtrack.web.api import router as api_router
    from claimtrack.web.pages import router as pages_router

    settings = settings or get_settings()
    app = FastAPI(
        title=API_TITLE,
        version=API_VERSION,
        description="Claims extracted from news articles, their review queue, and exports.",
        openapi_url="/api/v1/openapi.json",
        # The interactive docs load their scripts from a CDN, which the CSP (rightly) forbids.
        docs_url=None,
        redoc_url=None,
    )
    app.state.session_source = SessionSource(engine)
    app.state.settings = settings
    errors.install(app)
    app.include_router(api_router)
    app.include_router(pages_router)
    app.mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static")
    # Order: the last added runs first; headers wrap everything, sessions wrap the body
    # guard (which reads the session), and the guard runs before any route reads a body.
    app.add_middleware(
        BodyGuardMiddleware,
        max_body_bytes=settings.web_max_body_bytes,
        session_source=app.state.session_source,
    )
    app.add_middleware(
        SessionMiddleware,
        secret_key=session_secret(settings),
        session_cookie=SESSION_COOKIE,
        max_age=SESSION_MAX_AGE_SECONDS,
        same_site="lax",
        https_only=https_only,
    )
    app.add_middleware(SecurityHeadersMiddleware)
    return app
