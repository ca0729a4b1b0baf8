"""Consistency checks: precision and recall per rule on a labelled set, the false-finding
rate on the unmodified BBC corpus, and the time the checks add to extraction.

    .venv/bin/python benchmarks/consistency.py [--limit N] [--no-database]

The labelled set (benchmarks/consistency_cases.jsonl) holds no corpus text: each case
names a file under ../shared (with its sha256), a span, and for an inconsistent case
the one edit (offsets and the new words) that makes a copy contradict itself. A
`same_measure` case checks the edited copy beside the unmodified original, as two
articles. Positive = a contradiction of the case's rule on a claim in its span.

The corpus part extracts every BBC article once (timed), runs every within-article
rule and the across-article `same_measure` (timed), and, unless --no-database, stores
the claims in a fresh PostgreSQL database and times the pipeline's own step
(`refresh_findings` over every article: load, check, store). Writes
benchmarks/results/consistency.json.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import sys
import time
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import (
    REPO_ROOT,
    RESULTS_DIR,
    SHARED_DIR,
    Figure,
    fresh_database,
    postgres_server,
    write_result,
)

CASES = REPO_ROOT / "benchmarks" / "consistency_cases.jsonl"
CORPUS = SHARED_DIR / "data" / "bbc-news" / "bbc_news.jsonl"
# Contradictions on the unmodified corpus listed for checking by hand (all, up to this).
HAND_SAMPLE = 25


Spans = dict[int, tuple[int, int]]


def _facts(
    text: str, published: date | None, article_id: int, first_id: int, spans: Spans
) -> list[Any]:
    """The extractor's claims as the checks read them; their offsets go into `spans`."""
    from claimtrack.checks import ClaimFacts
    from claimtrack.extraction import extract_claims

    facts = []
    for i, c in enumerate(extract_claims(text, published)):
        spans[first_id + i] = (c.start, c.end)
        facts.append(
            ClaimFacts(
                first_id + i, article_id, c.text, c.sentence, c.type, c.values, c.claimer, published
            )
        )
    return facts


# Claims of the unmodified original beside an edited copy are numbered from here: a
# finding counts for the case only through a claim of the copy.
_ORIGINAL = 100_000


def _case_findings(case: dict[str, Any], spans: Spans) -> list[Any]:
    """The findings on the case's text (the edited copy when inconsistent)."""
    from claimtrack.checks import check_article, same_measure

    raw = (SHARED_DIR / case["path"]).read_bytes()
    if hashlib.sha256(raw).hexdigest() != case["sha256"]:
        raise SystemExit(f"{case['path']} is not the file the case was made from")
    original = raw.decode("utf-8", errors="replace")
    text = original
    if case["edit"]:
        edit = case["edit"]
        text = original[: edit["start"]] + edit["replacement"] + original[edit["end"] :]
    published = date.fromisoformat(case["published"]) if case["published"] else None
    facts = _facts(text, published, 1, 0, spans)
    if case["pair_with_original"]:
        others = _facts(original, published, 2, _ORIGINAL, {})
        return same_measure([f for f in facts + others if f.type == "quantity"])
    return check_article(facts, published)


def _hits(case: dict[str, Any], findings: list[Any], spans: Spans) -> tuple[bool, bool]:
    """(a contradiction of the case's rule touches its span, an agreement does)."""
    start, end = case["span"]["start"], case["span"]["end"]

    def touches(finding: Any) -> bool:
        return any(
            claim_id in spans and spans[claim_id][0] <= end and spans[claim_id][1] >= start
            for claim_id in finding.claim_ids
        )

    mine = [f for f in findings if f.rule == case["rule"] and touches(f)]
    return any(f.contradicts for f in mine), any(not f.contradicts for f in mine)


