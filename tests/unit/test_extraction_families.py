"""Issue 16's error families, each tested on sentences written for these tests.

Each test states a family, not one sentence: several shapes of the same error.
"""

from __future__ import annotations

import datetime as dt

import pytest

from claimtrack.extraction import ExtractedClaim, extract_claims

PUBLISHED = dt.date(1988, 6, 15)  # a Wednesday


def claim_with(text: str, words: str, published: dt.date | None = PUBLISHED) -> ExtractedClaim:
    claims = extract_claims(text, published)
    found = [claim for claim in claims if words in claim.text]
    assert found, f"no claim contains {words!r}: {[c.text for c in claims]}"
    return found[0]


# Family 1: legal acts are `law` even with a number or a date in them (law > quantity > date).
@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Canada imposed a 12 pct tariff on imported steel pipes in May.", "tariff"),
        ("Ottawa set a quota of 40,000 tonnes for frozen cod imports.", "quota"),
        ("Importers must obtain a permit before shipping more than 500 cattle.", "permit"),
        ("The senate voted 61 to 38 on Tuesday to approve the farm bill.", "voted"),
        ("The new ordinance caps rents at 3 pct a year for five years.", "caps rents"),
        ("The appeals court upheld the 1986 verdict against the printers.", "upheld"),
        ("A federal judge ordered the airline to rehire 340 pilots.", "ordered"),
        ("Prosecutors indicted four executives on fraud counts on Monday.", "indicted"),
        ("The two brokers pleaded guilty to 14 counts of fraud in March.", "pleaded"),
        ("The jury acquitted the 3 directors after a 9 week trial.", "acquitted"),
        ("Oil producers agreed to cut output by 7 pct from July 1.", "cut output"),
        ("The cartel set a production ceiling of 15.8 mln barrels per day.", "ceiling"),
        ("Washington lifted the embargo on grain sales to Moscow in 1981.", "embargo"),
        ("Exporters will pay a levy of 20 dlrs per bag from next month.", "levy"),
        ("The duty on imported wine rises to 9 pct on July 1.", "duty"),
        # the act named once, as the subject, governs every clause of the sentence
        (
            "The treaty, which 40 states signed in 1985, would cut stockpiles by 30 pct.",
            "stockpiles",
        ),
        ("Its quota, which Ottawa set in May, limits imports to 9,000 cars a year.", "limits"),
        # a commitment whose speaker the attribution cut off
        ("The producers pledged to hold output at 16 mln barrels a day.", "hold output"),
    ],
)
def test_legal_acts_are_law_even_with_numbers_or_dates(text: str, words: str) -> None:
    assert claim_with(text, words).type == "law"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Steel output rose 12 pct in May.", "output"),
        ("The company cut 400 jobs at its Leeds plant in 1987.", "jobs"),
        ("The court building was finished in 1902.", "finished"),
        ("Union members voted 2,100 to 400 to go on strike on Monday.", "voted"),
        ("The law firm, which employs 300 lawyers, doubled its fees to 40 mln dlrs.", "doubled"),
        ("The electricity bill rose 9 pct in May.", "bill"),
        ("The two firms signed a 300 mln dlr supply agreement in May.", "agreement"),
    ],
)
def test_figures_without_a_legal_act_keep_their_type(text: str, words: str) -> None:
    assert claim_with(text, words).type != "law"


# Family 2: the unit is the head noun of the counted phrase, past adjectives, ordinals
# and verbs; units of two words; sports distances; "N of the X"; ordinal anniversaries.
def quantities_in(text: str) -> list[tuple[object, object]]:
    return [
        (value["amount"], value["unit"])
        for claim in extract_claims(text, PUBLISHED)
        for value in claim.values
        if value["kind"] == "quantity"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The nine largest insurers lost money last year.", (9, "insurer")),
        ("The 20 most polluted rivers run through the north.", (20, "river")),
        ("Eleven parish councillors resigned over the plan.", (11, "parish councillor")),
        ("The three newly elected senators took their seats.", (3, "senator")),
        ("Roughly 2,500 Sami live in the northern valley.", (2500, "sami")),
        ("The mill ground four mln long tons of cane.", (4_000_000, "long ton")),
        ("The reserve covers 38 square miles of marsh.", (38, "square mile")),
        ("The index climbed to 14 because of strong demand.", (14, None)),
        ("Turnout fell to 41 despite a late campaign.", (41, None)),
        ("She won the 400m at the indoor championships.", (400, "metre")),
        ("He broke the world record in the 1500m in Oslo.", (1500, "metre")),
        ("The city marks the 25th anniversary of the flood.", (25, "anniversary")),
        ("Police said nine of the hostages were freed.", (9, "hostage")),
        ("Only four of their last ten matches were wins.", (4, "match")),
        # wire copy's bid and offer: the second number gives only the last digits
        ("Overnight funds traded at 4.15/25 pct, up from 4.05/10 on Friday.", (4.25, "%")),
        ("Overnight funds traded at 4.15/25 pct, up from 4.05/10 on Friday.", (4.1, "%")),
    ],
)
def test_the_unit_is_the_head_of_the_counted_phrase(
    text: str, expected: tuple[object, object]
) -> None:
    assert expected in quantities_in(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The bank raised 400m euros from the sale.", (400_000_000, "EUR")),
        ("It is one of the oldest firms in the city.", None),
    ],
)
def test_millions_and_indefinites_stay_what_they_are(
    text: str, expected: tuple[object, object] | None
) -> None:
    found = quantities_in(text)
    assert (expected in found) if expected else not found


