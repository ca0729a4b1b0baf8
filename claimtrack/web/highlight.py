"""The claim in its article: the text cut at the claim's offsets, for the template to escape.

No markup is built here: the template wraps the middle part in <mark>, and Jinja2's
autoescape escapes all three parts, whatever the article contains.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Highlighted:
    before: str
    claim: str
    after: str


def split_at_span(text: str, start: int, end: int) -> Highlighted:
    """`text` as (before, claim, after); offsets are clamped to the text, never trusted."""
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    return Highlighted(text[:start], text[start:end], text[end:])


def context_window(text: str, start: int, end: int, radius: int = 160) -> Highlighted:
    """A short excerpt around the claim (for lists), cut at word boundaries where possible."""
    whole = split_at_span(text, start, end)
    before = whole.before[-radius:] if len(whole.before) > radius else whole.before
    after = whole.after[:radius] if len(whole.after) > radius else whole.after
    if len(before) < len(whole.before):
        cut = before.find(" ")
        before = "…" + (before[cut + 1 :] if 0 <= cut < 40 else before)
    if len(after) < len(whole.after):
        cut = after.rfind(" ")
        after = (after[:cut] if cut > len(after) - 40 else after) + "…"
    return Highlighted(before, whole.claim, after)
