"""Who asserts what: split each sentence into content regions with their claimer.

"X said ...", "... , X said.", "\"...,\" said X", "according to X", "X took to
Twitter and reminded them that ..." are the shapes news uses. The attribution
words themselves are cut out of the regions (a claim is what was said, not the
saying). Pronouns and descriptions ("he", "the foreign secretary", "the
company") resolve to the person or organisation named before; a quotation
spanning several sentences takes the speaker named where it closes or opens.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from claimtrack.extraction import budget
from claimtrack.extraction.clauses import first_verb_at, has_verb
from claimtrack.extraction.entities import (
    NAME_SEQUENCE,
    EntityRegistry,
    is_org_name,
    strip_titles,
    subject_organisation,
)
from claimtrack.extraction.sentences import Sentence
from claimtrack.extraction.wordlists import words

__all__ = ["Region", "attribute_sentences", "quote_regions"]


@dataclass(frozen=True)
class Region:
    start: int  # absolute offsets into the article text
    end: int
    claimer: str | None
    quoted: bool  # inside quotation marks: the speaker's own words


_SPEECH_VERB = re.compile(
    r"\b(?P<v>said|says|say|told|tells|added|adds|stated|claimed|claims|argued|argues|warned|warns|"
    r"insisted|insists|explained|noted|notes|announced|announces|reported|confirmed|confirms|"
    r"admitted|admits|predicted|predicts|wrote|writes|tweeted|revealed|suggested|suggests|stressed|"
    r"acknowledged|maintained|denied|alleged|asserted|disclosed|believes|reckons|forecast|"
    r"forecasts|reminded|pointed out|concluded|commented|replied|responded|remarked|observed|"
    r"emphasised|emphasized|complained|conceded|recalled|estimates|estimated|thinks|think|"
    r"believe|promised|pledged|vowed|highlighted|praised|unveiled|outlined|referred to|found|"
    r"showed|shows|finds|criticised|criticized|accused|welcomed|described)\b"
)
_AUXILIARIES = re.compile(
    r"(?:\s+(?:has|have|had|also|again|later|earlier|then|previously|further|would|will|"
    r"has also|had also|also|once|recently|last week|on \w+day))+$"
)
_ACCORDING_TO = re.compile(
    r"(?:,\s*|\b)[Aa]ccording to (?P<np>[^,.;:\"\u201c\u201d]{2,80}?)(?=[,.;:\"\u201c\u201d]|$)"
)
_LEADING_NON_NAMES = words(
    "On In At By From After Before During Since Last This Next Early Late Yesterday Today "
    "January February March April May June July August September October November December "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday But And However Meanwhile Also "
    "Yet Still Now Then"
)
_PRONOUNS = frozenset(("he", "she", "it", "they", "we", "i"))
_DETERMINERS = words("the a an one its his her their some two three several many other another")
_UNNAMED_HEADS = words(
    "officials analysts dealers experts sources economists observers critics campaigners residents "
    "witnesses traders investors police reports figures data statistics doctors scientists "
    "researchers executives insiders diplomats spokesman spokeswoman spokesperson official analyst "
    "dealer expert source economist trader observer insider diplomat people union unions "
    "ministers officers lawyers lawyer lawmakers mps"
)
_ORG_HEADS = words(
    "company firm group bank carrier airline retailer maker giant operator government ministry "
    "department club team agency body organisation organization watchdog regulator union party "
    "network broadcaster studio label site chain business manufacturer insurer lender producer "
    "supplier provider exchange council authority court corporation board commission"
)
# What an organisation publishes: "the statement said" speaks for whoever issued it.
_DOCUMENT_HEADS = words(
    "statement report study survey letter release communique announcement memo filing "
    "document paper note circular bulletin"
)
_PERSON_HEADS = words(
    "minister secretary spokesman spokeswoman president chancellor executive boss manager coach "
    "chairman chairwoman leader director governor mayor premier captain founder head chief "
    "star singer actor actress player striker economist analyst senator ambassador commissioner "
    "judge prosecutor officer man woman defender midfielder goalkeeper forward winger veteran "
    "champion youngster international skipper keeper batsman bowler rider driver artist author "
    "writer producer presenter musician frontman rapper"
)
_LEADING_PREFIX = re.compile(
    r"^(?:(?:But|And|However|Also|Meanwhile|Yet|Still|Now|Separately|Earlier|Later|Instead|"
    r"Indeed|Previously|Elsewhere)\s*,?\s*)?$"
)
_INTRODUCTORY = re.compile(
    r"^\s*(?:[A-Z][a-z]+ing\b|In\b|On\b|At\b|Asked\b|Later\b|Earlier\b|However\b|But\b|And\b|"
    r"Meanwhile\b|Separately\b|Last\b|After\b|Before\b|During\b|Following\b|Interviewed\b|"
    r"Now\b|Elsewhere\b|Yesterday\b|Today\b|Instead\b|Since\b|Despite\b|With\b|For\b|As\b|"
    r"To\b|From\b|By\b|Under\b|Outside\b|Inside\b|Within\b|Amid\b|Against\b|Throughout\b)"
)
_TELL_OBJECT = re.compile(
    # A news agency first: "told Reuters IBC President Jorio Dauster has ..." is told
    # Reuters, and what follows is the news. (Broadcasters are left to the general
    # rule: "told BBC Radio Sheffield" names one of their programmes or stations.)
    r"^\s+(?:(?:Reuters|the\s+Associated\s+Press|AP|AFP|Bloomberg)\b(?![\w'])|"
    r"[^,.;:\"\u201c\u201d]{1,60}?\s+that\b|"
    r"(?:the\s+)?[A-Z][\w']*(?:\s+[A-Z][\w']*){0,4}(?:\s+(?:website|programme|newspaper|radio|"
    r"television))?|reporters|journalists|him|her|them|us|me|MPs|delegates|a\s+(?:news|"
    r"press)\s+conference)"
)
_REMIND_OBJECT = re.compile(r"^\s+[^,.;:\"\u201c\u201d]{1,60}?\s+(?:that|of)\b")
_TRAILING_TAIL = re.compile(
    r"^(?:\s+(?:in|on|at|during|from|after|before|last|this|yesterday|today|earlier|later|"
    r"when|while|as|via|through)\b[^\"\u201c\u201d]{0,80}?)?\s*[.!?]?[\"\u201d']?\s*$"
)
_ADDING = re.compile(
    r"^,?\s+(?:adding|saying|noting|explaining|arguing|warning|insisting|claiming|"
    r"stressing)\b(?:\s+that\b)?"
)
_TRAILING_SPEAKER = re.compile(
    r"\s(?:he|she|they|it|we|I|(?:[a-z]+\s+){0,2}(?:[A-Z][\w'-]+\s+){0,3}[A-Z][\w'-]+)$"
)
_DASHED_ASIDE = re.compile(r"\s[-\u2013\u2014]\s.*?(?:\s[-\u2013\u2014]\s|$)")
_QUOTE_MARK = re.compile('["\u201c\u201d]')
_QUOTE_OPENERS = '"\u201c'
_NAME_AT = re.compile(NAME_SEQUENCE.pattern)
_SUBJECT_PREFIX = re.compile(r"^(?:[^,\"\u201c]*?,\s+)?")
_PREPOSITIONS_BEFORE = words("by of to with for from that and in on at against about under")


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


class _Quotes:
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


@dataclass
class _Context:
    registry: EntityRegistry
    last_person: str | None = None
    last_org: str | None = None
    last_claimer: str | None = None


def attribute_sentences(
    text: str, sentences: Sequence[Sentence], registry: EntityRegistry
) -> list[list[Region]]:
    """For each sentence, its content regions with their claimers."""
    quotes = _Quotes(quote_regions(text, sentences))
    context = _Context(registry)
    result: list[list[Region]] = []
    attributed: list[bool] = []
    for sentence in sentences:
        budget.check()
        regions, found = _attribute(sentence, quotes, context)
        result.append(regions)
        attributed.append(found)
        _remember_subject(sentence, quotes, context, regions)
    _fill_quotation_speakers(sentences, quotes, result, attributed)
    return result


def _attribute(sentence: Sentence, quotes: _Quotes, context: _Context) -> tuple[list[Region], bool]:
    text = sentence.text
    base = sentence.start

    def region(start: int, end: int, claimer: str | None) -> Region | None:
        while start < end and text[start] in " ,;:-\u2014\n":
            start += 1
        while end > start and text[end - 1] in " ,;:-\u2014\n":
            end -= 1
        if end - start < 3:
            return None
        absolute = base + start
        quoted = quotes.holding(absolute) is not None
        return Region(absolute, base + end, claimer, quoted)

    def regions_of(*spans: tuple[int, int, str | None]) -> list[Region]:
        out = [r for r in (region(s, e, c) for s, e, c in spans) if r is not None]
        return out

    according = _ACCORDING_TO.search(text)
    if (
        according
        and not re.search(r"[A-Z]", according.group("np"))
        and _SPEECH_VERB.search(text, 0, according.start())
    ):
        according = None  # "according to projections ...": a named speaker in the sentence wins
    if according:
        claimer = _resolve(according.group("np").strip(), context)
        context.last_claimer = claimer
        if according.start() <= 1:
            return regions_of((according.end(), len(text), claimer)), True
        return regions_of(
            (0, according.start(), claimer), (according.end(), len(text), claimer)
        ), True

    for verb in _SPEECH_VERB.finditer(text):
        absolute = base + verb.start()
        if quotes.strictly_inside(absolute):
            continue
        found = _attribution_at(text, verb, context, regions_of)
        if found is not None:
            return found, True
    return regions_of((0, len(text), None)), False


def _attribution_at(
    text: str, verb: re.Match[str], context: _Context, regions_of: Callable[..., list[Region]]
) -> list[Region] | None:
    before = text[: verb.start()].rstrip()
    if re.search(r"\b(?:was|were|is|are|be|been|being)$", before):
        return None  # passive: "was declared insolvent", "is said to be"
    if re.search(r"(?:\bnot|n't|\bnever|\b(?:declined|refused) to)$", before):
        return None  # "the spokesman could not say when ...": nothing is asserted
    auxiliaries = _AUXILIARIES.search(before)
    np_end = auxiliaries.start() if auxiliaries else len(before)
    segment = before[:np_end]
    appositive = _appositive(segment)
    if appositive is not None:
        # "Michael Rabb, an analyst at X, said" / "The chief executive, John Smith, said"
        head_start, head, aside = appositive
        np_start = head_start
        np_text = aside if _is_name(aside) and not _is_name(head) else head
    else:
        np_start = _subject_start(segment)
        np_text = segment[np_start:].strip()
        np_start = np_start + (len(segment[np_start:]) - len(segment[np_start:].lstrip()))
    if np_text and not _valid_np(np_text):
        # "Laying into the Tory record he said": the speaker is the tail of the segment
        trailing = _TRAILING_SPEAKER.search(np_text)
        if trailing and trailing.start() > 0:
            np_start += trailing.start()
            np_text = trailing.group().strip()
    tail = text[verb.end() :]
    coordinated = segment.endswith(" and")
    if coordinated:
        subject = _sentence_subject(text)
        if subject is None:
            return None
        claimer = _resolve(subject, context)
        content_start = verb.end() + _object_length(verb.group("v"), tail)
        and_position = len(segment) - len(" and")
        context.last_claimer = claimer
        return regions_of((0, and_position, None), (content_start, len(text), claimer))
    if np_text and _valid_np(np_text):
        claimer = _resolve(np_text, context)
        prefix = text[:np_start]
        adding = _ADDING.match(tail)
        object_length = _object_length(verb.group("v"), tail)
        if _is_trailing(tail) or (_is_trailing(tail[object_length:]) and object_length) or adding:
            context.last_claimer = claimer
            spans: list[tuple[int, int, str | None]] = [(0, np_start, claimer)]
            if adding:
                spans.append((verb.end() + adding.end(), len(text), claimer))
            return regions_of(*spans)
        quote_follows = tail.lstrip().startswith(('"', "\u201c")) or tail.startswith(
            (', "', ", \u201c", ': "', ": \u201c")
        )
        if quote_follows and any(q in prefix for q in _QUOTE_OPENERS):
            # '"A," he said, "B."': both halves are the speaker's
            context.last_claimer = claimer
            return regions_of((0, np_start, claimer), (verb.end(), len(text), claimer))
        participial = (  # "Laying into the Tory record he said: ..."
            re.match(r"[A-Z][a-z]+ing\b", prefix) is not None
            and len(prefix.split()) <= 12
            and tail.lstrip()[:1] in (":", '"', "\u201c")
        )
        # "In the speech - which drew an ovation - he promised ...": the aside goes
        core = _DASHED_ASIDE.sub(" ", prefix).strip()
        introduced = (
            (prefix.rstrip().endswith(",") or core != prefix.strip())
            and (_INTRODUCTORY.match(core) or not has_verb(core))
            and len(core.split()) <= 10
            and not any(q in core for q in _QUOTE_OPENERS)
        )
        if _LEADING_PREFIX.match(prefix) or participial or introduced:
            context.last_claimer = claimer
            content_start = verb.end() + _object_length(verb.group("v"), tail)
            return regions_of((content_start, len(text), claimer))
        return None
    # Inverted: '"...," said Mr Smith.' / '..., says the report.'
    if before.rstrip().endswith((",", ',"', ",\u201d", '"', "\u201d")):
        inverted = re.match(
            r"\s+(?P<np>[^,.;:\"\u201c\u201d]{1,60}?)(?=\s*[,.;:\"\u201c\u201d]|\s*$)", tail
        )
        if inverted and _valid_np(inverted.group("np")):
            claimer = _resolve(inverted.group("np").strip(), context)
            context.last_claimer = claimer
            after = verb.end() + inverted.end()
            rest = text[after:].lstrip(" ,:")
            if rest[:1] in _QUOTE_OPENERS:  # '"A," said X, "B."': both halves are X's
                return regions_of((0, len(before), claimer), (after, len(text), claimer))
            return regions_of((0, len(before), claimer))
    return None


def _subject_start(segment: str) -> int:
    """Where the speaker's noun phrase starts: after the last punctuation or conjunction."""
    boundary = max(segment.rfind(mark) for mark in (",", ";", ":", '"', "\u201c", "\u201d", "("))
    for word in (" that ", " and ", " but ", " while ", " as ", " because "):
        position = segment.rfind(word)
        if word == " and " and _joins_names(segment, position):
            continue  # "a survey by Earthlink and Webroot found": one subject
        if position >= 0 and position + len(word) - 1 > boundary:
            boundary = position + len(word) - 1
    return boundary + 1


