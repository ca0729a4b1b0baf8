"""Train the fact-check ranker (claimtrack/matching/ranker.json) on CheckThat! 2020 Task 2.

Fits one logistic regression per method (`hybrid`: char + word + dense views;
`lexical`: char + word) on the train queries' candidate pools, and prints the dev
scores of every view alone and of each fusion. Only train is used for fitting;
dev for reporting. Deterministic (liblinear-free lbfgs, fixed data order).

    python scripts/train_matcher.py [--embeddings-cache DIR]
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from claimtrack.matching import index as index_module  # noqa: E402
from claimtrack.matching.encoder import MiniLMEncoder  # noqa: E402
from claimtrack.matching.index import (  # noqa: E402
    Entry,
    MatchIndex,
    candidate_features,
    candidate_pool,
)
from claimtrack.matching.model_files import fetch  # noqa: E402
from claimtrack.matching.readers import FactCheckRecord, read_fact_checks  # noqa: E402
from claimtrack.matching.scoring import read_qrels, score_rankings  # noqa: E402
from claimtrack.settings import get_settings  # noqa: E402

DATA = REPO.parent / "shared" / "data" / "checkthat2020-task2"


def load_queries(split: str) -> list[tuple[str, str]]:
    csv.field_size_limit(1 << 30)
    with open(DATA / split / "tweets.queries.tsv", encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t"))[1:]
    return [(r[0], r[1]) for r in rows]


def build_index(cache: Path | None) -> MatchIndex:
    records = [
        r
        for r in read_fact_checks(DATA / "verified_claims.docs.tsv")
        if isinstance(r, FactCheckRecord)
    ]
    encoder = MiniLMEncoder(fetch(get_settings().models_path))
    cached = cache / "verified_claims.npy" if cache else None
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
    return MatchIndex(entries, encoder)


def pools(
    index: MatchIndex, split: str, views: tuple[str, ...]
) -> tuple[list[tuple[str, list[int], Any, list[int]]], dict[str, set[str]], dict[str, Any]]:
    queries = load_queries(split)
    qrels = read_qrels(str(DATA / split / "tweet-vclaim-pairs.qrels"))
    scores = index.view_scores([text for _, text in queries])
    scores = {view: scores[view] for view in views}
    rows = []
    for row, (query_id, _) in enumerate(queries):
        pool = candidate_pool(scores, row)
        features = candidate_features(scores, row, pool)
        labels = [int(index.entries[c].source_id in qrels.get(query_id, set())) for c in pool]
        rows.append((query_id, pool, features, labels))
    return rows, qrels, scores


def main() -> None:
    from sklearn.linear_model import LogisticRegression

    parser = argparse.ArgumentParser()
    parser.add_argument("--embeddings-cache", type=Path)
    args = parser.parse_args()
    index = build_index(args.embeddings_cache)
    weights: dict[str, Any] = {}
    for method, views in (
        ("hybrid", index_module.VIEWS_HYBRID),
        ("lexical", index_module.VIEWS_LEXICAL),
    ):
        train, _, _ = pools(index, "train", views)
        x = np.vstack([features for _, _, features, _ in train])
        y = np.concatenate([labels for _, _, _, labels in train])
        model = LogisticRegression(C=1.0, max_iter=5000).fit(x, y)
        weights[method] = {
            "views": list(views),
            "coef": [round(float(c), 6) for c in model.coef_[0]],
            "intercept": round(float(model.intercept_[0]), 6),
        }
        dev, qrels, scores = pools(index, "dev", views)
        rankings = {}
        for query_id, pool, features, _ in dev:
            logits = model.decision_function(features)
            rankings[query_id] = [
                index.entries[pool[i]].source_id for i in np.argsort(-logits)[:10]
            ]
        print(method, "dev", score_rankings(rankings, qrels).as_dict())
        for view in views:
            alone = {
                query_id: [index.entries[j].source_id for j in np.argsort(-scores[view][row])[:10]]
                for row, (query_id, *_rest) in enumerate(dev)
            }
            print("  view", view, "dev", score_rankings(alone, qrels).as_dict())
    weights["trained_on"] = (
        "CheckThat! 2020 Task 2 English train (800 tweets); scripts/train_matcher.py"
    )
    path = REPO / "claimtrack" / "matching" / "ranker.json"
    path.write_text(json.dumps(weights, indent=2) + "\n", encoding="utf-8")
    print("wrote", path.relative_to(REPO))


if __name__ == "__main__":
    main()
