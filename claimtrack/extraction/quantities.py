"""Find quantities in a sentence: amounts fully scaled, with units and qualifiers.

A token scanner rather than one large regular expression: each number token
looks left for a currency sign and a qualifier ("more than"), and right for a
scale ("bn"), a unit ("%", "day", "pence") or the noun it counts. Numbers that
are part of a date, a time, a name ("Article 3", "Channel 4") are skipped.
"""

from __future__ import annotations

import re

from claimtrack.extraction.counted import counted_after_of, counted_unit
from claimtrack.extraction.numbers import (
    FRACTIONS,
    SCALES,
    number_word_value,
    parse_digits,
)
from claimtrack.extraction.quantity_forms import (
    QUANTITY_HINT,
    find_ranks,
    inherit_currency,
    share_units_in_ranges,
    special_forms,
)
from claimtrack.extraction.quantity_units import (
    CURRENCY_CODES,
    CURRENCY_NATIONS,
    CURRENCY_SIGNS,
    CURRENCY_WORDS,
    IDENTIFIER_WORDS,
    MEASURE_UNITS,
    MONTH_WORDS,
    MULTIWORD_UNITS,
    ORDINAL_SUFFIX,
    QUALIFIERS_BY_LAST_WORD,
    SKIPPED_ADJECTIVES,
    TIME_UNITS,
    QuantityMention,
    Token,
    adjacent,
    adjacent_word,
    word_at,
)
from claimtrack.extraction.wordlists import words

__all__ = ["QuantityMention", "find_quantities"]

