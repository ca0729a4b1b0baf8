"""Fact-check matching: quality on CheckThat! 2020 Task 2 dev, speed, and scale.

    .venv/bin/python -m benchmarks.matching [--embeddings-cache DIR]

- Quality: MAP@5, MAP@1 and Recall@5 on the 197 dev tweets against the 10,375
  verified claims, for each view alone (char, word, dense), the lexical fusion
  (what runs without the model) and the hybrid fusion (the default), beside the
  plain TF-IDF reference of the data's SOURCE.md (word 1-2-grams, sublinear tf,
  English stop words, over vclaim + title) measured in the same run. The ranker
  was trained on train only (scripts/train_matcher.py); dev was never fitted on.
- Speed: embedding the library (fact-checks/s), ranking queries (queries/s, one
  batch), and latency per claim ranked alone (p50/p99) at the real 10k library and
  at 100k fact-checks. The 100k library is the real one repeated ten times with a
  word dropped from each copy and its embedding jittered and renormalised:
  the cost of scoring depends on sizes, not on what the texts say.
- Pipeline cost: what the pipeline's matching step does for BBC articles, per
  article: rank the check-worthy claims, on words first, embedding only the claims
  with a lexical candidate (claimtrack.matching.links).
All in one process, on the CPU.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.common import SHARED_DIR, Figure, is_quick, write_result

TASK = SHARED_DIR / "data" / "checkthat2020-task2"
BBC = SHARED_DIR / "data" / "bbc-news"


def _queries(split: str) -> list[tuple[str, str]]:
    csv.field_size_limit(1 << 30)
    with open(TASK / split / "tweets.queries.tsv", encoding="utf-8", newline="") as handle:
        return [(row[0], row[1]) for row in list(csv.reader(handle, delimiter="\t"))[1:]]


def _percentile(values: list[float], q: float) -> float:
    return float(np.percentile(np.asarray(values), q))


def _tfidf_reference(entries: list[Any], queries: list[tuple[str, str]]) -> dict[str, list[str]]:
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, stop_words="english")
    matrix = vectorizer.fit_transform([f"{e.claim_text} {e.title or ''}" for e in entries])
    scores = (vectorizer.transform([text for _, text in queries]) @ matrix.T).toarray()
    return {
        query_id: [entries[j].source_id for j in np.argsort(-scores[row])[:10]]
        for row, (query_id, _) in enumerate(queries)
    }


def _rankings(index: Any, queries: list[tuple[str, str]], method: str) -> dict[str, list[str]]:
    ranked = index._rank([text for _, text in queries], 10, method)
    return {
        qid: [m.entry.source_id for m in matches]
        for (qid, _), matches in zip(queries, ranked, strict=True)
    }


def _view_alone(index: Any, queries: list[tuple[str, str]], view: str) -> dict[str, list[str]]:
    scores = index.view_scores([text for _, text in queries])[view]
    return {
        qid: [index.entries[j].source_id for j in np.argsort(-scores[row])[:10]]
        for row, (qid, _) in enumerate(queries)
    }


def _latencies(index: Any, texts: list[str]) -> list[float]:
    times = []
    for text in texts:
        started = time.perf_counter()
        index.rank([text], 5)
        times.append((time.perf_counter() - started) * 1000)
    return times


def _bbc_claim_texts(limit: int) -> tuple[int, list[str]]:
    from claimtrack.extraction import extract_claims
    from claimtrack.matching.links import PIPELINE_MIN_CHECKWORTHINESS

    files = sorted(BBC.rglob("*.txt"))
    random.Random(7).shuffle(files)
    texts: list[str] = []
    articles = 0
    for path in files[:limit]:
        text = path.read_bytes().decode("utf-8", errors="replace")
        texts += [
            claim.text
            for claim in extract_claims(text, None)
            if claim.checkworthiness >= PIPELINE_MIN_CHECKWORTHINESS
        ]
        articles += 1
    return articles, texts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--embeddings-cache", type=Path, help="reuse library embeddings saved here")
    args = parser.parse_args()
    if not TASK.is_dir():
        print(f"matching: needs {TASK}", file=sys.stderr)
        return 1

    from claimtrack.matching.encoder import MiniLMEncoder
    from claimtrack.matching.index import Entry, MatchIndex
    from claimtrack.matching.model_files import fetch
    from claimtrack.matching.readers import FactCheckRecord, read_fact_checks
    from claimtrack.matching.scoring import read_qrels, score_rankings
    from claimtrack.settings import get_settings

    records = [
        r
        for r in read_fact_checks(TASK / "verified_claims.docs.tsv")
        if isinstance(r, FactCheckRecord)
    ]
    encoder = MiniLMEncoder(fetch(get_settings().models_path))
    cached = args.embeddings_cache / "verified_claims.npy" if args.embeddings_cache else None
    sample = records[:1000]
    started = time.perf_counter()
    encoder.encode([r.claim_text for r in sample])
    embed_rate = len(sample) / (time.perf_counter() - started)
    if cached and cached.exists():
        vectors = np.load(cached)
    else:
        vectors = encoder.encode([r.claim_text for r in records])
        if cached:
            cached.parent.mkdir(parents=True, exist_ok=True)
            np.save(cached, vectors)
    entries = [
        Entry(i, r.source_id, r.claim_text, r.title, r.verdict, vectors[i])
        for i, r in enumerate(records)
    ]
    started = time.perf_counter()
    index = MatchIndex(entries, encoder)
    build_seconds = time.perf_counter() - started

    dev = _queries("dev")
    qrels = read_qrels(str(TASK / "dev" / "tweet-vclaim-pairs.qrels"))
    quality: dict[str, dict[str, float | int]] = {}
    reference = score_rankings(_tfidf_reference(entries, dev), qrels)
    quality["reference: TF-IDF word 1-2-grams"] = reference.as_dict()
    for view in ("char", "word", "dense"):
        quality[f"view {view} alone"] = score_rankings(
            _view_alone(index, dev, view), qrels
        ).as_dict()
    timings: dict[str, float] = {}
    for method in ("lexical", "hybrid"):
        started = time.perf_counter()
        rankings = _rankings(index, dev, method)
        timings[method] = len(dev) / (time.perf_counter() - started)
        quality[f"fusion {method}"] = score_rankings(rankings, qrels).as_dict()
    hybrid = quality["fusion hybrid"]

    texts = [text for _, text in dev]
    latency_10k = _latencies(index, texts[:100] if is_quick() else texts)
    rng = random.Random(3)
    big_entries = list(entries)
    noise = np.random.default_rng(3)
    for copy in range(1, 10):
        for e in entries:
            words = e.claim_text.split()
            if len(words) > 3:
                del words[rng.randrange(len(words))]
            assert e.embedding is not None
            jittered = e.embedding + noise.normal(0, 0.02, e.embedding.shape).astype(np.float32)
            jittered /= np.linalg.norm(jittered)
            big_entries.append(
                Entry(
                    len(big_entries),
                    f"{e.source_id}-copy{copy}",
                    " ".join(words),
                    e.title,
                    e.verdict,
                    jittered,
                )
            )
    started = time.perf_counter()
    big_index = MatchIndex(big_entries, encoder)
    big_build_seconds = time.perf_counter() - started
    latency_100k = _latencies(big_index, texts[:50] if is_quick() else texts[:100])
    del big_index, big_entries

    articles, claim_texts = _bbc_claim_texts(50 if is_quick() else 300) if BBC.is_dir() else (0, [])
    pipeline_ms_per_article = None
    screened_share = None
    if articles:
        from claimtrack.matching.links import SCREEN_MIN_SCORE

        started = time.perf_counter()
        lexical = index._rank(claim_texts, 3, "lexical")
        index.rank_screened(claim_texts, 3, SCREEN_MIN_SCORE)
        pipeline_ms_per_article = (time.perf_counter() - started) * 1000 / articles
        screened_share = sum(1 for m in lexical if m and m[0].score >= SCREEN_MIN_SCORE) / max(
            1, len(claim_texts)
        )

    figures = [
        Figure(
            "MAP@5 on CT2020 dev, hybrid fusion (default)",
            hybrid["map@5"],
            "",
            "plain TF-IDF, same run",
            reference.map_at_5,
        ),
        Figure(
            "MAP@1 on CT2020 dev, hybrid fusion",
            hybrid["map@1"],
            "",
            "plain TF-IDF, same run",
            reference.map_at_1,
        ),
        Figure(
            "Recall@5 on CT2020 dev, hybrid fusion",
            hybrid["recall@5"],
            "",
            "plain TF-IDF, same run",
            reference.recall_at_5,
        ),
        Figure(
            "MAP@5 on CT2020 dev, lexical fusion (no model)",
            quality["fusion lexical"]["map@5"],
            "",
            "plain TF-IDF, same run",
            reference.map_at_5,
        ),
        Figure(
            "queries per second, hybrid, one batch of 197", round(timings["hybrid"], 1), "queries/s"
        ),
        Figure(
            "queries per second, lexical, one batch of 197",
            round(timings["lexical"], 1),
            "queries/s",
        ),
        Figure("fact-checks embedded per second", round(embed_rate, 1), "fact-checks/s"),
        Figure(
            "latency per claim at 10k fact-checks, p50",
            round(_percentile(latency_10k, 50), 2),
            "ms",
            higher_is_better=False,
        ),
        Figure(
            "latency per claim at 10k fact-checks, p99",
            round(_percentile(latency_10k, 99), 2),
            "ms",
            higher_is_better=False,
        ),
        Figure(
            "latency per claim at 100k fact-checks, p50",
            round(_percentile(latency_100k, 50), 2),
            "ms",
            higher_is_better=False,
        ),
        Figure(
            "latency per claim at 100k fact-checks, p99",
            round(_percentile(latency_100k, 99), 2),
            "ms",
            higher_is_better=False,
        ),
    ]
    if pipeline_ms_per_article is not None:
        figures.append(
            Figure(
                "pipeline matching cost per BBC article (10k library)",
                round(pipeline_ms_per_article, 2),
                "ms",
                higher_is_better=False,
            )
        )
    write_result(
        "matching",
        "fact-check matching on CheckThat! 2020 Task 2 dev, one process, CPU",
        figures,
        {
            "quality": quality,
            "library": len(entries),
            "index_build_seconds_10k": round(build_seconds, 2),
            "index_build_seconds_100k": round(big_build_seconds, 2),
            "bbc_articles": articles,
            "bbc_claims": len(claim_texts),
            "claims_passing_the_lexical_screen": round(screened_share, 3)
            if screened_share is not None
            else None,
            "load_average": os.getloadavg(),
            "max_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        },
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
