"""Who a speaker's noun phrase names: a person the article introduces, an
organisation (by the name it was introduced with), an unnamed source, or no one.

"he", "the foreign secretary" and "the company" resolve through the context of
the sentences before; fragments (a nationality, a common noun, a clause) resolve
to no one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from claimtrack.extraction.entities import EntityRegistry, is_org_name, strip_titles
from claimtrack.extraction.wordlists import words

__all__ = ["Context", "is_name", "named_in_aside", "resolve", "valid_np"]

_LEADING_NON_NAMES = words(
    "On In At By From After Before During Since Last This Next Early Late Yesterday Today "
    "January February March April May June July August September October November December "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday But And However Meanwhile Also "
    "Yet Still Now Then"
)
PRONOUNS = frozenset(("he", "she", "it", "they", "we", "i"))
DETERMINERS = words("the a an one its his her their some two three several many other another")
UNNAMED_HEADS = words(
    "officials analysts dealers experts sources economists observers critics campaigners residents "
    "witnesses traders investors police reports figures data statistics doctors scientists "
    "researchers executives insiders diplomats spokesman spokeswoman spokesperson official analyst "
    "dealer expert source economist trader observer insider diplomat people union unions "
    "ministers officers lawyers lawyer lawmakers mps"
)
ORG_HEADS = words(
    "company firm group bank carrier airline retailer maker giant operator government ministry "
    "department club team agency body organisation organization watchdog regulator union party "
    "network broadcaster studio label site chain business manufacturer insurer lender producer "
    "supplier provider exchange council authority court corporation board commission"
)
# What an organisation publishes: "the statement said" speaks for whoever issued it.
_DOCUMENT_HEADS = words(
    "statement report study survey letter release communique announcement memo filing "
    "document paper note circular bulletin"
)
PERSON_HEADS = words(
    "minister secretary spokesman spokeswoman president chancellor executive boss manager coach "
    "chairman chairwoman leader director governor mayor premier captain founder head chief "
    "star singer actor actress player striker economist analyst senator ambassador commissioner "
    "judge prosecutor officer man woman defender midfielder goalkeeper forward winger veteran "
    "champion youngster international skipper keeper batsman bowler rider driver artist author "
    "writer producer presenter musician frontman rapper"
)


@dataclass
class Context:
    registry: EntityRegistry
    last_person: str | None = None
    last_org: str | None = None
    last_claimer: str | None = None


def _is_name_with_connectors(words: list[str]) -> bool:
    return words[0][:1].isupper() and all(
        w[:1].isupper() or w in ("of", "for", "and", "&") for w in words
    )


def valid_np(np_text: str) -> bool:
    words = np_text.split()
    if not 1 <= len(words) <= 8:
        return False
    first = words[0]
    lowered = first.lower()
    if lowered in PRONOUNS:
        return len(words) == 1
    if lowered in DETERMINERS:
        if len(words) == 1:
            return False  # "An estimated 65 pct ...": an article, not a speaker
        # "a spokeswoman for the port": the head stands before the affiliation
        affiliation = next(
            (i for i, w in enumerate(words[2:], start=2) if w in ("for", "at", "of", "from")),
            len(words),
        )
        heads = {words[-1].lower().strip("'"), words[affiliation - 1].lower().strip("'")}
        return (
            words[-1][:1].isupper()
            or bool(heads & (UNNAMED_HEADS | ORG_HEADS | PERSON_HEADS))
            or len(words) <= 4
        )
    if first[:1].isupper():
        # "Shadow home secretary David Davis", "BBC political correspondent Carole Walker"
        return (
            words[-1][:1].isupper() or words[-1].lower() in UNNAMED_HEADS | PERSON_HEADS | ORG_HEADS
        )
    if len(words) <= 6 and words[-1][:1].isupper():
        return True  # "marketing magazine New Media Age", "shadow chancellor Oliver Letwin"
    return words[-1].lower() in UNNAMED_HEADS or (
        len(words) <= 3 and words[-1].lower() in PERSON_HEADS
    )


def resolve(np_text: str, context: Context) -> str | None:
    """The claimer a speaker's noun phrase names, never a fragment of a sentence."""
    claimer = _resolve_phrase(np_text, context)
    if claimer is None:
        return None
    registry = context.registry
    words = claimer.replace("'s", "").split()
    if not registry.is_person(claimer):
        for word in words:
            if word.strip("(),.'") in registry.acronyms:  # "a WTO report", "the ICO"
                context.last_org = registry.acronyms[word.strip("(),.'")]
                return context.last_org
    if len(words) == 1 and (words[0].removesuffix("s") in _DEMONYMS or words[0].islower()):
        # "the British said", "the suit claims": a nationality or a common noun alone
        # names no speaker.
        return None if words[0].lower() not in UNNAMED_HEADS | ORG_HEADS else claimer
    if claimer[:1].islower() and any(w in _CLAUSE_WORDS for w in words):
        return None  # a clause caught before the verb: "which it says"
    return claimer


