"""`claimtrack claims ...` and `claimtrack login`: the review workflow from a terminal.

Reading (list, show, history, next's filters) needs only the database; every change is
made as the reviewer whose API token is in CLAIMTRACK_TOKEN or saved by `claimtrack login`.
Heavy imports (SQLAlchemy, models, the service) happen inside the commands.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from claimtrack.errors import ClaimtrackError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from claimtrack.review.queries import ClaimFilters
    from models import Claim, Reviewer

TOKEN_FILE = "token"

claims_app = typer.Typer(
    help="Review claims: list, show, take, review, correct.", no_args_is_help=True
)


class OutputFormat(StrEnum):
    table = "table"
    json = "json"


# Options shared by list, next and export.
StatusOpt = Annotated[
    str | None, typer.Option("--status", help="new, in_review, reviewed, dismissed, stale.")
]
VerdictOpt = Annotated[
    str | None, typer.Option("--verdict", help="true, false, misleading, unverifiable.")
]
TypeOpt = Annotated[
    str | None,
    typer.Option("--type", help="law, quantity, date, quote, causal, prediction, statement."),
]
ArticleOpt = Annotated[int | None, typer.Option("--article", help="Article id.")]
SourceOpt = Annotated[
    str | None, typer.Option("--source", help="Article source kind: file, feed, jsonl, html, ...")
]
MinCwOpt = Annotated[float | None, typer.Option("--min-checkworthiness", help="0 to 1.")]
ClaimerOpt = Annotated[str | None, typer.Option("--claimer", help="Part of the claimer's name.")]
SearchOpt = Annotated[
    str | None,
    typer.Option(
        "--search", "-q", help='Full text over claim and sentence: words, "a phrase", -not, or.'
    ),
]
FormatOpt = Annotated[OutputFormat, typer.Option("--format", help="table or json.")]
VersionOpt = Annotated[
    int | None, typer.Option("--version", help="The claim's version you read (see `claims show`).")
]
NoteOpt = Annotated[str | None, typer.Option("--note", help="Why.")]


def fail(error: ClaimtrackError) -> typer.Exit:
    """One clear line on stderr and the error's own exit code; no traceback."""
    typer.echo(f"claimtrack: error: {error}", err=True)
    return typer.Exit(error.exit_code)


@contextmanager
def reported() -> Iterator[None]:
    try:
        yield
    except ClaimtrackError as error:
        raise fail(error) from None


def token_path() -> Path:
    from claimtrack.settings import get_settings

    return get_settings().data_dir / TOKEN_FILE


def current_token() -> str | None:
    """CLAIMTRACK_TOKEN wins over the token saved by `claimtrack login`."""
    from claimtrack.settings import get_settings

    if get_settings().token:
        return get_settings().token
    path = token_path()
    if path.is_file():
        return path.read_text(encoding="utf-8").strip() or None
    return None


@contextmanager
def reading() -> Iterator[Session]:
    """A transaction for reading (rolled back at the end: nothing to commit). Reading
    needs no token, but a token that is given must be valid: a typo in CLAIMTRACK_TOKEN
    should fail here, not later at the first change."""
    from claimtrack.db import session_factory
    from claimtrack.review.auth import authenticate

    with reported(), session_factory()() as session:
        token = current_token()
        if token:
            authenticate(session, token)
        yield session


@contextmanager
def acting() -> Iterator[tuple[Session, Reviewer]]:
    """A unit of work as the token's reviewer: committed if the block succeeds, rolled
    back (nothing changed) on any error."""
    from claimtrack.db import unit_of_work
    from claimtrack.review.auth import authenticate

    with reported(), unit_of_work() as session:
        yield session, authenticate(session, current_token())


def claim_filters(
    *,
    status: str | None = None,
    verdict: str | None = None,
    type: str | None = None,
    article: int | None = None,
    source: str | None = None,
    min_checkworthiness: float | None = None,
    claimer: str | None = None,
    search: str | None = None,
    assignee_id: int | None = None,
    checked: bool | None = None,
) -> ClaimFilters:
    from claimtrack.review.queries import ClaimFilters

    with reported():
        return ClaimFilters(
            status=status,
            verdict=verdict,
            type=type,
            article_id=article,
            source=source,
            min_checkworthiness=min_checkworthiness,
            claimer=claimer,
            search=search,
            assignee_id=assignee_id,
            checked=checked,
        )


