"""Publishers' rating words read as one of our four verdicts.

Fact-checkers rate on their own scales ("Pants on Fire", "Mostly False", "Four
Pinocchios", "Mixture"); a reviewer needs the gist, so each rating maps to
`false`, `misleading`, `unverifiable` or `true`, and the original words are kept
beside it. Ratings that say nothing about truth ("Satire", "Legend") map to none.
"""

from __future__ import annotations

import re

# Checked in order: "mostly false" must be read before "false", "not true" before "true".
_RATING_PATTERNS: tuple[tuple[str, str], ...] = (
    (
        r"\b(unproven|unverifi|unsupported|no evidence|not enough|unclear|research in progress"
        r"|undetermined|inconclusive|cannot be verified|can't be verified)",
        "unverifiable",
    ),
    (
        r"\b(mostly|partly|partially|half|largely)\b|misleading|mixture|mixed|out of context"
        r"|exaggerat|distort|cherry|lacks context|missing context|needs context|spin\b"
        r"|miscaptioned|misattributed|outdated|two pinocchios|three pinocchios|labeled satire",
        "misleading",
    ),
    (
        r"\b(false|fake|hoax|incorrect|inaccurate|wrong|pants on fire|not true|untrue|baseless"
        r"|fabricated|bogus|debunked|scam|four pinocchios|fiction)\b",
        "false",
    ),
    (r"\b(true|correct|accurate|verified|confirmed|legit|one pinocchio|geppetto)\b", "true"),
)


def verdict_from_rating(
    name: str | None,
    value: float | None = None,
    best: float | None = None,
    worst: float | None = None,
) -> str | None:
    """Our verdict for a publisher's rating: by its words, else by its place on the scale."""
    if name:
        words = name.strip().lower()
        if words in {"false", "misleading", "unverifiable", "true"}:
            return words
        for pattern, verdict in _RATING_PATTERNS:
            if re.search(pattern, words):
                return verdict
    if value is not None and best is not None and worst is not None and best != worst:
        position = (value - worst) / (best - worst)
        if position <= 0.25:
            return "false"
        if position >= 0.75:
            return "true"
        return "misleading"
    return None