# Family 3: claimers. A descriptor resolves to the person the article names with that
# role; an acronym to the organisation's full name; a group to its named member; the
# attribution may follow a quotation, sit mid-sentence or around dashes; fragments
# (a nationality, a common noun, a clause) are never claimers.
@pytest.mark.parametrize(
    ("text", "words", "claimer"),
    [
        (
            "A spokeswoman for the port said 120 ships were waiting. Later, spokeswoman Lena"
            " Ortiz said"
            " the harbour would reopen on Friday.",
            "120 ships",
            "Lena Ortiz",
        ),
        (
            "The Asian Rice Council (ARC) met in Manila on Monday. An ARC survey said stocks"
            " fell 8 pct in May.",
            "stocks fell",
            "Asian Rice Council",
        ),
        (
            "The European Steel Federation (ESF) said output rose 6 pct in April.",
            "output rose",
            "European Steel Federation",
        ),
        (
            "Several brokers, including Omar Haddad of Delta Securities, said the index would"
            " fall 9 pct.",
            "fall 9 pct",
            "Omar Haddad",
        ),
        (
            'Omar Haddad runs a fund in Cairo. "Gold will reach 600 dlrs," Haddad told a trade'
            " magazine in 1987.",
            "600 dlrs",
            "Omar Haddad",
        ),
        (
            "Car sales rose 7 pct in May, the transport ministry said, with exports leading.",
            "Car sales rose",
            "transport ministry",
        ),
        (
            "On Tuesday, Judge Nina Petrova - the presiding judge - said the firm owed 4 mln dlrs.",
            "4 mln dlrs",
            "Nina Petrova",
        ),
        (
            "Freight rates fell 6 pct - the sharpest fall in a decade - the shipping council said.",
            "Freight rates fell",
            "shipping council",
        ),
    ],
)
def test_claimers_resolve_to_who_asserts(text: str, words: str, claimer: str) -> None:
    found = claim_with(text, words).claimer
    assert found is not None and claimer in found


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("The complaint says the agency owes 9 mln dlrs to the builders.", "9 mln"),
        ("Grain stocks fell 6 pct in May, the Canadians said.", "6 pct"),
    ],
)
def test_fragments_are_no_claimers(text: str, words: str) -> None:
    assert claim_with(text, words).claimer is None


def test_an_organisation_named_with_its_acronym_is_an_organisation() -> None:
    from claimtrack.claimers import ClaimerKind, claimer_kind

    assert claimer_kind("Asian Rice Council (ARC)") is ClaimerKind.ORGANIZATION


# Family 4: an aside (a relative clause, an apposition) with a value of its own is a
# claim of its own; a deadline's month and day is the nearest one, usually ahead.
@pytest.mark.parametrize(
    ("text", "aside"),
    [
        (
            "The trust, which manages 14 reservoirs, raised water charges by 6 pct.",
            "which manages 14 reservoirs",
        ),
        (
            "Brauhaus, the country's largest brewer, raised its prices by 5 pct in May.",
            "the country's largest brewer",
        ),
        (
            "Attorney Ana Silva, who represents 30 of the growers, said the claim was worth 2"
            " mln dlrs.",
            "who represents 30 of the growers",
        ),
    ],
)
def test_an_aside_with_its_own_value_is_its_own_claim(text: str, aside: str) -> None:
    claims = extract_claims(text, PUBLISHED)
    holding = [c for c in claims if aside in c.text]
    assert holding and all(len(c.text) < len(text) * 0.75 for c in holding), [
        c.text for c in claims
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Negotiators met on Monday ahead of the June 24 deadline.", "1988-06-24"),
        ("The union set a 30 June deadline for an agreement.", "1988-06-30"),
        ("The company missed the June 2 deadline for its accounts.", "1988-06-02"),
    ],
)
def test_a_deadline_is_the_nearest_such_day(text: str, expected: str) -> None:
    dates = [
        v["value"] for c in extract_claims(text, PUBLISHED) for v in c.values if v["kind"] == "date"
    ]
    assert expected in dates


def test_the_time_of_saying_is_no_part_of_the_claimer() -> None:
    text = "Tourist arrivals rose 11 pct, according to the Harbour Board on Thursday."
    assert claim_with(text, "arrivals rose").claimer == "Harbour Board"
