"""`claimtrack run`, `claimtrack serve` and `claimtrack reextract`: the pipeline from the CLI.

Prefect, SQLAlchemy and the flows are imported inside the commands: importing
Prefect alone takes seconds, which `claimtrack extract` must not pay.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from claimtrack.cli.termination import sigterm_stops_the_command, terminating
from claimtrack.errors import ClaimtrackError

if TYPE_CHECKING:
    from rich.console import Console

    from claimtrack.sources.options import ReadOptions

SERVER_START_TIMEOUT_SECONDS = 120.0
MAX_ERRORS_SHOWN = 20


def run(
    sources: list[str] = typer.Argument(
        ..., metavar="PATH|URL...", help="Files, folders, .jsonl dumps, feed files or feed URLs."
    ),
    published: str | None = typer.Option(
        None, "--published", metavar="YYYY-MM-DD", help="Date for articles that carry none."
    ),
    batch_size: int = typer.Option(200, min=1, max=5000, help="Articles per task."),
    workers: int | None = typer.Option(
        None, min=1, help="Extraction processes (default: one per CPU)."
    ),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Show Prefect's logs."),
    include: list[str] = typer.Option(
        [],
        "--include",
        metavar="GLOB",
        help="Read only a folder's files matching GLOB (repeatable; e.g. '*.txt').",
    ),
    exclude: list[str] = typer.Option(
        [], "--exclude", metavar="GLOB", help="Skip a folder's files matching GLOB (repeatable)."
    ),
    encoding: str | None = typer.Option(
        None,
        "--encoding",
        metavar="NAME",
        help="Read text files that are not UTF-8 in this encoding (e.g. cp1252).",
    ),
) -> None:
    """Read the sources, store new and changed articles, extract and store their claims.

    A folder's README, LICENSE, CHANGELOG and similar files are not articles and are
    skipped unless --include names them.
    """
    from claimtrack.cli.progress import run_progress
    from claimtrack.cli.run_report import print_source_notes
    from claimtrack.sources.count import count_items

    publication_date = _parse_date(published)
    options = _read_options(include, exclude, encoding)
    for source in sources:
        _check_source(source)
    started = time.monotonic()
    with sigterm_stops_the_command("the run"), _prefect_session(verbose) as console:
        from flows.pipeline import pipeline

        counted = list(sources)
        with run_progress(
            console, "articles", count=lambda: count_items(counted, options), every=batch_size
        ):
            result = _call_flow(
                lambda: pipeline(
                    sources=list(sources),
                    published=publication_date,
                    batch_size=batch_size,
                    workers=workers,
                    include=list(include),
                    exclude=list(exclude),
                    encoding=encoding,
                )
            )
    _print_summary(result, time.monotonic() - started, lambda: print_source_notes(result, encoding))


def reextract(
    everything: bool = typer.Option(
        False, "--all", help="Every stored article, not only those of another extractor version."
    ),
    batch_size: int = typer.Option(200, min=1, max=5000, help="Articles per task."),
    workers: int | None = typer.Option(None, min=1, help="Extraction processes."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Show Prefect's logs."),
) -> None:
    """Extract stored articles again with this extractor version; reviews are kept."""
    from claimtrack.cli.progress import run_progress

    started = time.monotonic()
    with sigterm_stops_the_command("the run"), _prefect_session(verbose) as console:
        from flows.pipeline import count_to_reextract
        from flows.pipeline import reextract as reextract_flow

        with run_progress(
            console, "articles", count=lambda: count_to_reextract(everything), every=batch_size
        ):
            result = _call_flow(
                lambda: reextract_flow(
                    batch_size=batch_size, workers=workers, everything=everything
                )
            )
    _print_summary(result, time.monotonic() - started)


def serve(
    source: str = typer.Argument(..., metavar="PATH|URL", help="The source to read each time."),
    cron: str = typer.Option("*/15 * * * *", "--cron", help="When to run (cron syntax, UTC)."),
    name: str | None = typer.Option(None, "--name", help="Deployment name."),
    published: str | None = typer.Option(None, "--published", metavar="YYYY-MM-DD"),
    include: list[str] = typer.Option(
        [], "--include", metavar="GLOB", help="As for `run`: read only matching files."
    ),
    exclude: list[str] = typer.Option(
        [], "--exclude", metavar="GLOB", help="As for `run`: skip matching files."
    ),
    encoding: str | None = typer.Option(
        None, "--encoding", metavar="NAME", help="As for `run`: the fallback encoding."
    ),
) -> None:
    """Run the pipeline over SOURCE on a schedule, until interrupted (Prefect's flow.serve)."""
    from flows.local_server import configured_api_url

    publication_date = _parse_date(published)
    _read_options(include, exclude, encoding)  # a bad --encoding fails now, not every run
    _check_source(source)
    _check_cron(cron)
    if configured_api_url() is None:
        raise ClaimtrackError(
            "claimtrack serve needs a Prefect server to keep the schedule: start one "
            "(prefect server start) and set PREFECT_API_URL=http://127.0.0.1:4200/api"
        )
    from claimtrack import db
    from flows.pipeline import pipeline

    db.get_engine()  # a bad database URL fails now, not at the first scheduled run
    parameters = serve_parameters(source, publication_date, include, exclude, encoding)
    pipeline.serve(
        name=name or f"claimtrack-{_slug(source)}",
        cron=cron,
        parameters=parameters,
    )


@contextmanager
def _prefect_session(verbose: bool) -> Iterator[Console]:
    """A database and a Prefect API for one command, with Prefect's console logs quiet.

    With no Prefect server configured, a temporary one starts first, so that its
    start-up overlaps with the database's and with importing Prefect here.
    """
    from rich.console import Console

    from claimtrack.settings import get_settings
    from flows.local_server import LocalPrefectServer, LocalServerError, configured_api_url

    # Before Prefect is imported: it reads its logging settings once. Only the
    # console handler is quieted: the Prefect API still gets every log of the run,
    # and the command prints its own summary or one error line.
    os.environ.setdefault(
        "PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL", "INFO" if verbose else "CRITICAL"
    )
    console = Console(stderr=True)
    server: LocalPrefectServer | None = None
    if configured_api_url() is None:
        server = LocalPrefectServer(get_settings().data_dir / "prefect-server.log")
        server.launch()
        os.environ["PREFECT_API_URL"] = server.api_url
    try:
        from claimtrack import db

        starting = (
            console.status("starting the database and Prefect")
            if console.is_terminal
            else nullcontext()
        )
        with starting:
            db.get_engine()
            import flows.pipeline  # noqa: F401  (Prefect's import, while the server starts)

            if server is not None:
                try:
                    server.wait_ready(SERVER_START_TIMEOUT_SECONDS)
                except LocalServerError as exc:
                    raise ClaimtrackError(str(exc)) from None
        yield console
    finally:
        if server is not None:
            server.stop(hurry=terminating())


def _call_flow(call: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    try:
        return call()
    except ClaimtrackError:
        raise
    except Exception as exc:
        from claimtrack import db
        from flows.database import is_transient_database_error

        if isinstance(exc, db.DatabaseError):
            raise
        reason = _first_line(getattr(exc, "orig", None) or exc)
        if is_transient_database_error(exc):
            where = db.describe(db.get_target().url)
            reason = f"lost the connection to PostgreSQL at {where} ({reason})"
        raise ClaimtrackError(
            f"the run stopped: {reason}; what was stored so far is kept, run it again to go on"
        ) from None


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _print_summary(
    result: dict[str, Any], seconds: float, notes: Callable[[], None] | None = None
) -> None:
    from rich.console import Console
    from rich.table import Table

    out = Console()
    articles = Table(title=f"articles (extraction_run {result['run_id']})")
    failed = result.get("articles_failed", 0)
    names = ("new", "updated", "unchanged", "duplicate", "reextracted")
    shown = [n for n in names if f"articles_{n}" in result or n != "reextracted"]
    for name in (*shown, "failed"):
        articles.add_column(name, justify="right")
    articles.add_row(*(str(result.get(f"articles_{n}", 0)) for n in shown), str(failed))
    out.print(articles)

    claims = Table(title="claims")
    for column in ("type", "new", "kept", "stale"):
        claims.add_column(column, justify="left" if column == "type" else "right")
    for claim_type, counter in result.get("claims_by_type", {}).items():
        claims.add_row(claim_type, *(str(counter.get(k, 0)) for k in ("new", "kept", "stale")))
    claims.add_row(
        "all",
        *(str(result.get(f"claims_{k}", 0)) for k in ("new", "kept", "stale")),
        style="bold",
    )
    out.print(claims)
    out.print(f"done in {seconds:.1f} s")
    if notes is not None:
        notes()  # before the errors, whose listing may end the command
    errors = result.get("error_list", [])
    if errors:
        sys.stderr.write(f"claimtrack: {result.get('errors', len(errors))} item(s) failed:\n")
        for error in errors[:MAX_ERRORS_SHOWN]:
            # Source errors already open with the item's name ("bad.txt: not UTF-8 ...").
            item, message = str(error["item"]), str(error["error"])
            line = message if message.startswith(item) else f"{item}: {message}"
            sys.stderr.write(f"  {line}\n")
        if len(errors) > MAX_ERRORS_SHOWN:
            sys.stderr.write(f"  ... see extraction_run {result['run_id']} for the rest\n")
        raise typer.Exit(1)


def _parse_date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ClaimtrackError(
            f"--published {value!r} is not a date (expected YYYY-MM-DD)"
        ) from None


def _read_options(include: list[str], exclude: list[str], encoding: str | None) -> ReadOptions:
    from claimtrack.sources.options import ReadOptions

    try:
        return ReadOptions(include=tuple(include), exclude=tuple(exclude), encoding=encoding)
    except ValueError as exc:
        raise ClaimtrackError(f"--encoding: {exc}") from None


def serve_parameters(
    source: str,
    published: date | None,
    include: list[str],
    exclude: list[str],
    encoding: str | None,
) -> dict[str, Any]:
    """The served deployment's flow parameters: JSON, as Prefect stores them."""
    parameters: dict[str, Any] = {"sources": [source]}
    if published is not None:
        parameters["published"] = published.isoformat()
    if include:
        parameters["include"] = list(include)
    if exclude:
        parameters["exclude"] = list(exclude)
    if encoding:
        parameters["encoding"] = encoding
    return parameters


def _check_source(source: str) -> None:
    from claimtrack.sources.discover import is_url

    if source == "-":
        raise ClaimtrackError("the pipeline reads files, folders and feeds, not standard input")
    if not is_url(source) and not Path(source).exists():
        raise ClaimtrackError(f"{source}: no such file or folder")


def _check_cron(cron: str) -> None:
    from prefect.client.schemas.schedules import CronSchedule

    try:
        CronSchedule(cron=cron)
    except ValueError as exc:  # pydantic's ValidationError: its first message says what
        errors = getattr(exc, "errors", None)
        reason = errors()[0]["msg"] if callable(errors) else str(exc).strip().splitlines()[0]
        raise ClaimtrackError(f"--cron {cron!r} is not a valid cron schedule: {reason}") from None


def _slug(source: str) -> str:
    stem = Path(source.rstrip("/")).name or source
    return "".join(c if c.isalnum() else "-" for c in stem.lower()).strip("-")[:40] or "source"


def register(app: typer.Typer) -> None:
    app.command("run")(run)
    app.command("reextract")(reextract)
    app.command("serve")(serve)
