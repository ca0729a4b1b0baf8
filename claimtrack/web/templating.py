"""Jinja2 templates (autoescaped) and the values every page needs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates
from starlette.responses import Response

from claimtrack.web.security import csrf_token

TEMPLATE_DIR = Path(__file__).parent / "templates"
STATIC_DIR = Path(__file__).parent / "static"

templates = Jinja2Templates(directory=str(TEMPLATE_DIR))
# Autoescape is on for .html by default; set it for every template so no file escapes it.
templates.env.autoescape = True


def _percent(value: float | None) -> str:
    return "" if value is None else f"{value * 100:.0f}"


templates.env.filters["percent"] = _percent


def render(
    request: Request, name: str, context: dict[str, Any] | None = None, status_code: int = 200
) -> Response:
    values: dict[str, Any] = {
        "csrf_token": csrf_token(request.session),
        "flash": request.session.pop("flash", None),
    }
    values.update(context or {})
    return templates.TemplateResponse(request, name, values, status_code=status_code)


def flash(request: Request, message: str, kind: str = "ok") -> None:
    """A one-line message shown on the next page (after a redirect)."""
    request.session["flash"] = {"message": message, "kind": kind}
