"""Extraction throughput and peak memory over the BBC corpus, in one process.

    .venv/bin/python benchmarks/extraction.py [--limit N] [--rules-only]

Reads ../shared/data/bbc-news/bbc_news.jsonl (research use; not in this repo),
extracts every article once in a single timed pass on one core, and writes
benchmarks/results/extraction.json. `--rules-only` swaps the trained
check-worthiness model for the built-in heuristic, to show the rules' own cost.
Memory: the process's maximum resident set size; with `--tracemalloc`, also the
peak of Python allocations in a second, untimed pass (tracemalloc slows Python).
CPU seconds are reported beside wall seconds: on a shared machine the wall clock
also counts time spent waiting for a core.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import sys
import time
import tracemalloc
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "data" / "bbc-news" / "bbc_news.jsonl"
RESULTS = REPO / "benchmarks" / "results" / "extraction.json"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument("--rules-only", action="store_true", help="heuristic check-worthiness")
    parser.add_argument("--tracemalloc", action="store_true", help="also measure peak allocations")
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args()
    if not CORPUS.exists():
        print(
            f"benchmark needs {CORPUS.relative_to(REPO.parent)} (../shared is absent)",
            file=sys.stderr,
        )
        return 2

    from claimtrack.extraction import EXTRACTOR_VERSION, engine, signals

    if args.rules_only:
        engine.sentence_scorer = lambda: (  # type: ignore[attr-defined]
            lambda sentences: [signals.heuristic_sentence_score(s) for s in sentences]
        )
    else:
        signals.sentence_scorer()(["Warm the model up: load it before the clock starts."])

    with CORPUS.open(encoding="utf-8") as lines:
        articles = [json.loads(line)["text"] for line in lines]
    if args.limit:
        articles = articles[: args.limit]

    started = time.perf_counter()
    cpu_started = time.process_time()
    claims = values = 0
    for text in articles:
        for claim in engine.extract_claims(text, None):
            claims += 1
            values += len(claim.values)
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    max_rss_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    # A second pass under tracemalloc (which slows Python down, so it is not timed).
    peak_mib = None
    if args.tracemalloc:
        tracemalloc.start()
        for text in articles:
            engine.extract_claims(text, None)
        peak_mib = round(tracemalloc.get_traced_memory()[1] / 2**20, 1)
        tracemalloc.stop()

    result = {
        "benchmark": "extraction over the BBC corpus (bbc_news.jsonl), one process, one core",
        "extractor": EXTRACTOR_VERSION,
        "checkworthiness": "heuristic" if args.rules_only else "trained model",
        "articles": len(articles),
        "claims": claims,
        "values": values,
        "wall_seconds": round(elapsed, 2),
        "cpu_seconds": round(cpu, 2),
        "articles_per_second": round(len(articles) / elapsed, 1),
        "articles_per_cpu_second": round(len(articles) / cpu, 1),
        "claims_per_second": round(claims / elapsed, 1),
        "tracemalloc_peak_mib": peak_mib,
        "max_rss_mib": round(max_rss_kib / 1024, 1),
        "load_average_1min": round(os.getloadavg()[0], 2),  # others' work slows the wall clock
        "python": platform.python_version(),
        "machine": platform.machine(),
        "measured": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    existing = json.loads(args.output.read_text()) if args.output.exists() else {}
    key = "rules_only" if args.rules_only else "full"
    existing[key] = result
    args.output.write_text(json.dumps(existing, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
