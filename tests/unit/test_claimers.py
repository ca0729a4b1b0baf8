"""Person, Organization or a mere description: who a claimer is, for ClaimReview authors."""

from __future__ import annotations

import pytest

from claimtrack.claimers import ClaimerKind, claimer_kind
from claimtrack.extraction.entities import EntityRegistry

PERSON, ORGANIZATION, DESCRIPTION = (
    ClaimerKind.PERSON,
    ClaimerKind.ORGANIZATION,
    ClaimerKind.DESCRIPTION,
)


@pytest.mark.parametrize(
    ("claimer", "kind"),
    [
        ("Shah Mehmood Qureshi", PERSON),
        ("Foreign Minister Shah Mehmood Qureshi", PERSON),
        ("Charles de Gaulle", PERSON),
        ("Mr Smith", PERSON),
        ("the US Agriculture Department", ORGANIZATION),
        ("the Bank of England", ORGANIZATION),
        ("NATO", ORGANIZATION),
        ("Ofcom", ORGANIZATION),
        ("Reuters", ORGANIZATION),
        # Descriptions name no one: publishing them as a Person (issue 12) is wrong.
        ("figures published by regulator", DESCRIPTION),
        ("Figures published by the regulator", DESCRIPTION),
        ("officials", DESCRIPTION),
        ("the harbour board", DESCRIPTION),
        ("a spokesman for the Ministry of Defence", DESCRIPTION),
        ("2019 census figures", DESCRIPTION),
        ("examples/articles/kashmir-hour-2019-08-30.txt", DESCRIPTION),
    ],
)
def test_claimer_kinds(claimer: str, kind: ClaimerKind) -> None:
    assert claimer_kind(claimer) is kind


def test_the_articles_own_entities_settle_one_word_names() -> None:
    text = (
        "US supermarket group Winn-Dixie has filed for bankruptcy. Chief executive "
        "Peter Lynch said Winn-Dixie would keep its stores open. Lynch said sales fell."
    )
    registry = EntityRegistry.from_text(text)
    assert claimer_kind("Winn-Dixie", registry) is ORGANIZATION
    assert claimer_kind("Lynch", registry) is PERSON
    assert claimer_kind("Peter Lynch", registry) is PERSON
