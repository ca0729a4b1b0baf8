"""The shipped check-worthiness scorer: loads offline, bounded, ordered sensibly, deterministic."""

from __future__ import annotations

import re
import threading
from importlib import resources
from pathlib import Path

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from claimtrack.extraction import checkworthiness
from claimtrack.extraction.checkworthiness import (
    CT24_DIRECTORY,
    CT24_FILES,
    char_wb_ngrams,
    get_model,
    load_model_from_npz,
    read_ct24_split,
    score_sentences,
    word_ngrams,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
SHARED_DATA = REPO_ROOT.parent / "shared" / "data"
EXAMPLE_ARTICLE = REPO_ROOT / "examples" / "articles" / "kashmir-hour-2019-08-30.txt"

FACTUAL_NUMERIC = "Unemployment rose to 9.5 percent in 2009, the highest rate in 26 years."
NON_CLAIMS = [
    "Thank you very much, it is great to be here tonight.",
    "I think he is a wonderful man and a good friend.",
    "Good evening, everybody.",
]
VARIED = [
    "",
    "   ",
    "?",
    "Ça coûte 3 € — «vraiment»?",
    "The deficit was $1.4 trillion in 2009.",
    "a " * 500,
    FACTUAL_NUMERIC,
    *NON_CLAIMS,
]


def test_shipped_artifact_loads_from_the_package() -> None:
    artifact = resources.files("claimtrack.extraction.models") / checkworthiness.ARTIFACT_NAME
    assert artifact.is_file()
    model = get_model()
    assert model.blocks, "the model has no feature blocks"
    assert len(model.idf) == len(model.weights) == len(model.block_of_column)
    assert get_model() is model  # loaded once


def test_scores_are_probabilities_one_per_sentence() -> None:
    scores = score_sentences(VARIED)
    assert len(scores) == len(VARIED)
    assert all(isinstance(score, float) and 0.0 <= score <= 1.0 for score in scores)
    assert score_sentences([]) == []


def test_a_factual_numeric_claim_outranks_greetings_and_opinion() -> None:
    factual, *others = score_sentences([FACTUAL_NUMERIC, *NON_CLAIMS])
    assert factual >= checkworthiness.CHECKWORTHY_THRESHOLD
    for sentence, score in zip(NON_CLAIMS, others, strict=True):
        assert score < checkworthiness.CHECKWORTHY_THRESHOLD, sentence
        assert factual > score, sentence


def test_scores_are_deterministic_and_independent_of_the_batch() -> None:
    alone = [score_sentences([sentence])[0] for sentence in VARIED]
    together = score_sentences(VARIED)
    reversed_batch = score_sentences(VARIED[::-1])[::-1]
    assert alone == pytest.approx(together, abs=1e-12)
    assert together == pytest.approx(reversed_batch, abs=1e-12)
    artifact = resources.files("claimtrack.extraction.models") / checkworthiness.ARTIFACT_NAME
    with artifact.open("rb") as handle:
        fresh = load_model_from_npz(handle)
    assert fresh.scores(VARIED) == together


def test_concurrent_first_use_loads_one_model(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(checkworthiness, "_model", None)
    results: list[list[float]] = []
    models: list[object] = []

    def work() -> None:
        results.append(score_sentences([FACTUAL_NUMERIC, NON_CLAIMS[0]]))
        models.append(get_model())

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 8
    assert all(result == results[0] for result in results)
    assert all(model is models[0] for model in models)


@pytest.mark.parametrize("analyzer", ["word", "char_wb"])
def test_ngrams_match_scikit_learn(analyzer: str) -> None:
    # The runtime re-implements scikit-learn's analysers; a drift would silently skew scores.
    ngram_range = (1, 2) if analyzer == "word" else (2, 5)
    reference = TfidfVectorizer(analyzer=analyzer, ngram_range=ngram_range).build_analyzer()
    ours = word_ngrams if analyzer == "word" else char_wb_ngrams
    for text in [*VARIED, "Don't   stop\tme\nnow, Mr. O'Neil: 3.5% of 1,000!", "I a"]:
        assert ours(text, *ngram_range) == reference(text), text


def test_runtime_matches_scikit_learn_arithmetic() -> None:
    """Rebuild the shipped model's vectorisers in scikit-learn and compare decision values."""
    model = get_model()
    from scipy.sparse import hstack

    matrices = []
    for block, spec in zip(model.blocks, model.metadata["blocks"], strict=True):  # type: ignore[call-overload]
        vectorizer = TfidfVectorizer(
            analyzer=spec["analyzer"],
            ngram_range=tuple(spec["ngram_range"]),
            sublinear_tf=True,
            vocabulary=sorted(block.columns, key=block.columns.__getitem__),
        )
        vectorizer.fit(["placeholder"])  # fixes the vocabulary; the idf is set next
        columns = np.array(sorted(block.columns.values()))
        vectorizer.idf_ = model.idf[columns]
        matrices.append(vectorizer.transform(VARIED))
    expected = hstack(matrices).tocsr() @ model.weights + model.intercept
    assert model.logits(VARIED) == pytest.approx(expected, abs=1e-9)


def _split_sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?\"])\s+(?=[A-Z\"])", text) if s.strip()]


def test_example_article_keeps_its_key_claims_check_worthy() -> None:
    sentences = _split_sentences(EXAMPLE_ARTICLE.read_text(encoding="utf-8"))
    scores = dict(zip(sentences, score_sentences(sentences), strict=True))
    unga = next(s for s in sentences if "September 27" in s)
    lockdown = next(s for s in sentences if "26th consecutive day" in s)
    median = float(np.median(list(scores.values())))
    assert scores[unga] >= checkworthiness.CHECKWORTHY_THRESHOLD
    assert scores[lockdown] >= checkworthiness.CHECKWORTHY_THRESHOLD
    assert scores[unga] > median and scores[lockdown] > median


needs_shared = pytest.mark.skipif(
    not (SHARED_DATA / CT24_DIRECTORY).is_dir(),
    reason="../shared/data/checkthat2024-en is absent (research corpora are not in the repo)",
)


@pytest.mark.shared
@needs_shared
def test_ct24_reader_repairs_the_glued_train_line() -> None:
    train = read_ct24_split(SHARED_DATA, "train")
    ids = [sentence.sentence_id for sentence in train]
    assert len(ids) == len(set(ids))
    assert {"24098", "29286"} <= set(ids)
    assert all(sentence.sentence_id.isdigit() for sentence in train)


@pytest.mark.shared
@needs_shared
@pytest.mark.parametrize("split", ["dev-test", "test_gold"])
def test_model_beats_answering_yes_everywhere(split: str) -> None:
    sentences = read_ct24_split(SHARED_DATA, split)
    assert CT24_FILES[split]
    predicted = [s >= 0.5 for s in score_sentences([x.text for x in sentences])]
    gold = [x.checkworthy for x in sentences]
    hits = sum(p and g for p, g in zip(predicted, gold, strict=True))
    f1 = 2 * hits / (sum(predicted) + sum(gold))
    everything_yes = 2 * sum(gold) / (len(gold) + sum(gold))
    # A regression guard with margin, not the figure itself (that is the eval command's job).
    assert f1 > everything_yes + 0.1
