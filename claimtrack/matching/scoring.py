"""Retrieval measures of CheckThat! 2020 Task 2: MAP@k, precision at 1 (MAP@1), Recall@k."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class RetrievalScores:
    map_at_5: float
    map_at_1: float
    recall_at_5: float
    queries: int

    def as_dict(self) -> dict[str, float | int]:
        return {
            "map@5": round(self.map_at_5, 4),
            "map@1": round(self.map_at_1, 4),
            "recall@5": round(self.recall_at_5, 4),
            "queries": self.queries,
        }


def average_precision(ranked: Sequence[str], relevant: set[str], k: int) -> float:
    """AP@k as the task's scorer computes it: precision at each hit, over min(|relevant|, k)."""
    if not relevant:
        return 0.0
    hits = 0
    total = 0.0
    for position, item in enumerate(ranked[:k], start=1):
        if item in relevant:
            hits += 1
            total += hits / position
    return total / min(len(relevant), k)


def score_rankings(
    rankings: Mapping[str, Sequence[str]], qrels: Mapping[str, set[str]]
) -> RetrievalScores:
    """Scores over every query in `qrels`; a query without a ranking counts as a miss."""
    queries = list(qrels)
    if not queries:
        return RetrievalScores(0.0, 0.0, 0.0, 0)
    map5 = map1 = recall5 = 0.0
    for query in queries:
        ranked = list(rankings.get(query, ()))
        relevant = qrels[query]
        map5 += average_precision(ranked, relevant, 5)
        map1 += average_precision(ranked, relevant, 1)
        recall5 += len(set(ranked[:5]) & relevant) / len(relevant) if relevant else 0.0
    n = len(queries)
    return RetrievalScores(map5 / n, map1 / n, recall5 / n, n)


def read_qrels(path: str) -> dict[str, set[str]]:
    """TREC qrels (`query 0 document relevance`): the relevant documents of each query."""
    qrels: dict[str, set[str]] = {}
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            parts = line.split()
            if len(parts) == 4 and parts[3] != "0":
                qrels.setdefault(parts[0], set()).add(parts[2])
    return qrels