def claim_json(claim: Claim) -> dict[str, Any]:
    from claimtrack.exports import claim_record

    record = claim_record(claim)
    record["assignee"] = claim.assignee.name if claim.assignee else None
    record["assigned_until"] = claim.assigned_until.isoformat() if claim.assigned_until else None
    record["merged_into_id"] = claim.merged_into_id
    return record


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def print_changed(claim: Claim, output_format: OutputFormat, what: str) -> None:
    if output_format is OutputFormat.json:
        print_json(claim_json(claim))
        return
    verdict = f" ({claim.verdict})" if claim.verdict else ""
    typer.echo(f"claim {claim.id}: {what}; now {claim.status}{verdict}, version {claim.version}")


def _claims_table(claims: list[Claim], title: str) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, expand=True)
    # The short columns never wrap; the claim's text takes the room that is left.
    table.add_column("id", justify="right", no_wrap=True)
    table.add_column("status", no_wrap=True)
    table.add_column("verdict", no_wrap=True)
    table.add_column("type", no_wrap=True)
    table.add_column("cw", justify="right", no_wrap=True)
    table.add_column("claimer", max_width=22, overflow="ellipsis")
    table.add_column("claim", ratio=1, min_width=30)
    table.add_column("art.", justify="right", no_wrap=True)
    table.add_column("ver.", justify="right", no_wrap=True)
    for c in claims:
        table.add_row(
            str(c.id),
            c.status,
            c.verdict or "",
            c.type,
            f"{c.checkworthiness:.2f}",
            c.claimer or "",
            c.text if len(c.text) <= 90 else c.text[:87] + "...",
            str(c.article_id),
            str(c.version),
        )
    Console().print(table)


@claims_app.command("list")
def list_command(
    status: StatusOpt = None,
    verdict: VerdictOpt = None,
    claim_type: TypeOpt = None,
    article: ArticleOpt = None,
    source: SourceOpt = None,
    min_checkworthiness: MinCwOpt = None,
    claimer: ClaimerOpt = None,
    search: SearchOpt = None,
    assignee: Annotated[str | None, typer.Option("--assignee", help="Reviewer name or id.")] = None,
    checked: Annotated[
        bool | None,
        typer.Option(
            "--checked/--unchecked",
            help="Only claims already checked (an accepted fact-check, a suggested one with "
            "a verdict, or a linked sibling with a verdict), or only those not.",
            show_default=False,
        ),
    ] = None,
    sort: Annotated[
        str,
        typer.Option("--sort", help="checkworthiness, id, updated, created, article, relevance."),
    ] = "checkworthiness",
    ascending: Annotated[bool, typer.Option("--asc", help="Ascending order.")] = False,
    limit: Annotated[int, typer.Option("--limit", help="At most this many.")] = 50,
    offset: Annotated[int, typer.Option("--offset")] = 0,
    output_format: FormatOpt = OutputFormat.table,
) -> None:
    """List claims: filters, full-text search, sorting."""
    from claimtrack.review.auth import find_reviewer
    from claimtrack.review.queries import count_claims, list_claims

    with reading() as session, reported():
        assignee_id = find_reviewer(session, assignee).id if assignee else None
        filters = claim_filters(
            status=status,
            verdict=verdict,
            type=claim_type,
            article=article,
            source=source,
            min_checkworthiness=min_checkworthiness,
            claimer=claimer,
            search=search,
            assignee_id=assignee_id,
            checked=checked,
        )
        claims = list_claims(
            session, filters, sort=sort, descending=not ascending, limit=limit, offset=offset
        )
        if output_format is OutputFormat.json:
            print_json([claim_json(c) for c in claims])
            return
        total = count_claims(session, filters)
        if not claims:
            past = f" after the first {offset}" if offset and total else ""
            typer.echo(f"no claims{past} match ({total} in all)" if past else "no claims match")
            return
        _claims_table(claims, f"claims {offset + 1}-{offset + len(claims)} of {total}")


