"""Consistency checks: claims' normalised values checked against each other.

Pure: imports neither the database nor Prefect. Each rule is a small function
that takes claims (`ClaimFacts`) and returns `Finding`s, agreeing or
contradicting, with the expectation it computed and the tolerance it allowed.
`claimtrack.checks.service` stores the contradictions (DESIGN.md "Claim memory").
"""

from claimtrack.checks.across import rated_false, same_measure, sibling_values
from claimtrack.checks.model import AGREES, CONTRADICTS, ClaimFacts, Finding, Related
from claimtrack.checks.runner import ARTICLE_RULES, check_article

__all__ = [
    "AGREES",
    "ARTICLE_RULES",
    "CONTRADICTS",
    "ClaimFacts",
    "Finding",
    "Related",
    "check_article",
    "rated_false",
    "same_measure",
    "sibling_values",
]
