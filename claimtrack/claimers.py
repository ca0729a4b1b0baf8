"""Who a claimer is, for a published ClaimReview: a person, an organisation, or a
description that names no one ("figures published by regulator", "officials").

schema.org wants `itemReviewed.author` to be a Person or an Organization with a name;
a description is neither, so it gives no author rather than a wrong one. Organisations
are recognised by the extractor's own list (`is_org_name`), so the export and the
extraction agree on what an organisation is.
"""

from __future__ import annotations

from enum import StrEnum

from claimtrack.extraction.entities import EntityRegistry, is_org_name, strip_titles

# Lower-case words that make a capitalised name an organisation's ("the US Agriculture
# department") beyond the extractor's capitalised list.
_ORGANISATION_WORDS = frozenset(
    {
        "agency",
        "army",
        "association",
        "authority",
        "bank",
        "board",
        "bureau",
        "cabinet",
        "centre",
        "center",
        "commission",
        "committee",
        "company",
        "corp",
        "corporation",
        "council",
        "court",
        "department",
        "federation",
        "forces",
        "foundation",
        "fund",
        "government",
        "group",
        "inc",
        "institute",
        "league",
        "limited",
        "ltd",
        "ministry",
        "navy",
        "network",
        "office",
        "organisation",
        "organization",
        "parliament",
        "party",
        "police",
        "press",
        "regulator",
        "secretariat",
        "service",
        "union",
        "university",
    }
)
# Lower-case words a name may hold ("Ministry of Defence", "Charles de Gaulle").
_NAME_CONNECTORS = frozenset(
    {"the", "of", "for", "and", "&", "on", "de", "van", "von", "der", "den", "bin", "al", "da"}
    | {"la", "le", "du", "del"}
)
_MAX_NAME_WORDS = 8


class ClaimerKind(StrEnum):
    PERSON = "Person"
    ORGANIZATION = "Organization"
    DESCRIPTION = "description"  # names no one: no author is published


def _capitalised(word: str) -> bool:
    """'World', and '(WTO)': an acronym in brackets after the name it abbreviates."""
    return word.lstrip("(")[:1].isupper()


def _plain(word: str) -> str:
    return word.strip(".,'()\"").lower().removesuffix("'s")


def _is_name_shaped(words: list[str]) -> bool:
    """Every word capitalised, or a connector or an organisation noun: a name, not a
    phrase ("figures published by regulator" has verbs and prepositions in lower case)."""
    if not any(_capitalised(w) for w in words) or len(words) > _MAX_NAME_WORDS:
        return False
    return all(
        _capitalised(w) or _plain(w) in _NAME_CONNECTORS or _plain(w) in _ORGANISATION_WORDS
        for w in words
    )


def claimer_kind(claimer: str, registry: EntityRegistry | None = None) -> ClaimerKind:
    """Person, Organization, or a description. `registry` (the article's own entities,
    as the extractor finds them) settles names the words alone cannot: a person the
    article introduces, and a one-word name it never gives to a person ("Winn-Dixie")."""
    words = claimer.replace("\u2019", "'").split()
    if not words or any(ch.isdigit() for ch in claimer) or not _is_name_shaped(words):
        return ClaimerKind.DESCRIPTION
    plain = {_plain(w) for w in words}
    if is_org_name(claimer) or plain & _ORGANISATION_WORDS or claimer.isupper():
        return ClaimerKind.ORGANIZATION
    _, bare = strip_titles(claimer)
    if not bare:
        return ClaimerKind.DESCRIPTION
    named_organisation = (
        registry is not None
        and not registry.is_person(bare)
        and (bare in registry.organisations or len(bare.split()) == 1)
    )
    if named_organisation:
        return ClaimerKind.ORGANIZATION
    return ClaimerKind.PERSON
