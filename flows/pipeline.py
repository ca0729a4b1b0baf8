"""The pipeline: discover -> ingest -> extract -> persist -> summarise, on batches of articles.

Thin: every step calls claimtrack (sources, extraction, store). Tasks take a batch
of articles each, because a Prefect task run costs several milliseconds. Each
article is ingested and persisted in its own transaction, so a failure loses
nothing and a rerun repeats nothing. Only the database tasks retry, and only on
transient database errors; one article's failure is recorded and the run goes on.

No `from __future__ import annotations` here: `flow.serve` hands each flow to its run's
subprocess cloudpickled by value, with only the globals its code uses, so a parameter
annotation left as a string ("date") cannot be resolved there and every served run
fails Prefect's parameter validation (issue 12; tests/unit/test_flow_parameters.py).
"""

from collections import Counter, deque
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.context import get_run_context
from prefect.futures import PrefectFuture
from prefect.task_runners import ThreadPoolTaskRunner

from flows.batches import (
    Batch,
    ExtractedBatch,
    IngestedBatch,
    ItemError,
    PersistedBatch,
    ResumeLog,
    RunSummary,
    SourceTally,
    ToExtract,
    chunked,
)
from flows.checks import check_claims
from flows.database import (
    db_task,
    is_transient_database_error,
    make_durable,
    pipeline_engine,
)
from flows.extraction_worker import (
    default_workers,
    extract_all,
    pool_started,
    shared_pool,
    shutdown_pool,
    start_extraction,
    stop_extraction,
)
from flows.matching import link_claims
from flows.run_lease import release_run

# Big enough that Prefect's own work (a task run costs the client and its API server
# some milliseconds of CPU each) stays small, small enough to keep both cores busy.
DEFAULT_BATCH_SIZE = 200


def _thread_pool() -> Any:
    # Threads overlap the database tasks (psycopg waits without the GIL) with
    # extraction, which runs in worker processes; 8 covers the batches in flight.
    return ThreadPoolTaskRunner(max_workers=8)


MIN_POOL_BATCH = 20

# Called with a number of items (articles or errors) as each is finished: stored
# with its claims, or found unchanged, duplicate or unreadable. How `claimtrack run`
# drives its progress bar. Called from the task threads, so listeners must be
# thread-safe; a task retried after a transient error does not report twice.
ProgressListener = Callable[[int], None]
progress_listeners: list[ProgressListener] = []


def _report(count: int) -> None:
    if count:
        for listener in progress_listeners:
            listener(count)


@db_task
def open_run(source: str, extractor_version: str) -> int:
    """Write the run's extraction_run row, held by this process (see flows/run_lease.py)."""
    from flows.run_lease import open_held_run

    return open_held_run(
        pipeline_engine(),
        source=source,
        extractor_version=extractor_version,
        flow_run_id=_flow_run_id(),
    )


@db_task
def ingest_batch(documents: Batch[Any], run_id: int, resume: ResumeLog) -> IngestedBatch:
    """Store each document as a new article, a new version, a duplicate, or nothing."""
    import sqlalchemy as sa

    from claimtrack.db import unit_of_work
    from claimtrack.sources import DocumentError
    from claimtrack.store import read_batch

    _forget_lost_articles(resume)
    batch = IngestedBatch(to_extract=[])
    readable = [d for d in documents.items if not isinstance(d, DocumentError)]
    # One read for the whole batch: unchanged items then cost no transaction at all.
    with unit_of_work(pipeline_engine()) as session:
        view = read_batch(session, [(d.source_key, d.text) for d in readable])
    for document in documents.items:
        if isinstance(document, DocumentError):
            batch.outcomes["unreadable"] += 1
            batch.errors.append(ItemError(document.id, document.message))
            continue
        result = resume.done.get(document.source_key) or view.unchanged(
            document.source_key, document.text
        )
        if result is None:
            try:
                try:
                    result = _ingest_one(document, view)
                except sa.exc.IntegrityError:
                    result = _ingest_one(document, None)  # a concurrent run got there first
            except Exception as exc:
                if is_transient_database_error(exc):
                    raise
                result = ItemError(document.source_key, f"cannot be stored: {_one_line(exc)}")
            resume.done[document.source_key] = result
        if isinstance(result, ItemError):
            batch.outcomes["unstorable"] += 1
            batch.errors.append(result)
            continue
        batch.outcomes[result.outcome.value] += 1
        if result.needs_extraction:
            batch.to_extract.append(
                ToExtract(result.article_id, document.source_key, document.text, document.published)
            )
    make_durable(run_id)
    _report(len(documents.items) - len(batch.to_extract))  # nothing more to do for these
    return batch


