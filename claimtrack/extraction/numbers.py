"""Numbers as news text writes them: digits with separators, number words, scales.

A small table of our own rather than text2num: the vocabulary news uses is
small, and a dictionary look-up per token keeps extraction fast.
"""

from __future__ import annotations

import re

__all__ = [
    "FRACTIONS",
    "ORDINAL_WORDS",
    "SCALES",
    "number_word_value",
    "parse_digits",
    "tidy_amount",
]

_UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
# Words that are a number by themselves ("a dozen").
_COUNT_WORDS = {"dozen": 12, "score": 20}

ORDINAL_WORDS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
    "thirtieth": 30,
    "fiftieth": 50,
    "hundredth": 100,
}

SCALES = {
    "hundred": 100,
    "thousand": 1_000,
    "k": 1_000,
    "million": 1_000_000,
    "m": 1_000_000,
    "mn": 1_000_000,
    "mln": 1_000_000,
    "billion": 1_000_000_000,
    "bn": 1_000_000_000,
    "b": 1_000_000_000,
    "bln": 1_000_000_000,
    "billions": 1_000_000_000,
    "trillion": 1_000_000_000_000,
    "tn": 1_000_000_000_000,
    "tr": 1_000_000_000_000,
    "millions": 1_000_000,
}

# Fractions as percentages, the spec's unit for them.
FRACTIONS = {
    "half": 50.0,
    "one-half": 50.0,
    "third": 33.33,
    "one-third": 33.33,
    "two-thirds": 66.67,
    "quarter": 25.0,
    "one-quarter": 25.0,
    "three-quarters": 75.0,
    "one-fifth": 20.0,
    "two-fifths": 40.0,
    "three-fifths": 60.0,
    "four-fifths": 80.0,
    "fifth": 20.0,
    "tenth": 10.0,
    "one-tenth": 10.0,
}

_DIGITS = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$")


def parse_digits(token: str) -> float | None:
    """'1,000' -> 1000.0, '3.5' -> 3.5; None for anything else."""
    if not _DIGITS.match(token):
        return None
    return float(token.replace(",", ""))


def number_word_value(word: str) -> int | None:
    """'twenty-six' -> 26, 'seven' -> 7, 'dozen' -> 12; None when not a number word."""
    lowered = word.lower()
    if lowered in _UNITS:
        return _UNITS[lowered]
    if lowered in _TENS:
        return _TENS[lowered]
    if lowered in _COUNT_WORDS:
        return _COUNT_WORDS[lowered]
    if "-" in lowered:
        tens, _, unit = lowered.partition("-")
        if tens in _TENS and unit in _UNITS and 0 < _UNITS[unit] < 10:
            return _TENS[tens] + _UNITS[unit]
    return None


def tidy_amount(amount: float) -> int | float:
    """An int when whole, else a float without binary noise (1.13e9, not 1130000000.0000002)."""
    rounded = round(amount, 6)
    if rounded == int(rounded):
        return int(rounded)
    return float(f"{rounded:.6g}") if abs(rounded) < 1 else rounded