def _show(session: Session, claim: Claim, output_format: OutputFormat) -> None:
    from claimtrack.review.queries import claim_evidence, claim_history

    history = claim_history(session, claim.id)
    evidence = claim_evidence(session, claim.id)
    if output_format is OutputFormat.json:
        record = claim_json(claim)
        record["article_title"] = claim.article.title
        record["history"] = [
            {
                "id": e.id,
                "at": e.created_at.isoformat(),
                "actor": e.actor,
                "action": e.action,
                "from_status": e.from_status,
                "to_status": e.to_status,
                "from_verdict": e.from_verdict,
                "to_verdict": e.to_verdict,
                "note": e.note,
                "changes": e.changes,
                "claim_version": e.claim_version,
            }
            for e in history
        ]
        record["evidence"] = [{"url": e.url, "note": e.note} for e in evidence]
        print_json(record)
        return
    from rich.console import Console
    from rich.markup import escape
    from rich.panel import Panel

    console = Console()
    article = claim.article
    sentence = claim.sentence
    at = sentence.find(claim.text)
    shown = (
        escape(sentence[:at])
        + "[bold yellow]"
        + escape(claim.text)
        + "[/]"
        + escape(sentence[at + len(claim.text) :])
        if at >= 0
        else escape(sentence)
    )
    verdict = f" verdict [bold]{claim.verdict}[/]" if claim.verdict else ""
    holder = f"  assigned to {claim.assignee.name}" if claim.assignee else ""
    console.print(
        Panel(
            shown,
            title=f"claim {claim.id} ({claim.type}) {claim.status}{verdict} v{claim.version}",
            subtitle=f"checkworthiness {claim.checkworthiness:.2f}{holder}",
        )
    )
    console.print(f"[bold]claimer[/] {escape(claim.claimer or '(the article itself)')}")
    console.print(f"[bold]values[/]  {escape(json.dumps(claim.values, ensure_ascii=False))}")
    published = article.published.isoformat() if article.published else "undated"
    console.print(
        f"[bold]article[/] {article.id} {escape(article.title or '')} ({published}) "
        f"{escape(article.url or article.source_key)} span {claim.span_start}-{claim.span_end}"
    )
    if claim.note:
        console.print(f"[bold]note[/]    {escape(claim.note)}")
    if claim.merged_into_id:
        console.print(f"[bold]merged into[/] claim {claim.merged_into_id}")
    for item in evidence:
        console.print(f"[bold]evidence[/] {escape(item.url or '')} {escape(item.note or '')}")
    _history_table(history)