def labelled() -> tuple[dict[str, dict[str, float]], list[dict[str, Any]]]:
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    rows = []
    for line in CASES.read_text(encoding="utf-8").splitlines():
        case = json.loads(line)
        spans: Spans = {}
        findings = _case_findings(case, spans)
        contradicted, agreed = _hits(case, findings, spans)
        if case["label"] == "inconsistent":
            outcome = "tp" if contradicted else "fn"
        else:
            outcome = "fp" if contradicted else ("tn_agrees" if agreed else "tn_silent")
        counts[case["rule"]][outcome] += 1
        rows.append({"id": case["id"], "label": case["label"], "outcome": outcome})
    scores = {}
    for rule, c in counts.items():
        tp, fp, fn = c["tp"], c["fp"], c["fn"]
        scores[rule] = {
            "inconsistent_cases": tp + fn,
            "consistent_cases": fp + c["tn_agrees"] + c["tn_silent"],
            "tp": tp,
            "fp": fp,
            "fn": fn,
            "consistent_read_as_agreeing": c["tn_agrees"],
            "precision": tp / (tp + fp) if tp + fp else float("nan"),
            "recall": tp / (tp + fn) if tp + fn else float("nan"),
        }
    return scores, rows


def corpus(limit: int | None) -> dict[str, Any]:
    """Extraction and checks over the BBC corpus, each timed; contradictions found."""
    from claimtrack.checks import check_article, same_measure
    from claimtrack.checks.model import ClaimFacts
    from claimtrack.extraction import extract_claims, signals

    signals.sentence_scorer()(["Warm the model up: load it before the clock starts."])
    articles = [json.loads(line) for line in CORPUS.open(encoding="utf-8")][:limit]
    started = time.process_time()
    extracted = [extract_claims(a["text"], None) for a in articles]
    extraction_cpu = time.process_time() - started
    facts = [
        ClaimFacts(n * 1000 + i, n, c.text, c.sentence, c.type, c.values, c.claimer, None)
        for n, claims in enumerate(extracted)
        for i, c in enumerate(claims)
    ]
    by_article: dict[int, list[ClaimFacts]] = defaultdict(list)
    for fact in facts:
        by_article[fact.article_id].append(fact)
    started = time.process_time()
    findings = [f for claims in by_article.values() for f in check_article(claims, None)]
    findings += same_measure([f for f in facts if f.type == "quantity"])
    checks_cpu = time.process_time() - started
    contradictions = [f for f in findings if f.contradicts]
    sample = random.Random(17).sample(contradictions, min(HAND_SAMPLE, len(contradictions)))
    return {
        "articles": len(articles),
        "claims": len(facts),
        "extraction_cpu_seconds": round(extraction_cpu, 3),
        "checks_cpu_seconds": round(checks_cpu, 3),
        "findings_by_rule_and_outcome": {
            f"{rule}/{outcome}": n
            for (rule, outcome), n in sorted(Counter((f.rule, f.outcome) for f in findings).items())
        },
        "contradictions": len(contradictions),
        # Where to look (article id, claim offsets), never the text: checked by hand.
        "hand_sample": [_where(f, articles, extracted) for f in sample],
        "extracted": extracted,
    }


def _where(finding: Any, articles: list[dict[str, Any]], extracted: list[Any]) -> dict[str, Any]:
    claims = []
    for claim_id in finding.claim_ids:
        n, i = divmod(claim_id, 1000)
        claims.append(
            {
                "article": articles[n]["id"],
                "start": extracted[n][i].start,
                "end": extracted[n][i].end,
            }
        )
    return {"rule": finding.rule, "expectation": finding.expectation, "claims": claims}


def _store(session: Any, articles: list[dict[str, Any]], extracted: list[Any]) -> list[int]:
    """The articles and their claims, stored as rows (untimed); the articles' ids."""
    import sqlalchemy as sa

    from claimtrack.store.fingerprint import claim_fingerprint
    from models import Article, Claim

    ids: list[int] = session.scalars(
        sa.insert(Article).returning(Article.id, sort_by_parameter_order=True),
        [
            {
                "source": "jsonl",
                "source_key": a["id"],
                "text": a["text"],
                "sha256": hashlib.sha256(a["text"].encode()).hexdigest(),
            }
            for a in articles
        ],
    ).all()
    session.execute(
        sa.insert(Claim),
        [
            {
                "article_id": article_id,
                "span_start": c.start,
                "span_end": c.end,
                "text": c.text,
                "sentence": c.sentence,
                "type": c.type,
                "claimer": c.claimer,
                "values": c.values,
                "checkworthiness": c.checkworthiness,
                "extractor_version": "bench",
                # A claim said twice in one article is stored once by the
                # pipeline; here each is kept, under its own fingerprint.
                "fingerprint": hashlib.sha256(
                    f"{claim_fingerprint(c.text, c.type, c.values)}{i}".encode()
                ).hexdigest(),
            }
            for article_id, claims in zip(ids, extracted, strict=True)
            for i, c in enumerate(claims)
        ],
    )
    return ids


