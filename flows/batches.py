"""Plain data passed between the pipeline's tasks, and the run's running totals.

Nothing here imports Prefect or the database, so worker processes that only
extract can import it cheaply.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import islice
from typing import Any, Generic, TypeVar

T = TypeVar("T")

# extraction_run.errors keeps this many entries; a run over a broken dump of a
# million lines must not write a million-entry JSON array.
MAX_RECORDED_ERRORS = 1000


def chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Consecutive lists of `size` items (the last may be shorter), read lazily."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


@dataclass(frozen=True)
class ToExtract:
    """An article version whose text still needs extracting."""

    article_id: int
    source_key: str
    text: str
    published: date | None


@dataclass(frozen=True)
class Extracted:
    """One article's extraction: its claims, or why there are none."""

    article_id: int
    source_key: str
    claims: list[Any] | None  # claimtrack.extraction.ExtractedClaim
    error: str | None = None


class Batch(Generic[T]):
    """The items one task works on, handed over as a single plain object.

    Prefect walks the lists, dicts and dataclasses in a task's parameters (and in
    the results of the futures it resolves) looking for futures; over a batch of
    texts and claims that walk cost more CPU than storing them. A plain object is
    a leaf to it. (Prefect's quote() and opaque() do the same for the thread pool,
    but the Dask runner unpacks them.) The batch classes below are plain for the
    same reason.
    """

    __slots__ = ("items",)

    def __init__(self, items: list[T]) -> None:
        self.items = items

    def __len__(self) -> int:
        return len(self.items)


class ExtractedBatch(Batch["Extracted"]):
    """A batch's extraction results, one per article."""

    __slots__ = ()


@dataclass
class ItemError:
    item: str
    error: str

    def as_dict(self) -> dict[str, str]:
        return {"item": self.item, "error": self.error}


class IngestedBatch:
    """What ingesting a batch left to extract, and how each item landed."""

    __slots__ = ("errors", "outcomes", "to_extract")

    def __init__(self, to_extract: list[ToExtract]) -> None:
        self.to_extract = to_extract
        self.outcomes: Counter[str] = Counter()
        self.errors: list[ItemError] = []


@dataclass
class PersistedBatch:
    articles: int = 0
    claims: Counter[str] = field(default_factory=Counter)  # new, kept, stale, restored
    by_type: dict[str, Counter[str]] = field(default_factory=dict)
    superseded: int = 0
    errors: list[ItemError] = field(default_factory=list)


class ResumeLog:
    """What a batch task has already committed, so a retry after a transient error
    does not redo (or miscount) the articles before the failure.

    A plain class on purpose: Prefect passes it to every attempt of a task run as
    the same object (it rebuilds lists and dicts it finds in parameters, not this).
    The pipeline commits without waiting for the WAL flush, so a crash of the
    server can lose commits it acknowledged: a retry first checks the log against
    the database and forgets what is not there (see flows/database.py).
    """

    def __init__(self) -> None:
        self.done: dict[Any, Any] = {}
        self.started: datetime | None = None  # when the first attempt began


@dataclass
class RunSummary:
    """Everything the summary table, the artifact and the extraction_run row show."""

    articles: Counter[str] = field(default_factory=Counter)
    claims: Counter[str] = field(default_factory=Counter)
    by_type: dict[str, Counter[str]] = field(default_factory=dict)
    errors: list[ItemError] = field(default_factory=list)
    error_count: int = 0

    def add_error(self, error: ItemError) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_RECORDED_ERRORS:
            self.errors.append(error)

    def add_ingested(self, batch: IngestedBatch) -> None:
        self.articles.update(batch.outcomes)
        for error in batch.errors:
            self.articles["failed"] += 1
            self.add_error(error)

    def add_persisted(self, batch: PersistedBatch) -> None:
        self.claims.update(batch.claims)
        for claim_type, counter in batch.by_type.items():
            self.by_type.setdefault(claim_type, Counter()).update(counter)
        self.articles["extracted"] += batch.articles
        self.articles["superseded"] += batch.superseded
        for error in batch.errors:
            self.articles["failed"] += 1
            self.add_error(error)

    @property
    def articles_seen(self) -> int:
        return sum(
            self.articles[k] for k in ("new", "updated", "unchanged", "duplicate", "unreadable")
        )

    def counts(self) -> dict[str, Any]:
        """The extraction_run.counts JSON: flat totals plus claims by type."""
        counts: dict[str, Any] = {f"articles_{k}": v for k, v in sorted(self.articles.items())}
        counts.update({f"claims_{k}": v for k, v in sorted(self.claims.items())})
        counts["claims_by_type"] = {
            claim_type: dict(counter) for claim_type, counter in sorted(self.by_type.items())
        }
        counts["errors"] = self.error_count
        return counts

    def rows(self) -> list[dict[str, Any]]:
        """The table artifact: one row per claim type, then the totals."""
        rows = [
            {
                "type": claim_type,
                "new": counter["new"],
                "kept": counter["kept"],
                "stale": counter["stale"],
            }
            for claim_type, counter in sorted(self.by_type.items())
        ]
        rows.append(
            {
                "type": "all",
                "new": self.claims["new"],
                "kept": self.claims["kept"],
                "stale": self.claims["stale"],
            }
        )
        return rows


class SourceTally:
    """What the sources gave that a reader should know: articles without a publication
    date (their relative dates stay unresolved) and texts decoded with the fallback
    encoding. Counted as the documents stream past, so nothing is held."""

    def __init__(self) -> None:
        self.undated = 0
        self.decoded_with: Counter[str] = Counter()

    def watch(self, documents: Iterable[Any]) -> Iterator[Any]:
        for document in documents:
            if hasattr(document, "published"):  # a Document, not a DocumentError
                if document.published is None:
                    self.undated += 1
                if document.decoded_with:
                    self.decoded_with[document.decoded_with] += 1
            yield document

    def counts(self) -> dict[str, Any]:
        return {
            "articles_undated": self.undated,
            "articles_decoded_fallback": sum(self.decoded_with.values()),
            "decoded_with": dict(self.decoded_with),
        }

    def warnings(self) -> list[str]:
        lines = []
        if self.undated:
            lines.append(
                f"{self.undated} article(s) have no publication date: their relative dates "
                "('on Friday', 'last year') stay unresolved; give --published YYYY-MM-DD "
                "or date them in their metadata"
            )
        for encoding, count in sorted(self.decoded_with.items()):
            lines.append(f"{count} file(s) were not UTF-8 and were read as {encoding}")
        return lines
