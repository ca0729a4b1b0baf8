"""The review desk's HTML pages (server-rendered; session cookie; CSRF on every form)."""

from fastapi import APIRouter

from claimtrack.web.pages import articles, claims, dashboard, exports, findings, queue, signin

router = APIRouter(include_in_schema=False)
router.include_router(signin.router)
router.include_router(dashboard.router)
router.include_router(queue.router)
router.include_router(claims.router)
router.include_router(findings.router)
router.include_router(articles.router)
router.include_router(exports.router)

__all__ = ["router"]
