"""Extraction time per MB of one huge article, from 0.25 to 16 MB: linear or not.

    .venv/bin/python -m benchmarks.huge_article [--sizes 0.25 0.5 1 2 4 8 16]

Each article is made by concatenating the BBC corpus's articles (in corpus
order, blank lines between them, cut at the size), or generated sentences when
../shared is absent, and extracted once in a fresh process of its own (so one
size's memory and caches do not colour another's). Reported: CPU seconds per MB
at each size, and peak RSS. Linear extraction keeps seconds per MB flat; the
extractor before issue 18 took 1.7 s for 0.25 MB, 12.2 s for 1 MB and 29.8 s for
2 MB, and did not finish 15.7 MB within 300 s. The figure is seconds per MB at
the largest size, its reference the same at the smallest: a ratio near 1 is linear.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from typing import Any

from benchmarks.common import REPO_ROOT, SHARED_DIR, Figure, is_quick, write_result

CORPUS = SHARED_DIR / "data" / "bbc-news" / "bbc_news.jsonl"
SIZES_MB = [0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0]
QUICK_SIZES_MB = [0.25, 0.5, 1.0, 2.0]
MB = 1_000_000


def synthetic_text(size: int) -> tuple[str, str]:
    """A text of `size` characters by concatenation, and where its pieces came from."""
    if CORPUS.exists():
        with CORPUS.open(encoding="utf-8") as lines:
            pieces = [json.loads(line)["text"] for line in lines]
        source = "BBC corpus articles, concatenated"
    else:
        rng = random.Random(18)
        pieces = [
            f"Officials said {rng.randint(2, 9000)} people were arrested on Friday. "
            f'"We will build {rng.randint(2, 900)} homes by {rng.randint(2020, 2030)}," '
            f"the mayor, Anna Kowalski, said. Prices rose {rng.randint(1, 40)}% in March."
            for _ in range(2000)
        ]
        source = "generated sentences, concatenated"
    parts: list[str] = []
    length = index = 0
    while length < size:
        piece = pieces[index % len(pieces)]
        parts.append(piece)
        length += len(piece) + 2
        index += 1
    return "\n\n".join(parts)[:size], source


def measure_one(size_mb: float) -> dict[str, Any]:
    """Extract one article of `size_mb` MB in this process: CPU and wall seconds, claims, RSS."""
    from claimtrack.extraction import extract_claims
    from claimtrack.extraction.signals import sentence_scorer

    sentence_scorer()(["Load the model before the clock starts: 3 warm-up claims."])
    text, source = synthetic_text(int(size_mb * MB))
    wall, cpu = time.perf_counter(), time.process_time()
    claims = extract_claims(text, None)
    cpu_seconds = time.process_time() - cpu
    wall_seconds = time.perf_counter() - wall
    return {
        "size_mb": size_mb,
        "characters": len(text),
        "claims": len(claims),
        "cpu_seconds": round(cpu_seconds, 2),
        "wall_seconds": round(wall_seconds, 2),
        "cpu_seconds_per_mb": round(cpu_seconds / size_mb, 2),
        "max_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "text": source,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=None, help="sizes in MB")
    parser.add_argument("--one", type=float, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one is not None:
        print(json.dumps(measure_one(args.one)))
        return 0
    sizes = args.sizes or (QUICK_SIZES_MB if is_quick() else SIZES_MB)
    rows = []
    for size in sizes:
        done = subprocess.run(
            [sys.executable, "-m", "benchmarks.huge_article", "--one", str(size)],
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        row = json.loads(done.stdout.strip().splitlines()[-1])
        print(
            f"huge_article: {size:g} MB: {row['cpu_seconds']} CPU s "
            f"({row['cpu_seconds_per_mb']} s/MB), {row['claims']} claims, "
            f"peak RSS {row['max_rss_mib']} MiB",
            flush=True,
        )
        rows.append(row)
    smallest, largest = rows[0], rows[-1]
    figures = [
        Figure(
            f"CPU seconds per MB at {largest['size_mb']:g} MB",
            largest["cpu_seconds_per_mb"],
            "s/MB",
            f"the same at {smallest['size_mb']:g} MB",
            smallest["cpu_seconds_per_mb"],
            higher_is_better=False,
        ),
        Figure(
            f"peak RSS at {largest['size_mb']:g} MB",
            largest["max_rss_mib"],
            "MiB",
            f"the same at {smallest['size_mb']:g} MB",
            smallest["max_rss_mib"],
            higher_is_better=False,
        ),
    ]
    write_result(
        "huge_article",
        "extraction of one article of 0.25-16 MB (concatenated articles), a process per size",
        figures,
        {"sizes": rows},
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
