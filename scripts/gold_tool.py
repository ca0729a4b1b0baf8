"""Annotation helper for the gold sets in tests/gold/ (see tests/gold/README.md).

Run from the repository root:

    python scripts/gold_tool.py sample --seed 20260 --per-category business=6 politics=6 ...
    python scripts/gold_tool.py convert /tmp/scratch.jsonl tests/gold/dev.jsonl
    python scripts/gold_tool.py validate tests/gold/dev.jsonl
    python scripts/gold_tool.py show /tmp/scratch.jsonl      # prints article text: local only

The scratch file is a gold file whose claims carry ``anchor`` (+ ``occurrence``): easy to
write while reading an article. ``convert`` turns anchors into ``start``/``end``, adds the
source file's sha256 and drops the anchors, so the committed file quotes no article text.
Keep scratch files outside the repository (e.g. /tmp): they quote the article.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import random
import re
import sys
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from claimtrack.evaluation import (  # noqa: E402  (after the path set-up above)
    GoldError,
    load_gold,
    locate_claim,
    read_article_text,
    sha256_of,
)

BBC_DIR = "../shared/data/bbc-news/bbc"
LATIN1_FILES = {"sport/199.txt"}  # not UTF-8: the extractor's text would differ
MIN_WORDS, MAX_WORDS = 250, 450


def sample(seed: int, per_category: dict[str, int]) -> list[str]:
    """Seeded choice of moderate-length, non-duplicate BBC articles, per category.

    Each category's eligible files are shuffled with its own Random(seed) so that adding
    a category does not change the choice in another.
    """
    root = REPO_ROOT / BBC_DIR
    bodies_seen: set[str] = set()
    eligible: dict[str, list[str]] = {}
    for category in sorted(p.name for p in root.iterdir() if p.is_dir()):
        for path in sorted((root / category).glob("*.txt")):
            relative = f"{category}/{path.name}"
            if relative in LATIN1_FILES:
                continue
            text = path.read_text(encoding="utf-8")
            body = " ".join(text.split("\n", 1)[-1].split())
            digest = hashlib.sha256(body.encode()).hexdigest()
            if digest in bodies_seen:  # a later copy of an already-seen body
                continue
            bodies_seen.add(digest)
            if MIN_WORDS <= len(text.split()) <= MAX_WORDS:
                eligible.setdefault(category, []).append(relative)
    chosen: list[str] = []
    for category, count in per_category.items():
        files = eligible.get(category, [])
        random.Random(f"{seed}-{category}").shuffle(files)
        chosen.extend(files[:count])
    return chosen


def read_json_objects(path: Path) -> list[dict[str, Any]]:
    """Concatenated JSON objects: one a line, or pretty-printed over several lines."""
    text = path.read_text(encoding="utf-8")
    decoder = json.JSONDecoder()
    objects: list[dict[str, Any]] = []
    position = 0
    while True:
        while position < len(text) and text[position].isspace():
            position += 1
        if position >= len(text):
            return objects
        record, position = decoder.raw_decode(text, position)
        objects.append(record)


def convert(scratch: Path, output: Path, keep_anchors: bool) -> None:
    """Anchors -> start/end, plus sha256 of each source; writes (overwrites) ``output``."""
    lines = []
    for number, record in enumerate(read_json_objects(scratch), start=1):
        source = REPO_ROOT / record["source_file"]
        text = read_article_text(source)
        claims = []
        for index, raw in enumerate(record["claims"], start=1):
            span = locate_claim(raw, text, f"{scratch} article {number} claim {index}")
            claim = {k: v for k, v in raw.items() if k not in ("anchor", "occurrence")}
            if keep_anchors:
                claim = {
                    "anchor": raw["anchor"],
                    "occurrence": raw.get("occurrence", 1),
                    **{k: v for k, v in claim.items() if k not in ("start", "end")},
                }
            else:
                claim = {
                    "start": span.start,
                    "end": span.end,
                    **{k: v for k, v in claim.items() if k not in ("start", "end")},
                }
            claims.append(claim)
        claims.sort(key=lambda c: locate_claim(c, text, "").start)
        converted = {
            "id": record["id"],
            "source_file": record["source_file"],
            "sha256": sha256_of(source),
            "published": record.get("published"),
            "claims": claims,
        }
        lines.append(json.dumps(converted, ensure_ascii=False))
    output.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(lines)} articles to {output}")


def validate(gold_path: Path) -> int:
    """Load with the scorer's own checks, then the annotation rules the loader cannot know."""
    try:
        articles = load_gold(gold_path, root=REPO_ROOT)
    except GoldError as error:
        print(f"INVALID: {error}")
        return 1
    problems = []
    raw_lines = [json.loads(x) for x in gold_path.read_text("utf-8").splitlines() if x.strip()]
    for raw, article in zip(raw_lines, articles, strict=True):
        if article.source_file.startswith("../shared/data/"):
            if any("anchor" in c for c in raw["claims"]):
                problems.append(f"{article.id}: anchors quote a corpus we may not republish")
            if not raw.get("sha256"):
                problems.append(f"{article.id}: corpus source without sha256")
        spans = sorted((c.start, c.end) for c in article.claims)
        for claim in article.claims:
            where = f"{article.id} {claim.start}-{claim.end}"
            span_text = article.text[claim.start : claim.end]
            # A paragraph break: a blank line, or a new line that starts indented (wire
            # copy). A plain line break inside a paragraph is a hard wrap.
            if re.search(r"\n[ \t]*\n|\n[ \t]", span_text):
                problems.append(f"{where}: a claim spans a paragraph break")
            if re.search(r"[.!?][\"']?\s+[A-Z\"]", span_text.rstrip()):
                print(f"  note {where}: span may cross a sentence boundary")
            if span_text != span_text.strip():
                problems.append(f"{where}: span starts or ends with whitespace")
            if (
                claim.type == "date"
                and claim.tier == "must"
                and article.published
                and not claim.values
            ):
                print(f"  note {where}: must date claim without a value")
        for (a_start, a_end), (b_start, b_end) in itertools.pairwise(spans):
            if b_start < a_end:
                print(
                    f"  note {article.id}: gold spans {a_start}-{a_end} and "
                    f"{b_start}-{b_end} overlap"
                )
    for problem in problems:
        print(f"INVALID: {problem}")
    claims = sum(len(a.claims) for a in articles)
    must = sum(c.tier == "must" for a in articles for c in a.claims)
    print(
        f"{gold_path}: {len(articles)} articles, {claims} claims ({must} must)"
        + ("" if problems else ", valid")
    )
    return 1 if problems else 0


