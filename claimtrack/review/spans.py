"""Spans of an article's text: validation, and the sentence around a span."""

from __future__ import annotations

import re

from claimtrack.review.errors import InvalidInput

# A fallback sentence end for when the extraction package is not importable: ., ! or ?
# (optionally closed by a quote or bracket) followed by space, or a line break.
_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)\]]*\s+|\n+")


def check_span(article_text: str, start: int, end: int) -> str:
    """The span's text, or InvalidInput when it does not lie in the article's text."""
    if start < 0 or end > len(article_text) or start >= end:
        raise InvalidInput(
            f"span {start}-{end} does not lie in the article's text "
            f"(0-{len(article_text)}, start before end)"
        )
    text = article_text[start:end]
    if not text.strip():
        raise InvalidInput(f"span {start}-{end} is only whitespace")
    return text


def _sentence_bounds(article_text: str) -> list[tuple[int, int]]:
    try:
        from claimtrack.extraction.sentences import split_sentences
    except ImportError:
        bounds, start = [], 0
        for match in _SENTENCE_END.finditer(article_text):
            bounds.append((start, match.end()))
            start = match.end()
        bounds.append((start, len(article_text)))
        return bounds
    return [(s.start, s.end) for s in split_sentences(article_text)]


def sentence_bounds(article_text: str, start: int, end: int) -> tuple[int, int]:
    """From the start of the first sentence the span touches to the end of its last:
    the extractor's own sentence splitter, so corrected claims read like extracted ones."""
    overlapping = [(s, e) for s, e in _sentence_bounds(article_text) if s < end and e > start]
    if not overlapping:
        return start, end
    return min(start, overlapping[0][0]), max(end, overlapping[-1][1])


def sentence_of(article_text: str, start: int, end: int) -> str:
    s, e = sentence_bounds(article_text, start, end)
    return article_text[s:e].strip()
