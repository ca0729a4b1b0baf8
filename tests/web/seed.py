"""Test data for the web tests: reviewers of each role and an article with claims.

Inserted directly through the models (the extractor is not under test here); the
article text is written here, so no corpus is needed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.engine import Engine

from claimtrack.db import unit_of_work
from claimtrack.review import auth
from claimtrack.store.fingerprint import claim_fingerprint as fingerprint
from models import Article, Claim, Role

ARTICLE_TEXT = (
    "Kashmir hour observed across Pakistan\n"
    "ISLAMABAD: Foreign Minister Shah Mehmood Qureshi said on Friday that it is the 26th "
    "consecutive day of the lockdown. "
    "Prime Minister Imran Khan will address the UN General Assembly on September 27, he said. "
    "A protester carried a placard reading <script>alert('owned')</script> & \"quotes\". "
    "Officials said 1,200 people were detained in the first week."
)

# (clause, type, claimer, values, checkworthiness)
ClaimSpec = tuple[str, str, str | None, list[dict[str, Any]], float]
CLAIMS: list[ClaimSpec] = [
    (
        "it is the 26th consecutive day of the lockdown",
        "quantity",
        "Shah Mehmood Qureshi",
        [{"kind": "quantity", "amount": 26, "unit": "day"}],
        0.91,
    ),
    (
        "Prime Minister Imran Khan will address the UN General Assembly on September 27",
        "date",
        "Shah Mehmood Qureshi",
        [{"kind": "date", "value": "2019-09-27"}],
        0.87,
    ),
    (
        "A protester carried a placard reading <script>alert('owned')</script>",
        "statement",
        None,
        [],
        0.42,
    ),
    (
        "1,200 people were detained in the first week",
        "quantity",
        "officials",
        [{"kind": "quantity", "amount": 1200, "unit": "person"}],
        0.78,
    ),
]


@dataclass
class Seeded:
    tokens: dict[Role, str]
    reviewer_ids: dict[Role, int]
    article_id: int
    claim_ids: list[int] = field(default_factory=list)

    def bearer(self, role: Role) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[role]}"}


def sentence_around(text: str, start: int, end: int) -> str:
    left = max(text.rfind(". ", 0, start) + 2, text.rfind("\n", 0, start) + 1, 0)
    right = text.find(". ", end)
    return text[left : right + 1 if right >= 0 else len(text)]


def add_article(
    engine: Engine,
    text: str = ARTICLE_TEXT,
    key: str = "test://kashmir-hour",
    claims: list[ClaimSpec] = CLAIMS,
) -> tuple[int, list[int]]:
    with unit_of_work(engine) as session:
        article = Article(
            source="file",
            source_key=key,
            title="Kashmir hour <observed>",
            text=text,
            sha256=hashlib.sha256(text.encode()).hexdigest(),
        )
        session.add(article)
        session.flush()
        ids = []
        for clause, claim_type, claimer, values, score in claims:
            start = text.index(clause)
            end = start + len(clause)
            claim = Claim(
                article_id=article.id,
                span_start=start,
                span_end=end,
                text=clause,
                sentence=sentence_around(text, start, end),
                type=claim_type,
                claimer=claimer,
                values=values,
                checkworthiness=score,
                extractor_version="test",
                fingerprint=fingerprint(clause, claim_type, values),
            )
            session.add(claim)
            session.flush()
            ids.append(claim.id)
        return article.id, ids


def seed(engine: Engine) -> Seeded:
    tokens: dict[Role, str] = {}
    ids: dict[Role, int] = {}
    with unit_of_work(engine) as session:
        for role in Role:
            reviewer, token = auth.create_reviewer(session, f"{role.value.title()} Tester", role)
            tokens[role] = token
            ids[role] = reviewer.id
    article_id, claim_ids = add_article(engine)
    return Seeded(tokens, ids, article_id, claim_ids)
