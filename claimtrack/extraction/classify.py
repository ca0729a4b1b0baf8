"""Claim types in the spec's order of precedence, and what is not a claim at all."""

from __future__ import annotations

import re

__all__ = [
    "CLAIM_TYPES",
    "claim_type",
    "has_legal_subject",
    "is_boilerplate",
    "is_future",
    "is_not_a_claim",
]

CLAIM_TYPES = ("law", "quantity", "date", "quote", "causal", "prediction", "statement")

_LAW = re.compile(
    r"\b(?:laws?(?! (?:firm|school|enforcement|student|lord|society)s?\b)|legislation|"
    r"legislative|treaty|treaties|[Cc]onvention (?:on|against|of)|"
    r"Conventions?\b|"
    r"constitution(?:al)?|[Ss]tatute|statutory|regulations?|directive|the bill|a bill|"
    r"[A-Z][a-z]+ Act\b|"
    r"court (?:ruled|ruling|decided|order)|ruled that|ruling that|banned|bans?\b|"
    r"prohibit(?:ed|s|ion)?|"
    r"licen[cs]es?d?|jus cogens|lawsuit|(?:filed|file|filing) for bankruptcy|bankruptcy protection|"
    r"declared (?:bankrupt|insolvent)|insolvency proceedings|into administration|charged with|"
    r"convicted|sentenced|jailed|fined|"
    r"illegal to|legally|unlawful|under the rules|new rules|rules (?:say|require|state)|"
    r"is required to|are required to|obliged to|entitled to|mandatory|compulsory|tribunal)\b"
)
# Legal acts that carry figures and dates of their own: duties and quotas, a
# legislature's vote, a court's decision, charges brought, and producers' agreements
# to hold output. Matched on the lowercased clause; each alternative names the act,
# so a figure merely near a court or a vote ("union members voted to strike",
# "steel output rose") stays what it is.
_LEGAL_ACT = re.compile(
    r"\b(?:tariffs?|quotas?|embargo(?:es)?|(?:a|the|new) levy|levy (?:on|of)|levies|excise|"
    r"customs duty|anti-dumping|"
    r"(?:import|export|customs|excise|stamp) (?:duty|duties|ban|licen[cs]es?|permits?|rules?|"
    r"restrictions?|controls?)|dut(?:y|ies) on|surcharge on|sanctions? (?:on|against)|"
    r"(?:a|an|the|work|building|planning|import|export) permits?|ordinances?|decree[sd]?|"
    r"by-?laws?|executive order|"
    r"(?:senate|congress|parliament|house|assembly|lawmakers|legislators|legislature|"
    r"mps|peers|deputies|senators|commons|lords|council)\b(?! party)[^.;]{0,40}?\b(?:voted|"
    r"approved|passed|rejected|adopted|ratified|overturned|vetoed|enacted)|"
    r"(?:passed|approved|adopted|ratified|vetoed|signed|enacted|repealed|amended) (?:the|a|an|"
    r"its|their) (?:[\w-]+ ){0,3}(?:bill|law|measure|amendment|resolution|treaty|ordinance)|"
    r"(?:court|judge|justices?|tribunal|magistrates?|jury|juries)\b[^.;]{0,60}?\b(?:ruled|"
    r"ordered|upheld|overturned|quashed|dismissed|granted|awarded|sentenced|acquitted|"
    r"convicted|cleared|blocked|struck down|found (?:him|her|them|it|the \w+) (?:not )?guilty)|"
    r"upheld|overturned the|quashed|verdict|acquitt(?:ed|al)|pleaded (?:not )?guilty|"
    r"indict(?:ed|ment|ments)?|charges (?:of|against)|criminal charges?|fac(?:es|ing|ed) charges|"
    r"charged (?:him|her|them|\w+ (?:men|women|people|executives))|prosecuted|"
    # a bill before a legislature, not one to pay ("the electricity bill")
    r"(?:the|a|an|this|that|its|their) (?!(?:phone|electricity|gas|water|energy|heating|fuel|"
    r"food|wage|tax|pay|hospital|medical|legal|restaurant|hotel|repair|insurance|drinks|import|"
    r"oil|clean-?up|compensation|reconstruction|salary|pensions?|welfare|annual|total|final) )"
    r"(?:[\w-]+ )?bill\b|"
    r"passed (?:by )?(?:the )?(?:senate|house|congress|parliament|assembly|commons|lords)\b|"
    # a commitment, its speaker cut off: "(Opec pledged) to hold output at 16 mln bpd"
    r"^to (?:cut|curb|limit|restrict|reduce|freeze|hold|cap)\w*\b[^.;]{0,30}?\b(?:output|"
    r"production|exports)|"
    r"(?:agreed|agreement|accord|pact|deal|pledged?|undert(?:ook|ake))\b[^.;]{0,40}?\b(?:cut|"
    r"curb|limit|restrict|reduce|"
    r"freeze|hold|cap)\w*\b[^.;]{0,30}?\b(?:output|production|exports|supply|supplies)|"
    r"(?:output|production|export) (?:quotas?|ceilings?|limits?|curbs?|restraint))\b"
)
_CAUSAL = re.compile(
    r"\b(?:because|owing to|as a result(?: of)?|result(?:ed|s|ing)? in|led to|leads? to|lead to|"
    r"caus(?:e|ed|es|ing)|thanks to|blamed (?:on|for)|attributed to|driven by|boosted by|helped by|"
    r"hit by|fuelled by|fueled by|on the back of|in the wake of|triggered|prompted|therefore|"
    r"consequently|linked to|responsible for|due to (?!(?:be|start|open|take|begin|launch|hold|"
    r"meet|"
    r"make|go|end|close|finish|report|announce|publish|come|return|visit|arrive|appear)\b)|"
    r"the more\b.+\bthe more|the less\b.+\bthe (?:more|less)|hurt by|dragged down by|"
    r"weighed down by)\b"
)
_FUTURE = re.compile(
    r"\b(?:will|won't|shall|going to|(?:is|are|was|were) (?:expected|likely|unlikely|set|due|"
    r"scheduled|"
    r"poised|planning|going) to|expects? to|expected to|likely to|unlikely to|plans? to|"
    r"intends? to|"
    r"aims? to|set to|is to|are to|would|tomorrow|next (?:week|month|year)|"
    r"upcoming|forthcoming)\b|'ll\b"
)
_LOCAL_VERB = re.compile(
    r"\b(?:will|shall|would|going to|'ll|was|were|had|did|is|are|has|have|"
    r"until|till|effective|starting|beginning|leaves|arrives|starts|begins|opens|resumes|"
    r"expires|closes|ends|flies|travels|"
    r"(?!(?:expected|scheduled|planned|proposed|set|due|needed|based|called|named)\b)[a-z]{3,}ed|"
    r"went|came|began|rose|fell|grew|won|lost|saw|said|told|left|held|met|paid|sold|bought|took|"
    r"made|gave|became)\b"
)
_FUTURE_WORDS = frozenset(("will", "shall", "would", "going to", "'ll"))
# A deadline or a start ("until Thursday", "effective Tuesday") and the present tense
# of a timetable ("leaves for Moscow on Tuesday", "the offer expires on Friday") look
# forwards, whatever the tense of the rest of the clause.
_FORWARD_WORDS = frozenset(
    (
        "until",
        "till",
        "effective",
        "starting",
        "beginning",
        "leaves",
        "arrives",
        "starts",
        "begins",
        "opens",
        "resumes",
        "expires",
        "closes",
        "ends",
        "flies",
        "travels",
    )
)
_PAST_AUXILIARIES = ("was", "were", "had", "been", "did")
_PREDICTION = re.compile(
    r"\b(?:will|won't|shall|going to|expected to|likely to|unlikely to|plans? to|intends? to|"
    r"set to|"
    r"is to|are to|would|could|may|might|forecasts?|predicts?|projected|projecting|expects?|"
    r"anticipates?)\b|'ll\b"
)
_CALL_TO_ACTION = re.compile(
    r"^\W*(?:I would (?:also )?like|I'd like|I want|we want|I ask|we ask|I urge|we urge|I call on|"
    r"we call on|let us|let's|let me|please|we must|we need to|I hope|we hope|I think|I believe|"
    r"I feel|in my (?:view|opinion)|I'm sure|I am sure|I don't think|I do not think|"
    r"(?:Let|Do|Don't|Stop|Give|Make|Help|Join|Vote|Read|Click|See|Find|Get|Take|Follow|Sign|Watch|"
    r"Listen|Remember|Imagine|Consider|Think)\b)",
)
# Matched against the lowercased sentence (case-insensitive alternations are slow).
_BOILERPLATE = re.compile(
    r"declined to comment|could not be reached|did not (?:immediately )?respond|"
    r"no one was available|"
    r"not available for comment|refused to comment|would not comment|all rights reserved|copyright|"
    r"click here|sign up|subscribe|follow us|read more|(?:reporting|editing|"
    r"additional reporting) by|"
    r"contributed to this report|this story|this article|^\s*(?:photo|image|picture|caption)\s*:|"
    r"^\s*(?:reuter|ap|afp)\s*$"
)
_BYLINE = re.compile(r"^\s*[Bb]y [A-Z][a-z]+ [A-Z][a-z]+\s*$")


