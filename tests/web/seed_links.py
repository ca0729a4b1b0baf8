"""Test data for the matching surfaces: a fact-check and a sibling claim, linked as the
matcher would suggest them (rows written through the ORM: the ranker is not under test)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import Engine

from claimtrack.db import unit_of_work
from models import ClaimLink, FactCheck
from tests.web.seed import CLAIMS, Seeded, add_article

FACT_CHECK_TEXT = "Pakistan says the Kashmir lockdown is in its 26th day <b>bold</b>"
FACT_CHECK_URL = "https://factcheck.example/kashmir-lockdown-26-days"
OTHER_TEXT = (
    "Kashmir lockdown enters fourth week\n"
    "Foreign Minister Shah Mehmood Qureshi said that it is the 26th consecutive day of the "
    "lockdown."
)


@dataclass(frozen=True)
class Linked:
    claim_id: int  # the seeded claim the links belong to
    fact_check_id: int
    fact_check_link_id: int
    sibling_id: int
    sibling_link_id: int


def add_links(engine: Engine, seeded: Seeded) -> Linked:
    """The first seeded claim gets a suggested fact-check (verdict false) and a suggested
    sibling: the same clause in a second article."""
    _, (sibling_id,) = add_article(engine, OTHER_TEXT, "test://kashmir-week-4", CLAIMS[:1])
    claim_id = seeded.claim_ids[0]
    with unit_of_work(engine) as session:
        fact_check = FactCheck(
            source_id="test:fc:1",
            origin="imported",
            source_name="test.csv (csv)",
            claim_text=FACT_CHECK_TEXT,
            rating="Mostly <False>",
            verdict="false",
            url=FACT_CHECK_URL,
            publisher="Example <Checkers>",
            sha256="0" * 64,
        )
        session.add(fact_check)
        session.flush()
        to_fact_check = ClaimLink(
            claim_id=claim_id,
            kind="fact_check",
            fact_check_id=fact_check.id,
            method="lexical",
            score=0.83,
        )
        to_sibling = ClaimLink(
            claim_id=claim_id,
            kind="sibling",
            sibling_id=sibling_id,
            method="fingerprint",
            score=1.0,
        )
        session.add_all([to_fact_check, to_sibling])
        session.flush()
        return Linked(claim_id, fact_check.id, to_fact_check.id, sibling_id, to_sibling.id)
