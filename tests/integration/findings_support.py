"""Articles stored with the real extractor's claims, for the findings tests."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime

from sqlalchemy.orm import Session

from claimtrack.extraction import EXTRACTOR_VERSION, extract_claims
from claimtrack.store.fingerprint import claim_fingerprint
from models import Article, Claim

# Written for these tests: each sentence holds one relation the checks examine.
MEMBERSHIP = (
    "Club membership fell from 40 members to 30 members last year, down 10%, the "
    "secretary said. The annual fee rose from £448 to £488, an increase of about 9%."
)
CURFEW = (
    "It is the 26th day of the curfew in the valley, officials said. "
    "The curfew was imposed on August 1 by the government."
)
CURFEW_PUBLISHED = date(2019, 8, 30)


def store_article(
    session: Session, key: str, text: str, published: date | None = None
) -> list[Claim]:
    """An article and the claims the extractor finds in it, as the pipeline stores them."""
    article = Article(
        source="file",
        source_key=key,
        title=key,
        text=text,
        published=published,
        sha256=hashlib.sha256(text.encode()).hexdigest(),
        extractor_version=EXTRACTOR_VERSION,
        extracted_at=datetime.now(UTC),
    )
    session.add(article)
    session.flush()
    claims = [
        Claim(
            article_id=article.id,
            span_start=found.start,
            span_end=found.end,
            text=found.text,
            sentence=found.sentence,
            type=found.type,
            claimer=found.claimer,
            values=found.values,
            checkworthiness=found.checkworthiness,
            extractor_version=EXTRACTOR_VERSION,
            fingerprint=claim_fingerprint(found.text, found.type, found.values),
        )
        for found in extract_claims(text, published)
    ]
    session.add_all(claims)
    session.flush()
    return claims