def _forget_lost_articles(resume: ResumeLog) -> None:
    """On a retry, keep only the articles the database really has (see ResumeLog)."""
    import sqlalchemy as sa

    from claimtrack.db import unit_of_work
    from claimtrack.store import IngestResult
    from models import Article

    if resume.started is None:
        resume.started = datetime.now(UTC)
        return
    ids = [r.article_id for r in resume.done.values() if isinstance(r, IngestResult)]
    with unit_of_work(pipeline_engine()) as session:
        # By key too: after a crash, the identity sequence can hand a lost id out again.
        present = dict(
            session.execute(sa.select(Article.id, Article.source_key).where(Article.id.in_(ids)))
            .tuples()
            .all()
        )
    resume.done = {
        key: result
        for key, result in resume.done.items()
        if isinstance(result, IngestResult) and present.get(result.article_id) == key
    }


def _ingest_one(document: Any, view: Any) -> Any:
    from claimtrack.db import unit_of_work
    from claimtrack.store import ingest_document

    with unit_of_work(pipeline_engine()) as session:
        return ingest_document(
            session,
            source=document.source,
            source_key=document.source_key,
            text=document.text,
            title=document.title,
            url=document.url,
            published=document.published,
            view=view,
        )


@task(cache_policy=NO_CACHE)
def extract_batch(batch: IngestedBatch, workers: int) -> ExtractedBatch:
    """Extract claims from each article: in a process pool when workers > 1."""
    items = batch.to_extract
    if not items:
        return ExtractedBatch([])
    # Starting worker processes costs about a second: not worth it for a few articles.
    if workers <= 1 or (len(items) < MIN_POOL_BATCH and not pool_started()):
        return ExtractedBatch(extract_all(items))
    return ExtractedBatch(shared_pool(workers).submit(extract_all, items).result())


@db_task
def persist_batch(
    extracted: ExtractedBatch, extractor_version: str, run_id: int, resume: ResumeLog
) -> PersistedBatch:
    """Reconcile each article's claims with what it had, one transaction per article."""
    from claimtrack.db import unit_of_work
    from claimtrack.store import mark_extraction_failed, reconcile_claims

    _forget_lost_extractions(resume, extractor_version)
    batch = PersistedBatch()
    for item in extracted.items:
        if item.article_id not in resume.done:
            outcome: Any
            try:
                with unit_of_work(pipeline_engine()) as session:
                    if item.claims is None:
                        mark_extraction_failed(session, item.article_id, item.error or "failed")
                        outcome = ItemError(item.source_key, item.error or "extraction failed")
                    else:
                        outcome = reconcile_claims(
                            session, item.article_id, item.claims, extractor_version
                        )
            except Exception as exc:
                if is_transient_database_error(exc):
                    raise
                outcome = ItemError(item.source_key, f"claims not stored: {_one_line(exc)}")
                _record_failure(item.article_id, outcome.error)
            resume.done[item.article_id] = outcome
            _report(1)
        _add_outcome(batch, resume.done[item.article_id])
    make_durable(run_id)
    return batch


def _forget_lost_extractions(resume: ResumeLog, extractor_version: str) -> None:
    """On a retry, keep only the stored claims the database really has (see ResumeLog)."""
    import sqlalchemy as sa

    from claimtrack.db import unit_of_work
    from claimtrack.store import ReconcileCounts
    from models import Article

    if resume.started is None:
        resume.started = datetime.now(UTC)
        return
    stored = [key for key, outcome in resume.done.items() if isinstance(outcome, ReconcileCounts)]
    with unit_of_work(pipeline_engine()) as session:
        kept = set(
            session.scalars(
                sa.select(Article.id).where(
                    Article.id.in_(stored),
                    Article.extractor_version == extractor_version,
                    Article.extracted_at >= resume.started,
                )
            )
        )
    # Errors and superseded versions wrote little or nothing: simply redo them.
    resume.done = {key: out for key, out in resume.done.items() if key in kept}


