"""CSV and JSON Lines exports from the database carry evidence URLs, reviewer and assignee,
and follow CLAIMTRACK_PUBLISHER_URL instead of local paths (issue 12, item 3)."""

from __future__ import annotations

import csv
import io
import json

from sqlalchemy.orm import Session

from claimtrack import exports
from claimtrack.review import queries, queue, service
from claimtrack.settings import Settings
from tests.integration.test_review_support import (
    add_article,
    add_example_claims,
    add_reviewer,
    example_text,
)

EVIDENCE = "https://stats.example.org/kashmir"


def test_exports_from_the_database(db_session: Session) -> None:
    article = add_article(db_session, example_text(), key="articles/kashmir.txt", url=None)
    claims = add_example_claims(db_session, article)
    rita, _ = add_reviewer(db_session, "rita")
    eddie, _ = add_reviewer(db_session, "eddie", "editor")
    reviewed = service.review_claim(
        db_session,
        rita,
        claims[0].id,
        version=claims[0].version,
        verdict="false",
        evidence_urls=[EVIDENCE],
    )
    taken = queue.next_claim(db_session, eddie)
    assert taken is not None and taken.id != reviewed.id
    settings = Settings(publisher_url="https://news.example.org")
    filters = queries.ClaimFilters(article_id=article.id)

    out = io.StringIO()
    exports.export_claims(db_session, filters, "jsonl", out, settings)
    records = {r["id"]: r for r in map(json.loads, out.getvalue().splitlines())}
    assert records[reviewed.id]["evidence_urls"] == [EVIDENCE]
    assert records[reviewed.id]["reviewer"] == "rita"
    assert records[taken.id]["assignee"] == "eddie"
    assert records[taken.id]["reviewer"] is None
    assert {r["article_url"] for r in records.values()} == {
        "https://news.example.org/articles/kashmir.txt"
    }

    out = io.StringIO()
    exports.export_claims(db_session, filters, "csv", out, settings)
    rows = {int(r["id"]): r for r in csv.DictReader(io.StringIO(out.getvalue()))}
    assert json.loads(rows[reviewed.id]["evidence_urls"]) == [EVIDENCE]
    assert (rows[reviewed.id]["reviewer"], rows[taken.id]["assignee"]) == ("rita", "eddie")
    for row in rows.values():
        assert (
            row["article_key"]
            == row["article_url"]
            == "https://news.example.org/articles/kashmir.txt"
        )