def _appositive(segment: str) -> tuple[int, str, str] | None:
    """(start of the head, head, aside) when the segment ends 'HEAD, ASIDE,'."""
    if not segment.endswith(","):
        return None
    inner = segment[:-1]
    comma = inner.rfind(",")
    if comma <= 0 or any(q in inner[comma:] for q in _QUOTE_OPENERS + "\u201d"):
        return None
    aside = inner[comma + 1 :].strip()
    head_segment = inner[:comma]
    head_start = _subject_start(head_segment)
    head = head_segment[head_start:].strip()
    head_start += len(head_segment[head_start:]) - len(head_segment[head_start:].lstrip())
    if not head or not aside or len(aside.split()) > 12 or not _valid_np(head):
        return None
    return head_start, head, aside


def _is_name_with_connectors(words: list[str]) -> bool:
    return words[0][:1].isupper() and all(
        w[:1].isupper() or w in ("of", "for", "and", "&") for w in words
    )


def _is_name(phrase: str) -> bool:
    words = phrase.split()
    return bool(words) and len(words) <= 5 and all(w[:1].isupper() for w in words)


def _joins_names(segment: str, position: int) -> bool:
    if position < 0:
        return False
    before = segment[:position].rsplit(" ", 1)[-1]
    after = segment[position + 5 :].split(" ", 1)[0]
    return before[:1].isupper() and after[:1].isupper()


