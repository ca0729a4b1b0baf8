"""Check-worthiness of sentences: a linear model over TF-IDF n-grams, shipped in the package.

The artifact (``models/checkworthiness.npz``) is built by
``scripts/train_checkworthiness.py`` from scikit-learn vectorisers and a logistic
regression; here it is applied with plain Python and numpy, so scoring needs
neither scikit-learn nor any download, and imports in a few milliseconds.
The n-gram analysers below reproduce scikit-learn's ``word`` and ``char_wb``
analysers exactly (the training script checks this on every build).
"""

from __future__ import annotations

import json
import math
import re
import threading
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import resources

import numpy as np

ARTIFACT_NAME = "checkworthiness.npz"
CHECKWORTHY_THRESHOLD = 0.5

# scikit-learn's default token_pattern and its whitespace normaliser for char_wb.
_WORD_TOKEN = re.compile(r"(?u)\b\w\w+\b")
_WHITESPACE_RUN = re.compile(r"\s\s+")

Analyzer = Callable[[str], list[str]]


def word_ngrams(text: str, min_n: int, max_n: int) -> list[str]:
    """Lowercased word n-grams, as scikit-learn's ``analyzer="word"`` makes them."""
    tokens = _WORD_TOKEN.findall(text.lower())
    grams = list(tokens) if min_n == 1 else []
    count = len(tokens)
    for n in range(max(min_n, 2), min(max_n, count) + 1):
        grams.extend(" ".join(tokens[i : i + n]) for i in range(count - n + 1))
    return grams


def char_wb_ngrams(text: str, min_n: int, max_n: int) -> list[str]:
    """Lowercased character n-grams inside space-padded words (``analyzer="char_wb"``)."""
    grams: list[str] = []
    append = grams.append
    for word in _WHITESPACE_RUN.sub(" ", text.lower()).split():
        padded = f" {word} "
        length = len(padded)
        for n in range(min_n, max_n + 1):
            if length <= n:
                # scikit-learn counts a word shorter than n once, whole, then stops.
                append(padded)
                break
            for offset in range(length - n + 1):
                append(padded[offset : offset + n])
    return grams


def make_analyzer(kind: str, min_n: int, max_n: int) -> Analyzer:
    if kind == "word":
        return lambda text: word_ngrams(text, min_n, max_n)
    if kind == "char_wb":
        return lambda text: char_wb_ngrams(text, min_n, max_n)
    raise ValueError(f"unknown n-gram analyser {kind!r} in the check-worthiness artifact")


@dataclass(frozen=True)
class TfidfBlock:
    """One TF-IDF vectoriser (sublinear tf, l2 norm) and its slice of the linear weights."""

    analyzer: Analyzer
    # n-gram -> (idf, weight); the idf of zero-weight n-grams still counts in the norm.
    features: dict[str, tuple[float, float]]

    def contribution(self, text: str) -> float:
        squared_norm = 0.0
        dot = 0.0
        features = self.features
        for gram, count in Counter(self.analyzer(text)).items():
            found = features.get(gram)
            if found is None:
                continue
            idf, weight = found
            value = (1.0 + math.log(count)) * idf
            squared_norm += value * value
            dot += value * weight
        if squared_norm == 0.0:
            return 0.0
        return dot / math.sqrt(squared_norm)


@dataclass(frozen=True)
class CheckworthinessModel:
    blocks: tuple[TfidfBlock, ...]
    intercept: float
    metadata: dict[str, object]

    def score(self, sentence: str) -> float:
        logit = self.intercept + sum(block.contribution(sentence) for block in self.blocks)
        return _sigmoid(logit)


def _sigmoid(logit: float) -> float:
    if logit >= 0:
        return 1.0 / (1.0 + math.exp(-logit))
    exp = math.exp(logit)
    return exp / (1.0 + exp)


def load_model_from_npz(path_or_file: object) -> CheckworthinessModel:
    """Build the scorer from an artifact written by the training script."""
    with np.load(path_or_file, allow_pickle=False) as archive:  # type: ignore[call-overload]
        metadata = json.loads(str(archive["metadata"]))
        blocks = []
        for index, spec in enumerate(metadata["blocks"]):
            vocabulary = archive[f"block{index}_vocabulary"].tolist()
            idf = archive[f"block{index}_idf"].astype(np.float64).tolist()
            weights = archive[f"block{index}_weights"].astype(np.float64).tolist()
            analyzer = make_analyzer(spec["analyzer"], *spec["ngram_range"])
            blocks.append(TfidfBlock(analyzer, dict(zip(vocabulary, zip(idf, weights, strict=True), strict=True))))
        intercept = float(archive["intercept"])
    return CheckworthinessModel(tuple(blocks), intercept, metadata)


_model: CheckworthinessModel | None = None
_model_lock = threading.Lock()


def get_model() -> CheckworthinessModel:
    """The shipped model, loaded once on first use (double-checked under a lock)."""
    global _model
    if _model is None:
        with _model_lock:
            if _model is None:
                artifact = resources.files("claimtrack.extraction.models").joinpath(ARTIFACT_NAME)
                with artifact.open("rb") as handle:
                    _model = load_model_from_npz(handle)
    return _model


def score_sentences(sentences: Sequence[str]) -> list[float]:
    """Probability-like check-worthiness in [0, 1] for each sentence; >= 0.5 means check-worthy."""
    model = get_model()
    return [model.score(sentence) for sentence in sentences]
