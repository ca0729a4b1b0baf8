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

__all__ = ["Boundary", "find_boundaries", "has_verb", "trim_span"]

_SUBJECT = (
    r"(?:he|she|it|they|we|i|the|a|an|its|his|her|their|this|these|those|there|"
    r"[A-Z][\w'-]*|\d|£|\$|€)"
)
_FINITE = (
    r"(?:is|are|was|were|has|have|had|will|would|could|can|may|might|should|must|did|does|do|"
    r"said|says|rose|fell|grew|jumped|dropped|increased|decreased|climbed|slipped|gained|lost|"
    r"added|reached|stood|saw|made|took|won|became|remains?|remained|hopes?|plans?|expects?|"
    r"wants?|needs?|went|came|gave|got|began|left|held|kept|led|met|ran|paid|sold|bought|built|"
    r"brought|thought|found|spent|put|cut|set|hit|shut|told|[a-z]+ed)"
)
# Every boundary opens with ";", "," or whitespace. The leading lookahead says so once, so
# the regex engine rejects most positions with one character test instead of trying each
# alternative in turn (it halves the time of find_boundaries; the matches are the same).
_STRONG = re.compile(
    r"(?=[;,\s])(?:"
    r";\s*(?:and\s+|but\s+)?"
    r"|\s+and\s+that\b,?\s*"
    r"|,?\s+(?:adding|saying|noting|explaining|arguing|warning|insisting|stressing)(?:\s+that)?\s+"
    r"|,?\s+but\s+"
    r"|,?\s+while\s+|,\s+whereas\s+|,\s+(?:al)?though\s+"
    r"|,\s+and\s+|,\s+having\s+"
    rf"|\s+where\s+(?={_SUBJECT}\s+(?:will|would|is|was|are|were|has|had|can|could)\b)"
    r"|\s+\u2014\s+|\s+--\s+"
    r")"
)
_WEAK = re.compile(
    r"(?=[,\s])(?:"
    rf"\s+and\s+(?=(?:(?:the|its|his|her|their|[A-Z][\w'-]*|[a-z]+)\s+){{0,4}}?{_FINITE}\b)|"
    rf",?\s+(?:as|when|after|before|since|until)\s+(?=(?:[\w'$£€.,%-]+\s+){{1,5}}?{_FINITE}\b)"
    r"|,\s+with\s+"
    r"|,\s+which\s+|,\s+from\s+which\s+|,\s+because\s+"
    r"|\s+and\s+(?:then\s+)?|\s+-\s+"
    r"|,\s+compared\s+(?=with\b)"
    r")"
)
_VERB = re.compile(
    rf"\b(?:{_FINITE}|be|been|being|came|went|got|gave|told|became|began|bought|sold|paid|left|"
    rf"held|"
    r"kept|led|met|ran|set|spent|thought|brought|built|cut|hit|put|shut|quit|says|shows|includes|"
    r"remains|makes|takes|comes|goes|gets|gives|owns|employs|offers|provides|allows|means|sees|"
    r"holds|leads|runs|sells|buys|pays|costs|reaches|stands|falls|rises|grows|tops|faces|"
    r"continues|seems|appears|looks|believes|thinks|knows|works|lives|uses|accounts|represents|"
    r"exists|contains|requires|claims|shares|features|affects|suffers|leaves|wins|loses|beats|"
    r"hits|puts|sets|cuts|lets|brings|keeps|meets|feels|tells|becomes|begins|goes|does|make|take|come|go|give|say|remain|mean|see|hold|sell|buy|reach|"
    r"grow|seem|appear|continue|believe|think|know|live|represent|"
    r"exist|contain|require|affect|suffer|lose|beat|keep|meet|feel|tell|become|begin|"
    r"include|provide|allow|employ|'re|'ve|it's|that's|there's|he's|she's|what's|"
    r"'ll|'d|am)\b"
)


def first_verb_at(text: str) -> int | None:
    """Where the first finite-looking verb starts, if any."""
    match = _VERB.search(text.lower())
    return match.start() if match else None


def has_verb(clause: str) -> bool:
    """A rough finite-verb test: fragments without one ("for the aid charities") are no claim."""
    return _VERB.search(clause.lower()) is not None


# "Although inventories fell 0.7%, they were 36% higher": the comma after an opening
# subordinate clause separates two assertions.
_OPENING_SUBORDINATE = re.compile(
    r"(?:Although|Though|While|Whereas|After|Before|As|When|Since|If)\b[^,]{8,}?(,\s+)"
)
_LEADING_WORDS = re.compile(
    r"(?:(?:that|and|but|while|whereas|although|though|as|where|which|so|also|then|yet|or)\b\s*)+",
    re.IGNORECASE,
)
# "WASHINGTON (Reuters) - ", "LONDON, March 3 - ": where the story was filed, not a claim.
_DATELINE = re.compile(
    r"[A-Z][A-Z .'-]{2,}(?:,\s+[A-Z][a-z]{2,9}\.?\s+\d{1,2})?\s*(?:\([A-Za-z .]+\))?"
    r"\s*[-\u2013\u2014]+\s+"
)
_TRIM_START = " \t\n,;:-\u2014\"'\u201c\u2018([{"
_TRIM_END = " \t\n,;:-\u2014.\"'\u201d\u2019"


# The American comma after a date's year: "between April 1, 1985, and ..." ends here.
_DATE_RANGE_COMMA = re.compile(
    r"\b(?:between|from)\s+(?:[A-Z][a-z]+\.?\s+\d{1,2},\s+)?(?:1[89]|20)\d\d,?$"
)


_ASIDE = re.compile(
    r",\s+(?P<body>(?:which|who|whose)\s[^,;()\"\u201c\u201d]{4,100}?|(?:the|a|an)\s"
    r"[^,;()\"\u201c\u201d]{3,60}?)(?P<close>,)\s+"
)
_WORD_BEFORE = re.compile(r"([A-Za-z][\w'-]*)\s*$")


def _capitalised_before(text: str, start: int, position: int) -> bool:
    word = _WORD_BEFORE.search(text, max(start, position - 40), position)
    return word is not None and word.group(1)[0].isupper()


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
            if _DATE_RANGE_COMMA.search(text, max(start, match.start() - 40), match.start()):
                continue  # "between April 1, 1985, and September 30, 1987": one range
            found.append(Boundary(match.start(), match.end(), strong))
    for match in _ASIDE.finditer(text, start, end):
        # "The club, which will receive £3m, has agreed ...", "Acme, the country's
        # largest brewer, raised ...": an aside between commas states a fact of its own.
        # Weak boundaries around it: it stands apart only when both it and the rest
        # carry a value.
        if match.end() >= end or _inside_brackets(text, start, match.start()):
            continue
        if match.group("body").startswith(("the ", "a ", "an ")):
            if not text[start : match.start()].rstrip()[-1:].isalpha() or not _capitalised_before(
                text, start, match.start()
            ):
                continue  # an apposition follows a name
            found.append(Boundary(match.start(), match.start("body"), False))
        found.append(Boundary(match.start("close"), match.end(), False))
    opening = _OPENING_SUBORDINATE.match(text, start, end)
    if opening:
        found.append(Boundary(opening.start(1), opening.end(1), True))
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
        leading = _LEADING_WORDS.match(text, start, end) or _DATELINE.match(text, start, end)
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
