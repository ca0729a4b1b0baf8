"""All the within-article rules over one article's claims."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from claimtrack.checks.change import change_percentage
from claimtrack.checks.elapsed import elapsed_days, years_since
from claimtrack.checks.model import ClaimFacts, Finding
from claimtrack.checks.numbers import Sentence, sentences
from claimtrack.checks.shares import part_of_total

SentenceRule = Callable[[Sentence], list[Finding]]
ArticleRule = Callable[[Sequence[Sentence], date | None], list[Finding]]

SENTENCE_RULES: dict[str, SentenceRule] = {
    "change_percentage": change_percentage,
    "part_of_total": part_of_total,
}
ARTICLE_WIDE_RULES: dict[str, ArticleRule] = {
    "elapsed_days": elapsed_days,
    "years_since": years_since,
}
ARTICLE_RULES = (*SENTENCE_RULES, *ARTICLE_WIDE_RULES)


def check_article(claims: Sequence[ClaimFacts], published: date | None) -> list[Finding]:
    """Every within-article finding, agreeing and contradicting, in a stable order."""
    grouped = sentences(claims)
    # Only sentences with figures can hold a relation between figures.
    grouped = [s for s in grouped if s.values]
    findings: list[Finding] = []
    for sentence in grouped:
        for rule in SENTENCE_RULES.values():
            findings.extend(rule(sentence))
    for article_rule in ARTICLE_WIDE_RULES.values():
        findings.extend(article_rule(grouped, published))
    return findings
