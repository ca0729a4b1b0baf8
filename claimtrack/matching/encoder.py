"""Sentence embeddings from all-MiniLM-L6-v2, run on numpy alone.

The model is a 6-layer BERT (hidden 384, 12 heads) whose mean-pooled, normalised
token states place paraphrases near each other. Running its forward pass here,
rather than through torch, keeps a multi-gigabyte dependency out of the default
install: the weights (safetensors) and the tokenizer are all it needs. The output
matches sentence-transformers' to float32 rounding (tests/unit/test_matching_encoder.py).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from threadpoolctl import threadpool_limits

Matrix = NDArray[np.float32]

# Tokens beyond this are dropped, as sentence-transformers does for this model.
MAX_TOKENS = 256
# Texts are encoded in batches of similar length, so little of each batch is padding.
BATCH_SIZE = 64


def _layer_norm(x: Matrix, weight: Matrix, bias: Matrix, eps: float) -> Matrix:
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    normalised: Matrix = ((x - mean) / np.sqrt(var + eps)) * weight + bias
    return normalised


def _gelu(x: Matrix) -> Matrix:
    # BERT's exact GELU, 0.5 x (1 + erf(x / sqrt 2)); numpy has no erf, so use the
    # Abramowitz-Stegun 7.1.26 form (max error 1.5e-7, below float32 rounding here).
    # Python-float constants keep the arithmetic in float32 (a numpy float64 scalar would
    # promote every intermediate to float64 and double the cost).
    z = np.abs(x) * 0.7071067811865476
    t = 1.0 / (1.0 + 0.3275911 * z)
    poly = t * (
        0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))
    )
    erf = 1.0 - poly * np.exp(-z * z)
    erf = np.where(x >= 0, erf, -erf)
    result: Matrix = (0.5 * x * (1.0 + erf)).astype(np.float32)
    return result


class MiniLMEncoder:
    """Encodes texts into unit-length 384-dimensional vectors."""

    def __init__(self, model_dir: Path) -> None:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
        self.heads: int = config["num_attention_heads"]
        self.layers: int = config["num_hidden_layers"]
        self.eps: float = config["layer_norm_eps"]
        self.weights = {
            name.removeprefix("bert."): array.astype(np.float32)
            for name, array in load_file(str(model_dir / "model.safetensors")).items()
        }
        # Dense layers' weights stored (in, out) and contiguous, for x @ W.
        self.transposed = {
            name.removesuffix(".weight"): np.ascontiguousarray(array.T)
            for name, array in self.weights.items()
            if name.startswith("encoder.") and name.endswith(".weight") and array.ndim == 2
        }
        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self.tokenizer.enable_truncation(max_length=MAX_TOKENS)
        # The shipped tokenizer pads every text to the longest of the call; batches pad
        # themselves here, to the longest of the batch, with a mask.
        self.tokenizer.no_padding()
        self.dimension: int = config["hidden_size"]

    def encode(self, texts: list[str]) -> Matrix:
        """One normalised embedding per text, in input order."""
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        if not texts:
            return out
        # One BLAS thread: these products are small, and BLAS's own threads cost more in
        # hand-offs than they give (measured: 6x faster for one text, 2x for a batch of 300
        # on 2 busy cores); callers that want parallelism run several processes.
        with threadpool_limits(1):
            return self._encode(texts, out)

    def _encode(self, texts: list[str], out: Matrix) -> Matrix:
        encodings = self.tokenizer.encode_batch(texts)
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        for start in range(0, len(order), BATCH_SIZE):
            batch = order[start : start + BATCH_SIZE]
            width = max(len(encodings[i].ids) for i in batch)
            ids = np.zeros((len(batch), width), dtype=np.int64)
            mask = np.zeros((len(batch), width), dtype=np.float32)
            for row, i in enumerate(batch):
                tokens = encodings[i].ids
                ids[row, : len(tokens)] = tokens
                mask[row, : len(tokens)] = 1.0
            out[batch] = self._forward(ids, mask)
        return out

    def _forward(self, ids: NDArray[np.int64], mask: Matrix) -> Matrix:
        w = self.weights
        batch, width = ids.shape
        hidden = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][np.arange(width)][None, :, :]
            + w["embeddings.token_type_embeddings.weight"][0][None, None, :]
        )
        hidden = _layer_norm(
            hidden, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], self.eps
        )
        # Padding positions get a large negative score, so attention ignores them.
        attention_bias = ((1.0 - mask) * -1e9)[:, None, None, :]
        head_size = self.dimension // self.heads
        scale = np.float32(1.0 / np.sqrt(head_size))
        for layer in range(self.layers):
            p = f"encoder.layer.{layer}."

            def project(x: Matrix, name: str, prefix: str = p) -> Matrix:
                # As one 2-D product with a contiguous weight: numpy hands that to BLAS,
                # where a stacked 3-D product with a transposed view runs 50x slower.
                flat = x.reshape(-1, x.shape[-1]) @ self.transposed[f"{prefix}{name}"]
                out: Matrix = flat.reshape(*x.shape[:-1], -1) + w[f"{prefix}{name}.bias"]
                return out

            def split_heads(x: Matrix) -> Matrix:
                return x.reshape(batch, width, self.heads, head_size).transpose(0, 2, 1, 3)

            q = split_heads(project(hidden, "attention.self.query"))
            k = split_heads(project(hidden, "attention.self.key"))
            v = split_heads(project(hidden, "attention.self.value"))
            scores = (q @ k.transpose(0, 1, 3, 2)) * scale + attention_bias
            scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
            scores /= scores.sum(axis=-1, keepdims=True)
            context = (scores @ v).transpose(0, 2, 1, 3).reshape(batch, width, self.dimension)
            hidden = _layer_norm(
                project(context, "attention.output.dense") + hidden,
                w[f"{p}attention.output.LayerNorm.weight"],
                w[f"{p}attention.output.LayerNorm.bias"],
                self.eps,
            )
            inner = _gelu(project(hidden, "intermediate.dense"))
            hidden = _layer_norm(
                project(inner, "output.dense") + hidden,
                w[f"{p}output.LayerNorm.weight"],
                w[f"{p}output.LayerNorm.bias"],
                self.eps,
            )
        pooled = (hidden * mask[:, :, None]).sum(axis=1) / np.maximum(
            mask.sum(axis=1, keepdims=True), 1e-9
        )
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        unit: Matrix = (pooled / np.maximum(norms, 1e-12)).astype(np.float32)
        return unit
