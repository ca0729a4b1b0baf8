"""Check-worthiness of sentences: a linear model over TF-IDF n-grams, shipped in the package.

The artifact (``models/checkworthiness.npz``) is built by
``scripts/train_checkworthiness.py`` from scikit-learn vectorisers and a logistic
regression; here it is applied with plain Python and numpy, so scoring needs
neither scikit-learn nor any download, and imports in a few milliseconds.
The n-gram analysers below reproduce scikit-learn's ``word`` and ``char_wb``
analysers exactly (the training script checks this on every build).
"""

from __future__ import annotations

import csv
import functools
import json
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import IO

import numpy as np

ARTIFACT_NAME = "checkworthiness.npz"
CHECKWORTHY_THRESHOLD = 0.5

# scikit-learn's default token_pattern and its whitespace normaliser for char_wb.
_WORD_TOKEN = re.compile(r"(?u)\b\w\w+\b")
_WHITESPACE_RUN = re.compile(r"\s\s+")


def word_ngrams(text: str, min_n: int, max_n: int) -> list[str]:
    """Lowercased word n-grams, as scikit-learn's ``analyzer="word"`` makes them."""
    tokens = _WORD_TOKEN.findall(text.lower())
    grams = tokens if min_n == 1 else []
    for n in range(max(min_n, 2), min(max_n, len(tokens)) + 1):
        # zip over n shifted views yields each run of n tokens, in order, without indexing;
        # the views differ in length on purpose (the shortest ends the runs), hence not strict.
        shifted = (tokens[shift:] for shift in range(n))
        grams.extend(map(" ".join, zip(*shifted, strict=False)))
    return grams


def char_wb_ngrams(text: str, min_n: int, max_n: int) -> list[str]:
    """Lowercased character n-grams inside space-padded words (``analyzer="char_wb"``)."""
    grams: list[str] = []
    for word in _WHITESPACE_RUN.sub(" ", text.lower()).split():
        grams.extend(_padded_word_ngrams(word, min_n, max_n))
    return grams


def _padded_word_ngrams(word: str, min_n: int, max_n: int) -> list[str]:
    """char_wb's n-grams of one lowercased word without whitespace."""
    padded = f" {word} "
    return list(map(padded.__getitem__, _ngram_slices(len(padded), min_n, max_n)))


@functools.cache
def _ngram_slices(length: int, min_n: int, max_n: int) -> tuple[slice, ...]:
    """Where a padded word's n-grams are, by its length: cutting them all with map() is
    cheaper than slicing in a Python loop, and words share a few dozen lengths."""
    slices: list[slice] = []
    for n in range(min_n, max_n + 1):
        if length <= n:
            # scikit-learn counts a word shorter than n once, whole, then stops.
            slices.append(slice(0, length))
            break
        slices.extend(slice(offset, offset + n) for offset in range(length - n + 1))
    return tuple(slices)


class _CharColumnsByWord(dict[str, bytes]):
    """Each word's char_wb columns, computed the first time the word is seen.

    char_wb n-grams never cross a word boundary, so a word's columns never change;
    with ``__missing__`` the common case, a word seen before, is one C-level lookup.
    The columns are kept as raw int64 bytes: a sentence's are then one ``bytes.join``,
    and a batch's one ``np.frombuffer``, with no Python int in between.
    """

    # Past this many distinct words the cache starts again, bounding memory.
    LIMIT = 200_000

    def __init__(self, min_n: int, max_n: int, columns: dict[str, int]):
        super().__init__()
        self.min_n, self.max_n = min_n, max_n
        self.columns = columns

    def __missing__(self, word: str) -> bytes:
        # The word comes lowercased and split on whitespace, so char_wb_ngrams(word)
        # would only redo that: go straight to the word's n-grams.
        grams = _padded_word_ngrams(word, self.min_n, self.max_n)
        found = np.array(_known_columns(grams, self.columns), dtype=np.int64).tobytes()
        if len(self) >= self.LIMIT:
            self.clear()
        self[word] = found
        return found


def _known_columns(grams: list[str], columns: dict[str, int]) -> list[int]:
    """The columns of the grams that are in the vocabulary, in order, repeats kept."""
    return [column for gram in grams if (column := columns.get(gram)) is not None]


