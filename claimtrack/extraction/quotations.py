"""Quotations: where each opens and closes, and who speaks the sentences inside one.

A quotation runs to its closing mark or to its paragraph's end; a sentence inside
it that names no speaker takes the speaker named where the quotation opens or
closes.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from claimtrack.extraction.sentences import Sentence

__all__ = ["QUOTE_OPENERS", "Quotes", "Region", "fill_quotation_speakers", "quote_regions"]


@dataclass(frozen=True)
class Region:
    start: int  # absolute offsets into the article text
    end: int
    claimer: str | None
    quoted: bool  # inside quotation marks: the speaker's own words


_QUOTE_MARK = re.compile('["\u201c\u201d]')
QUOTE_OPENERS = '"\u201c'


def quote_regions(text: str, sentences: Sequence[Sentence]) -> list[tuple[int, int]]:
    """(open, close) offsets of quotations, each closed at its paragraph's end at the latest."""
    regions: list[tuple[int, int]] = []
    paragraphs: dict[int, tuple[int, int]] = {}
    for sentence in sentences:
        start, end = paragraphs.get(sentence.paragraph, (sentence.start, sentence.end))
        paragraphs[sentence.paragraph] = (min(start, sentence.start), max(end, sentence.end))
    for p_start, p_end in paragraphs.values():
        opened: int | None = None
        for match in _QUOTE_MARK.finditer(text, p_start, p_end):
            char, position = match.group(), match.start()
            if char == "\u201c" or (char == '"' and opened is None):
                opened = position
            elif opened is not None:
                regions.append((opened, position + 1))
                opened = None
        if opened is not None:
            regions.append((opened, p_end))
    return regions


class Quotes:
    """The article's quotations, looked up by offset in O(log n).

    `quote_regions` gives them in text order and disjoint (one paragraph after
    another, each closed before the next opens), so the only quotation that can
    hold an offset is the last one opening at or before it. A scan of every
    quotation per sentence made long texts quadratic (issue 18).
    """

    def __init__(self, regions: list[tuple[int, int]]) -> None:
        self.regions = regions
        self._starts = [start for start, _ in regions]

    def holding(self, offset: int) -> tuple[int, int] | None:
        """The quotation with start <= offset < end, if any."""
        index = bisect.bisect_right(self._starts, offset) - 1
        if index >= 0 and offset < self.regions[index][1]:
            return self.regions[index]
        return None

    def strictly_inside(self, offset: int) -> bool:
        """An offset after a quotation's opening mark and before its closing one."""
        index = bisect.bisect_left(self._starts, offset) - 1
        return index >= 0 and offset < self.regions[index][1] - 1

    def first_meeting(self, start: int, end: int) -> tuple[int, int] | None:
        """The first quotation holding `start` or opening in [start, end)."""
        holding = self.holding(start)
        if holding is not None:
            return holding
        index = bisect.bisect_left(self._starts, start)
        if index < len(self.regions) and self.regions[index][0] < end:
            return self.regions[index]
        return None


def fill_quotation_speakers(
    sentences: Sequence[Sentence],
    quotes: Quotes,
    result: list[list[Region]],
    attributed: list[bool],
) -> None:
    """Sentences inside a quotation take the speaker of the sentence where it opens or closes;
    a quoted sentence with no speaker at all continues the last speaker."""
    previous_attributed, next_attributed = _nearest_attributed(attributed)
    last_speaker: str | None = None
    for index, sentence in enumerate(sentences):
        if attributed[index]:
            speakers = [r.claimer for r in result[index] if r.claimer]
            if speakers:
                last_speaker = speakers[-1]
            continue
        quote = quotes.first_meeting(sentence.start, sentence.end)
        if quote is None:
            continue
        speaker: str | None = None
        # The nearest attributed sentence after, then before, within the quotation and
        # the paragraph. Starts, ends and paragraphs only grow along the text, so the
        # nearest one decides: walking there sentence by sentence made a long
        # unattributed quotation quadratic.
        after = next_attributed[index]
        if (
            after is not None
            and sentences[after].start < quote[1] + 2
            and sentences[after].paragraph == sentence.paragraph
        ):
            speaker = next((r.claimer for r in result[after] if r.claimer), None)
        before = previous_attributed[index]
        if (
            speaker is None
            and before is not None
            and sentences[before].end > quote[0]
            and sentences[before].paragraph == sentence.paragraph
        ):
            speaker = next((r.claimer for r in result[before] if r.claimer), None)
        recently_attributed = any(attributed[o] for o in range(max(0, index - 3), index))
        if speaker is None and sentence.text.lstrip()[:1] in QUOTE_OPENERS and recently_attributed:
            speaker = last_speaker
        if speaker is not None:
            result[index] = [Region(r.start, r.end, speaker, r.quoted) for r in result[index]]


def _nearest_attributed(attributed: list[bool]) -> tuple[list[int | None], list[int | None]]:
    """For each sentence, the index of the nearest attributed sentence before and after it."""
    before: list[int | None] = []
    last: int | None = None
    for index, found in enumerate(attributed):
        before.append(last)
        if found:
            last = index
    after: list[int | None] = [None] * len(attributed)
    last = None
    for index in range(len(attributed) - 1, -1, -1):
        after[index] = last
        if attributed[index]:
            last = index
    return before, after
