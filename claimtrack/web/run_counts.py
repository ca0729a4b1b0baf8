"""A pipeline run's counts as the dashboard says them, not as the raw JSON they are stored.

`extraction_run.counts` mixes flat totals ("articles_new": 3) with nested ones
("claims_by_type": {"quantity": {"new": 5}}); shown as they are, the nested ones read
as Python dicts. Here: "articles: 3 new, 1 unchanged", "claims: 9 new, 2 kept", and
"by type: quantity 5, date 2" (new claims), zeros left out.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# Prefixes of the flat totals, in the order they are said.
_GROUPS = ("articles", "claims")


def describe_counts(counts: Mapping[str, Any] | None) -> list[str]:
    """One short phrase per group of counts, for a table cell."""
    if not counts:
        return []
    phrases = []
    for group in _GROUPS:
        parts = [
            f"{value} {key.removeprefix(group + '_').replace('_', ' ')}"
            for key, value in counts.items()
            if key.startswith(group + "_") and isinstance(value, int) and value
        ]
        if parts:
            phrases.append(f"{group}: {', '.join(parts)}")
    by_type = counts.get("claims_by_type")
    if isinstance(by_type, Mapping):
        found = [
            (int(counter["new"]), str(claim_type))
            for claim_type, counter in by_type.items()
            if isinstance(counter, Mapping) and counter.get("new")
        ]
        # Most first: PostgreSQL's JSONB keeps no key order to follow.
        new = [f"{claim_type} {n}" for n, claim_type in sorted(found, key=lambda f: (-f[0], f[1]))]
        if new:
            phrases.append(f"new by type: {', '.join(new)}")
    return phrases
