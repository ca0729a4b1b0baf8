"""What a number counts: the head noun of the phrase after it.

"the 12 biggest lenders" counts lenders, "seven county councillors" county
councillors, "some 4,000 Inuit live there" Inuit, and "rose to 14 because ..."
counts nothing. Without a tagger, the phrase is read by shape: a plural noun ends
it (the head), adjectives, superlatives, participles and adverbs before the head
are dropped, one noun before the head is kept as a compound ("county"), and a
verb or a function word ends the phrase with no head.
"""

from __future__ import annotations

from claimtrack.extraction.quantity_units import (
    IRREGULAR_PLURALS,
    MONTH_WORDS,
    NOT_COUNTED,
    SKIPPED_ADJECTIVES,
    Token,
    singular,
    word_at,
)
from claimtrack.extraction.wordlists import words

__all__ = ["counted_after_of", "counted_unit"]

# Common adjectives with no telling suffix: they describe the head, never are it.
_ADJECTIVES = SKIPPED_ADJECTIVES | words(
    "small big large old long short high low few many several various rich poor local "
    "private public foreign senior junior main total overall average same single double "
    "free full great good bad best worst top key whole entire early late recent current "
    "previous possible likely similar certain few fewer most least much last first next "
    "such own real true false black white red green blue hard soft hot cold warm wild "
    "dead alive wounded injured missing armed unarmed elderly jobless homeless female "
    "male adult poorest"
)
_ADJECTIVE_SUFFIXES = (
    "al", "ic", "ous", "ive", "ful", "less", "able", "ible", "ary", "ern", "en", "ed", "ing",
    "ly", "est",
)  # fmt: skip
# Verbs that follow a counted group ("4,000 Inuit live there"); -ed forms are caught
# by their suffix.
_VERBS = words(
    "live lives work works die dies remain remains stay stays flee fled have had are were "
    "is was went came left lost won took made got ran saw say said says voted joined "
    "attended signed marched gathered returned"
)
# Words that end a counted phrase besides the usual function words: "rose to 14
# because", "fell to 7 despite".
_ENDS_PHRASE = NOT_COUNTED | words(
    "because although though despite unless amidst whereas whether until via within without "
    "through during amid towards toward including like plus minus instead where how what "
    "why whose whom them him me us our your my against onto upon"
)
_DETERMINERS = words("the its their these those his her our your my")


def _looks_plural(word: str) -> bool:
    if word in IRREGULAR_PLURALS:
        return True
    return (
        len(word) > 3
        and word.endswith("s")
        and not word.endswith(("ss", "us", "is", "ous"))
        and word not in _ENDS_PHRASE
    )


# Nouns that only look like superlatives.
_EST_NOUNS = words(
    "test contest protest interest forest request harvest quest conquest arrest chest guest nest "
    "rest west vest crest priest inquest manifest"
)


def _is_modifier(word: str) -> bool:
    if word in _EST_NOUNS:
        return False
    return word in _ADJECTIVES or word.endswith(_ADJECTIVE_SUFFIXES) or "-" in word


def _lower_words(tokens: list[Token], start: int, limit: int) -> list[str]:
    """Up to `limit` lowercase words from `start`, stopping at anything else."""
    found: list[str] = []
    index = start
    while index < len(tokens) and len(found) < limit:
        word = tokens[index][0]
        if not word[0].isalpha() or not word.islower() or word in _ENDS_PHRASE:
            break
        found.append(word)
        index += 1
    return found


def counted_unit(tokens: list[Token], start: int) -> tuple[str | None, int]:
    """(unit, index of its last word) for the phrase at tokens[start], or (None, start - 1)."""
    names = 0
    while names < 3 and start + names < len(tokens) and tokens[start + names][0].istitle():
        names += 1
    if names:
        # "two Six Nations games": a name between the number and what it counts.
        unit, head = _lowercase_phrase(tokens, start + names)
        if unit is not None and unit not in ("year", "day"):
            return unit, head
        following = word_at(tokens, start + names)
        if (
            names == 1
            and following is not None
            and tokens[start][0].lower() not in MONTH_WORDS
            and (following in _VERBS or (following.endswith("ed") and len(following) > 4))
        ):
            return singular(tokens[start][0].lower()), start  # "4,000 Inuit live there"
        return None, start - 1
    return _lowercase_phrase(tokens, start)


def _lowercase_phrase(tokens: list[Token], start: int) -> tuple[str | None, int]:
    phrase = _lower_words(tokens, start, 4)
    if not phrase:
        return None, start - 1
    for position, word in enumerate(phrase[:3]):
        if _looks_plural(word) and not (position == 0 and word in _VERBS):
            head = singular(word)
            if position > 0:
                modifier = phrase[position - 1]
                if not _is_modifier(modifier) and modifier not in _VERBS and len(modifier) > 2:
                    head = f"{modifier} {head}"  # "seven county councillors"
            return head, start + position
        if word in _VERBS:
            break
    # No plural: a singular count ("20 staff" is irregular, "1 dealer"), unless the
    # word is a verb or only describes ("14 because", "300 attended").
    first = phrase[0]
    if len(first) < 3 or first in _VERBS or first.endswith(("ing", "ed", "ly")):
        return None, start - 1
    if len(phrase) > 1 and _is_modifier(first):
        return None, start - 1
    return singular(first), start


def counted_after_of(tokens: list[Token], last: int) -> str | None:
    """'six of the prisoners', 'two of their last three games': the noun after 'of the'."""
    if word_at(tokens, last + 1) != "of" or word_at(tokens, last + 2) not in _DETERMINERS:
        return None
    index = last + 3
    if word_at(tokens, index) in ("last", "first", "next", "past"):
        index += 1
    if (index < len(tokens) and tokens[index][0][:1].isdigit()) or word_at(
        tokens, index
    ) in _SMALL_NUMBERS:
        index += 1
    unit, _ = _lowercase_phrase(tokens, index)
    return unit


_SMALL_NUMBERS = words(
    "two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty fifty "
    "hundred"
)