@db_task
def load_batch(article_ids: Batch[int]) -> IngestedBatch:
    """The stored texts of these article versions, for re-extraction."""
    import sqlalchemy as sa

    from claimtrack.db import unit_of_work
    from models import Article

    with unit_of_work(pipeline_engine()) as session:
        rows = session.execute(
            sa.select(Article.id, Article.source_key, Article.text, Article.published)
            .where(Article.id.in_(article_ids.items))
            .order_by(Article.id)
        ).all()
    return IngestedBatch([ToExtract(r.id, r.source_key, r.text, r.published) for r in rows])


@db_task
def close_run(run_id: int, summary: RunSummary, failed: bool = False) -> None:
    """Write the run's counts and errors, and the Prefect table artifact."""
    from claimtrack.db import unit_of_work
    from claimtrack.store import finish_run

    with unit_of_work(pipeline_engine()) as session:
        finish_run(
            session,
            run_id,
            counts=summary.counts(),
            errors=[error.as_dict() for error in summary.errors],
            failed=failed,
        )
    articles = ", ".join(f"{k} {v}" for k, v in sorted(summary.articles.items()))
    make_durable(run_id)
    create_table_artifact(
        key="claimtrack-run",
        table=summary.rows(),
        description=f"extraction_run {run_id}. Articles: {articles or 'none'}. "
        f"Errors: {summary.error_count}.",
    )
    release_run(run_id)


@flow(name="claimtrack-pipeline", task_runner=_thread_pool())
def pipeline(
    sources: list[str],
    published: date | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    workers: int | None = None,
    include: list[str] | None = None,
    exclude: list[str] | None = None,
    encoding: str | None = None,
) -> dict[str, Any]:
    """Read the sources, store new and changed articles, extract and store their claims.

    `include`/`exclude`: globs choosing a folder's files; `encoding`: the fallback for
    text files that are not UTF-8 (claimtrack/sources/options.py).
    """
    from claimtrack.extraction import EXTRACTOR_VERSION
    from claimtrack.sources import ReadOptions, discover

    options = ReadOptions(
        include=tuple(include or ()), exclude=tuple(exclude or ()), encoding=encoding
    )
    tally = SourceTally()

    def documents() -> Iterator[Any]:
        for source in sources:
            yield from tally.watch(discover(source, published, options=options))

    batches = chunked(documents(), batch_size)
    result = _run_batches(
        " ".join(sources), EXTRACTOR_VERSION, batches, ingest=True, workers=workers
    )
    for warning in tally.warnings():
        get_run_logger().warning(warning)
    return {**result, **tally.counts()}


@flow(name="claimtrack-reextract", task_runner=_thread_pool())
def reextract(
    batch_size: int = DEFAULT_BATCH_SIZE, workers: int | None = None, everything: bool = False
) -> dict[str, Any]:
    """Extract stored articles again with this extractor version and reconcile their claims.

    By default only the latest versions extracted by another extractor version (or
    never successfully); `everything` re-extracts every latest version.
    """
    from claimtrack.db import unit_of_work
    from claimtrack.extraction import EXTRACTOR_VERSION

    with unit_of_work(pipeline_engine()) as session:
        # ids only: 8 bytes an article
        article_ids = list(session.scalars(_to_reextract(everything, EXTRACTOR_VERSION)))
    batches = chunked(article_ids, batch_size)
    return _run_batches("reextract", EXTRACTOR_VERSION, batches, ingest=False, workers=workers)


def _to_reextract(everything: bool, extractor_version: str) -> Any:
    """The ids of the article versions `reextract` extracts, in order."""
    import sqlalchemy as sa

    from claimtrack.store import articles_to_reextract
    from models import Article

    if not everything:
        return articles_to_reextract(extractor_version)
    return (
        sa.select(Article.id)
        .where(Article.is_latest, Article.duplicate_of_id.is_(None))
        .order_by(Article.id)
    )


