"""Train the shipped check-worthiness model from ../shared/data and write its artifact.

Usage (from the repo root):
    .venv/bin/python scripts/train_checkworthiness.py [--data ../shared/data] [--out PATH]

Data: CheckThat! 2024 English train (fitted) and dev (model selection), plus
the ClaimBuster 3xNCS subset (fitted, minus any sentence id that is in a CT24
evaluation split). dev-test and test_gold are only reported, never used to
choose anything. Every step is deterministic (fixed seeds, single-threaded
liblinear), so rerunning reproduces the shipped artifact.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
from scipy.sparse import hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import precision_recall_fscore_support

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from claimtrack.extraction.checkworthiness import (  # noqa: E402
    CT24_FILES,
    LabelledSentence,
    load_model_from_npz,
    read_ct24_split,
)

DEFAULT_DATA = Path("../shared/data")
DEFAULT_OUT = Path("claimtrack/extraction/models/checkworthiness.npz")
SEED = 20240901
CLAIMBUSTER_FILE = "kfold_30ncs.json"


def load_claimbuster(data_dir: Path, exclude_ids: set[str]) -> list[LabelledSentence]:
    rows = json.loads((data_dir / "claimbuster" / CLAIMBUSTER_FILE).read_text(encoding="utf-8"))
    return [
        LabelledSentence(str(row["sentence_id"]), row["text"].strip(), row["label"] == 1)
        for row in rows
        if str(row["sentence_id"]) not in exclude_ids
    ]


def yes_f1(gold: list[bool], predicted: list[bool]) -> tuple[float, float, float]:
    precision, recall, f1, _ = precision_recall_fscore_support(
        gold, predicted, average="binary", pos_label=True, zero_division=0
    )
    return float(precision), float(recall), float(f1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    np.random.seed(SEED)

    splits = {name: read_ct24_split(args.data, name) for name in CT24_FILES}
    held_out_ids = {
        s.sentence_id for name in ("dev", "dev-test", "test_gold") for s in splits[name]
    }
    train_ids = {s.sentence_id for s in splits["train"]}
    # ClaimBuster shares ids with CT24 train: CT24's label wins there.
    extra = load_claimbuster(args.data, held_out_ids | train_ids)
    training = splits["train"] + extra
    texts = [s.text for s in training]
    labels = np.array([s.checkworthy for s in training])
    print(
        f"training sentences: {len(training)} (CT24 train {len(splits['train'])}, ClaimBuster {len(extra)})"
    )

    vectorizers = [
        (
            "word",
            (1, 2),
            TfidfVectorizer(
                analyzer="word", ngram_range=(1, 2), sublinear_tf=True, min_df=2, dtype=np.float64
            ),
        ),
        (
            "char_wb",
            (2, 5),
            TfidfVectorizer(
                analyzer="char_wb",
                ngram_range=(2, 5),
                sublinear_tf=True,
                min_df=3,
                dtype=np.float64,
            ),
        ),
    ]
    matrices = [vectorizer.fit_transform(texts) for _, _, vectorizer in vectorizers]
    features = hstack(matrices).tocsr()

    def transform(items: list[LabelledSentence]):  # type: ignore[no-untyped-def]
        return hstack([v.transform([s.text for s in items]) for _, _, v in vectorizers]).tocsr()

    dev = splits["dev"]
    dev_features = transform(dev)
    dev_gold = [s.checkworthy for s in dev]
    best: tuple[float, float, float] | None = None
    for regularisation in (0.5, 1.0, 2.0, 4.0, 8.0):
        candidate = LogisticRegression(
            C=regularisation, solver="liblinear", class_weight="balanced", random_state=SEED
        )
        candidate.fit(features, labels)
        probabilities = candidate.predict_proba(dev_features)[:, 1]
        for threshold in np.arange(0.30, 0.71, 0.02):
            _, _, f1 = yes_f1(dev_gold, list(probabilities >= threshold))
            if best is None or f1 > best[0]:
                best = (f1, regularisation, float(threshold))
    assert best is not None
    dev_f1, regularisation, threshold = best
    print(f"selected on dev: C={regularisation} threshold={threshold:.2f} dev F1={dev_f1:.3f}")
    model = LogisticRegression(
        C=regularisation, solver="liblinear", class_weight="balanced", random_state=SEED
    )
    model.fit(features, labels)
    # Move the chosen threshold to 0.5, the contract's cut: logit(threshold) leaves the intercept.
    intercept = float(model.intercept_[0]) - float(np.log(threshold / (1 - threshold)))

    weights = model.coef_[0]
    arrays: dict[str, np.ndarray] = {}
    offset = 0
    block_specs = []
    for index, (kind, ngram_range, vectorizer) in enumerate(vectorizers):
        vocabulary = vectorizer.get_feature_names_out()
        size = len(vocabulary)
        arrays[f"block{index}_vocabulary"] = np.array(vocabulary, dtype=str)
        arrays[f"block{index}_idf"] = vectorizer.idf_.astype(np.float32)
        arrays[f"block{index}_weights"] = weights[offset : offset + size].astype(np.float32)
        offset += size
        block_specs.append({"analyzer": kind, "ngram_range": list(ngram_range)})

    figures = {}
    for name in ("dev", "dev-test", "test_gold"):
        items = splits[name]
        logits = model.decision_function(transform(items)) - np.log(threshold / (1 - threshold))
        figures[name] = dict(
            zip(
                ("precision", "recall", "f1"),
                yes_f1([s.checkworthy for s in items], list(logits >= 0)),
                strict=True,
            )
        )
    metadata = {
        "kind": "tfidf-logistic-regression",
        "blocks": block_specs,
        "training": {
            "ct24_train": len(splits["train"]),
            "claimbuster_3xncs": len(extra),
            "C": regularisation,
            "threshold_on_dev": threshold,
            "seed": SEED,
        },
        "figures": figures,
    }
    arrays["metadata"] = np.array(json.dumps(metadata))
    arrays["intercept"] = np.array(intercept)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("wb") as handle:
        np.savez_compressed(handle, **arrays)  # type: ignore[arg-type]
    print(json.dumps(figures, indent=2))

    # The runtime scorer re-implements the vectorisers: check it agrees with scikit-learn.
    shipped = load_model_from_npz(args.out)
    check = splits["dev-test"]
    expected = 1 / (
        1
        + np.exp(-(model.decision_function(transform(check)) - np.log(threshold / (1 - threshold))))
    )
    got = np.array(shipped.scores([s.text for s in check]))
    worst = float(np.max(np.abs(expected - got)))
    print(
        f"runtime vs scikit-learn, max |difference| on dev-test: {worst:.2e}; artifact {args.out.stat().st_size / 1e6:.2f} MB"
    )
    if worst > 1e-4:
        raise SystemExit(
            "the runtime scorer disagrees with scikit-learn: fix the analysers before shipping"
        )


if __name__ == "__main__":
    main()
