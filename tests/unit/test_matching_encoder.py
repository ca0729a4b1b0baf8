"""all-MiniLM-L6-v2 on numpy (claimtrack.matching.encoder): what the ranker relies on."""

from __future__ import annotations

import numpy as np
import pytest

from claimtrack.matching.encoder import MiniLMEncoder
from claimtrack.matching.model_files import model_dir
from tests.matching_model import require_model


@pytest.fixture(scope="module")
def encoder() -> MiniLMEncoder:
    return MiniLMEncoder(model_dir(require_model()))


def test_vectors_are_unit_length_and_paraphrases_are_nearest(encoder: MiniLMEncoder) -> None:
    texts = [
        "The council closed three public swimming pools to save money.",
        "To cut costs, three municipal pools were shut by the local authority.",
        "The striker scored twice in the second half of the cup final.",
    ]
    vectors = encoder.encode(texts)
    assert vectors.shape == (3, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    similar = float(vectors[0] @ vectors[1])
    unrelated = float(vectors[0] @ vectors[2])
    assert similar > 0.6 > unrelated + 0.3


def test_padding_in_a_batch_does_not_change_a_vector(encoder: MiniLMEncoder) -> None:
    short = "Prices rose."
    long = " ".join(["The annual report on household energy prices was published today."] * 5)
    alone = encoder.encode([short])[0]
    batched = encoder.encode([long, short, long])[1]
    assert np.allclose(alone, batched, atol=1e-5)


def test_no_texts_give_an_empty_matrix(encoder: MiniLMEncoder) -> None:
    assert encoder.encode([]).shape == (0, 384)


def test_vectors_match_sentence_transformers(encoder: MiniLMEncoder) -> None:
    """Reference vectors made once with sentence-transformers on torch (the file says which
    versions): the numpy forward pass must give the same embedding."""
    import json
    from pathlib import Path

    reference = json.loads(
        (Path(__file__).parents[1] / "data" / "minilm_reference.json").read_text(encoding="utf-8")
    )
    ours = encoder.encode(reference["texts"])
    theirs = np.asarray(reference["vectors"], dtype=np.float32)
    assert np.allclose(ours, theirs, atol=2e-5)
