"""Reviewers' search text made safe for PostgreSQL's websearch_to_tsquery.

websearch_to_tsquery accepts any text, but a '-' with no word after it is still
pushed as a NOT of nothing, and PostgreSQL's tsquery parser stacks at most 32 of
them: a search of 33 '-' failed with "tsquery stack too small", a 500 on the API,
the CSV export and the queue page, and a traceback in the CLI (issue 18). A '-'
means NOT only right before a word or a quoted phrase, so every other '-' is
dropped and runs of them are one; the length is bounded so that no search text
makes the parser work without limit.
"""

from __future__ import annotations

import re

import sqlalchemy as sa

from claimtrack.review.errors import InvalidInput

MAX_SEARCH_CHARACTERS = 500

_NOT_BEFORE_TERM = re.compile(r'-+(?=[\w"])')  # "--word": one NOT
_NOT_OF_NOTHING = re.compile(r'-(?![\w"])')  # "- ", "-" at the end: no operand at all


def websearch_text(search: str) -> str:
    """The search text with every NOT of nothing removed; too long a text is refused."""
    if len(search) > MAX_SEARCH_CHARACTERS:
        raise InvalidInput(
            f"the search text is {len(search):,} characters long; "
            f"at most {MAX_SEARCH_CHARACTERS} are allowed"
        )
    return _NOT_OF_NOTHING.sub(" ", _NOT_BEFORE_TERM.sub("-", search))


def websearch_query(search: str) -> sa.ColumnElement[object]:
    """websearch_to_tsquery('english', ...) over the made-safe text."""
    return sa.func.websearch_to_tsquery("english", websearch_text(search))
