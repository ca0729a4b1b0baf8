"""Bulk claim insert: claimtrack's own store path next to a raw COPY of the same rows.

The store path is what the pipeline does for each article: one transaction that
locks the article's key, fingerprints its claims, reconciles them with what is
stored and inserts the new ones (`claimtrack.store.reconcile_claims`). The
reference is PostgreSQL's floor for the same work: `COPY ... FROM STDIN` of the
very rows the store wrote, into the same table with the same indexes (the GIN
full-text index and the generated tsvector included), in one transaction.

The two run in alternating rounds so neither gets the emptier table.

    python -m benchmarks.bulk_insert            # 1,500 articles, ~30,000 claims
    CLAIMTRACK_BENCH_QUICK=1 python -m benchmarks.bulk_insert
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from typing import Any

from benchmarks.common import (
    Figure,
    Stopwatch,
    fresh_database,
    is_quick,
    libpq_url,
    postgres_server,
    server_version,
    write_result,
)
from claimtrack.store.claims import CLAIM_COPY_COLUMNS

ROUNDS = 2
# The raw COPY reference fills exactly the columns the store path fills.
COPY_COLUMNS = CLAIM_COPY_COLUMNS

# Sentences of the kind the extractor turns into claims; numbered so every
# article differs (its own sha256, its own fingerprints).
TEMPLATES = (
    "The ministry said {n} people were arrested on Friday.",
    "Unemployment fell {p}% in {year}, the statistics office said.",
    "\u201cWe will build {n} homes by {year},\u201d the mayor said.",
    "Exports rose to ${n} million last year.",
    "The council approved {n} new buses for the city.",
    "Prime Minister Imran Khan will address the UN General Assembly on September 27.",
    "It is the {n}th consecutive day of the lockdown, the foreign secretary said.",
    "The company, the world's biggest printer maker, cut {n} jobs.",
    "Torture is prohibited in absolute terms by the Convention against Torture.",
    "Prices rose {p} per cent in March, after {n} months of decline.",
)


def article_text(number: int) -> str:
    sentences = [
        template.format(n=(number * 7 + i) % 900 + 11, p=(number + i) % 9 + 1, year=1990 + i)
        for i, template in enumerate(TEMPLATES * 2)
    ]
    return f"Report number {number}\n\n" + " ".join(sentences) + "\n"


def main() -> None:
    articles = 150 if is_quick() else 1500
    with postgres_server() as server, fresh_database(server) as url:
        figures, details = measure(url, articles)
        details["postgresql"] = server_version(url)
    write_result(
        "bulk_insert",
        "Bulk claim insert: the store path (per-article transactions) vs raw COPY",
        figures,
        details,
    )


def measure(url: str, article_count: int) -> tuple[list[Figure], dict[str, Any]]:
    from claimtrack import db
    from claimtrack.extraction import EXTRACTOR_VERSION, extract_claims

    engine = db.create_engine_for(url)
    texts = [article_text(n) for n in range(article_count)]
    # Extraction is not what is measured here: extract once per article, up front.
    claims_of = [extract_claims(text, dt.date(2019, 8, 30)) for text in texts]
    store_ids = _ingest(engine, texts, "bench-store")
    copy_ids = _ingest(engine, texts, "bench-copy")

    store_seconds = copy_seconds = 0.0
    per_round = -(-article_count // ROUNDS)
    for round_start in range(0, article_count, per_round):
        chosen = range(round_start, min(article_count, round_start + per_round))
        with Stopwatch() as watch:
            for index in chosen:
                _store(engine, store_ids[index], claims_of[index], EXTRACTOR_VERSION)
        store_seconds += watch.seconds
        rows = _stored_rows(engine, [store_ids[i] for i in chosen], copy_ids, store_ids)
        copy_seconds += _copy(url, rows)

    rows_total = sum(len(c) for c in claims_of)
    _check_same_rows(engine, store_ids, copy_ids, rows_total)
    engine.dispose()
    store_rate = rows_total / store_seconds
    copy_rate = rows_total / copy_seconds
    figures = [
        Figure(
            "store path insert (per-article transactions)",
            store_rate,
            "rows/s",
            "raw COPY of the same rows",
            copy_rate,
        ),
        Figure(
            "store path, articles persisted",
            article_count / store_seconds,
            "articles/s",
        ),
    ]
    details = {
        "articles": article_count,
        "rows": rows_total,
        "rows_per_article": round(rows_total / article_count, 1),
        "rounds": ROUNDS,
        "store_seconds": round(store_seconds, 3),
        "copy_seconds": round(copy_seconds, 3),
        "claim_types": dict(Counter(c.type for claims in claims_of for c in claims)),
    }
    return figures, details


def _ingest(engine: Any, texts: list[str], prefix: str) -> list[int]:
    from claimtrack import db
    from claimtrack.store import ingest_document

    ids = []
    with db.unit_of_work(engine) as session:
        for number, text in enumerate(texts):
            result = ingest_document(
                session,
                source="bench",
                source_key=f"{prefix}/{number}",
                # The copy set gets a different sha256, so it is not a duplicate.
                text=text if prefix == "bench-store" else text + " ",
                published=dt.date(2019, 8, 30),
            )
            ids.append(result.article_id)
    return ids


def _store(engine: Any, article_id: int, claims: list[Any], version: str) -> None:
    from claimtrack import db
    from claimtrack.store import reconcile_claims

    with db.unit_of_work(engine) as session:
        reconcile_claims(session, article_id, claims, version)


def _stored_rows(
    engine: Any, article_ids: list[int], copy_ids: list[int], store_ids: list[int]
) -> list[tuple[Any, ...]]:
    """The rows the store wrote, re-pointed at the copy set's articles."""
    import sqlalchemy as sa

    target = dict(zip(store_ids, copy_ids, strict=True))
    columns = ", ".join(f'"{c}"' for c in COPY_COLUMNS)
    with engine.connect() as conn:
        fetched = conn.execute(
            sa.text(f"SELECT {columns} FROM claim WHERE article_id = ANY(:ids) ORDER BY id"),
            {"ids": article_ids},
        ).all()
    rows = []
    for row in fetched:
        values = list(row)
        values[0] = target[values[0]]
        values[7] = json.dumps(values[7])
        rows.append(tuple(values))
    return rows


def _copy(url: str, rows: list[tuple[Any, ...]]) -> float:
    """COPY the rows in one transaction; the seconds it took, connecting excluded."""
    import psycopg

    columns = ", ".join(f'"{c}"' for c in COPY_COLUMNS)
    with psycopg.connect(libpq_url(url)) as conn, conn.cursor() as cursor, Stopwatch() as watch:
        with cursor.copy(f"COPY claim ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        conn.commit()
    return watch.seconds


def _check_same_rows(engine: Any, store_ids: list[int], copy_ids: list[int], expected: int) -> None:
    """Both sets hold the same claims: the comparison is of equal work."""
    import sqlalchemy as sa

    query = sa.text(
        'SELECT count(*), count(DISTINCT (text, sentence, type, claimer, "values", fingerprint)) '
        "FROM claim WHERE article_id = ANY(:ids)"
    )
    with engine.connect() as conn:
        store = conn.execute(query, {"ids": store_ids}).one()
        copied = conn.execute(query, {"ids": copy_ids}).one()
    if tuple(store) != tuple(copied) or store[0] != expected:
        raise SystemExit(
            f"bulk_insert: row sets differ: store {tuple(store)}, copy {tuple(copied)}"
        )


if __name__ == "__main__":
    main()
