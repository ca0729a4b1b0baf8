"""Persistence of articles and claims: ingest with versions and duplicates, reconcile claims.

Services here take a session and never commit: the caller (a flow task, a CLI
command) owns the transaction, one per article.
"""

from claimtrack.store.articles import (
    BatchView,
    IngestOutcome,
    IngestResult,
    ingest_document,
    read_batch,
)
from claimtrack.store.claims import (
    PIPELINE_ACTOR,
    ClaimLike,
    ReconcileCounts,
    articles_to_reextract,
    count_totals,
    mark_extraction_failed,
    reconcile_claims,
)
from claimtrack.store.fingerprint import claim_fingerprint, fingerprints_for
from claimtrack.store.runs import finish_run, hold_run, mark_abandoned_runs, start_run

__all__ = [
    "PIPELINE_ACTOR",
    "BatchView",
    "ClaimLike",
    "IngestOutcome",
    "IngestResult",
    "ReconcileCounts",
    "articles_to_reextract",
    "claim_fingerprint",
    "count_totals",
    "fingerprints_for",
    "finish_run",
    "hold_run",
    "ingest_document",
    "mark_abandoned_runs",
    "mark_extraction_failed",
    "read_batch",
    "reconcile_claims",
    "start_run",
]
