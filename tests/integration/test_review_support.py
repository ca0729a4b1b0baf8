"""Shared set-up for the review tests: the example article and its claims in the database.

Claims come from the extractor when it is importable, else from the example's gold set
(tests/gold/example.jsonl), so the review tests do not depend on extraction quality.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from claimtrack.review.auth import create_reviewer
from claimtrack.store.fingerprint import claim_fingerprint as fingerprint
from models import Article, Claim, Reviewer

REPO_ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_ARTICLE = REPO_ROOT / "examples" / "articles" / "kashmir-hour-2019-08-30.txt"
EXAMPLE_GOLD = REPO_ROOT / "tests" / "gold" / "example.jsonl"
EXAMPLE_PUBLISHED = date(2019, 8, 30)
EXAMPLE_URL = "https://news.example.com/2019/08/30/kashmir-hour"


def example_text() -> str:
    return EXAMPLE_ARTICLE.read_text(encoding="utf-8")


def add_article(
    session: Session,
    text: str,
    *,
    key: str = "examples/articles/kashmir-hour-2019-08-30.txt",
    url: str | None = EXAMPLE_URL,
    source: str = "file",
    published: date | None = EXAMPLE_PUBLISHED,
) -> Article:
    article = Article(
        source=source,
        source_key=key,
        title=text.splitlines()[0][:200],
        url=url,
        published=published,
        text=text,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
    )
    session.add(article)
    session.flush()
    return article


def _extracted(text: str) -> list[dict[str, Any]] | None:
    try:
        from claimtrack.extraction import extract_claims
    except ImportError:
        return None
    claims = [
        {
            "start": c.start,
            "end": c.end,
            "type": c.type,
            "claimer": c.claimer,
            "values": c.values,
            "checkworthiness": c.checkworthiness,
            "sentence": c.sentence,
        }
        for c in extract_claims(text, EXAMPLE_PUBLISHED)
    ]
    return claims or None


def _from_gold(text: str) -> list[dict[str, Any]]:
    gold = json.loads(EXAMPLE_GOLD.read_text(encoding="utf-8").splitlines()[0])
    claims = []
    for index, item in enumerate(gold["claims"]):
        position = -1
        for _ in range(item.get("occurrence", 1)):
            position = text.index(item["anchor"], position + 1)
        claims.append(
            {
                "start": position,
                "end": position + len(item["anchor"]),
                "type": item["type"],
                "claimer": item["claimer"],
                "values": item["values"],
                # Distinct, descending scores so the queue's order is known.
                "checkworthiness": round(0.98 - 0.04 * index, 2),
                "sentence": None,
            }
        )
    return claims


def add_example_claims(
    session: Session, article: Article, *, use_extractor: bool = True
) -> list[Claim]:
    """The example article's claims, stored as the pipeline would store them; from the
    gold set when `use_extractor` is False (a fixed count, for the concurrency tests)."""
    from claimtrack.review.spans import sentence_of

    specs = (_extracted(article.text) if use_extractor else None) or _from_gold(article.text)
    claims = []
    for spec in specs:
        span_text = article.text[spec["start"] : spec["end"]]
        claim = Claim(
            article_id=article.id,
            span_start=spec["start"],
            span_end=spec["end"],
            text=span_text,
            sentence=spec["sentence"] or sentence_of(article.text, spec["start"], spec["end"]),
            type=spec["type"],
            claimer=spec["claimer"],
            values=spec["values"],
            checkworthiness=spec["checkworthiness"],
            extractor_version="test",
            fingerprint=fingerprint(span_text, spec["type"], spec["values"]),
        )
        session.add(claim)
        claims.append(claim)
    session.flush()
    return claims


def add_reviewer(session: Session, name: str, role: str = "reviewer") -> tuple[Reviewer, str]:
    return create_reviewer(session, name, role)
