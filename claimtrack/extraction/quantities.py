"""Find quantities in a sentence: amounts fully scaled, with units and qualifiers.

A token scanner rather than one large regular expression: each number token
looks left for a currency sign and a qualifier ("more than"), and right for a
scale ("bn"), a unit ("%", "day", "pence") or the noun it counts. Numbers that
are part of a date, a time, a name ("Article 3", "Channel 4") are skipped.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from typing import Any

from claimtrack.extraction.numbers import (
    FRACTIONS,
    ORDINAL_WORDS,
    SCALES,
    number_word_value,
    parse_digits,
    tidy_amount,
)
from claimtrack.extraction.wordlists import words

__all__ = ["QuantityMention", "find_quantities"]

_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[A-Za-z]+(?:['\u2019-][A-Za-z]+)*|[^\sA-Za-z\d]")

_CURRENCY_SIGNS = {"$": "USD", "£": "GBP", "€": "EUR", "¥": "JPY"}
_CURRENCY_CODES = words("USD GBP EUR JPY CHF CAD AUD INR PKR CNY HKD SEK NOK DKK RUB ZAR NZD")
_CURRENCY_WORDS: dict[str, tuple[str, float]] = {
    "dollar": ("USD", 1),
    "dollars": ("USD", 1),
    "dlrs": ("USD", 1),
    "dlr": ("USD", 1),
    "pound": ("GBP", 1),
    "pounds": ("GBP", 1),
    "sterling": ("GBP", 1),
    "euro": ("EUR", 1),
    "euros": ("EUR", 1),
    "yen": ("JPY", 1),
    "marks": ("DEM", 1),
    "francs": ("FRF", 1),
    "pence": ("GBP", 0.01),
    "p": ("GBP", 0.01),
    "cents": ("USD", 0.01),
    "cent": ("USD", 0.01),
    "rupees": ("INR", 1),
    "yuan": ("CNY", 1),
    "lire": ("ITL", 1),
    "guilders": ("NLG", 1),
    "pesos": ("MXN", 1),
    "roubles": ("RUB", 1),
    "rubles": ("RUB", 1),
    "rand": ("ZAR", 1),
    "crowns": ("SEK", 1),
    "kronor": ("SEK", 1),
    "won": ("KRW", 1),
    "riyals": ("SAR", 1),
}
# A word before the currency word that changes the currency ("Canadian dollars").
_CURRENCY_NATIONS = {
    ("canadian", "USD"): "CAD",
    ("australian", "USD"): "AUD",
    ("hong", "USD"): "HKD",
    ("singapore", "USD"): "SGD",
    ("taiwan", "USD"): "TWD",
    ("zealand", "USD"): "NZD",
    ("swiss", "FRF"): "CHF",
    ("belgian", "FRF"): "BEF",
    ("egyptian", "GBP"): "EGP",
    ("pakistani", "INR"): "PKR",
    ("norwegian", "SEK"): "NOK",
    ("danish", "SEK"): "DKK",
}
_TIME_UNITS = {
    "day": "day",
    "days": "day",
    "week": "week",
    "weeks": "week",
    "month": "month",
    "months": "month",
    "year": "year",
    "years": "year",
    "hour": "hour",
    "hours": "hour",
    "minute": "minute",
    "minutes": "minute",
    "second": "second",
    "seconds": "second",
    "decade": "decade",
    "decades": "decade",
    "century": "century",
    "centuries": "century",
    "night": "night",
    "nights": "night",
    "season": "season",
    "seasons": "season",
    "quarter": "quarter",
    "quarters": "quarter",
    "time": "time",
    "times": "time",
}
_MEASURE_UNITS = {
    "km": "km",
    "kilometres": "kilometre",
    "kilometers": "kilometre",
    "kilometre": "kilometre",
    "miles": "mile",
    "mile": "mile",
    "metres": "metre",
    "meters": "metre",
    "metre": "metre",
    "m": "metre",
    "kg": "kg",
    "kilograms": "kilogram",
    "kilos": "kilogram",
    "tonnes": "tonne",
    "tonne": "tonne",
    "tons": "tonne",
    "ton": "tonne",
    "litres": "litre",
    "liters": "litre",
    "litre": "litre",
    "barrels": "barrel",
    "barrel": "barrel",
    "bpd": "barrel per day",
    "acres": "acre",
    "hectares": "hectare",
    "mph": "mph",
    "feet": "foot",
    "ft": "foot",
    "gallons": "gallon",
    "mw": "megawatt",
    "megawatts": "megawatt",
    "gb": "gigabyte",
    "mb": "megabyte",
    "gigabytes": "gigabyte",
    "megabytes": "megabyte",
    "ghz": "ghz",
    "mhz": "mhz",
    "pixels": "pixel",
    "megapixels": "megapixel",
    "points": "point",
    "pts": "point",
    "goals": "goal",
    "runs": "run",
    "wickets": "wicket",
    "votes": "vote",
    "seats": "seat",
}
_QUALIFIERS: list[tuple[tuple[str, ...], str]] = [
    (("more", "than"), "more_than"),
    (("in", "excess", "of"), "more_than"),
    (("just", "over"), "more_than"),
    (("over",), "more_than"),
    (("above",), "more_than"),
    (("upwards", "of"), "more_than"),
    (("less", "than"), "less_than"),
    (("fewer", "than"), "less_than"),
    (("just", "under"), "less_than"),
    (("under",), "less_than"),
    (("below",), "less_than"),
    (("at", "least"), "at_least"),
    (("up", "to"), "up_to"),
    (("as", "many", "as"), "up_to"),
    (("as", "much", "as"), "up_to"),
    (("no", "more", "than"), "up_to"),
    (("about",), "about"),
    (("around",), "about"),
    (("approximately",), "about"),
    (("roughly",), "about"),
    (("some",), "about"),
    (("nearly",), "about"),
    (("almost",), "about"),
    (("close", "to"), "about"),
    (("an", "estimated"), "about"),
    (("estimated",), "about"),
    (("just",), "about"),
]
_QUALIFIERS_BY_LAST_WORD: dict[str, list[tuple[tuple[str, ...], str]]] = {}
for _phrase, _qualifier in sorted(_QUALIFIERS, key=lambda item: -len(item[0])):
    # longest first: "no more than" is up_to, not "more than"
    _QUALIFIERS_BY_LAST_WORD.setdefault(_phrase[-1], []).append((_phrase, _qualifier))
_SUPERLATIVES = (
    "biggest|largest|highest|lowest|smallest|best-selling|most popular|most successful|"
    "richest|oldest|busiest|fastest|leading|most valuable|most expensive|"
    "cheapest|fastest-growing|most-watched|most watched|most visited|longest|tallest"
)
_RANK_ORDINAL = re.compile(
    rf"\b(?P<ord>second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th))"
    rf"[- ](?P<sup>{_SUPERLATIVES})\b"
)
_RANK_POSSESSIVE = re.compile(
    rf"(?:\b(?:[Ww]orld|[Cc]ountry|[Nn]ation|[A-Z][A-Za-z]+)(?:'s|\u2019s|s')|\b(?:its|"
    rf"their)(?= (?:single )?(?:biggest|largest)))\s+(?:single\s+)?(?P<sup>{_SUPERLATIVES}|"
    rf"most [a-z]+)\b"
)
# "the longest peacetime expansion in history", "the highest level ever", "a record
# drop": first of all that were ever measured.
_RANK_EVER = re.compile(
    rf"\bthe\s+(?P<sup>{_SUPERLATIVES})\b(?=[^.,;:]{{0,40}}?\b(?:ever|in history|on record)\b)"
    r"|\b(?:a|the)\s+record(?=\s+(?:high|low|drop|fall|rise|level|number|loss|profit|"
    r"deficit|surplus|amount|year|quarter|month|increase|decline|gain|jump|turnout|sales)\b)"
)
_RANK_NUMBER = re.compile(
    r"(?<!\ba )\b[Nn]umber (?P<n>one|two|three|four|five|six|seven|eight|nine|ten|"
    r"\d{1,3})\b(?!\s+of\b)"
    r"|\bNo\.? ?(?P<n1>1)\b(?! ?[A-Za-z]*\d)"
    r"|\b(?:top|topped|tops|topping) (?:of )?the (?:[A-Z]+ |US |UK )?(?:[\w-]+ )?(?:charts?|table|"
    r"league|rankings?|list|box office|market share)\b"
)
_ORDINAL_SUFFIX = frozenset(("st", "nd", "rd", "th"))
# Capitalised words before a bare number that make it a name or an identifier.
_IDENTIFIER_WORDS = words(
    "No Nos Number Article Articles Section Chapter Clause Rule Channel Radio Formula Windows "
    "PlayStation Xbox Euro Division League Category Room Flight Route Highway Level Grade "
    "Series Version Apollo Boeing Airbus Gate Platform Page Vol Volume Part Act Resolution "
    "Track Episode Game Match Round Stage Day Year Group Super Bowl Tier Phase Mark Stand "
    "FTSE Dow Nasdaq Nikkei DAX CAC Hang Band Studio Class Type Model Pixel Galaxy Top"
)
_NOT_COUNTED = words(
    "of in to the a an and or from on at for by with as than is was were are be been has had "
    "have will would said says after before over under its their his her this that these those "
    "compared against while when which who up down more less per each last next ago earlier "
    "later since into out off about around between among it they he she we you i there here "
    "so but if then also just only still yet already not no all both either higher lower times "
    "own other such same now today year-on-year rise fall increase decrease respectively apiece "
    "one two three "
    "four five six seven eight nine ten eleven twelve twenty thirty forty fifty hundred thousand"
)
_SKIPPED_ADJECTIVES = words(
    "new more extra additional other full-time part-time former young extra further separate "
    "different consecutive straight successive major small large big key top leading"
)
_IRREGULAR_PLURALS = {
    "people": "people",
    "children": "child",
    "men": "man",
    "women": "woman",
    "police": "police",
    "staff": "staff",
    "cattle": "cattle",
    "news": "news",
    "series": "series",
    "species": "species",
    "data": "data",
}


@dataclass
class QuantityMention:
    start: int  # offsets within the text searched
    end: int
    amount: float
    unit: str | None
    qualifier: str | None = None
    scaled: float = 1.0  # the scale applied, so a range can share it ("$5-10m")
    extra: dict[str, Any] = field(default_factory=dict)

    def as_value(self, text: str) -> dict[str, Any]:
        value: dict[str, Any] = {
            "kind": "quantity",
            "amount": tidy_amount(self.amount),
            "unit": self.unit,
        }
        if self.qualifier:
            value["qualifier"] = self.qualifier
        value["text"] = text[self.start : self.end]
        return value


Token = tuple[str, int, int]


def find_quantities(text: str, excluded: list[tuple[int, int]]) -> list[QuantityMention]:
    """Quantities in `text`, in order, skipping numbers inside the `excluded` spans (dates)."""
    mentions = _ranks(text) + _special_forms(text)
    has_numbers = _QUANTITY_HINT.search(text.lower()) is not None
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
    _share_units_in_ranges(text, mentions)
    _inherit_currency(mentions)
    return mentions


_NUMBER_STARTS = words(
    "a an zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty "
    "ninety dozen half"
) | frozenset(k for k in FRACTIONS if "-" in k)
_SPECIAL_HINT = re.compile(
    r"\b(?:an?|one|twice|three|four|five|double|treble|first|second|third|fourth|fifth|sixth|"
    r"seventh|eighth|ninth|tenth)\b|\d|-(?:year|month|week|day|hour|minute)",
    re.IGNORECASE,
)
# Every rank pattern has a superlative, "number", "No 1" or "top" in it.
_RANK_HINT = re.compile(r"est\b|most |leading|best-selling|[Nn]umber |No\.? ?1|top|record")
_QUANTITY_HINT = re.compile(
    r"\d|\b(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen|"
    r"twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|dozen|half|\w+-thirds?|\w+-quarters?|"
    r"\w+-fifths?|one-tenth|hundred|thousand|million|billion|third|quarter)\b"
)
_DIGIT = re.compile(r"\d")
_ORDINAL_HINT = re.compile(r"second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth")
_TIME_WORD = re.compile(r"year|week|month|day|hour|decade|century|minute|quarter")
_A_UNIT = re.compile(
    r"\b(?:[Aa]n?|[Oo]ne) (?P<unit>year|week|month|day|hour|decade|century|minute|"
    r"quarter)(?:'s)?\b(?!-)"
    r"(?! or\b)"
)
_RATE_BEFORE = re.compile(
    r"(?:\d|\d[mkb]n?|million|billion|per|cents?|%|pence|each|once|twice|dollars|dlrs|"
    r"pounds|euros|marks|francs|yen)\s*$",
    re.IGNORECASE,
)
_TWICE = re.compile(r"\b(?:twice|three times|four times|five times|double|treble)\b")
_HYPHENATED = re.compile(
    r"\b(?P<n>\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"fifteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred)"
    # "10-year-old", and wire copy's "10 year-old"
    r"(?:-|\s(?=(?:year|month|week|day)s?-(?:old|long)\b))(?P<unit>year|month|"
    r"week|day|hour|minute|"
    r"mile|metre|km|kilometre|point|man|goal|game|match|seat|storey|bed|page|track|part|"
    r"episode)s?(?:-old|-long)?\b",
    re.IGNORECASE,
)
_ORDINAL_COUNT = re.compile(
    r"\b(?P<ord>second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th))"
    r"(?: (?:consecutive|straight|successive|full|successful))? (?P<unit>time|year|season|day|"
    r"week|month|"
    r"place|position|spot|term|game|match|round|race|title|win|victory|defeat)\b"
)
_FIRST_TO = re.compile(r"\bthe first (?:[A-Z][a-z]+|[a-z]+) (?:to|ever)\b")
_AGE_AFTER_NAME = re.compile(r"(?<=[a-z]), (?P<n>\d{1,2})(?=,|\.|$| and\b| who\b)")
_SCORE = re.compile(r"(?<![\d.,-])\b(?P<a>\d{1,3})-(?P<b>\d{1,3})\b(?![-\d%]| ?per)")
_POSITION_UNITS = frozenset(("place", "position", "spot"))


def _special_forms(text: str) -> list[QuantityMention]:
    """Counts that are not 'number + noun': 'a year', 'twice', 'two-year-old', 'second time',
    scores."""
    found: list[QuantityMention] = []
    if not _SPECIAL_HINT.search(text):
        return found
    has_digit = _DIGIT.search(text) is not None
    # Each pattern runs only when the words it needs are there (most sentences have none).
    a_unit = _A_UNIT.finditer(text) if _TIME_WORD.search(text) else ()
    for match in a_unit:
        if _RATE_BEFORE.search(text, 0, match.start()):
            continue  # "$5m a year", "twice a week": a rate, not a duration
        found.append(QuantityMention(match.start(), match.end(), 1.0, match.group("unit")))
    twice = (
        _TWICE.finditer(text)
        if ("twice" in text or "time" in text or "double" in text or "treble" in text)
        else ()
    )
    for match in twice:
        word = match.group().split()[0]
        times = {"twice": 2, "double": 2, "treble": 3}.get(word, number_word_value(word) or 2)
        found.append(QuantityMention(match.start(), match.end(), float(times), "time"))
    for match in _HYPHENATED.finditer(text) if "-" in text else ():
        number = match.group("n").lower()
        amount: float | None = (
            parse_digits(number) if number[0].isdigit() else number_word_value(number)
        )
        if number == "hundred":
            amount = 100.0
        if amount is not None:
            found.append(
                QuantityMention(
                    match.start(), match.end(), float(amount), match.group("unit").lower()
                )
            )
    ordinals = _ORDINAL_COUNT.finditer(text) if has_digit or _ORDINAL_HINT.search(text) else ()
    for match in ordinals:
        ordinal = match.group("ord").lower()
        position = ORDINAL_WORDS.get(ordinal) or int(re.sub(r"\D", "", ordinal) or 0)
        if position:
            unit = match.group("unit")
            found.append(
                QuantityMention(
                    match.start(),
                    match.end(),
                    float(position),
                    "rank" if unit in _POSITION_UNITS else unit,
                )
            )
    for match in _FIRST_TO.finditer(text) if "the first" in text else ():
        found.append(QuantityMention(match.start(), match.end(), 1.0, "rank"))
    for match in _AGE_AFTER_NAME.finditer(text) if has_digit else ():
        previous = text[: match.start()].rsplit(" ", 1)[-1]
        if previous[:1].isupper():  # "Eileen Lee, 24": an age
            found.append(
                QuantityMention(match.start("n"), match.end("n"), float(match.group("n")), "year")
            )
    for match in _SCORE.finditer(text) if has_digit and "-" in text else ():
        first, second = int(match.group("a")), int(match.group("b"))
        unit = "point" if max(first, second) >= 10 else None
        found.append(QuantityMention(match.start("a"), match.end("a"), float(first), unit))
        found.append(QuantityMention(match.start("b"), match.end("b"), float(second), unit))
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[QuantityMention] = []
    for mention in found:
        if kept and mention.start < kept[-1].end:
            continue
        kept.append(mention)
    return kept


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
            elif next_word in ("third", "quarter", "half") and _word_at(tokens, index + 2) == "of":
                fraction = FRACTIONS[next_word]
                return QuantityMention(start, tokens[index + 1][2], fraction, "%"), index + 2
            else:
                return None
        elif lowered in FRACTIONS and "-" in lowered:
            return QuantityMention(start, end, FRACTIONS[lowered], "%"), index + 1
        elif lowered == "half" and _word_at(tokens, index + 1) == "of":
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
    if _adjacent_word(tokens, last, _ORDINAL_SUFFIX):
        ordinal = True
        last += 1
    # "a dozen"
    if is_word and _word_at(tokens, last + 1) == "dozen" and amount == 1.0:
        amount = 12.0
        last += 1
    scale = 1.0
    follower = _word_at(tokens, last + 1)
    plus = False
    if follower is not None and follower.endswith("-plus") and follower[:-5] in SCALES:
        follower, plus = follower[:-5], True  # "$1 billion-plus"
    if (
        not ordinal
        and follower in SCALES
        and (follower not in ("b", "k", "m") or _adjacent(tokens, last))
    ):
        scale = SCALES[follower]
        last += 1
        larger = _word_at(tokens, last + 1)
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
            unit not in _CURRENCY_CODES and unit not in ("DEM", "FRF", "ITL", "NLG", "MXN")
        ):
            unit = code
    elif currency_factor != 1.0:
        amount *= currency_factor
    if ordinal and unit not in set(_TIME_UNITS.values()):
        return None  # "the fourth round", "2nd place": positions that are not a duration
    if is_word and unit is None and scale == 1.0 and not _starts_range(tokens, last):
        return None  # "one of the", "two said": number words need something to count
    if (
        is_word
        and lowered == "one"
        and unit is not None
        and unit not in _TIME_UNITS.values()
        and scale == 1.0
        and unit not in _CURRENCY_CODES
    ):
        return None  # "one dealer": an indefinite, not a count
    qualifier, first = _qualifier_before(tokens, first)
    if plus:
        qualifier = "more_than"
    mention = QuantityMention(tokens[first][1], tokens[last][2], amount, unit, qualifier, scale)
    return mention, last + 1


def _hyphenated_ordinal(tokens: list[Token], index: int) -> tuple[QuantityMention, int] | None:
    """'26th-day' style tokens are rare; 'third-largest' is a rank, found elsewhere."""
    return None


def _unit_after(
    tokens: list[Token], last: int, ordinal: bool, scaled: bool
) -> tuple[str | None, float, int]:
    follower = _word_at(tokens, last + 1)
    if follower == "%":
        return "%", 1.0, last + 1
    if follower == "per" and _word_at(tokens, last + 2) == "cent":
        return "%", 1.0, last + 2
    if follower in ("percent", "pct"):
        return "%", 1.0, last + 1
    if follower == "percentage" and _word_at(tokens, last + 2) in ("point", "points"):
        return "%", 1.0, last + 2
    if follower == "-" and _adjacent(tokens, last):
        word = _word_at(tokens, last + 2)
        if word in _TIME_UNITS or word in ("year-old", "day-old", "month-old", "week-old"):
            return _TIME_UNITS.get(word, word.split("-")[0]), 1.0, last + 2
        if word in _MEASURE_UNITS:
            return _MEASURE_UNITS[word], 1.0, last + 2
        return None, 1.0, last
    if follower in _CURRENCY_WORDS and (follower != "p" or _adjacent(tokens, last)):
        code, factor = _CURRENCY_WORDS[follower]
        return code, factor, last + 1
    if (
        follower is not None
        and follower.upper() in _CURRENCY_CODES
        and tokens[last + 1][0].isupper()
    ):
        return follower.upper(), 1.0, last + 1
    # Currency after a nation adjective: "16 billion Canadian dollars".
    second = _word_at(tokens, last + 2)
    if follower is not None and second in _CURRENCY_WORDS and second != "p":
        code, factor = _CURRENCY_WORDS[second]
        nation = _CURRENCY_NATIONS.get((follower, code))
        if nation or follower in ("us", "german", "deutsche", "french", "new"):
            return nation or code, factor, last + 2
    # A duration or measure, possibly after an adjective ("26th consecutive day").
    for skip in (0, 1, 2) if ordinal else (0, 1):
        word = _word_at(tokens, last + 1 + skip)
        if word is None:
            break
        if word in _TIME_UNITS:
            return _TIME_UNITS[word], 1.0, last + 1 + skip
        if word in _MEASURE_UNITS and (word != "m" or _adjacent(tokens, last)):
            return _MEASURE_UNITS[word], 1.0, last + 1 + skip
        if skip == 0 and not ordinal and word not in _SKIPPED_ADJECTIVES:
            break
    if ordinal:
        return None, 1.0, last
    noun_index = last + 1
    if _word_at(tokens, noun_index) in _SKIPPED_ADJECTIVES:
        noun_index += 1
    # "two Six Nations games": a name may stand between the number and what it counts
    names = 0
    while (
        names < 3 and noun_index + names < len(tokens) and tokens[noun_index + names][0].istitle()
    ):
        names += 1
    if names > 0 and _counted_noun(tokens, noun_index + names) not in (None, "year", "day"):
        noun_index += names
    noun = _counted_noun(tokens, noun_index)
    if noun is None:
        return None, 1.0, last
    return noun, 1.0, noun_index


def _counted_noun(tokens: list[Token], index: int) -> str | None:
    if index >= len(tokens):
        return None
    word = tokens[index][0]
    if not word.isalpha() or not word.islower() or word in _NOT_COUNTED or len(word) < 3:
        return None
    if word.endswith(("ing", "ed")):
        # "eleven reading rooms": an -ing/-ed word before the noun it describes
        following = _word_at(tokens, index + 1)
        if (
            following
            and following.isalpha()
            and tokens[index + 1][0].islower()
            and following not in _NOT_COUNTED
            and following.endswith("s")
        ):
            return _singular(following)
        return None
    if word.endswith("ly"):
        return None
    return _singular(word)


def _starts_range(tokens: list[Token], last: int) -> bool:
    """'three' in 'between three and four million': a bare number that opens a range."""
    joiner = _word_at(tokens, last + 1)
    following = _word_at(tokens, last + 2)
    if joiner not in ("and", "to", "or", "-") or following is None:
        return False
    return parse_digits(following) is not None or number_word_value(following) is not None


def _singular(word: str) -> str:
    if word in _IRREGULAR_PLURALS:
        return _IRREGULAR_PLURALS[word]
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _currency_before(tokens: list[Token], index: int) -> tuple[str, int] | None:
    if index == 0:
        return None
    previous = tokens[index - 1][0]
    if previous in _CURRENCY_SIGNS:
        code = _CURRENCY_SIGNS[previous]
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
    if previous in _CURRENCY_CODES:
        return previous, index - 1
    if previous in ("Rs", "Rs."):
        return "INR", index - 1
    if previous == "." and index >= 2 and tokens[index - 2][0] == "Rs":
        return "INR", index - 2
    return None


def _qualifier_before(tokens: list[Token], first: int) -> tuple[str | None, int]:
    if first == 0:
        return None, first
    for phrase, qualifier in _QUALIFIERS_BY_LAST_WORD.get(tokens[first - 1][0].lower(), ()):
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
    follower = _word_at(tokens, index + 1)
    if follower == "/" or (index > 0 and tokens[index - 1][0] == "/"):
        return True  # "9/11", "3.85/95": dates, titles and quotes, not amounts
    if (
        follower == ":"
        and _adjacent(tokens, index)
        and index + 2 < len(tokens)
        and tokens[index + 2][0].isdigit()
    ):
        return True
    if follower in ("am", "pm", "gmt", "bst", "a.m", "p.m"):
        return True
    if (
        follower is not None
        and follower.isalpha()
        and _adjacent(tokens, index)
        and follower not in SCALES
        and follower not in _ORDINAL_SUFFIX
        and follower not in _MEASURE_UNITS
        and follower not in ("p", "s", "bn", "mn", "pc", "pct")
    ):
        return True  # "29A", "3D", "G8"-style names and models, not amounts
    if index > 0:
        previous = tokens[index - 1][0]
        if (
            previous == ":"
            and index >= 2
            and tokens[index - 2][0].isdigit()
            and _adjacent(tokens, index - 1)
        ):
            return True  # the minutes of "10:30"
        if previous in _IDENTIFIER_WORDS or (
            previous == "." and index >= 2 and tokens[index - 2][0] in ("No", "Nos")
        ):
            return True
        if (
            previous.isalpha()
            and previous[0].isupper()
            and len(previous) > 1
            and not _after_sentence_start(tokens, index)
            and previous not in _CURRENCY_CODES
            and previous != "Rs"
            and follower not in SCALES
            and follower not in ("%", "per", "percent", "pct")
            and previous.lower() not in _MONTH_WORDS
        ):
            return True  # "PlayStation 2", "Common Article 3"
        if (
            (previous.isupper() or previous == "&")
            and previous not in _CURRENCY_CODES
            and previous not in ("US", "A", "C", "HK", "NZ", "S")
            and follower not in SCALES
            and follower not in ("%", "per", "percent", "pct")
            and _adjacent(tokens, index - 1) is False
        ):
            return True  # "S&P 500", "FTSE 100", "G 8": index and model names
    return False


_MONTH_WORDS = words(
    "january february march april may june july august september october november december"
)


def _after_sentence_start(tokens: list[Token], index: int) -> bool:
    """True when the word before `index` opens the text or follows closing punctuation."""
    return index - 1 == 0 or tokens[index - 2][0] in (".", '"', "\u201c", ":", ";", "(")


def _ranks(text: str) -> list[QuantityMention]:
    ranks: list[QuantityMention] = []
    if not _RANK_HINT.search(text):
        return ranks
    for match in _RANK_ORDINAL.finditer(text):
        ordinal = match.group("ord").lower()
        position = ORDINAL_WORDS.get(ordinal)
        if position is None:
            position = int(re.sub(r"\D", "", ordinal))
        ranks.append(QuantityMention(match.start(), match.end(), float(position), "rank"))
    for pattern in (_RANK_POSSESSIVE, _RANK_EVER, _RANK_NUMBER):
        for match in pattern.finditer(text):
            if any(
                r.start <= match.start() < r.end or match.start() <= r.start < match.end()
                for r in ranks
            ):
                continue
            number = match.groupdict().get("n")
            place = 1.0
            if number:
                place = float(number) if number.isdigit() else float(number_word_value(number) or 1)
            ranks.append(QuantityMention(match.start(), match.end(), place, "rank"))
    return ranks


def _inherit_currency(mentions: list[QuantityMention]) -> None:
    """'52.0 billion marks ..., averaging 51.0 billion': a bare large amount after a sum of
    money in the same sentence is money in the same currency."""
    for previous, mention in itertools.pairwise(mentions):
        money = previous.unit is not None and len(previous.unit) == 3 and previous.unit.isupper()
        if money and mention.unit is None and mention.scaled >= 1_000_000:
            mention.unit = previous.unit


def _share_units_in_ranges(text: str, mentions: list[QuantityMention]) -> None:
    """'5-10%', '$5-10m', 'between 3 and 4 million': a bare first number takes the second's
    unit and scale; in '$5-10m' the second takes the first's currency."""
    bare = [m.unit is None for m in mentions]
    for position, (first, second) in enumerate(itertools.pairwise(mentions)):
        between = text[first.end : second.start].strip().lower()
        if between == "or":
            pass  # "14 or 15 billion marks"
        elif between == "and":
            if not text[: first.start].rstrip().lower().endswith("between"):
                continue
        elif between not in ("-", "\u2013", "to"):
            continue
        first_bare, second_bare = bare[position], bare[position + 1]
        if first_bare and second.unit is not None:
            first.unit = second.unit
        elif second_bare and between in ("-", "\u2013") and first.unit in _CURRENCY_CODES:
            second.unit = first.unit
        elif not first_bare:
            continue
        if first.scaled == 1.0 and second.scaled != 1.0:
            first.amount *= second.scaled
            first.scaled = second.scaled


def _word_at(tokens: list[Token], index: int) -> str | None:
    if 0 <= index < len(tokens):
        return tokens[index][0].lower()
    return None


def _adjacent(tokens: list[Token], index: int) -> bool:
    """True when the token after `index` touches it (no space between: '3m', '26th')."""
    return index + 1 < len(tokens) and tokens[index + 1][1] == tokens[index][2]


def _adjacent_word(tokens: list[Token], index: int, words: frozenset[str]) -> bool:
    return _adjacent(tokens, index) and tokens[index + 1][0].lower() in words
