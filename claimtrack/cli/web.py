"""`claimtrack web`: the review desk and the JSON API, served by uvicorn."""

from __future__ import annotations

import typer

from claimtrack.errors import ClaimtrackError


def register(app: typer.Typer) -> None:
    app.command("web")(web)


def web(
    host: str | None = typer.Option(None, help="Address to listen on (default: settings)."),
    port: int | None = typer.Option(
        None, min=1, max=65535, help="Port to listen on (default: settings)."
    ),
    workers: int = typer.Option(1, min=1, max=64, help="Worker processes."),
) -> None:
    """Serve the review desk (HTML) and the API (/api/v1) on the configured database."""
    import uvicorn

    from claimtrack import db
    from claimtrack.settings import get_settings

    settings = get_settings()
    # Fail now with one clear line, not on the first request: database reachable, schema current.
    db.get_engine()
    bind_host = host or settings.web_host
    bind_port = port or settings.web_port
    typer.echo(f"claimtrack web on http://{bind_host}:{bind_port}/ (API: /api/v1)")
    try:
        uvicorn.run(
            "claimtrack.web.app:create_app",
            factory=True,
            host=bind_host,
            port=bind_port,
            workers=workers,
            log_level="info",
            proxy_headers=False,
        )
    except OSError as exc:  # e.g. the port is taken
        raise ClaimtrackError(f"cannot listen on {bind_host}:{bind_port}: {exc}") from None
