"""Who asserts what: split each sentence into content regions with their claimer.

"X said ...", "... , X said.", "\"...,\" said X", "according to X", "X took to
Twitter and reminded them that ..." are the shapes news uses. The attribution
words themselves are cut out of the regions (a claim is what was said, not the
saying). Pronouns and descriptions ("he", "the foreign secretary", "the
company") resolve to the person or organisation named before; a quotation
spanning several sentences takes the speaker named where it closes or opens.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from claimtrack.extraction import budget
from claimtrack.extraction.clauses import first_verb_at, has_verb
from claimtrack.extraction.entities import (
    NAME_SEQUENCE,
    EntityRegistry,
    subject_organisation,
)
from claimtrack.extraction.quotations import (
    QUOTE_OPENERS,
    Quotes,
    Region,
    fill_quotation_speakers,
    quote_regions,
)
from claimtrack.extraction.sentences import Sentence
from claimtrack.extraction.speakers import Context, is_name, named_in_aside, resolve, valid_np
from claimtrack.extraction.wordlists import words

__all__ = ["Region", "attribute_sentences", "quote_regions"]

_Quotes = Quotes  # the name tests/robustness knew it by


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
    r"[A-Z][\w']*(?:\s+[A-Z][\w']*){0,4}(?:\s+(?:website|programme|newspaper|radio|"
    r"television))?|reporters|journalists|him|her|them|us|me|MPs|delegates|"
    # "told a farm newspaper", "told the annual meeting": an audience, then the tail
    r"(?:a|an|the|his|her|their|its)\s+(?:[\w'-]+\s+){0,3}?(?:newspaper|paper|radio|station|"
    r"television|channel|programme|program|show|magazine|website|agency|conference|briefing|"
    r"meeting|committee|hearing|audience|crowd|rally|parliament|congress|interviewer|"
    r"reporters?|journalists?|gathering|seminar|forum|shareholders|investors|analysts)\b)"
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
_ASIDE_BEFORE_VERB = re.compile(
    r"\s*\([A-Z][A-Za-z&.]{1,9}\)$"
    r"|\s[-\u2013\u2014]{1,2}\s[^-\u2013\u2014]{1,60}?\s[-\u2013\u2014]{1,2}$"
)
# A number, a count or a superlative: an aside that may state a fact of its own.
_VALUE_HINT = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozen|hundred|"
    r"thousand|million|billion|first|second|third|\w+est|most)\b"
)
_NAME_AT = re.compile(NAME_SEQUENCE.pattern)
_SUBJECT_PREFIX = re.compile(r"^(?:[^,\"\u201c]*?,\s+)?")
_PREPOSITIONS_BEFORE = words("by of to with for from that and in on at against about under")


def attribute_sentences(
    text: str, sentences: Sequence[Sentence], registry: EntityRegistry
) -> list[list[Region]]:
    """For each sentence, its content regions with their claimers."""
    quotes = Quotes(quote_regions(text, sentences))
    context = Context(registry)
    result: list[list[Region]] = []
    attributed: list[bool] = []
    for sentence in sentences:
        budget.check()
        regions, found = _attribute(sentence, quotes, context)
        result.append(regions)
        attributed.append(found)
        _remember_subject(sentence, quotes, context, regions)
    fill_quotation_speakers(sentences, quotes, result, attributed)
    return result


def _attribute(sentence: Sentence, quotes: Quotes, context: Context) -> tuple[list[Region], bool]:
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
        return sorted(out, key=lambda r: r.start)

    according = _ACCORDING_TO.search(text)
    if (
        according
        and not re.search(r"[A-Z]", according.group("np"))
        and _SPEECH_VERB.search(text, 0, according.start())
    ):
        according = None  # "according to projections ...": a named speaker in the sentence wins
    if according:
        claimer = resolve(according.group("np").strip(), context)
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
    text: str, verb: re.Match[str], context: Context, regions_of: Callable[..., list[Region]]
) -> list[Region] | None:
    before = text[: verb.start()].rstrip()
    if re.search(r"\b(?:was|were|is|are|be|been|being)$", before):
        return None  # passive: "was declared insolvent", "is said to be"
    if re.search(r"(?:\bnot|n't|\bnever|\b(?:declined|refused) to)$", before):
        return None  # "the spokesman could not say when ...": nothing is asserted
    auxiliaries = _AUXILIARIES.search(before)
    np_end = auxiliaries.start() if auxiliaries else len(before)
    segment = before[:np_end]
    # "The World Trade Organization (WTO) said", "Judge Roe - the chief justice - said":
    # the bracketed acronym or the dashed aside is no part of the speaker's name.
    bracketed = _ASIDE_BEFORE_VERB.search(segment)
    if bracketed:
        segment = segment[: bracketed.start()]
    appositive = _appositive(segment)
    if bracketed and bracketed.group().lstrip().startswith("("):
        acronym = bracketed.group().strip(" ()")
        segment = segment + (" " + acronym if acronym in context.registry.acronyms else "")
    if appositive is not None:
        # "Michael Rabb, an analyst at X, said" / "The chief executive, John Smith, said"
        head_start, head, aside = appositive
        np_start = head_start
        np_text = named_in_aside(aside) if not is_name(head) else None
        np_text = np_text or head
        if _VALUE_HINT.search(aside) and len(aside.split()) >= 3:
            # "Lawyer Ann Lee, who acts for nine of the families, said ...": the aside
            # states a fact of its own, in the article's voice.
            aside_start = segment.rfind(aside)
            regions_of = _adding_span(regions_of, (aside_start, aside_start + len(aside), None))
    else:
        np_start = _subject_start(segment)
        np_text = segment[np_start:].strip()
        np_start = np_start + (len(segment[np_start:]) - len(segment[np_start:].lstrip()))
    if np_text and not valid_np(np_text):
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
        claimer = resolve(subject, context)
        content_start = verb.end() + _object_length(verb.group("v"), tail)
        and_position = len(segment) - len(" and")
        context.last_claimer = claimer
        return regions_of((0, and_position, None), (content_start, len(text), claimer))
    if np_text and valid_np(np_text):
        claimer = resolve(np_text, context)
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
        if quote_follows and any(q in prefix for q in QUOTE_OPENERS):
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
            and not any(q in core for q in QUOTE_OPENERS)
        )
        if prefix.rstrip().endswith(",") and tail.startswith(",") and not appositive:
            # "Exports fell, the ministry said, with ...": the saying sits inside the
            # sentence; both sides are what was said.
            context.last_claimer = claimer
            return regions_of((0, np_start, claimer), (verb.end(), len(text), claimer))
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
        if inverted and valid_np(inverted.group("np")):
            claimer = resolve(inverted.group("np").strip(), context)
            context.last_claimer = claimer
            after = verb.end() + inverted.end()
            rest = text[after:].lstrip(" ,:")
            if rest[:1] in QUOTE_OPENERS:  # '"A," said X, "B."': both halves are X's
                return regions_of((0, len(before), claimer), (after, len(text), claimer))
            return regions_of((0, len(before), claimer))
    return None


def _adding_span(
    regions_of: Callable[..., list[Region]], extra: tuple[int, int, str | None]
) -> Callable[..., list[Region]]:
    """`regions_of` that also returns a region for `extra`, whichever shape follows."""

    def with_extra(*spans: tuple[int, int, str | None]) -> list[Region]:
        return regions_of(*spans, extra)

    return with_extra


def _subject_start(segment: str) -> int:
    """Where the speaker's noun phrase starts: after the last punctuation or conjunction."""
    boundary = max(segment.rfind(mark) for mark in (",", ";", ":", '"', "\u201c", "\u201d", "("))
    # " - " too: "Prices fell 3 pct - the steepest drop since 1982 - the office said"
    for word in (
        " that ",
        " and ",
        " but ",
        " while ",
        " as ",
        " because ",
        " - ",
        " \u2013 ",
        " \u2014 ",
    ):
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
    if comma <= 0 or any(q in inner[comma:] for q in QUOTE_OPENERS + "\u201d"):
        return None
    aside = inner[comma + 1 :].strip()
    head_segment = inner[:comma]
    head_start = _subject_start(head_segment)
    head = head_segment[head_start:].strip()
    head_start += len(head_segment[head_start:]) - len(head_segment[head_start:].lstrip())
    if not head or not aside or len(aside.split()) > 12 or not valid_np(head):
        return None
    return head_start, head, aside


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


def _sentence_subject(text: str) -> str | None:
    match = _NAME_AT.match(text)
    return match.group() if match else None


def _remember_subject(
    sentence: Sentence, quotes: Quotes, context: Context, regions: list[Region]
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
