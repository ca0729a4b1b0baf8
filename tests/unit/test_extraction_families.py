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
        ("The two firms signed a 300 mln dlr supply agreement in May.", "agreement"),
    ],
)
def test_figures_without_a_legal_act_keep_their_type(text: str, words: str) -> None:
    assert claim_with(text, words).type != "law"