_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[A-Za-z]+(?:['\u2019-][A-Za-z]+)*|[^\sA-Za-z\d]")


def find_quantities(text: str, excluded: list[tuple[int, int]]) -> list[QuantityMention]:
    """Quantities in `text`, in order, skipping numbers inside the `excluded` spans (dates)."""
    mentions = find_ranks(text) + special_forms(text)
    has_numbers = QUANTITY_HINT.search(text.lower()) is not None
    tokens: list[Token] = (
        [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)] if has_numbers else []
    )
    mentions = [m for m in mentions if not any(s <= m.start < e for s, e in excluded)]
    taken = [(m.start, m.end) for m in mentions] + excluded
    index = 0
    while index < len(tokens):
        token, start, _ = tokens[index]
        # Cheap test first: only digits and number words can open a quantity.
        if not (token[0].isdigit() or token.lower() in _NUMBER_STARTS) or any(
            e_start <= start < e_end for e_start, e_end in taken
        ):
            index += 1
            continue
        found = _quantity_at(tokens, index, text)
        if found is None:
            index += 1
            continue
        mention, next_index = found
        mentions.append(mention)
        index = next_index
    mentions.sort(key=lambda m: m.start)
    share_units_in_ranges(text, mentions)
    inherit_currency(mentions)
    return mentions


_NUMBER_STARTS = words(
    "a an zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty "
    "ninety dozen half"
) | frozenset(k for k in FRACTIONS if "-" in k)


def _quantity_at(tokens: list[Token], index: int, text: str) -> tuple[QuantityMention, int] | None:
    token, start, end = tokens[index]
    lowered = token.lower()
    amount = parse_digits(token)
    is_word = False
    fraction = None
    if amount is None:
        if lowered in ("a", "an") and index + 1 < len(tokens):
            next_word = tokens[index + 1][0].lower()
            if next_word in ("dozen", "million", "billion", "thousand", "hundred", "trillion"):
                amount, is_word = 1.0, True
            elif next_word in ("third", "quarter", "half") and word_at(tokens, index + 2) == "of":
                fraction = FRACTIONS[next_word]
                return QuantityMention(start, tokens[index + 1][2], fraction, "%"), index + 2
            else:
                return None
        elif lowered in FRACTIONS and "-" in lowered:
            return QuantityMention(start, end, FRACTIONS[lowered], "%"), index + 1
        elif lowered == "half" and word_at(tokens, index + 1) == "of":
            return QuantityMention(start, end, 50.0, "%"), index + 1
        else:
            word_value = number_word_value(token)
            if word_value is None:
                return _hyphenated_ordinal(tokens, index)
            amount, is_word = float(word_value), True
            if token[0].isupper() and index > 0 and not _after_sentence_start(tokens, index):
                return None  # "Formula One", "Channel Four": part of a name
    else:
        if _is_time_or_identifier(tokens, index, text):
            return None
    last = index
    ordinal = False
    # "26th"
    if adjacent_word(tokens, last, ORDINAL_SUFFIX):
        ordinal = True
        last += 1
    # "a dozen"
    if is_word and word_at(tokens, last + 1) == "dozen" and amount == 1.0:
        amount = 12.0
        last += 1
    scale = 1.0
    follower = word_at(tokens, last + 1)
    plus = False
    if follower is not None and follower.endswith("-plus") and follower[:-5] in SCALES:
        follower, plus = follower[:-5], True  # "$1 billion-plus"
    if follower == "m" and _race_distance(tokens, index, last, amount or 0.0, text):
        follower = None  # "the 1500m" in sports copy: metres, read as a unit below
    if (
        not ordinal
        and follower in SCALES
        and (follower not in ("b", "k", "m") or adjacent(tokens, last))
    ):
        scale = SCALES[follower]
        last += 1
        larger = word_at(tokens, last + 1)
        if larger in ("million", "billion") and scale in (100, 1000):
            scale *= SCALES[str(larger)]
            last += 1
    amount *= scale
    unit, currency_factor, last = _unit_after(tokens, last, ordinal, scale != 1.0)
    first = index
    currency = _currency_before(tokens, index)
    if currency is not None:
        code, first = currency
        if unit is None or (
            unit not in CURRENCY_CODES and unit not in ("DEM", "FRF", "ITL", "NLG", "MXN")
        ):
            unit = code
    elif currency_factor != 1.0:
        amount *= currency_factor
    if ordinal and unit not in set(TIME_UNITS.values()):
        return None  # "the fourth round", "2nd place": positions that are not a duration
    if is_word and unit is None and scale == 1.0 and not _starts_range(tokens, last):
        return None  # "one of the", "two said": number words need something to count
    if (
        is_word
        and lowered == "one"
        and unit is not None
        and unit not in TIME_UNITS.values()
        and scale == 1.0
        and unit not in CURRENCY_CODES
    ):
        return None  # "one dealer": an indefinite, not a count
    qualifier, first = _qualifier_before(tokens, first)
    if plus:
        qualifier = "more_than"
    mention = QuantityMention(tokens[first][1], tokens[last][2], amount, unit, qualifier, scale)
    return mention, last + 1


_RACE_DISTANCES = frozenset(
    (50.0, 60.0, 100.0, 110.0, 200.0, 400.0, 800.0, 1500.0, 3000.0, 5000.0, 10000.0)
)
_RACE_WORDS = words(
    "hurdles freestyle backstroke breaststroke butterfly medley relay final finals race sprint "
    "title gold silver bronze heat heats semi-final record champion crown dash run event medal"
)
_SPORTS_CONTEXT = re.compile(
    r"athlet|sprint|hurdle|olympic|relay|indoor|medal|championship|runner|swim|\brace\b|"
    r"personal best|world record|stadium"
)


def _race_distance(tokens: list[Token], index: int, last: int, amount: float, text: str) -> bool:
    """'100m', '1500m' in sports copy are metres; '£100m' and '100m shares' are millions."""
    if amount not in _RACE_DISTANCES or not adjacent(tokens, last):
        return False
    if _currency_before(tokens, index) is not None:
        return False
    after = word_at(tokens, last + 2)
    if after in SCALES or after in CURRENCY_WORDS or (after and after.upper() in CURRENCY_CODES):
        return False
    return after in _RACE_WORDS or _SPORTS_CONTEXT.search(text.lower()) is not None


def _hyphenated_ordinal(tokens: list[Token], index: int) -> tuple[QuantityMention, int] | None:
    """'26th-day' style tokens are rare; 'third-largest' is a rank, found elsewhere."""
    return None


def _unit_after(
    tokens: list[Token], last: int, ordinal: bool, scaled: bool
) -> tuple[str | None, float, int]:
    follower = word_at(tokens, last + 1)
    if follower == "%":
        return "%", 1.0, last + 1
    if follower == "per" and word_at(tokens, last + 2) == "cent":
        return "%", 1.0, last + 2
    if follower in ("percent", "pct"):
        return "%", 1.0, last + 1
    if follower == "percentage" and word_at(tokens, last + 2) in ("point", "points"):
        return "%", 1.0, last + 2
    if follower == "-" and adjacent(tokens, last):
        word = word_at(tokens, last + 2)
        if word in TIME_UNITS or word in ("year-old", "day-old", "month-old", "week-old"):
            return TIME_UNITS.get(word, word.split("-")[0]), 1.0, last + 2
        if word in MEASURE_UNITS:
            return MEASURE_UNITS[word], 1.0, last + 2
        return None, 1.0, last
    if follower in CURRENCY_WORDS and (follower != "p" or adjacent(tokens, last)):
        code, factor = CURRENCY_WORDS[follower]
        return code, factor, last + 1
    if (
        follower is not None
        and follower.upper() in CURRENCY_CODES
        and tokens[last + 1][0].isupper()
    ):
        return follower.upper(), 1.0, last + 1
    # Currency after a nation adjective: "16 billion Canadian dollars".
    second = word_at(tokens, last + 2)
    if follower is not None and second in CURRENCY_WORDS and second != "p":
        code, factor = CURRENCY_WORDS[second]
        nation = CURRENCY_NATIONS.get((follower, code))
        if nation or follower in ("us", "german", "deutsche", "french", "new"):
            return nation or code, factor, last + 2
    # A duration or measure, possibly after an adjective ("26th consecutive day").
    pair = (word_at(tokens, last + 1), word_at(tokens, last + 2))
    if pair in MULTIWORD_UNITS:
        return MULTIWORD_UNITS[pair], 1.0, last + 2  # "two mln short tons"
    for skip in (0, 1, 2) if ordinal else (0, 1):
        word = word_at(tokens, last + 1 + skip)
        if word is None:
            break
        if word in TIME_UNITS:
            return TIME_UNITS[word], 1.0, last + 1 + skip
        if word in MEASURE_UNITS and (word != "m" or adjacent(tokens, last)):
            return MEASURE_UNITS[word], 1.0, last + 1 + skip
        if skip == 0 and not ordinal and word not in SKIPPED_ADJECTIVES:
            break
    if ordinal:
        return None, 1.0, last
    noun_index = last + 1
    if word_at(tokens, noun_index) in SKIPPED_ADJECTIVES:
        noun_index += 1
    unit, head = counted_unit(tokens, noun_index)
    if unit is None:
        # "six of the prisoners": the count is the number alone, the noun comes later
        return counted_after_of(tokens, last), 1.0, last
    return unit, 1.0, head


def _starts_range(tokens: list[Token], last: int) -> bool:
    """'three' in 'between three and four million': a bare number that opens a range."""
    joiner = word_at(tokens, last + 1)
    following = word_at(tokens, last + 2)
    if joiner not in ("and", "to", "or", "-") or following is None:
        return False
    return parse_digits(following) is not None or number_word_value(following) is not None


def _currency_before(tokens: list[Token], index: int) -> tuple[str, int] | None:
    if index == 0:
        return None
    previous = tokens[index - 1][0]
    if previous in CURRENCY_SIGNS:
        code = CURRENCY_SIGNS[previous]
        if (
            previous == "$"
            and index >= 2
            and tokens[index - 2][0] in ("US", "A", "C", "HK", "NZ", "S")
        ):
            code = {"US": "USD", "A": "AUD", "C": "CAD", "HK": "HKD", "NZ": "NZD", "S": "SGD"}[
                tokens[index - 2][0]
            ]
            return code, index - 2
        return code, index - 1
    if previous in CURRENCY_CODES:
        return previous, index - 1
    if previous in ("Rs", "Rs."):
        return "INR", index - 1
    if previous == "." and index >= 2 and tokens[index - 2][0] == "Rs":
        return "INR", index - 2
    return None


def _qualifier_before(tokens: list[Token], first: int) -> tuple[str | None, int]:
    if first == 0:
        return None, first
    for phrase, qualifier in QUALIFIERS_BY_LAST_WORD.get(tokens[first - 1][0].lower(), ()):
        count = len(phrase)
        if first - count < 0:
            continue
        if tuple(t[0].lower() for t in tokens[first - count : first]) == phrase:
            if (
                phrase == ("some",)
                and first + 1 < len(tokens)
                and tokens[first][0].lower() in ("one",)
            ):
                continue
            return qualifier, first - count
    return None, first


def _is_time_or_identifier(tokens: list[Token], index: int, text: str) -> bool:
    follower = word_at(tokens, index + 1)
    if follower == "/" or (index > 0 and tokens[index - 1][0] == "/"):
        return True  # "9/11", "3.85/95": dates, titles and quotes, not amounts
    if (
        follower == ":"
        and adjacent(tokens, index)
        and index + 2 < len(tokens)
        and tokens[index + 2][0].isdigit()
    ):
        return True
    if follower in ("am", "pm", "gmt", "bst", "a.m", "p.m"):
        return True
    if (
        follower is not None
        and follower.isalpha()
        and adjacent(tokens, index)
        and follower not in SCALES
        and follower not in ORDINAL_SUFFIX
        and follower not in MEASURE_UNITS
        and follower not in ("p", "s", "bn", "mn", "pc", "pct")
    ):
        return True  # "29A", "3D", "G8"-style names and models, not amounts
    if index > 0:
        previous = tokens[index - 1][0]
        if (
            previous == ":"
            and index >= 2
            and tokens[index - 2][0].isdigit()
            and adjacent(tokens, index - 1)
        ):
            return True  # the minutes of "10:30"
        if previous in IDENTIFIER_WORDS or (
            previous == "." and index >= 2 and tokens[index - 2][0] in ("No", "Nos")
        ):
            return True
        if (
            previous.isalpha()
            and previous[0].isupper()
            and len(previous) > 1
            and not _after_sentence_start(tokens, index)
            and previous not in CURRENCY_CODES
            and previous != "Rs"
            and follower not in SCALES
            and follower not in ("%", "per", "percent", "pct")
            and previous.lower() not in MONTH_WORDS
        ):
            return True  # "PlayStation 2", "Common Article 3"
        if (
            (previous.isupper() or previous == "&")
            and previous not in CURRENCY_CODES
            and previous not in ("US", "A", "C", "HK", "NZ", "S")
            and follower not in SCALES
            and follower not in ("%", "per", "percent", "pct")
            and adjacent(tokens, index - 1) is False
        ):
            return True  # "S&P 500", "FTSE 100", "G 8": index and model names
    return False


def _after_sentence_start(tokens: list[Token], index: int) -> bool:
    """True when the word before `index` opens the text or follows closing punctuation."""
    return index - 1 == 0 or tokens[index - 2][0] in (".", '"', "\u201c", ":", ";", "(")