def _is_trailing(tail: str) -> bool:
    """After '..., X said': nothing, or a short circumstance ('in a tweet', 'on Friday')."""
    if not _TRAILING_TAIL.match(tail):
        return False
    return len(tail.split()) <= 8 and " that " not in tail and "," not in tail.rstrip(' ."\u201d')


def _object_length(verb: str, tail: str) -> int:
    """How much of `tail` is the verb's object ('told reporters', 'reminded them that')."""
    if verb in ("told", "tells"):
        match = _TELL_OBJECT.match(tail)
        return match.end() if match else 0
    if verb == "reminded":
        match = _REMIND_OBJECT.match(tail)
        return match.end() if match else 0
    return 0


def _valid_np(np_text: str) -> bool:
    words = np_text.split()
    if not 1 <= len(words) <= 8:
        return False
    first = words[0]
    lowered = first.lower()
    if lowered in _PRONOUNS:
        return len(words) == 1
    if lowered in _DETERMINERS:
        if len(words) == 1:
            return False  # "An estimated 65 pct ...": an article, not a speaker
        return (
            words[-1][:1].isupper()
            or words[-1].lower().strip("'") in _UNNAMED_HEADS | _ORG_HEADS | _PERSON_HEADS
            or len(words) <= 4
        )
    if first[:1].isupper():
        # "Shadow home secretary David Davis", "BBC political correspondent Carole Walker"
        return (
            words[-1][:1].isupper()
            or words[-1].lower() in _UNNAMED_HEADS | _PERSON_HEADS | _ORG_HEADS
        )
    if len(words) <= 6 and words[-1][:1].isupper():
        return True  # "marketing magazine New Media Age", "shadow chancellor Oliver Letwin"
    return words[-1].lower() in _UNNAMED_HEADS or (
        len(words) <= 3 and words[-1].lower() in _PERSON_HEADS
    )


