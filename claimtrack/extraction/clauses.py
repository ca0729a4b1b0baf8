"""Split a sentence's content into clauses, each a candidate for one claim.

Two strengths of boundary: strong ones (";", ", adding that", ", but",
"where he will") always separate two assertions; weak ones (", and the",
", as it", ", while", ", with") separate them only when both sides carry a
checkable value of their own, so "profits rose 5%, while sales fell 3%" gives
two claims but "the facts would come out, as it is the 26th day" stays one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Boundary", "find_boundaries", "trim_span"]

_SUBJECT = r"(?:he|she|it|they|we|i|the|a|an|its|his|her|their|this|these|those|there|[A-Z][\w'-]*|\d|£|\$|€)"
_STRONG = re.compile(
    r";\s*(?:and\s+|but\s+)?"
    r"|,?\s+(?:adding|saying|noting|explaining|arguing|warning|insisting|stressing)(?:\s+that)?\s+"
    r"|,\s+but\s+"
    rf"|\s+where\s+(?={_SUBJECT}\s+(?:will|would|is|was|are|were|has|had|can|could)\b)"
    r"|\s+\u2014\s+|\s+--\s+"
)
_WEAK = re.compile(
    rf",\s+and\s+(?={_SUBJECT}\b)"
    rf"|\s+and\s+(?=(?:the|its|his|her|their|[A-Z][\w'-]*)\s+(?:\w+\s+){{0,3}}?(?:rose|fell|grew|jumped|dropped|was|were|is|are|has|had|will|increased|decreased|climbed|slipped|gained|lost|added|reached|stood)\b)"
    rf"|,\s+(?:while|whereas|although|though|as|with)\s+(?={_SUBJECT}\b)"
    r"|,\s+which\s+"
    r"|,\s+compared\s+(?=with\b)"
)
_LEADING_WORDS = re.compile(
    r"(?:(?:that|and|but|while|whereas|although|though|as|where|which|so|also|then|yet|or)\b\s*)+",
    re.IGNORECASE,
)
_TRIM_START = " \t\n,;:-\u2014\"'\u201c\u2018([{"
_TRIM_END = " \t\n,;:-\u2014.\"'\u201d\u2019"


@dataclass(frozen=True)
class Boundary:
    start: int  # absolute offsets of the connector words, dropped from both clauses
    end: int
    strong: bool


def find_boundaries(text: str, start: int, end: int) -> list[Boundary]:
    """Clause boundaries inside text[start:end], in order."""
    found: list[Boundary] = []
    for pattern, strong in ((_STRONG, True), (_WEAK, False)):
        for match in pattern.finditer(text, start, end):
            if match.start() <= start or match.end() >= end:
                continue
            if _inside_brackets(text, start, match.start()):
                continue
            found.append(Boundary(match.start(), match.end(), strong))
    found.sort(key=lambda b: b.start)
    merged: list[Boundary] = []
    for boundary in found:
        if merged and boundary.start < merged[-1].end:
            if boundary.strong and not merged[-1].strong:
                merged[-1] = boundary
            continue
        merged.append(boundary)
    return merged


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop connectors, quotation marks and closing punctuation at the edges of a clause."""
    while True:
        before = (start, end)
        while start < end and text[start] in _TRIM_START:
            start += 1
        while end > start and text[end - 1] in _TRIM_END:
            end -= 1
        leading = _LEADING_WORDS.match(text, start, end)
        if leading and leading.end() > start:
            start = leading.end()
        # A bracket left open or closed by the cut belongs to the other clause.
        if end > start and text[end - 1] == ")" and "(" not in text[start:end]:
            end -= 1
        if (start, end) == before:
            return start, end


def _inside_brackets(text: str, start: int, position: int) -> bool:
    segment = text[start:position]
    return segment.count("(") > segment.count(")") or segment.count("[") > segment.count("]")