def database(articles: list[dict[str, Any]], extracted: list[Any]) -> dict[str, Any]:
    """The pipeline's step on PostgreSQL: `refresh_findings` over every article."""
    from sqlalchemy.orm import Session

    from claimtrack import db
    from claimtrack.store.findings import refresh_findings

    with postgres_server() as server, fresh_database(server) as url:
        engine = db.create_engine_for(url)
        with Session(engine) as session, session.begin():
            ids = _store(session, articles, extracted)
        # The machine is shared: three runs, the fastest is the step's own cost (the
        # first stores what it finds; the later ones find it stored).
        runs = []
        for _ in range(3):
            started = time.perf_counter()
            with Session(engine) as session, session.begin():
                summary = refresh_findings(session, ids)
            runs.append(round(time.perf_counter() - started, 3))
        timings = {
            "fastest_seconds": min(runs),
            "runs_seconds": runs,
            "contradictions": summary.contradictions,
            "claims_checked": summary.claims,
            "load_average": os.getloadavg()[0],
        }
        engine.dispose()
    return timings


def _pipeline_seconds() -> float | None:
    """The BBC pipeline's flow time from benchmarks/results/pipeline.json, if measured."""
    path = RESULTS_DIR / "pipeline.json"
    if not path.exists():
        return None
    runs = json.loads(path.read_text()).get("pipeline_runs") or []
    seconds = [run["flow_seconds"] for run in runs if "flow_seconds" in run]
    return min(seconds) if seconds else None


def _figures(
    scores: dict[str, dict[str, float]], bbc: dict[str, Any], timings: dict[str, Any]
) -> list[Figure]:
    figures = []
    for rule, s in sorted(scores.items()):
        figures.append(Figure(f"{rule} precision", s["precision"], "ratio"))
        figures.append(Figure(f"{rule} recall", s["recall"], "ratio"))
    per_thousand = 1000 * bbc["contradictions"] / max(bbc["claims"], 1)
    figures.append(
        Figure(
            "false findings on unmodified BBC",
            per_thousand,
            "per 1,000 claims",
            higher_is_better=False,
        )
    )
    figures.append(
        Figure(
            "checks CPU time",
            bbc["checks_cpu_seconds"],
            "s",
            "extraction CPU time, same run",
            bbc["extraction_cpu_seconds"],
            "s",
            higher_is_better=False,
        )
    )
    if timings:
        figures.append(
            Figure(
                "refresh_findings on PostgreSQL (all BBC articles)",
                timings["fastest_seconds"],
                "s",
                "extraction CPU time, same run",
                bbc["extraction_cpu_seconds"],
                "s",
                higher_is_better=False,
            )
        )
        pipeline = _pipeline_seconds()
        if pipeline:
            figures.append(
                Figure(
                    "refresh_findings on PostgreSQL (all BBC articles)",
                    timings["fastest_seconds"],
                    "s",
                    "pipeline flow time (benchmarks/results/pipeline.json)",
                    pipeline,
                    "s",
                    higher_is_better=False,
                )
            )
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N BBC articles")
    parser.add_argument("--no-database", action="store_true", help="skip the PostgreSQL part")
    args = parser.parse_args()
    if not CORPUS.exists():
        print("benchmark needs ../shared/data/bbc-news (../shared is absent)", file=sys.stderr)
        return 2
    scores, rows = labelled()
    bbc = corpus(args.limit)
    extracted = bbc.pop("extracted")
    articles = [json.loads(line) for line in CORPUS.open(encoding="utf-8")][: args.limit]
    timings = {} if args.no_database else database(articles, extracted)
    write_result(
        "consistency",
        "consistency checks: labelled precision/recall, BBC false findings, time",
        _figures(scores, bbc, timings),
        {"labelled": scores, "cases": rows, "bbc": bbc, "database": timings},
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