# A sentence whose subject is a legal act: every clause of it states the act's terms
# ("The bill, which passed the Senate 68-31, would raise the tax to 9 pct").
_LEGAL_SUBJECT = re.compile(
    r"(?:[Tt]he|[Tt]his|[Tt]hat|[Ii]ts|[Tt]heir|[Aa]n?) (?:[\w-]+ ){0,3}?(?:bill|law|act|treaty|"
    r"ordinance|decree|regulations?|directive|amendment|legislation|tariffs?|quotas?)\b"
    r"(?! (?:firm|school|enforcement|officers?|student|society|report|lord)s?\b)"
)


def has_legal_subject(region: str) -> bool:
    """True when the region opens with a legal act as its subject."""
    return _LEGAL_SUBJECT.match(region.lstrip(" \"'\u201c")) is not None


def is_future(clause: str) -> bool:
    """True when the clause speaks of the future (its dates resolve forwards)."""
    return _FUTURE.search(clause.lower()) is not None


def local_tense(words_before: str) -> bool | None:
    """The tense of the verb just before a date, when there is one: 'the lockout that
    started December 14' is past even in a clause about what 'would' happen."""
    tense: bool | None = None
    lowered = words_before.lower()
    for match in _LOCAL_VERB.finditer(lowered):
        verb = match.group()
        passive = lowered[: match.start()].rstrip().endswith((" be", " been"))
        if verb in _FUTURE_WORDS:
            tense = True
        elif verb in _FORWARD_WORDS:
            # "the ban was effective from Tuesday" stays in the past
            previous = lowered[: match.start()].split()[-1:]
            tense = not (previous and previous[0] in _PAST_AUXILIARIES)
        elif (passive and tense) or verb in ("is", "are", "has", "have"):
            continue  # "will be credited" stays future; the present leaves it to the clause
        else:
            tense = False
    return tense


def is_boilerplate(sentence: str) -> bool:
    return _BOILERPLATE.search(sentence.lower()) is not None or _BYLINE.match(sentence) is not None


def is_not_a_claim(clause: str, has_values: bool) -> bool:
    """Calls to action, first-person opinion and questions: no checkable fact."""
    stripped = clause.strip()
    if stripped.endswith("?"):
        return True
    if has_values:
        return False
    return _CALL_TO_ACTION.match(stripped) is not None


def claim_type(
    clause: str, *, has_quantity: bool, has_date: bool, quoted: bool, claimer: str | None
) -> str:
    """The first type of the spec's table that fits the clause."""
    if _LAW.search(clause):
        return "law"
    lowered = clause.lower()  # lowercase patterns: case-insensitive matching is slow
    if _LEGAL_ACT.search(lowered):
        return "law"
    if has_quantity:
        return "quantity"
    if has_date:
        return "date"
    if quoted and claimer:
        return "quote"
    if _CAUSAL.search(lowered):
        return "causal"
    if _PREDICTION.search(lowered):
        return "prediction"
    return "statement"
