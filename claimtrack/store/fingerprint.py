"""The fingerprint: what makes two extracted claims "the same claim" (DESIGN.md "Data").

It must stay byte-for-byte the same function as the one the review tools use for
claims a reviewer adds (claimtrack.review.corrections), or re-extraction
would stop recognising them: normalised text (lower case, whitespace collapsed),
type and values, as canonical JSON, hashed with SHA-256.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from typing import Any


def claim_fingerprint(text: str, claim_type: str, values: Sequence[dict[str, Any]]) -> str:
    """SHA-256 hex of the normalised text, the type and the values."""
    normalised = " ".join(text.lower().split())
    payload = json.dumps([normalised, claim_type, list(values)], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def fingerprints_for(claims: Iterable[tuple[str, str, Sequence[dict[str, Any]]]]) -> list[str]:
    """Fingerprints of one article's claims, in order, made unique within the article.

    An article may state the very same clause twice; the database keeps one claim
    per (article, fingerprint), so the n-th repeat gets the base fingerprint
    re-hashed with its occurrence number. Deterministic: the same text extracted
    again gives the same fingerprints.
    """
    seen: dict[str, int] = {}
    result: list[str] = []
    for text, claim_type, values in claims:
        base = claim_fingerprint(text, claim_type, values)
        occurrence = seen.get(base, 0) + 1
        seen[base] = occurrence
        if occurrence == 1:
            result.append(base)
        else:
            result.append(hashlib.sha256(f"{base}:{occurrence}".encode()).hexdigest())
    return result