def show(gold_path: Path) -> None:
    """Each claim with its text, for proof-reading an annotation (prints article text)."""
    for article in load_gold(gold_path, root=REPO_ROOT):
        print(f"== {article.id} ({article.source_file}, published {article.published})")
        for claim in article.claims:
            text = article.text[claim.start : claim.end]
            values = json.dumps(list(claim.values), ensure_ascii=False)
            print(
                f"  [{claim.tier}/{claim.type}] {text!r}\n      claimer={claim.claimer} "
                f"values={values}"
            )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    sample_parser = commands.add_parser("sample", help="choose BBC articles with a fixed seed")
    sample_parser.add_argument("--seed", type=int, required=True)
    sample_parser.add_argument(
        "--per-category", nargs="+", required=True, help="category=count ..."
    )
    convert_parser = commands.add_parser("convert", help="anchors -> offsets + sha256")
    convert_parser.add_argument("scratch", type=Path)
    convert_parser.add_argument("output", type=Path)
    convert_parser.add_argument(
        "--keep-anchors", action="store_true", help="for texts we may quote (the example article)"
    )
    validate_parser = commands.add_parser("validate", help="check a gold file")
    validate_parser.add_argument("gold", type=Path)
    show_parser = commands.add_parser("show", help="print claims with their text")
    show_parser.add_argument("gold", type=Path)
    args = parser.parse_args()
    if args.command == "sample":
        counts = {k: int(v) for k, v in (item.split("=") for item in args.per_category)}
        for relative in sample(args.seed, counts):
            print(relative)
        return 0
    if args.command == "convert":
        convert(args.scratch, args.output, args.keep_anchors)
        return 0
    if args.command == "validate":
        return validate(args.gold)
    show(args.gold)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
