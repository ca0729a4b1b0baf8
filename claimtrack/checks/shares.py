"""Parts and totals: "3 of the 12 ...", and the share that describes them ("a quarter")."""

from __future__ import annotations

import itertools
import re

from claimtrack.checks.model import AGREES, CONTRADICTS, Finding
from claimtrack.checks.numbers import (
    Placed,
    Sentence,
    claims_of,
    figure,
    interval_text,
    overlaps,
    quantities,
    rounding,
    stated_interval,
)

RULE = "part_of_total"
# "3 of the 12", "three out of 12", "3 of its 12": nothing but these words between them.
_OF = re.compile(
    r"^\s+(?:out\s+)?of\s+(?:the\s+|its\s+|their\s+|his\s+|her\s+|our\s+|all\s+)?$", re.I
)
# A share that describes a part and its total follows them as an aside ("3 of the 12
# members, or a quarter," / "(25%)") or leads them ("a quarter (3 of the 12)").
_QUALIFIER = r"(?:(?:about|around|roughly|nearly|almost|just over|just under|more than|some)\s+)?"
_SHARE_AFTER = re.compile(
    rf"^[\w\s'-]{{0,30}}?(?:,|\(|\s-)\s*(?:or\s+|that is\s+|which is\s+)?{_QUALIFIER}$", re.I
)
_SHARE_BEFORE = re.compile(r"^[\w\s'-]{0,30}?\(\s*$", re.I)


# "777-200LR planes" is a model name, not a total; "two in five of the 635,173 reports"
# is a share of the total, not a count of it.
_MODEL_NAME = re.compile(r"^-?\w*[A-Za-z-]")
_SHARE_OF = re.compile(r"\b\w+\s+(?:in|out of)\s+$", re.I)


def _countable(part: Placed, total: Placed, sentence: Sentence) -> bool:
    """Both figures are counts of one thing: whole numbers, the total a number not a
    scale ("a quarter of a million"), not a model name, and the part not a share."""
    if part.unit in _FRACTIONS or total.text.lower().startswith(("a ", "an ")):
        return False
    if any(p.amount is None or p.amount != int(p.amount) for p in (part, total)):
        return False
    if _MODEL_NAME.match(sentence.after(total, 6)) or _SHARE_OF.search(sentence.before(part, 12)):
        return False
    if part.unit is not None and total.unit is None:
        # "39 nations out of 65" names the thing once; "two throws of 13.77m" does not.
        between = sentence.text[part.end : total.start]
        return re.search(r"\bout of\b|\bof (?:the|its|their|his|her|our)\b", between) is not None
    return part.unit is None or part.unit == total.unit


def _parts(sentence: Sentence) -> list[tuple[Placed, Placed]]:
    counts = [p for p in quantities(sentence) if p.unit not in ("%", "rank")]
    pairs = []
    for part, total in itertools.pairwise(counts):
        between = sentence.text[part.end : total.start]
        if _OF.match(between) and _countable(part, total, sentence):
            pairs.append((part, total))
    return pairs


# The extractor reads "a quarter" as 1 quarter (it may be three months); beside a part
# and its total it is a share.
_FRACTIONS = {"half": 50.0, "third": 100 / 3, "quarter": 25.0, "fifth": 20.0, "tenth": 10.0}


def _as_share(placed: Placed) -> Placed | None:
    if placed.unit == "%":
        return placed
    per_one = _FRACTIONS.get(placed.unit or "")
    if per_one is None or placed.amount is None:
        return None
    value = {**placed.value, "amount": placed.amount * per_one, "unit": "%"}
    return Placed(value, placed.start, placed.end, placed.claim_id)


def _share_of(sentence: Sentence, part: Placed, total: Placed) -> Placed | None:
    for candidate in quantities(sentence):
        share = _as_share(candidate)
        if share is None:
            continue
        after = sentence.text[total.end : share.start]
        if share.start >= total.end and _SHARE_AFTER.match(after):
            return share
        before = sentence.text[share.end : part.start]
        if share.end <= part.start and _SHARE_BEFORE.match(before):
            return share
    return None


def part_of_total(sentence: Sentence) -> list[Finding]:
    """A part stated with its total ("3 of the 12") is no larger than the total, and a
    share stated with them ("a quarter", "25%") equals part / total.
    Tolerance: each figure's rounding; a share in words +-2.5 points; "nearly" and
    "about" widen it by 10%."""
    findings = []
    for part, total in _parts(sentence):
        p, t = part.amount or 0.0, total.amount or 0.0
        hp, ht = rounding(part), rounding(total)
        share = _share_of(sentence, part, total)
        if share is None:
            agrees = p - hp <= t + ht
            expectation, tolerance = f"{part.text} is at most {total.text}", "rounding of both"
            observed = {"part": figure(part), "total": figure(total)}
        else:
            low = (p - hp) / (t + ht) * 100 if t + ht > 0 else 0.0
            high = (p + hp) / (t - ht) * 100 if t - ht > 0 else 100.0
            stated = stated_interval(sentence, share)
            agrees = overlaps((low, high), stated)
            expectation = f"{p / t * 100 if t else 0:.1f}% ({part.text} of {total.text})"
            tolerance = (
                f"computed {interval_text((low, high), 1)}%; "
                f"stated allows {interval_text(stated, 1)}%"
            )
            observed = {"part": figure(part), "total": figure(total), "share": figure(share)}
        findings.append(
            Finding(
                rule=RULE,
                claim_ids=claims_of(part, total, *([share] if share else [])),
                outcome=AGREES if agrees else CONTRADICTS,
                expectation=expectation,
                tolerance=tolerance,
                observed=observed,
            )
        )
    return findings