_DEMONYMS = words(
    "British English French German Italian Spanish Dutch Swiss Swedish Norwegian Danish Finnish "
    "Polish Irish Scottish Welsh American Canadian Mexican Brazilian Argentine Chinese Japanese "
    "Korean Indian Pakistani Iranian Iraqi Israeli Palestinian Egyptian Saudi Turkish Greek "
    "Russian Soviet Ukrainian Australian African European Asian Arab Western Belgian Austrian "
    "Portuguese Kenyan Nigerian"
)
_CLAUSE_WORDS = words("that which who it is are was were has have had they we would will")


_TRAILING_TIME = re.compile(
    r"(?:\s+(?:on|in|at|last|this|next|earlier|late|early|during)\s+(?:the\s+)?"
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|"
    r"May|June|July|August|September|October|November|December|week|month|year|weekend|"
    r"morning|afternoon|evening|\d{4})\b.*|\s+(?:yesterday|today|tonight)\b.*)$"
)


def _resolve_phrase(np_text: str, context: Context) -> str | None:
    registry = context.registry
    # "figures released by the central bank on Monday": the time is no part of the name
    np_text = _TRAILING_TIME.sub("", np_text.strip().rstrip("."))
    lowered = np_text.lower()
    if lowered in ("he", "she"):
        return context.last_person
    if lowered == "it":
        return context.last_org
    if lowered in ("they", "we", "i"):
        return None
    words = np_text.split()
    if words[0][:1].islower() and words[0] not in DETERMINERS and words[-1][:1].isupper():
        # "marketing magazine New Media Age": the role words go, the name stays
        first_capital = next(i for i, w in enumerate(words) if w[:1].isupper())
        np_text = " ".join(words[first_capital:])
        words = np_text.split()
        lowered = np_text.lower()
    while len(words) > 1 and (words[0] in _LEADING_NON_NAMES or words[0][:1].isdigit()):
        words = words[1:]  # "On February 20 President Jose Sarney"
        np_text = " ".join(words)
        lowered = np_text.lower()
    if words[0][:1].isupper() and lowered.split()[0] not in DETERMINERS:
        titles, bare = strip_titles(np_text)
        known = registry.full_name(np_text)
        if bare.endswith(" " + known) and registry.is_person(known):
            # "Authority spokeswoman Helen Marsh": a role, even an organisation's, then a person
            context.last_person = known
            return known
        if is_org_name(bare or np_text):
            context.last_org = np_text
            return np_text
        name = registry.full_name(np_text)
        if len(bare.split()) == 1 and not registry.is_person(bare) and not titles:
            context.last_org = bare  # "TimeWarner said": a single unknown name is an organisation
            return bare
        context.last_person = name
        return name
    # A description: a role the article gave someone, an organisation, or unnamed sources.
    person = registry.by_description(np_text)
    if person:
        context.last_person = person
        return person
    head = words[-1].lower()
    if lowered.startswith("the ") and len(words) > 1 and _is_name_with_connectors(words[1:]):
        context.last_org = " ".join(words[1:])  # "the Office for National Statistics"
        return context.last_org
    organisation = re.search(
        r"\b(?:for|at|of|from|by)\s+"
        r"(?P<org>(?:the\s+)?[A-Z][\w&'-]*(?:\s+(?:and\s+)?[A-Z][\w&'-]*)*)",
        np_text,
    )
    if organisation:
        return organisation.group("org").removeprefix("the ")
    capitalised = [w for w in words[1:] if w[:1].isupper()]
    if capitalised and words[0].lower() == "the":
        context.last_org = " ".join(words[1:])  # "the US Agriculture Department"
        return context.last_org
    if head in ORG_HEADS and lowered.startswith(("the ", "its ")):
        if context.last_org is None and len(words) > 2 and words[0].lower() == "the":
            return " ".join(words[1:])  # "the transport ministry", named by its role
        return context.last_org
    if head in _DOCUMENT_HEADS and lowered.startswith(("the ", "its ", "a ", "this ")):
        return context.last_org  # the issuer named earlier, else nobody named
    if (
        lowered.startswith("the ")
        and context.last_person
        and (head in PERSON_HEADS or re.fullmatch(r"\d+-year-old", head))
    ):
        return context.last_person  # "the defender", "the 30-year-old"
    return " ".join(w for w in words if w.lower() not in ("the",))


# "several analysts, including John Doe," / "one dealer, Tim Ford of Acme Bank,": the
# member named in the aside speaks, not the group.
_INCLUDING = re.compile(r"^(?:including|among them|notably|such as)\s+")
_AFFILIATION = re.compile(r"\s+(?:of|at|from|with)\s+.*$")


def named_in_aside(aside: str) -> str | None:
    """The person an appositive names: 'John Doe', 'including John Doe of X', 'Tim Ford
    of Acme Bank'; None when it names no one ('an analyst at X')."""
    name = _AFFILIATION.sub("", _INCLUDING.sub("", aside))
    return name if is_name(name) else None


def is_name(phrase: str) -> bool:
    words = phrase.split()
    return bool(words) and len(words) <= 5 and all(w[:1].isupper() for w in words)