def _history_table(history: list[Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title="history")
    for column in ("when", "who", "action", "status", "verdict", "version", "note / changes"):
        table.add_column(column)
    for e in history:
        status = f"{e.from_status or '-'} -> {e.to_status or '-'}"
        verdict = (
            f"{e.from_verdict or '-'} -> {e.to_verdict or '-'}"
            if e.from_verdict != e.to_verdict
            else (e.to_verdict or "")
        )
        detail = e.note or ""
        if e.changes:
            detail = (detail + " " if detail else "") + ", ".join(sorted(e.changes))
        table.add_row(
            e.created_at.strftime("%Y-%m-%d %H:%M"),
            e.actor,
            e.action,
            status,
            verdict,
            str(e.claim_version),
            detail,
        )
    Console().print(table)


@claims_app.command("show")
def show_command(
    claim_id: Annotated[int, typer.Argument(help="Claim id.")],
    output_format: FormatOpt = OutputFormat.table,
) -> None:
    """The claim in its sentence and article, values, claimer, history, evidence."""
    from claimtrack.review.queries import get_claim

    with reading() as session, reported():
        _show(session, get_claim(session, claim_id), output_format)


@claims_app.command("history")
def history_command(
    claim_id: Annotated[int, typer.Argument(help="Claim id.")],
    output_format: FormatOpt = OutputFormat.table,
) -> None:
    """Every change to the claim: who, when, what."""
    from claimtrack.review.queries import claim_history

    with reading() as session, reported():
        history = claim_history(session, claim_id)
        if output_format is OutputFormat.json:
            print_json(
                [
                    {
                        "at": e.created_at.isoformat(),
                        "actor": e.actor,
                        "action": e.action,
                        "from_status": e.from_status,
                        "to_status": e.to_status,
                        "from_verdict": e.from_verdict,
                        "to_verdict": e.to_verdict,
                        "note": e.note,
                        "changes": e.changes,
                        "claim_version": e.claim_version,
                    }
                    for e in history
                ]
            )
        else:
            _history_table(history)


@claims_app.command("next")
def next_command(
    claim_type: TypeOpt = None,
    article: ArticleOpt = None,
    source: SourceOpt = None,
    min_checkworthiness: MinCwOpt = None,
    claimer: ClaimerOpt = None,
    output_format: FormatOpt = OutputFormat.table,
) -> None:
    """Take the next claim from the queue (most check-worthy first) and show it."""
    from claimtrack.review.queue import QueueFilters, next_claim

    with acting() as (session, reviewer):
        filters = QueueFilters(
            type=claim_type,
            article_id=article,
            source=source,
            min_checkworthiness=min_checkworthiness,
            claimer=claimer,
        )
        claim = next_claim(session, reviewer, filters)
        if claim is None:
            if output_format is OutputFormat.json:
                print_json(None)
            else:
                typer.echo("the queue is empty (for these filters)")
            return
        _show(session, claim, output_format)


@claims_app.command("review")
def review_command(
    claim_id: Annotated[int, typer.Argument(help="Claim id.")],
    verdict: Annotated[
        str, typer.Option("--verdict", help="true, false, misleading, unverifiable.")
    ],
    version: VersionOpt = None,
    note: NoteOpt = None,
    evidence: Annotated[
        list[str] | None, typer.Option("--evidence", help="Evidence URL (repeatable).")
    ] = None,
    output_format: FormatOpt = OutputFormat.table,
) -> None:
    """Set the verdict (new or in_review -> reviewed)."""
    from claimtrack.review.service import review_claim

    with acting() as (session, reviewer):
        claim = review_claim(
            session,
            reviewer,
            claim_id,
            version=version,
            verdict=verdict,
            note=note,
            evidence_urls=evidence or [],
        )
        print_changed(claim, output_format, "reviewed")


@claims_app.command("dismiss")
def dismiss_command(
    claim_id: Annotated[int, typer.Argument(help="Claim id.")],
    version: VersionOpt = None,
    note: NoteOpt = None,
    output_format: FormatOpt = OutputFormat.table,
) -> None:
    """Not check-worthy (new or in_review -> dismissed)."""
    from claimtrack.review.service import dismiss_claim

    with acting() as (session, reviewer):
        claim = dismiss_claim(session, reviewer, claim_id, version=version, note=note)
        print_changed(claim, output_format, "dismissed")


@claims_app.command("reopen")
def reopen_command(
    claim_id: Annotated[int, typer.Argument(help="Claim id.")],
    version: VersionOpt = None,
    note: NoteOpt = None,
    output_format: FormatOpt = OutputFormat.table,
) -> None:
    """Editors: reviewed -> in_review (verdict cleared, kept in history); dismissed -> new."""
    from claimtrack.review.service import reopen_claim

    with acting() as (session, reviewer):
        claim = reopen_claim(session, reviewer, claim_id, version=version, note=note)
        print_changed(claim, output_format, "reopened")


@claims_app.command("release")
def release_command(
    claim_id: Annotated[int, typer.Argument(help="Claim id.")],
    version: VersionOpt = None,
    output_format: FormatOpt = OutputFormat.table,
) -> None:
    """Give a claim you hold back to the queue (in_review -> new)."""
    from claimtrack.review.queue import release_claim

    with acting() as (session, reviewer):
        claim = release_claim(session, reviewer, claim_id, version=version)
        print_changed(claim, output_format, "released")


@claims_app.command("note")
def note_command(
    claim_id: Annotated[int, typer.Argument(help="Claim id.")],
    text: Annotated[str, typer.Argument(help="The note.")],
    version: VersionOpt = None,
    output_format: FormatOpt = OutputFormat.table,
) -> None:
    """Add a note to the claim."""
    from claimtrack.review.service import add_note

    with acting() as (session, reviewer):
        claim = add_note(session, reviewer, claim_id, version=version, note=text)
        print_changed(claim, output_format, "note added")


@claims_app.command("evidence")
def evidence_command(
    claim_id: Annotated[int, typer.Argument(help="Claim id.")],
    url: Annotated[str | None, typer.Option("--url", help="Link to the evidence.")] = None,
    note: Annotated[str | None, typer.Option("--note", help="What it shows.")] = None,
    version: VersionOpt = None,
    output_format: FormatOpt = OutputFormat.table,
) -> None:
    """Attach evidence (a URL and/or a note) to the claim."""
    from claimtrack.review.service import add_evidence

    with acting() as (session, reviewer):
        claim = add_evidence(session, reviewer, claim_id, version=version, url=url, note=note)
        print_changed(claim, output_format, "evidence added")


def _parse_values(raw: str | None) -> list[dict[str, Any]] | None:
    from claimtrack.review.errors import InvalidInput

    if raw is None:
        return None
    try:
        values = json.loads(raw)
    except json.JSONDecodeError as error:
        raise fail(InvalidInput(f"--values is not JSON: {error}")) from None
    return values if isinstance(values, list) else [values]


@claims_app.command("edit")
def edit_command(
    claim_id: Annotated[int, typer.Argument(help="Claim id.")],
    version: VersionOpt = None,
    start: Annotated[
        int | None, typer.Option("--start", help="New span start (article offset).")
    ] = None,
    end: Annotated[int | None, typer.Option("--end", help="New span end.")] = None,
    claim_type: Annotated[str | None, typer.Option("--type", help="New type.")] = None,
    values: Annotated[
        str | None,
        typer.Option(
            "--values",
            help='JSON list, e.g. \'[{"kind": "quantity", "amount": 26, "unit": "day"}]\'.',
        ),
    ] = None,
    claimer: Annotated[str | None, typer.Option("--claimer", help="Who asserts it.")] = None,
    no_claimer: Annotated[
        bool, typer.Option("--no-claimer", help="The article asserts it itself.")
    ] = False,
    note: NoteOpt = None,
    output_format: FormatOpt = OutputFormat.table,
) -> None:
    """Correct the claim's span, type, values or claimer (the original stays in history)."""
    from claimtrack.review.corrections import Correction, correct_claim

    correction = Correction(
        start=start,
        end=end,
        type=claim_type,
        values=_parse_values(values),
        claimer=claimer,
        clear_claimer=no_claimer,
    )
    with acting() as (session, reviewer):
        claim = correct_claim(
            session, reviewer, claim_id, version=version, correction=correction, note=note
        )
        print_changed(claim, output_format, "corrected")


@claims_app.command("add")
def add_command(
    article: Annotated[int, typer.Argument(help="Article id.")],
    start: Annotated[int, typer.Option("--start", help="Span start (article offset).")],
    end: Annotated[int, typer.Option("--end", help="Span end.")],
    claim_type: Annotated[str, typer.Option("--type", help="Claim type.")],
    claimer: Annotated[str | None, typer.Option("--claimer")] = None,
    values: Annotated[str | None, typer.Option("--values", help="JSON list of values.")] = None,
    note: NoteOpt = None,
    output_format: FormatOpt = OutputFormat.table,
) -> None:
    """Add a claim the extractor missed, from a span of the article."""
    from claimtrack.review.corrections import add_claim

    parsed = _parse_values(values)
    with acting() as (session, reviewer):
        claim = add_claim(
            session,
            reviewer,
            article,
            start=start,
            end=end,
            type=claim_type,
            claimer=claimer,
            values=parsed,
            note=note,
        )
        print_changed(claim, output_format, f"added: {claim.text!r}")


def _span(raw: str, option: str) -> tuple[int, int]:
    from claimtrack.review.errors import InvalidInput

    try:
        start, end = (int(part) for part in raw.split(":"))
    except ValueError:
        raise fail(InvalidInput(f"{option} must be START:END, e.g. 120:180")) from None
    return start, end


@claims_app.command("merge")
def merge_command(
    survivor: Annotated[int, typer.Argument(help="The claim that stays.")],
    absorbed: Annotated[int, typer.Argument(help="The claim merged into it (dismissed).")],
    version: VersionOpt = None,
    other_version: Annotated[
        int | None, typer.Option("--other-version", help="The absorbed claim's version.")
    ] = None,
    note: NoteOpt = None,
    across_articles: Annotated[
        bool,
        typer.Option(
            "--across-articles",
            help="Allow merging claims of two different articles (refused otherwise).",
        ),
    ] = False,
    output_format: FormatOpt = OutputFormat.table,
) -> None:
    """Merge two claims of one article into one (`claims reopen ABSORBED` undoes it)."""
    from claimtrack.review.corrections import merge_claims

    with acting() as (session, reviewer):
        claim = merge_claims(
            session,
            reviewer,
            survivor,
            survivor_version=version,
            absorbed_id=absorbed,
            absorbed_version=other_version,
            note=note,
            across_articles=across_articles,
        )
        print_changed(claim, output_format, f"absorbed claim {absorbed}")


@claims_app.command("split")
def split_command(
    claim_id: Annotated[int, typer.Argument(help="Claim id.")],
    first: Annotated[str, typer.Option("--first", help="START:END the claim keeps.")],
    second: Annotated[str, typer.Option("--second", help="START:END of the new claim.")],
    version: VersionOpt = None,
    note: NoteOpt = None,
    output_format: FormatOpt = OutputFormat.table,
) -> None:
    """Split a claim into two spans."""
    from claimtrack.review.corrections import split_claim

    spans = _span(first, "--first"), _span(second, "--second")
    with acting() as (session, reviewer):
        kept, created = split_claim(
            session, reviewer, claim_id, version=version, first=spans[0], second=spans[1], note=note
        )
        print_changed(kept, output_format, f"split; new claim {created.id}")


def _bulk_report(outcomes: list[Any], output_format: OutputFormat) -> None:
    if output_format is OutputFormat.json:
        print_json([o.__dict__ for o in outcomes])
    else:
        for o in outcomes:
            until = f", assigned until {o.assigned_until}" if o.ok and o.assigned_until else ""
            typer.echo(
                f"claim {o.claim_id}: "
                + (f"{o.status}, version {o.version}{until}" if o.ok else f"failed: {o.error}")
            )
    if any(not o.ok for o in outcomes):
        raise typer.Exit(1)


@claims_app.command("assign")
def assign_command(
    claims: Annotated[list[str], typer.Argument(help="CLAIM:VERSION pairs.")],
    to: Annotated[str, typer.Option("--to", help="Reviewer name or id.")],
    minutes: Annotated[
        int | None,
        typer.Option(
            "--minutes",
            min=1,
            help="How long the assignment holds (default CLAIMTRACK_EDITOR_ASSIGNMENT_MINUTES).",
        ),
    ] = None,
    note: NoteOpt = None,
    output_format: FormatOpt = OutputFormat.table,
) -> None:
    """Editors: assign claims to a reviewer, each checked against its version. The
    assignment ends at the time printed; the claim then returns to the queue."""
    from claimtrack.review.bulk import bulk_assign

    versions = dict(_span(item, "CLAIM:VERSION") for item in claims)
    with acting() as (session, reviewer):
        outcomes = bulk_assign(session, reviewer, versions, assignee=to, note=note, minutes=minutes)
    _bulk_report(outcomes, output_format)


@claims_app.command("dismiss-below")
def dismiss_below_command(
    article: Annotated[int, typer.Argument(help="Article id.")],
    below: Annotated[float, typer.Option("--below", help="Checkworthiness threshold.")],
    note: NoteOpt = None,
    output_format: FormatOpt = OutputFormat.table,
) -> None:
    """Editors: dismiss an article's open claims below a checkworthiness."""
    from claimtrack.review.bulk import bulk_dismiss_below

    with acting() as (session, reviewer):
        outcomes = bulk_dismiss_below(session, reviewer, article, below=below, note=note)
    _bulk_report(outcomes, output_format)


def login(
    token: Annotated[
        str | None,
        typer.Argument(
            help="Better left out: the token is then read from a hidden prompt, or from "
            "standard input when piped, and stays out of your shell history."
        ),
    ] = None,
) -> None:
    """Check an API token and save it (readable only by you) for later commands."""
    from claimtrack.db import session_factory
    from claimtrack.review.auth import authenticate

    if token is None:
        token = _read_token()
    else:
        typer.echo(
            "claimtrack: warning: a token on the command line stays in your shell history; "
            "next time run `claimtrack login` and paste it at the prompt",
            err=True,
        )
    with reported(), session_factory()() as session:
        reviewer = authenticate(session, token)
        name, role = reviewer.name, reviewer.role
    path = token_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(token.strip() + "\n")
    typer.echo(f"logged in as {name} ({role}); token saved in {path}")


def _read_token() -> str:
    """From a hidden prompt on a terminal, else the first line of standard input."""
    if sys.stdin.isatty():
        return str(typer.prompt("API token", hide_input=True)).strip()
    return sys.stdin.readline().strip()


def logout() -> None:
    """Forget the saved API token."""
    path = token_path()
    path.unlink(missing_ok=True)
    typer.echo("logged out")


def register(app: typer.Typer) -> None:
    app.add_typer(claims_app, name="claims")
    app.command("login")(login)
    app.command("logout")(logout)
