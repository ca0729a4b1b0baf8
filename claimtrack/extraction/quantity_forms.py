"""Quantities that are not "number + noun": ranks ("the world's biggest", "No 1"),
durations ("a year", "two-year-old"), "twice", ordinal counts ("26th consecutive
day"), ages and scores; and the fix-ups across mentions (ranges, inherited currency).
"""

from __future__ import annotations

import itertools
import re

from claimtrack.extraction.numbers import ORDINAL_WORDS, number_word_value, parse_digits
from claimtrack.extraction.quantity_units import CURRENCY_CODES, SUPERLATIVES, QuantityMention

_RANK_ORDINAL = re.compile(
    rf"\b(?P<ord>second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th))"
    rf"[- ](?P<sup>{SUPERLATIVES})\b"
)
_RANK_POSSESSIVE = re.compile(
    rf"(?:\b(?:[Ww]orld|[Cc]ountry|[Nn]ation|[A-Z][A-Za-z]+)(?:'s|\u2019s|s')|\b(?:its|"
    rf"their)(?= (?:single )?(?:biggest|largest)))\s+(?:single\s+)?(?P<sup>{SUPERLATIVES}|"
    rf"most [a-z]+)\b"
)
# "the longest peacetime expansion in history", "the highest level ever", "a record
# drop": first of all that were ever measured.
_RANK_EVER = re.compile(
    rf"\bthe\s+(?P<sup>{SUPERLATIVES})\b(?=[^.,;:]{{0,40}}?\b(?:ever|in history|on record)\b)"
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
_SPECIAL_HINT = re.compile(
    r"\b(?:an?|one|twice|three|four|five|double|treble|first|second|third|fourth|fifth|sixth|"
    r"seventh|eighth|ninth|tenth)\b|\d|-(?:year|month|week|day|hour|minute)",
    re.IGNORECASE,
)
# Every rank pattern has a superlative, "number", "No 1" or "top" in it.
_RANK_HINT = re.compile(r"est\b|most |leading|best-selling|[Nn]umber |No\.? ?1|top|record")
QUANTITY_HINT = re.compile(
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
    r"place|position|spot|term|game|match|round|race|title|win|victory|defeat|anniversary|"
    r"birthday|edition)\b"
)
_FIRST_TO = re.compile(r"\bthe first (?:[A-Z][a-z]+|[a-z]+) (?:to|ever)\b")
_AGE_AFTER_NAME = re.compile(r"(?<=[a-z]), (?P<n>\d{1,2})(?=,|\.|$| and\b| who\b)")
_SCORE = re.compile(r"(?<![\d.,-])\b(?P<a>\d{1,3})-(?P<b>\d{1,3})\b(?![-\d%]| ?per)")
_POSITION_UNITS = frozenset(("place", "position", "spot"))


# A market's bid and offer in wire copy: "3.85/95 pct" is 3.85 and 3.95, the second
# giving only the last digits.
_QUOTED_PAIR = re.compile(
    r"(?<![\d/.])(?P<a>\d+\.(?P<decimals>\d+))/(?P<b>\d{1,4})(?![\d/])"
    r"(?P<pct>\s*(?:pct|%|per ?cent|percent)\b)?"
)


def _quoted_pairs(text: str) -> list[QuantityMention]:
    matches = [m for m in _QUOTED_PAIR.finditer(text) if len(m["b"]) <= len(m["decimals"])]
    # One quote in percent makes the sentence's other quotes percentages too.
    unit = "%" if any(m["pct"] for m in matches) else None
    found: list[QuantityMention] = []
    for match in matches:
        first = match["a"]
        second = first[: len(first) - len(match["b"])] + match["b"]
        end = match.end("pct") if match["pct"] else match.end("b")
        found.append(QuantityMention(match.start(), match.end("a"), float(first), unit))
        found.append(QuantityMention(match.start("b"), end, float(second), unit))
    return found


def special_forms(text: str) -> list[QuantityMention]:
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
    if has_digit and "/" in text:
        found.extend(_quoted_pairs(text))
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[QuantityMention] = []
    for mention in found:
        if kept and mention.start < kept[-1].end:
            continue
        kept.append(mention)
    return kept


def find_ranks(text: str) -> list[QuantityMention]:
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


def inherit_currency(mentions: list[QuantityMention]) -> None:
    """'52.0 billion marks ..., averaging 51.0 billion': a bare large amount after a sum of
    money in the same sentence is money in the same currency."""
    for previous, mention in itertools.pairwise(mentions):
        money = previous.unit is not None and len(previous.unit) == 3 and previous.unit.isupper()
        if money and mention.unit is None and mention.scaled >= 1_000_000:
            mention.unit = previous.unit


def share_units_in_ranges(text: str, mentions: list[QuantityMention]) -> None:
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
        elif second_bare and between in ("-", "\u2013") and first.unit in CURRENCY_CODES:
            second.unit = first.unit
        elif not first_bare:
            continue
        if first.scaled == 1.0 and second.scaled != 1.0:
            first.amount *= second.scaled
            first.scaled = second.scaled
