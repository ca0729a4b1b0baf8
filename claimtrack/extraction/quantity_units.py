"""The tables the quantity reader looks words up in, and the mention it returns.

Kept apart from the token walker (quantities.py) so each reads in one sitting:
currencies, time and measure units, qualifiers and the words that are never counted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from claimtrack.extraction.numbers import tidy_amount
from claimtrack.extraction.wordlists import words

CURRENCY_SIGNS = {"$": "USD", "£": "GBP", "€": "EUR", "¥": "JPY"}
CURRENCY_CODES = words("USD GBP EUR JPY CHF CAD AUD INR PKR CNY HKD SEK NOK DKK RUB ZAR NZD")
CURRENCY_WORDS: dict[str, tuple[str, float]] = {
    "dollar": ("USD", 1),
    "dollars": ("USD", 1),
    "dlrs": ("USD", 1),
    "dlr": ("USD", 1),
    "pound": ("GBP", 1),
    "pounds": ("GBP", 1),
    "sterling": ("GBP", 1),
    "stg": ("GBP", 1),
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
CURRENCY_NATIONS = {
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
TIME_UNITS = {
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
MEASURE_UNITS = {
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
    "ounces": "ounce",
    "ounce": "ounce",
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
# Units of two words whose first word alone would read as an adjective.
MULTIWORD_UNITS: dict[tuple[str | None, str | None], str] = {
    ("short", "tons"): "short ton",
    ("short", "ton"): "short ton",
    ("long", "tons"): "long ton",
    ("long", "ton"): "long ton",
    ("metric", "tons"): "tonne",
    ("metric", "tonnes"): "tonne",
    ("square", "miles"): "square mile",
    ("square", "kilometres"): "square kilometre",
    ("square", "kilometers"): "square kilometre",
    ("square", "km"): "square kilometre",
    ("square", "metres"): "square metre",
    ("square", "meters"): "square metre",
    ("square", "feet"): "square foot",
    ("cubic", "metres"): "cubic metre",
    ("cubic", "meters"): "cubic metre",
    ("cubic", "feet"): "cubic foot",
    ("troy", "ounces"): "troy ounce",
    ("fine", "ounces"): "troy ounce",
    ("light", "years"): "light year",
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
QUALIFIERS_BY_LAST_WORD: dict[str, list[tuple[tuple[str, ...], str]]] = {}
for _phrase, _qualifier in sorted(_QUALIFIERS, key=lambda item: -len(item[0])):
    # longest first: "no more than" is up_to, not "more than"
    QUALIFIERS_BY_LAST_WORD.setdefault(_phrase[-1], []).append((_phrase, _qualifier))
SUPERLATIVES = (
    "biggest|largest|highest|lowest|smallest|best-selling|most popular|most successful|"
    "richest|oldest|busiest|fastest|leading|most valuable|most expensive|"
    "cheapest|fastest-growing|most-watched|most watched|most visited|longest|tallest"
)
ORDINAL_SUFFIX = frozenset(("st", "nd", "rd", "th"))
# Capitalised words before a bare number that make it a name or an identifier.
IDENTIFIER_WORDS = words(
    "No Nos Number Article Articles Section Chapter Clause Rule Channel Radio Formula Windows "
    "PlayStation Xbox Euro Division League Category Room Flight Route Highway Level Grade "
    "Series Version Apollo Boeing Airbus Gate Platform Page Vol Volume Part Act Resolution "
    "Track Episode Game Match Round Stage Day Year Group Super Bowl Tier Phase Mark Stand "
    "FTSE Dow Nasdaq Nikkei DAX CAC Hang Band Studio Class Type Model Pixel Galaxy Top"
)
NOT_COUNTED = words(
    "of in to the a an and or from on at for by with as than is was were are be been has had "
    "have will would said says after before over under its their his her this that these those "
    "compared against while when which who up down more less per each last next ago earlier "
    "later since into out off about around between among it they he she we you i there here "
    "so but if then also just only still yet already not no all both either higher lower times "
    "own other such same now today year-on-year rise fall increase decrease respectively apiece "
    "one two three "
    "four five six seven eight nine ten eleven twelve twenty thirty forty fifty hundred thousand"
)
SKIPPED_ADJECTIVES = words(
    "new more extra additional other full-time part-time former young extra further separate "
    "different consecutive straight successive major small large big key top leading"
)
IRREGULAR_PLURALS = {
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


MONTH_WORDS = words(
    "january february march april may june july august september october november december"
)


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


def singular(word: str) -> str:
    if word in IRREGULAR_PLURALS:
        return IRREGULAR_PLURALS[word]
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def word_at(tokens: list[Token], index: int) -> str | None:
    if 0 <= index < len(tokens):
        return tokens[index][0].lower()
    return None


def adjacent(tokens: list[Token], index: int) -> bool:
    """True when the token after `index` touches it (no space between: '3m', '26th')."""
    return index + 1 < len(tokens) and tokens[index + 1][1] == tokens[index][2]


def adjacent_word(tokens: list[Token], index: int, words: frozenset[str]) -> bool:
    return adjacent(tokens, index) and tokens[index + 1][0].lower() in words