class NgramBlock:
    """One TF-IDF vectoriser's vocabulary: maps sentences to the model's column indices.

    Columns repeat once per occurrence, so counting them gives the term frequency.
    """

    def __init__(self, analyzer: str, ngram_range: tuple[int, int], columns: dict[str, int]):
        if analyzer not in ("word", "char_wb"):
            raise ValueError(f"unknown n-gram analyser {analyzer!r} in the check-worthiness model")
        self.analyzer = analyzer
        self.min_n, self.max_n = ngram_range
        self.columns = columns
        self._char_columns_by_word = _CharColumnsByWord(self.min_n, self.max_n, columns)

    def batch_columns(self, sentences: Sequence[str]) -> tuple[np.ndarray, list[int]]:
        """All the sentences' columns, one after another, and how many each sentence has."""
        if self.analyzer == "word":
            found: list[int] = []
            lengths = []
            for sentence in sentences:
                grams = word_ngrams(sentence, self.min_n, self.max_n)
                before = len(found)
                found.extend(_known_columns(grams, self.columns))
                lengths.append(len(found) - before)
            return np.fromiter(found, dtype=np.int64, count=len(found)), lengths
        # str.split() splits on the same whitespace as char_wb's normaliser, runs included.
        columns_of = self._char_columns_by_word.__getitem__
        rows = [b"".join(map(columns_of, sentence.lower().split())) for sentence in sentences]
        itemsize = np.dtype(np.int64).itemsize
        return np.frombuffer(b"".join(rows), dtype=np.int64), [len(r) // itemsize for r in rows]


class CheckworthinessModel:
    """Logistic regression over the concatenation of l2-normalised TF-IDF blocks."""

    def __init__(
        self,
        blocks: Sequence[NgramBlock],
        idf: np.ndarray,
        weights: np.ndarray,
        block_of_column: np.ndarray,
        intercept: float,
        metadata: dict[str, object],
    ):
        self.blocks = tuple(blocks)
        self.idf = idf
        self.weights = weights
        self.block_of_column = block_of_column
        self.intercept = intercept
        self.metadata = metadata

    def logits(self, sentences: Sequence[str]) -> np.ndarray:
        """Decision values for a batch, computed column-wise with numpy (no sparse library)."""
        count = len(sentences)
        sentence_numbers = np.arange(count, dtype=np.int64)
        column_parts, row_parts = [], []
        for block in self.blocks:
            block_columns, lengths = block.batch_columns(sentences)
            column_parts.append(block_columns)
            row_parts.append(np.repeat(sentence_numbers, lengths))
        # Blocks one after the other: the order does not matter, np.unique sorts the keys.
        columns, rows = np.concatenate(column_parts), np.concatenate(row_parts)
        width = np.int64(len(self.idf))
        keys, term_counts = np.unique(rows * width + columns, return_counts=True)
        rows, columns = keys // width, keys % width
        # Sublinear tf times idf, then each block normalised to unit length, as scikit-learn does.
        values = (1.0 + np.log(term_counts)) * self.idf[columns]
        n_blocks = len(self.blocks)
        groups = rows * n_blocks + self.block_of_column[columns]
        squared_norms = np.bincount(groups, values * values, minlength=count * n_blocks)
        dots = np.bincount(groups, values * self.weights[columns], minlength=count * n_blocks)
        norms = np.sqrt(squared_norms)
        safe_norms = np.where(norms > 0, norms, 1.0)
        contributions = np.where(norms > 0, dots / safe_norms, 0.0)
        logits: np.ndarray = self.intercept + contributions.reshape(count, n_blocks).sum(axis=1)
        return logits

    def scores(self, sentences: Sequence[str]) -> list[float]:
        if not sentences:
            return []
        logits = self.logits(sentences)
        return [float(p) for p in 1.0 / (1.0 + np.exp(-logits))]


def load_model_from_npz(source: str | Path | IO[bytes]) -> CheckworthinessModel:
    """Build the scorer from an artifact written by the training script."""
    with np.load(source, allow_pickle=False) as archive:
        metadata = json.loads(str(archive["metadata"]))
        blocks = []
        idf_parts, weight_parts, block_parts = [], [], []
        offset = 0
        for index, spec in enumerate(metadata["blocks"]):
            vocabulary = archive[f"block{index}_vocabulary"].tolist()
            columns = {gram: offset + position for position, gram in enumerate(vocabulary)}
            blocks.append(NgramBlock(spec["analyzer"], tuple(spec["ngram_range"]), columns))
            idf_parts.append(archive[f"block{index}_idf"].astype(np.float64))
            weight_parts.append(archive[f"block{index}_weights"].astype(np.float64))
            block_parts.append(np.full(len(vocabulary), index, dtype=np.int64))
            offset += len(vocabulary)
        intercept = float(archive["intercept"])
    return CheckworthinessModel(
        blocks,
        np.concatenate(idf_parts),
        np.concatenate(weight_parts),
        np.concatenate(block_parts),
        intercept,
        metadata,
    )


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
    return get_model().scores(sentences)


# The CheckThat! 2024 English task 1 files, relative to ../shared/data (research use only).
CT24_DIRECTORY = "checkthat2024-en"
CT24_FILES = {
    "train": "CT24_checkworthy_english_train.tsv",
    "dev": "CT24_checkworthy_english_dev.tsv",
    "dev-test": "CT24_checkworthy_english_dev-test.tsv",
    "test_gold": "CT24_checkworthy_english_test_gold.tsv",
}


@dataclass(frozen=True)
class LabelledSentence:
    sentence_id: str
    text: str
    checkworthy: bool


def read_ct24_split(data_dir: Path, split: str) -> list[LabelledSentence]:
    """One CT24 split (``Sentence_id, Text, class_label``), repairing train's glued line."""
    path = data_dir / CT24_DIRECTORY / CT24_FILES[split]
    sentences = []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter="\t")
        next(reader)
        for row in reader:
            if len(row) == 5:
                # A missing newline in train: "24098 <text> No29286 <text> No".
                glued = row[2]
                records = [[*row[0:2], glued[:2]], [glued[2:], *row[3:5]]]
            else:
                records = [row]
            for sentence_id, text, label in records:
                sentences.append(
                    LabelledSentence(sentence_id.strip(), text.strip(), label.strip() == "Yes")
                )
    return sentences
