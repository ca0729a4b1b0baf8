"""The JSON API under /api/v1: Bearer-token auth on every route."""

from fastapi import APIRouter

from claimtrack.web.api import articles, claims, exports, findings, links, me, queue
from claimtrack.web.schemas import ErrorOut

_ERRORS: dict[int | str, dict[str, object]] = {
    401: {"model": ErrorOut, "description": "No token, or not a valid one."},
}

router = APIRouter(prefix="/api/v1", responses=_ERRORS)
router.include_router(me.router)
router.include_router(claims.router)
router.include_router(links.router)
router.include_router(findings.router)
router.include_router(queue.router)
router.include_router(articles.router)
router.include_router(exports.router)

__all__ = ["router"]