def _resolve(np_text: str, context: _Context) -> str | None:
    registry = context.registry
    np_text = np_text.strip().rstrip(".")
    lowered = np_text.lower()
    if lowered in ("he", "she"):
        return context.last_person
    if lowered == "it":
        return context.last_org
    if lowered in ("they", "we", "i"):
        return None
    words = np_text.split()
    if words[0][:1].islower() and words[0] not in _DETERMINERS and words[-1][:1].isupper():
        # "marketing magazine New Media Age": the role words go, the name stays
        first_capital = next(i for i, w in enumerate(words) if w[:1].isupper())
        np_text = " ".join(words[first_capital:])
        words = np_text.split()
        lowered = np_text.lower()
    while len(words) > 1 and (words[0] in _LEADING_NON_NAMES or words[0][:1].isdigit()):
        words = words[1:]  # "On February 20 President Jose Sarney"
        np_text = " ".join(words)
        lowered = np_text.lower()
    if words[0][:1].isupper() and lowered.split()[0] not in _DETERMINERS:
        titles, bare = strip_titles(np_text)
        known = registry.full_name(np_text)
        if bare.endswith(" " + known) and registry.is_person(known):
            # "Authority spokeswoman Helen Marsh": a role, even an organisation's, then a person
            context.last_person = known
            return known
        if is_org_name(bare or np_text):
            context.last_org = np_text
            return np_text
        name = registry.full_name(np_text)
        if len(bare.split()) == 1 and not registry.is_person(bare) and not titles:
            context.last_org = bare  # "TimeWarner said": a single unknown name is an organisation
            return bare
        context.last_person = name
        return name
    # A description: a role the article gave someone, an organisation, or unnamed sources.
    person = registry.by_description(np_text)
    if person:
        context.last_person = person
        return person
    head = words[-1].lower()
    if lowered.startswith("the ") and len(words) > 1 and _is_name_with_connectors(words[1:]):
        context.last_org = " ".join(words[1:])  # "the Office for National Statistics"
        return context.last_org
    organisation = re.search(
        r"\b(?:for|at|of|from|by)\s+"
        r"(?P<org>(?:the\s+)?[A-Z][\w&'-]*(?:\s+(?:and\s+)?[A-Z][\w&'-]*)*)",
        np_text,
    )
    if organisation:
        return organisation.group("org").removeprefix("the ")
    capitalised = [w for w in words[1:] if w[:1].isupper()]
    if capitalised and words[0].lower() == "the":
        context.last_org = " ".join(words[1:])  # "the US Agriculture Department"
        return context.last_org
    if head in _ORG_HEADS and lowered.startswith(("the ", "its ")):
        return context.last_org
    if head in _DOCUMENT_HEADS and lowered.startswith(("the ", "its ", "a ", "this ")):
        return context.last_org  # the issuer named earlier, else nobody named
    if (
        lowered.startswith("the ")
        and context.last_person
        and (head in _PERSON_HEADS or re.fullmatch(r"\d+-year-old", head))
    ):
        return context.last_person  # "the defender", "the 30-year-old"
    return " ".join(w for w in words if w.lower() not in ("the",))


