"""Merging claims, and undoing a merge by reopening the absorbed claim (issue 12, item 2).

Real PostgreSQL, each test rolled back.
"""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from claimtrack.review import corrections, queries, service
from claimtrack.review.errors import Forbidden, InvalidInput, InvalidTransition
from models import Article, Claim, Reviewer
from tests.integration.test_review_support import add_article, add_reviewer, example_text

SECOND_TEXT = (
    "Ferry fares rise\n\nThe harbour board said fares would rise by 12 per cent in April, "
    "the first increase since 2019.\n"
)
FOREIGN_VALUE = {"kind": "quantity", "amount": 12, "unit": "percent"}
OWN_VALUE = {"kind": "quantity", "amount": 26, "unit": "day"}


def _claim(
    session: Session,
    reviewer: Reviewer,
    article: Article,
    words: str,
    values: list[dict[str, object]],
) -> Claim:
    start = article.text.index(words)
    return corrections.add_claim(
        session,
        reviewer,
        article.id,
        start=start,
        end=start + len(words),
        type="quantity",
        values=values,
    )


TwoArticles = tuple[Session, Claim, Claim, Claim, Reviewer, Reviewer]


@pytest.fixture
def two_articles(db_session: Session) -> TwoArticles:
    first = add_article(db_session, example_text())
    second = add_article(db_session, SECOND_TEXT, key="examples/other/ferry.txt", url=None)
    reviewer, _ = add_reviewer(db_session, "rita")
    editor, _ = add_reviewer(db_session, "eddie", "editor")
    own = _claim(db_session, reviewer, first, "it is 26th day", [OWN_VALUE])
    neighbour = _claim(db_session, reviewer, first, "The real facts would come out", [])
    foreign = _claim(
        db_session, reviewer, second, "fares would rise by 12 per cent", [FOREIGN_VALUE]
    )
    return db_session, own, neighbour, foreign, reviewer, editor


def test_merging_claims_of_two_articles_is_refused(two_articles: TwoArticles) -> None:
    session, own, _, foreign, reviewer, _ = two_articles
    with pytest.raises(InvalidInput, match="different articles"):
        corrections.merge_claims(
            session,
            reviewer,
            own.id,
            survivor_version=own.version,
            absorbed_id=foreign.id,
            absorbed_version=foreign.version,
        )
    session.refresh(own)
    session.refresh(foreign)
    assert own.values == [OWN_VALUE] and own.version == 1
    assert (foreign.status, foreign.merged_into_id, foreign.version) == ("new", None, 1)


def test_merging_across_articles_needs_the_explicit_flag(two_articles: TwoArticles) -> None:
    session, own, _, foreign, reviewer, _ = two_articles
    survivor = corrections.merge_claims(
        session,
        reviewer,
        own.id,
        survivor_version=own.version,
        absorbed_id=foreign.id,
        absorbed_version=foreign.version,
        across_articles=True,
    )
    assert FOREIGN_VALUE in survivor.values


def test_reopening_a_merged_claim_restores_both_claims(two_articles: TwoArticles) -> None:
    session, own, _, foreign, reviewer, editor = two_articles
    span_before = (own.span_start, own.span_end, own.text)
    corrections.merge_claims(
        session,
        reviewer,
        own.id,
        survivor_version=own.version,
        absorbed_id=foreign.id,
        absorbed_version=foreign.version,
        across_articles=True,
    )
    session.refresh(foreign)
    restored = service.reopen_claim(session, editor, foreign.id, version=foreign.version)
    assert (restored.status, restored.merged_into_id) == ("new", None)
    session.refresh(own)
    assert own.values == [OWN_VALUE]
    assert (own.span_start, own.span_end, own.text) == span_before
    history = queries.claim_history(session, own.id)
    assert [e.action for e in history][-2:] == ["merge", "unmerge"]
    assert history[-1].reviewer_id == editor.id
    listed = {c.id for c in queries.list_claims(session, limit=None)}
    assert {own.id, foreign.id} <= listed


def test_reopening_undoes_a_merge_in_one_sentence_span_included(two_articles: TwoArticles) -> None:
    session, own, neighbour, _, reviewer, editor = two_articles
    before = (neighbour.span_start, neighbour.span_end, neighbour.text, neighbour.sentence)
    survivor = corrections.merge_claims(
        session,
        reviewer,
        neighbour.id,
        survivor_version=neighbour.version,
        absorbed_id=own.id,
        absorbed_version=own.version,
    )
    assert survivor.span_end == own.span_end and OWN_VALUE in survivor.values
    session.refresh(own)
    service.reopen_claim(session, editor, own.id, version=own.version)
    session.refresh(neighbour)
    assert (neighbour.span_start, neighbour.span_end, neighbour.text, neighbour.sentence) == before
    assert neighbour.values == []
    assert "values" not in (neighbour.reviewer_edits or {})


def test_a_later_correction_of_the_survivor_is_kept(two_articles: TwoArticles) -> None:
    session, own, neighbour, _, reviewer, editor = two_articles
    corrections.merge_claims(
        session,
        reviewer,
        neighbour.id,
        survivor_version=neighbour.version,
        absorbed_id=own.id,
        absorbed_version=own.version,
    )
    session.refresh(neighbour)
    corrections.correct_claim(
        session,
        reviewer,
        neighbour.id,
        version=neighbour.version,
        correction=corrections.Correction(
            claimer="Sohail Mahmood", values=[OWN_VALUE, {"kind": "date", "value": "2019-08-30"}]
        ),
    )
    session.refresh(own)
    service.reopen_claim(session, editor, own.id, version=own.version)
    session.refresh(neighbour)
    # The merge's own value leaves; the reviewer's later additions stay.
    assert neighbour.values == [{"kind": "date", "value": "2019-08-30"}]
    assert neighbour.claimer == "Sohail Mahmood"


def test_a_reviewed_survivor_must_be_reopened_first(two_articles: TwoArticles) -> None:
    session, own, neighbour, _, reviewer, editor = two_articles
    corrections.merge_claims(
        session,
        reviewer,
        neighbour.id,
        survivor_version=neighbour.version,
        absorbed_id=own.id,
        absorbed_version=own.version,
    )
    session.refresh(neighbour)
    service.review_claim(session, reviewer, neighbour.id, version=neighbour.version, verdict="true")
    session.refresh(own)
    with pytest.raises(InvalidTransition, match=f"reopen claim {neighbour.id} first"):
        service.reopen_claim(session, editor, own.id, version=own.version)
    session.refresh(own)
    assert (own.status, own.merged_into_id) == ("dismissed", neighbour.id)


def test_only_an_editor_undoes_a_merge(two_articles: TwoArticles) -> None:
    session, own, neighbour, _, reviewer, _ = two_articles
    corrections.merge_claims(
        session,
        reviewer,
        neighbour.id,
        survivor_version=neighbour.version,
        absorbed_id=own.id,
        absorbed_version=own.version,
    )
    session.refresh(own)
    session.refresh(neighbour)
    version = neighbour.version
    with pytest.raises(Forbidden, match="restore"):
        service.reopen_claim(session, reviewer, own.id, version=own.version)
    session.refresh(neighbour)
    assert neighbour.version == version and OWN_VALUE in neighbour.values
