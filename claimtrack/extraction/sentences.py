"""Split news text into sentences, keeping offsets into the original text.

Rule-based on purpose: it is fast (no model), deterministic, and tuned for the
shapes news text takes: headline lines without a full stop, blank-line
paragraphs, hard-wrapped wire copy, titles ("Mr."), initials ("U.S."), "No. 10"
and decimals.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from claimtrack.extraction.wordlists import words

__all__ = ["Sentence", "split_paragraphs", "split_sentences"]


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    paragraph: int  # index of the paragraph the sentence belongs to
    is_headline: bool  # a first line standing alone with no closing punctuation


# Abbreviations after which a full stop never ends a sentence: they precede a name.
_TITLE_ABBREVIATIONS = words(
    "mr mrs ms messrs dr prof st sen rep gov gen col lt capt sgt maj cmdr adm rev hon "
    "mt ft fr sr jr pres supt insp det cpl pvt brig vs v"
)
# Abbreviations that end a sentence only when a typical sentence opener follows.
_AMBIGUOUS_ABBREVIATIONS = words(
    "inc corp ltd co plc bros llc no nos approx dept est fig vol etc al e.g i.e "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
)
_SENTENCE_OPENERS = words(
    "The A An He She It They We I But And This That These Those There Its His Her Their "
    "Our In On At For However Meanwhile Mr Mrs Ms Dr After Before When While If As "
    "Some Many Most Analysts Officials Shares Sales Profits Last Next Earlier Now"
)
_TERMINATOR = re.compile(
    r"""(?:[.!?]+|\u2026)["'\u201d\u2019)\]]*(?=\s+["'\u201c\u2018(\[]*[A-Z0-9£$€])"""
)
_CLOSING = ".!?:;\"'\u201d\u2019)]"
_DOTTED_ACRONYM = re.compile(r"^[a-z](?:\.[a-z])+$")
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n\s*")


def split_paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraphs as (start, end) offsets.

    Blank lines always separate paragraphs. A single newline separates them
    when the next line is indented (wire copy), or, in copy that does not indent
    its paragraphs, when the line before ends a sentence or is short (a headline,
    a dateline); otherwise it is a hard wrap and is kept inside the paragraph.
    """
    paragraphs: list[tuple[int, int]] = []
    for block_start, block_end in _blocks(text):
        start = block_start
        lines = _line_spans(text, block_start, block_end)
        # Hard-wrapped copy: most lines stop mid-sentence, so a short line is no headline.
        open_lines = sum(1 for s, e in lines if text[s:e].rstrip()[-1:] not in _CLOSING)
        wrapped = len(lines) >= 3 and open_lines > len(lines) / 2
        # Wire copy that indents each paragraph's first line: there indentation alone
        # marks paragraphs, and a line that happens to end a sentence is still a wrap
        # (a quotation may run on over several sentences, its speaker at the end).
        indent_marked = wrapped and any(text[s : s + 1] in (" ", "\t") for s, _ in lines[1:])
        for index, (line_start, line_end) in enumerate(lines[:-1]):
            line = text[line_start:line_end].rstrip()
            next_start, next_end = lines[index + 1]
            next_line = text[next_start:next_end]
            indented = next_line[:1] in (" ", "\t")
            ends_sentence = bool(line) and line[-1] in _CLOSING
            short = len(line.strip()) < 45 and not next_line[:1].islower() and not wrapped
            breaks = indented or not line.strip()
            if breaks or (not indent_marked and (ends_sentence or short)):
                _append_trimmed(text, start, line_end, paragraphs)
                start = next_start
        _append_trimmed(text, start, block_end, paragraphs)
    return paragraphs


def split_sentences(text: str) -> list[Sentence]:
    """All sentences of `text`, in order, with their offsets."""
    sentences: list[Sentence] = []
    paragraphs = split_paragraphs(text)
    for index, (p_start, p_end) in enumerate(paragraphs):
        headline = (
            index == 0
            and len(paragraphs) > 1
            and text[p_start:p_end].rstrip()[-1:] not in ".!?\"'\u201d"
        )
        if headline:
            sentences.append(Sentence(p_start, p_end, text[p_start:p_end], index, True))
            continue
        for s_start, s_end in _sentence_spans(text, p_start, p_end):
            sentences.append(Sentence(s_start, s_end, text[s_start:s_end], index, False))
    return sentences


def _sentence_spans(text: str, p_start: int, p_end: int) -> list[tuple[int, int]]:
    paragraph = text[p_start:p_end]
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _TERMINATOR.finditer(paragraph):
        if not _is_boundary(paragraph, match.start(), match.end()):
            continue
        spans.append((start, match.end()))
        start = match.end()
        while start < len(paragraph) and paragraph[start].isspace():
            start += 1
    if start < len(paragraph):
        spans.append((start, len(paragraph)))
    return [(p_start + s, p_start + e) for s, e in spans if paragraph[s:e].strip()]


def _is_boundary(paragraph: str, term_start: int, term_end: int) -> bool:
    if paragraph[term_start] != ".":
        return True
    # The word before the full stop (a backwards scan: a regex from 0 would be quadratic).
    token_start = term_start
    while token_start > 0 and not paragraph[token_start - 1].isspace():
        token_start -= 1
    if token_start == term_start:
        return True
    token = paragraph[token_start:term_start].lstrip("\"'(\u201c\u2018[").lower()
    next_word = paragraph[term_end:].lstrip().lstrip("\"'(\u201c\u2018[").split(" ", 1)[0]
    if token in _TITLE_ABBREVIATIONS:
        return False
    if len(token) == 1 and token.isalpha():
        # An initial ("J. K. Rowling") unless a clear opener follows.
        return next_word in _SENTENCE_OPENERS
    if _DOTTED_ACRONYM.match(token):
        # Dotted acronyms: "U.S.", "a.m.": a boundary only before an opener.
        return next_word in _SENTENCE_OPENERS
    if token in _AMBIGUOUS_ABBREVIATIONS:
        if next_word[:1].isdigit():
            return False
        return next_word in _SENTENCE_OPENERS
    return True


def _blocks(text: str) -> list[tuple[int, int]]:
    blocks: list[tuple[int, int]] = []
    start = 0
    for match in _BLANK_LINE.finditer(text):
        blocks.append((start, match.start()))
        start = match.end()
    blocks.append((start, len(text)))
    return [(s, e) for s, e in blocks if text[s:e].strip()]


def _line_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    position = start
    while position <= end:
        newline = text.find("\n", position, end)
        if newline == -1:
            spans.append((position, end))
            break
        spans.append((position, newline))
        position = newline + 1
    return spans


def _append_trimmed(text: str, start: int, end: int, out: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append((start, end))
