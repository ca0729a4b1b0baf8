"""Word lists written as one string of space-separated words, for readability."""

from __future__ import annotations


def words(text: str) -> frozenset[str]:
    """frozenset of the whitespace-separated words in `text`."""
    return frozenset(text.split())
