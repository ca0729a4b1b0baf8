"""Check-worthiness: the sentence model's score blended with claim-level signals.

The trained sentence scorer (`checkworthiness.score_sentences`) judges the
sentence; we add what only the extractor knows: the claim's type and whether it
carries checkable values. When the model module is missing (a partial install,
or while it is being built) a small heuristic stands in for it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

__all__ = ["blend", "heuristic_sentence_score", "sentence_scorer"]

# How much a claim of each type is worth a checker's time on its own.
_TYPE_PRIOR = {
    "quantity": 0.8,
    "law": 0.75,
    "date": 0.65,
    "quote": 0.6,
    "causal": 0.55,
    "statement": 0.45,
    "prediction": 0.35,
}
_HEDGES = re.compile(
    r"\b(?:may|might|could|perhaps|possibly|seems?|appears?|reportedly|hopes?|believes?|thinks?)\b",
    re.I,
)
_FACT_WORDS = re.compile(
    r"\d|\b(?:percent|per cent|million|billion|rose|fell|increased|decreased|record|highest|lowest|"
    r"first|largest|biggest|law|illegal|banned|killed|died|arrested|elected|won|lost|announced|"
    r"reported|confirmed|according to)\b",
    re.I,
)


def heuristic_sentence_score(sentence: str) -> float:
    """A stand-in for the trained model: factual wording up, hedges and opinion down."""
    score = 0.35
    score += min(0.35, 0.12 * len(_FACT_WORDS.findall(sentence)))
    score -= min(0.2, 0.08 * len(_HEDGES.findall(sentence)))
    if sentence.rstrip().endswith("?"):
        score -= 0.3
    return max(0.0, min(1.0, score))


def sentence_scorer() -> Callable[[Sequence[str]], list[float]]:
    """The trained scorer when installed, else the heuristic (imported lazily: it loads a model)."""
    try:
        from claimtrack.extraction.checkworthiness import score_sentences
    except ImportError:
        return lambda sentences: [heuristic_sentence_score(s) for s in sentences]
    return score_sentences


def blend(sentence_score: float, claim_type: str, value_count: int, claimer: str | None) -> float:
    """One number in [0, 1]; 0.5 and above means worth a fact-checker's time."""
    prior = _TYPE_PRIOR.get(claim_type, 0.45)
    if value_count:
        prior = min(1.0, prior + 0.05 * min(value_count, 3))
    if claimer:
        prior = min(1.0, prior + 0.03)
    return round(max(0.0, min(1.0, 0.5 * sentence_score + 0.5 * prior)), 3)