def count_to_reextract(everything: bool = False) -> int:
    """How many articles `reextract` would extract now: the progress bar's total."""
    import sqlalchemy as sa

    from claimtrack.db import unit_of_work
    from claimtrack.extraction import EXTRACTOR_VERSION

    query = _to_reextract(everything, EXTRACTOR_VERSION).order_by(None).subquery()
    with unit_of_work(pipeline_engine()) as session:
        return int(session.scalar(sa.select(sa.func.count()).select_from(query)) or 0)


def _run_batches(
    source: str,
    extractor_version: str,
    batches: Iterator[list[Any]],
    *,
    ingest: bool,
    workers: int | None,
) -> dict[str, Any]:
    """Submit the batches with a bounded number in flight, so memory stays flat."""
    logger = get_run_logger()
    workers = default_workers() if workers is None else workers
    start_extraction()
    run_id = open_run(source, extractor_version)
    summary = RunSummary()
    in_flight: deque[tuple[PrefectFuture[Any] | None, PrefectFuture[PersistedBatch], int]] = deque()
    # Enough batches in flight to keep every extraction worker and the database busy.
    max_in_flight = max(2, workers) + 2
    failed = False
    try:
        previous_ingest: list[PrefectFuture[Any]] = []
        for batch in batches:
            ingested: PrefectFuture[Any] | None = None
            if ingest:
                # One batch ingests at a time: two batches holding the same text must
                # not both find "no article has it yet" and both extract it.
                ingested = ingest_batch.submit(
                    Batch(batch), run_id, ResumeLog(), return_state=False, wait_for=previous_ingest
                )
                previous_ingest = [ingested]
                to_extract: Any = ingested
            else:
                to_extract = load_batch.submit(Batch(batch))
            extracted: Any = extract_batch.submit(to_extract, workers)
            persisted = persist_batch.submit(extracted, extractor_version, run_id, ResumeLog())
            in_flight.append((ingested, persisted, len(batch)))
            while len(in_flight) >= max_in_flight:
                _collect(in_flight.popleft(), summary, ingest)
        while in_flight:
            _collect(in_flight.popleft(), summary, ingest)
        # After every batch is stored: a claim's siblings may be in any batch of the run.
        links = link_claims(run_id)
        # After the links: a sibling's figures and verdicts are checked against.
        findings = check_claims(run_id)
    except BaseException:
        failed = True
        raise
    finally:
        if failed:
            stop_extraction()  # a stopping run (SIGTERM) waits for no article
        elif workers > 1:
            shutdown_pool()
        close_run(run_id, summary, failed)
    logger.info(
        "run %s: articles %s, claims %s", run_id, dict(summary.articles), dict(summary.claims)
    )
    return {
        "run_id": run_id,
        **summary.counts(),
        "links": links,
        "findings": findings,
        "error_list": [e.as_dict() for e in summary.errors],
    }


def _collect(
    entry: tuple[PrefectFuture[Any] | None, PrefectFuture[PersistedBatch], int],
    summary: RunSummary,
    ingest: bool,
) -> None:
    ingested, persisted, size = entry
    if ingested is not None:
        summary.add_ingested(ingested.result())
    summary.add_persisted(persisted.result())
    if not ingest:
        summary.articles["reextracted"] += size


def _add_outcome(batch: PersistedBatch, outcome: Any) -> None:
    if isinstance(outcome, ItemError):
        batch.errors.append(outcome)
    elif outcome is None:
        batch.superseded += 1
    else:
        batch.articles += 1
        batch.claims.update(new=outcome.new, kept=outcome.kept, stale=outcome.stale)
        batch.claims["restored"] += outcome.restored
        for claim_type, counter in outcome.by_type.items():
            batch.by_type.setdefault(claim_type, Counter()).update(counter)


def _record_failure(article_id: int, error: str) -> None:
    from claimtrack.db import unit_of_work
    from claimtrack.store import mark_extraction_failed

    with unit_of_work(pipeline_engine()) as session:
        mark_extraction_failed(session, article_id, error)


def _flow_run_id() -> str | None:
    try:
        context = get_run_context()
    except RuntimeError:
        return None
    flow_run = getattr(context, "flow_run", None)
    if flow_run is None:
        task_run = getattr(context, "task_run", None)
        return str(task_run.flow_run_id) if task_run and task_run.flow_run_id else None
    return str(flow_run.id)


def _one_line(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None)
    text = str(orig if orig is not None else exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
