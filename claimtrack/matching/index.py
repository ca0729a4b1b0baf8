"""Ranking fact-checks for a claim: lexical and dense scores fused by a trained ranker.

Three views of similarity, each cheap on a CPU:
- `char`: TF-IDF cosine over character 3-5-grams of the fact-check's claim and title
  (robust to inflection, hashtags run together and misspellings);
- `word`: TF-IDF cosine over word uni- and bigrams (names and phrases);
- `dense`: cosine of all-MiniLM-L6-v2 sentence embeddings (paraphrase).
The top candidates of each view are pooled and re-scored by a logistic regression
trained on CheckThat! 2020 Task 2 train (`scripts/train_matcher.py`), whose
features are each view's score and its gap to that view's best score for the
query. The result is a probability-like score in [0, 1]: how likely the
fact-check checks the claim.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

VIEWS_LEXICAL = ("char", "word")
VIEWS_HYBRID = ("char", "word", "dense")
# Candidates taken from each view before fusion: recall of the pool on dev is 0.98 at 20.
POOL_PER_VIEW = 20
SCORE_CELLS = 20_000_000
# Below this the ranker is all but sure the fact-check does not check the claim.
MIN_SCORE = 0.001
_RANKER_FILE = Path(__file__).with_name("ranker.json")
_LINKS = re.compile(r"https?://\S+|pic\.twitter\.com/\S+")


def query_text(text: str) -> str:
    """The words of a query worth matching on: links carry none."""
    return _LINKS.sub(" ", text)


def document_text(claim_text: str, title: str | None) -> str:
    return f"{claim_text} {title}" if title else claim_text


@dataclass(frozen=True)
class Entry:
    """One fact-check as the index sees it."""

    id: int
    source_id: str
    claim_text: str
    title: str | None
    verdict: str | None
    embedding: NDArray[np.float32] | None = None


@dataclass(frozen=True)
class Match:
    entry: Entry
    score: float
    method: str
    # The raw cosine of the method's strongest view (dense for hybrid, char for lexical):
    # the fused score is relative to the other candidates, this one is absolute.
    similarity: float = 0.0


@lru_cache(maxsize=1)
def ranker_weights() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(_RANKER_FILE.read_text(encoding="utf-8"))
    return data


def candidate_features(
    scores: dict[str, NDArray[np.float32]], row: int, columns: Sequence[int]
) -> NDArray[np.float64]:
    """Features of (query, fact-check) pairs, one row per column: per view, the score and
    its gap to the view's best score for the query."""
    picked = np.asarray(columns, dtype=np.int64)
    features: list[NDArray[np.float32]] = []
    for view_scores in scores.values():
        values = view_scores[row]
        chosen = values[picked]
        features += [chosen, chosen - values.max()]
    return np.stack(features, axis=1).astype(np.float64)


def candidate_pool(scores: dict[str, NDArray[np.float32]], row: int) -> list[int]:
    pool: set[int] = set()
    for view_scores in scores.values():
        values = view_scores[row]
        take = min(POOL_PER_VIEW, values.shape[0])
        pool.update(int(i) for i in np.argpartition(-values, take - 1)[:take])
    return sorted(pool)


class MatchIndex:
    """Fact-checks, vectorised once, ranked for any number of queries."""

    def __init__(self, entries: Sequence[Entry], encoder: Any | None = None) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer

        self.entries = list(entries)
        self.encoder = encoder
        documents = [document_text(e.claim_text, e.title) for e in self.entries]
        self.vectorizers = {
            "char": TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True),
            "word": TfidfVectorizer(
                ngram_range=(1, 2), sublinear_tf=True, stop_words="english", min_df=1
            ),
        }
        self.matrices: dict[str, Any] = {}
        if self.entries:
            for view, vectorizer in self.vectorizers.items():
                # Stored as (terms x fact-checks) in CSR once: a query times the transposed
                # view of a CSR matrix makes scipy convert the whole matrix on every call.
                self.matrices[view] = vectorizer.fit_transform(documents).T.tocsr()
        embedded = [e.embedding for e in self.entries]
        # Dense scoring only when every fact-check has an embedding from the model in use:
        # a mix would rank embedded fact-checks above the others for no reason of theirs.
        self.dense: NDArray[np.float32] | None = None
        if encoder is not None and self.entries and all(v is not None for v in embedded):
            self.dense = np.vstack([v for v in embedded if v is not None]).astype(np.float32)

    @property
    def method(self) -> str:
        return "hybrid" if self.dense is not None else "lexical"

    def view_scores(
        self, queries: Sequence[str], dense: bool = True
    ) -> dict[str, NDArray[np.float32]]:
        texts = [query_text(q) for q in queries]
        scores: dict[str, NDArray[np.float32]] = {}
        for view, vectorizer in self.vectorizers.items():
            product = vectorizer.transform(texts) @ self.matrices[view]
            scores[view] = np.asarray(product.toarray(), dtype=np.float32)
        if dense and self.dense is not None and self.encoder is not None:
            scores["dense"] = self.encoder.encode(texts) @ self.dense.T
        return scores

    def rank(self, queries: Sequence[str], top: int = 5) -> list[list[Match]]:
        """For each query, at most `top` fact-checks, best first."""
        return self._rank(queries, top, self.method)

    def rank_screened(
        self, queries: Sequence[str], top: int, screen_min: float
    ) -> list[list[Match]]:
        """Like `rank`, but encodes only the queries whose best lexical match scores at
        least `screen_min`: news claims mostly have no fact-check at all, and the words
        alone rule those out at a fraction of the cost of an embedding."""
        lexical = self._rank(queries, top, "lexical")
        if self.method == "lexical":
            return lexical
        promising = [
            i for i, matches in enumerate(lexical) if matches and matches[0].score >= screen_min
        ]
        if not promising:
            return [[] for _ in queries]
        rescored = self._rank([queries[i] for i in promising], top, "hybrid")
        results: list[list[Match]] = [[] for _ in queries]
        for i, matches in zip(promising, rescored, strict=True):
            results[i] = matches
        return results

    def _rank(self, queries: Sequence[str], top: int, method: str) -> list[list[Match]]:
        if not self.entries or not queries:
            return [[] for _ in queries]
        # Scores are dense (queries x fact-checks) per view: bound them to ~80 MB a view.
        step = max(1, min(len(queries), SCORE_CELLS // len(self.entries)))
        results: list[list[Match]] = []
        for start in range(0, len(queries), step):
            results += self._rank_slice(queries[start : start + step], top, method)
        return results

    def _rank_slice(self, queries: Sequence[str], top: int, method: str) -> list[list[Match]]:
        scores = self.view_scores(queries, dense=method == "hybrid")
        weights = ranker_weights()[method]
        coef = np.asarray(weights["coef"], dtype=np.float64)
        intercept = float(weights["intercept"])
        results: list[list[Match]] = []
        for row, query in enumerate(queries):
            if not query_text(query).strip():
                results.append([])
                continue
            pool = candidate_pool(scores, row)
            logits = candidate_features(scores, row, pool) @ coef + intercept
            order = np.argsort(-logits, kind="stable")[:top]
            anchor = scores["dense" if method == "hybrid" else "char"][row]
            matches = [
                Match(
                    self.entries[pool[i]],
                    1.0 / (1.0 + math.exp(-float(logits[i]))),
                    method,
                    float(anchor[pool[i]]),
                )
                for i in order
            ]
            results.append([m for m in matches if m.score >= MIN_SCORE])
        return results