def _sentence_subject(text: str) -> str | None:
    match = _NAME_AT.match(text)
    return match.group() if match else None


def _remember_subject(
    sentence: Sentence, quotes: _Quotes, context: _Context, regions: list[Region]
) -> None:
    """The person a later 'he' most likely means: the speaker of this sentence, else the
    first person named outside quotes and not after a preposition; likewise the
    organisation a later 'it' or 'the company' means."""
    text = sentence.text
    verb_at = first_verb_at(text)
    limit = verb_at if verb_at is not None else 0
    organisation = subject_organisation(text, limit, context.registry)
    # A named organisation that spoke here is what a later "the statement" or "it"
    # most likely means, more than the subject ("Harbour traffic rose, the Port
    # Authority said").
    speakers = [
        region.claimer
        for region in regions
        if region.claimer
        and region.claimer[:1].isupper()
        and not context.registry.is_person(region.claimer)
    ]
    if speakers:
        context.last_org = speakers[-1]
    elif organisation:
        context.last_org = organisation
    for region in regions:
        if region.claimer and context.registry.is_person(region.claimer):
            context.last_person = region.claimer
            return
    for absolute, name in context.registry.people_between(sentence.start, sentence.end):
        offset = absolute - sentence.start
        if quotes.holding(absolute) is not None:
            continue
        previous = text[:offset].rstrip().rsplit(" ", 1)[-1].lower().strip("'\u2018")
        if previous in _PREPOSITIONS_BEFORE:
            continue
        context.last_person = name
        return


def _fill_quotation_speakers(
    sentences: Sequence[Sentence],
    quotes: _Quotes,
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
        if speaker is None and sentence.text.lstrip()[:1] in _QUOTE_OPENERS and recently_attributed:
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
