"""People and organisations an article names, so "Qureshi", "he" and "the foreign
secretary" can be resolved to the full name the article gives somewhere.

No NER model: news introduces people in a few fixed ways (a title before the
name, "Mr X", the subject of "said"), and those are enough to build a small
registry per article.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, field

from claimtrack.extraction import budget
from claimtrack.extraction.wordlists import words

__all__ = ["NAME_SEQUENCE", "EntityRegistry", "is_org_name", "strip_titles"]

_NAME_TOKEN = (
    r"(?:Mc[A-Z][a-z]+|O'[A-Z][a-z]+|[A-Z][a-z]+(?:-[A-Z][a-z]+)*|[A-Z]\.|[A-Z]{2,}[a-z]*)(?![\w-])"
)
# Between a name's words: spaces, or one line break (a hard wrap), never a blank line,
# which would join an all-capitals headline to the body's first name.
_NAME_GAP = r"(?:[ \t]+|[ \t]*\n[ \t]*)"
NAME_SEQUENCE = re.compile(
    rf"{_NAME_TOKEN}(?:{_NAME_GAP}(?:(?:of|for|de|den|van|von|der|bin|al|da|la|le|du|"
    rf"del){_NAME_GAP})?{_NAME_TOKEN})*"
)
# Capitalised words that are titles, roles or affiliations, not part of a name.
_TITLE_WORDS = words(
    "Mr Mrs Ms Miss Dr Prof Professor Sir Dame Lord Lady Baroness Baron President Prime Minister "
    "Foreign Secretary Home Chancellor Deputy Vice Chief Executive General Gen Senator Sen "
    "Governor "
    "Gov Mayor King Queen Prince Princess Pope Judge Justice Rev Reverend Father Captain Capt "
    "Coach "
    "Manager Chairman Chairwoman Director Commissioner Ambassador Speaker Leader Labour Tory "
    "Conservative Liberal Democrat Democratic Republican Shadow Culture Health Education Trade "
    "Defence Defense Finance Interior Economy Treasury Transport Environment Energy Industry "
    "Agriculture State Attorney Solicitor Opposition Former Senior US UK EU UN British American "
    "French German Indian Pakistani Chinese Russian Japanese Irish Scottish Welsh English Labor MP "
    "MEP Col Lt Sgt Officer Inspector Detective Constable Superintendent Commander Admiral Marshal "
    "Head Spokesman Spokeswoman Secretary-General Commerce Communications Information Technology "
    "Sports Sport Media Work Pensions Business Economic Affairs External Internal Cabinet Acting "
    "Minister-President Premier Vice-President Chief-Executive Boss Striker Midfielder Defender "
    "Goalkeeper Skipper Star Singer Actor Actress Director-General Governor-General Analyst "
    "Economist Chair Chairperson CEO Founder Co-founder President-elect Spokesperson Rep "
    "Northern Ireland Scotland Wales Britain America European Federal Fed Reserve World Bank "
    "Deputy-"
)
_ORG_WORDS = words(
    "Ministry Department Commission Bank Group Inc Corp Corporation Ltd plc PLC Company Co "
    "Association Union Council Party Agency Office Police Institute University Airlines Airways "
    "Motors Organisation Organization Federation Committee Board Authority Service Services Court "
    "Parliament Government Congress Senate Assembly Club FC United Rovers Reuters BBC News Times "
    "Post Journal Foundation Fund Trust Society Network Systems Technologies Communications "
    "Securities Exchange Industries International Holdings Partners Capital Investments Records "
    "Studios Pictures Entertainment Labs Commons Lords Treasury Army Navy Force Bureau Centre "
    "Center Unit Index Ofcom OPEC Opec IMF WTO NHS FBI CIA EU UN Fed Reserve Academy School "
    "Hospital Airport Railway Energy Oil Gas Petroleum Telecom Mobile Media Games Software "
    "Electronics Pharmaceuticals Insurance Steel Mining Chamber Confederation CBI TUC Conference "
    "Forum Panel Microsoft Google Apple Sony Nintendo Yahoo IBM Intel Motorola Nokia Vodafone "
    "Airbus Boeing Yukos Gazprom Fiat Ford Toyota Nissan Honda Wal-Mart Walmart Tesco Sainsbury "
    "Reuters Labour Conservatives Tories Democrats Republicans Ministry Festival Awards Oscars "
    "Academy Commonwealth Olympics Cup Championship League Premiership Sox Yankees Warner "
    "TimeWarner AOL Bundesbank Agence Press Associated Xinhua Petrobras Embraer Coalition Alliance"
)
# Capitalised words that open sentences or name places and times, never a person.
_NOT_NAMES = words(
    "The A An In On At But And He She It They We I This That These Those However Meanwhile Last "
    "Next Its His Her Their Our If When While After Before As Although Though Because Since So "
    "Yet Also Now Then There Here What Who Why How Where Which Some Many Most Monday Tuesday "
    "Wednesday Thursday Friday Saturday Sunday January February March April May June July August "
    "September October November December Christmas Easter Internet Web Kashmir India Pakistan "
    "China Japan Germany France Russia Iraq Iran Israel Europe Africa Asia London Paris Washington "
    "New York Tokyo Berlin Moscow Beijing Brussels Geneva Avenue Street Road Square Hall House "
    "Convention Conventions Article Act Bill Treaty Constitution Valley Street Kingdom States "
    "Middle East West North South Jammu Delhi Islamabad Mr Mrs Ms Dr Sir Lord US UK USA EU UN "
    "Britain England Scotland Wales Ireland America"
)
_LOWER_ROLES = (
    r"(?:chief executive|executive|chairman|chairwoman|spokesman|spokeswoman|spokesperson|director|"
    r"minister|secretary|chancellor|president|leader|coach|manager|analyst|economist|boss|chief|"
    r"head|"
    r"founder|editor|governor|mayor|captain|striker|midfielder|defender|goalkeeper|singer|actor|"
    r"actress|star|officer|commissioner|ambassador|senator|judge|skipper|partner|professor|"
    r"researcher|expert|analyst|strategist|trader|dealer|chief economist|spokesman for [A-Z]\w+)"
)
_ROLE_BEFORE_NAME = re.compile(rf"\b(?P<role>{_LOWER_ROLES})\s+(?P<name>{NAME_SEQUENCE.pattern})")
_WORDS_BEFORE_ROLE = re.compile(r"(?:[a-z]+\s+){0,2}$")
_ROLE_AFTER = re.compile(
    rf",\s+(?:the\s+|a\s+|an\s+)?(?P<role>(?:[A-Za-z-]+\s+){{0,3}}?{_LOWER_ROLES})\b"
)
_HONORIFIC = re.compile(
    r"\b(?:Mr|Mrs|Ms|Miss|Dr|Prof|Sir)\.?\s+(?P<surname>[A-Z][a-z]+(?:[-'\u2019][A-Z]?[a-z]+)*)"
)
_SPEECH_AFTER = re.compile(
    r"\s+(?:has\s+|had\s+|also\s+)?"
    r"(?:said|says|told|added|explained|argued|warned|insisted|stated|claimed|admitted|announced)\b"
)
_SPEECH_BEFORE = re.compile(r"\b(?:said|says|added|according to)\s+$")
_SENTENCE_START = re.compile(r"(?:[.!?]\s+|\n)$")
_VERB_AFTER = re.compile(r"\s+(?:has|had|is|was|will|would|said|says|spoke|told|[a-z]{3,}ed)\b")


_ACRONYM_DEFINED = re.compile(
    r"(?P<full>[A-Z][\w&'-]*(?:\s+(?:(?:of|for|and|on|de|the|&)\s+)*[A-Z][\w&'-]*){1,7})"
    r"\s+\((?P<acronym>[A-Z][A-Z&]{1,7})\)"
)
_CONNECTORS = frozenset(("of", "for", "and", "on", "de", "the", "&"))


def _full_name_for(phrase: str, acronym: str) -> str | None:
    """The words of `phrase` the acronym abbreviates: the shortest tail whose capitalised
    words' initials are the acronym's letters, in any order (a translated name, such as
    'Brazilian Coffee Institute (IBC)', keeps its letters but not their order)."""
    words = phrase.split()
    letters = sorted(acronym.replace("&", ""))
    for start in range(len(words) - 1, -1, -1):
        tail = [w for w in words[start:] if w not in _CONNECTORS]
        initials = sorted(w[0] for w in tail)
        if initials == letters and words[start] not in _CONNECTORS:
            return " ".join(words[start:])
        if len(initials) > len(letters):
            return None
    return None


_ROLE_STOPWORDS = words("of its the and s his her their a an to for with by in said says told")
_OTHER_ROLE_MODIFIERS = words("shadow deputy vice former assistant acting junior ex outgoing")
_HONORIFIC_ROLES = words("mr mrs ms miss dr prof sir dame lord lady")


@functools.lru_cache(maxsize=8192)  # pure, and called for every name mention
def is_org_name(name: str) -> bool:
    return any(word in _ORG_WORDS for word in name.replace("-", " ").split())


@functools.lru_cache(maxsize=8192)  # pure, and called for every name mention
def strip_titles(name: str) -> tuple[str, str]:
    """('Foreign Minister', 'Shah Mehmood Qureshi') from 'Foreign Minister Shah Mehmood Qureshi'."""
    words = name.split()
    index = 0
    while index < len(words) - 1 and (
        words[index] in _TITLE_WORDS
        or words[index].rstrip(".") in _TITLE_WORDS
        or words[index][:1].islower()  # "Chief executive Richard Parsons"
    ):
        index += 1
    return " ".join(words[:index]), " ".join(words[index:])


@dataclass
class EntityRegistry:
    """Who the article names: surname -> full name, role -> full name, and organisations."""

    by_surname: dict[str, str] = field(default_factory=dict)
    by_role: dict[str, str] = field(default_factory=dict)
    organisations: set[str] = field(default_factory=set)
    # "World Trade Organization (WTO)": acronym -> the full name, so "the WTO said" and
    # "a WTO report" credit the organisation by the name it was introduced with.
    acronyms: dict[str, str] = field(default_factory=dict)
    # (offset, words) of every capitalised name sequence, in text order: found once.
    mentions: list[tuple[int, str]] = field(default_factory=list)

    @classmethod
    def from_text(cls, text: str) -> EntityRegistry:
        registry = cls()
        for match in NAME_SEQUENCE.finditer(text):
            budget.check()
            registry.mentions.append((match.start(), match.group()))
            titles, name = strip_titles(match.group())
            if titles and _looks_like_person(name):
                registry.add_person(name, titles.lower())
            elif is_org_name(match.group()) and len(match.group()) > 2:
                registry.organisations.add(match.group())
        for match in _ACRONYM_DEFINED.finditer(text):
            full = _full_name_for(match.group("full"), match.group("acronym"))
            if full:
                # Both forms in one: the name introduced, and the acronym the rest of
                # the article (and a reader searching for it) uses.
                named = f"{full} ({match.group('acronym')})"
                registry.acronyms.setdefault(match.group("acronym"), named)
                registry.organisations.add(named)
        for match in _ROLE_BEFORE_NAME.finditer(text):
            titles, name = strip_titles(match.group("name"))
            if _looks_like_person(name):
                # "chief executive Richard Parsons": up to two words before the role word
                before = _WORDS_BEFORE_ROLE.search(text, max(0, match.start() - 40), match.start())
                role = (before.group() if before else "") + match.group("role")
                registry.add_person(name, role)
        # The fullest name for each surname, found in one pass: asking every mention
        # for each surname made long texts quadratic (issue 18).
        longest = _longest_names(registry.mentions)
        # The other ways news introduces a person, tested at each name found above
        # (cheaper than scanning the text once per pattern).
        for start, mention in registry.mentions:
            budget.check()
            end = start + len(mention)
            _, name = strip_titles(mention)
            role_after = _ROLE_AFTER.match(text, end)
            if role_after and _looks_like_person(name) and len(name.split()) >= 2:
                registry.add_person(name, role_after.group("role").lower())  # "X, the minister,"
            speaker = _SPEECH_AFTER.match(text, end) or _SPEECH_BEFORE.search(
                text, max(0, start - 16), start
            )
            if speaker:
                if len(name.split()) == 1 and name not in registry.by_surname:
                    # "Campbell said": the full name is given elsewhere ("Arsenal's Sol Campbell")
                    name = longest.get(name) or name
                if len(name.split()) >= 2 and _looks_like_person(name):
                    registry.add_person(name, "")
            elif (
                (start == 0 or _SENTENCE_START.search(text, max(0, start - 3), start))
                and _VERB_AFTER.match(text, end)
                and len(name.split()) >= 2
                and _looks_like_person(name)
            ):
                registry.add_person(name, "")  # "Gordon Brown has issued a rallying cry"
        for match in _HONORIFIC.finditer(text):
            surname = match.group("surname")
            if surname not in registry.by_surname:
                registry.add_person(surname, "")
        # "Mr Brown" ... "Gordon Brown": a surname alone takes the full name given anywhere.
        for surname, name in list(registry.by_surname.items()):
            if " " not in name:
                full = longest.get(surname)
                if full:
                    registry.by_surname[surname] = full
                    for role, person in registry.by_role.items():
                        if person == name:
                            registry.by_role[role] = full
        return registry

    def add_person(self, name: str, role: str) -> None:
        name = name.strip()
        surname = name.split()[-1]
        known = self.by_surname.get(surname)
        if known is None or (len(name) > len(known) and name.endswith(known.split()[-1])):
            self.by_surname[surname] = name
        words = role.lower().split()
        for index in range(len(words) - 1, -1, -1):
            if words[index] in _ROLE_STOPWORDS:
                words = words[index + 1 :]
                break
        role = " ".join(w for w in words if w not in _HONORIFIC_ROLES)
        if role:
            self.by_role.setdefault(role, name)
            # "the chancellor" is not the shadow chancellor, nor a deputy or a former one.
            if role.split()[0] not in _OTHER_ROLE_MODIFIERS:
                self.by_role.setdefault(role.split()[-1], name)

    def full_name(self, name: str) -> str:
        """The fullest form the article gives of `name` ('Qureshi' -> 'Shah Mehmood Qureshi')."""
        _, bare = strip_titles(name)
        if not bare:
            return name
        surname = bare.split()[-1]
        known = self.by_surname.get(surname)
        if known and bare.endswith(" " + known):
            return known  # "White House spokesman Marlin Fitzwater": the role is no part of it
        if known and (len(bare.split()) == 1 or known.endswith(bare) or bare.endswith(surname)):
            return known if len(known) >= len(bare) else bare
        return bare

    def is_person(self, name: str) -> bool:
        _, bare = strip_titles(name)
        return bool(bare) and bare.split()[-1] in self.by_surname

    def by_description(self, description: str) -> str | None:
        """'the foreign secretary' -> the person introduced with that role."""
        words = description.lower().split()
        while words and words[0] in ("the", "a", "an", "its", "their", "his", "her"):
            words = words[1:]
        if not words:
            return None
        # "a spokeswoman for the port authority": the role, not the employer, names her
        for index, word in enumerate(words[1:], start=1):
            if word in ("for", "at", "of", "from", "with"):
                words = words[:index]
                break
        role = " ".join(words)
        if role in self.by_role:
            return self.by_role[role]
        if len(words) <= 3 and words[-1] in self.by_role:
            return self.by_role[words[-1]]
        return None

    def people_between(self, start: int, end: int) -> list[tuple[int, str]]:
        """(offset, full name) of every registered person mentioned in text[start:end]."""
        found: list[tuple[int, str]] = []
        first = bisect.bisect_left(self.mentions, (start, ""))
        last = bisect.bisect_left(self.mentions, (end, ""), first)
        # Indexes, not a slice to the end of the list: that copy made long texts quadratic.
        for index in range(first, last):
            offset, mention = self.mentions[index]
            _, bare = strip_titles(mention)
            if bare and bare.split()[-1] in self.by_surname and not is_org_name(mention):
                found.append((offset, self.by_surname[bare.split()[-1]]))
        return found


def subject_organisation(text: str, limit: int, registry: EntityRegistry) -> str | None:
    """The organisation a sentence is about: the last name before its first verb
    ("US supermarket group Winn-Dixie has filed ..."), unless it is a person's."""
    candidates = list(NAME_SEQUENCE.finditer(text, 0, limit))
    if not candidates:
        return None
    _, bare = strip_titles(candidates[-1].group())
    words = bare.split()
    if not words or words[0] in _NOT_NAMES or registry.is_person(bare) or len(words) > 5:
        return None
    if len(words) > 1 and not is_org_name(bare):
        return None  # two or more capitalised words and no company word: likely a person
    return bare


@functools.lru_cache(maxsize=8192)  # pure, and called for every name mention
def _looks_like_person(name: str) -> bool:
    words = name.split()
    if not 1 <= len(words) <= 4:
        return False
    if any(word in _NOT_NAMES or word in _ORG_WORDS for word in words):
        return False
    return all(
        word[0].isupper()
        or word in ("de", "van", "von", "der", "bin", "al", "da", "la", "le", "du", "del")
        for word in words
    )


def _longest_names(mentions: list[tuple[int, str]]) -> dict[str, str]:
    """Surname -> the longest person's name of two or more words ending with it
    (the first of equal length), over every mention."""
    longest: dict[str, str] = {}
    for _, mention in mentions:
        _, bare = strip_titles(mention)
        words = bare.split()
        if len(words) < 2:
            continue
        best = longest.get(words[-1])
        if (best is None or len(bare) > len(best)) and _looks_like_person(bare):
            longest[words[-1]] = bare
    return longest
