"""A reviewer's corrections: fix a claim, add one the extractor missed, merge, split.

Corrected fields go into `reviewer_edits` (re-extraction never overwrites them) and into
the event's `changes` as [before, after], so the extractor's original stays in the history.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from claimtrack.review.changes import (
    Changes,
    change_claim,
    check_version,
    load_claim,
    record_event,
)
from claimtrack.review.errors import InvalidInput, NotFound
from claimtrack.review.service import clean_note
from claimtrack.review.spans import check_span, sentence_bounds, sentence_of
from claimtrack.review.transitions import TRANSITIONS, Action, check_role
from claimtrack.store.findings import refresh_findings
from claimtrack.store.fingerprint import claim_fingerprint
from models import Article, Claim, ClaimOrigin, ClaimStatus, ClaimType, Reviewer

# The extractor_version of claims a reviewer wrote by hand.
REVIEWER_EXTRACTOR = "reviewer"
# A reviewer who adds a claim has judged it worth checking: it goes to the top of the queue.
ADDED_CLAIM_CHECKWORTHINESS = 1.0
_VALUE_KINDS = {"date", "quantity"}


@dataclass(frozen=True)
class Correction:
    """Fields to correct; None leaves a field as it is. `clear_claimer` sets it to null
    (the article asserts it in its own voice)."""

    start: int | None = None
    end: int | None = None
    type: str | None = None
    values: list[dict[str, Any]] | None = None
    claimer: str | None = None
    clear_claimer: bool = False

    def is_empty(self) -> bool:
        return (
            self.start is None
            and self.end is None
            and self.type is None
            and self.values is None
            and self.claimer is None
            and not self.clear_claimer
        )


def parse_type(claim_type: str) -> str:
    value = claim_type.strip().lower()
    if value not in {t.value for t in ClaimType}:
        allowed = ", ".join(t.value for t in ClaimType)
        raise InvalidInput(f"unknown claim type {claim_type!r}; expected one of {allowed}")
    return value


def check_values(values: Any) -> list[dict[str, Any]]:
    """Values as the extraction spec shapes them: a list of objects with a known kind."""
    if not isinstance(values, list) or not all(isinstance(v, dict) for v in values):
        raise InvalidInput("values must be a JSON list of objects")
    for value in values:
        if value.get("kind") not in _VALUE_KINDS:
            raise InvalidInput(f"a value's kind must be date or quantity: {value!r}")
        if value["kind"] == "date" and not isinstance(value.get("value"), str):
            raise InvalidInput(f"a date value needs a 'value' string (YYYY[-MM[-DD]]): {value!r}")
        amount = value.get("amount")
        if value["kind"] == "quantity" and (
            not isinstance(amount, int | float) or isinstance(amount, bool)
        ):
            raise InvalidInput(f"a quantity value needs a numeric 'amount': {value!r}")
    try:
        json.dumps(values)
    except (TypeError, ValueError):
        raise InvalidInput("values must be plain JSON") from None
    return values


def _clean_claimer(claimer: str | None) -> str | None:
    if claimer is None or not claimer.strip():
        return None
    return " ".join(claimer.split())[:500]


def _set(claim: Claim, field: str, value: Any, changes: Changes) -> None:
    before = getattr(claim, field)
    if before == value:
        return
    changes[field] = [before, value]
    setattr(claim, field, value)
    claim.reviewer_edits = {**(claim.reviewer_edits or {}), field: value}


def _apply_span(claim: Claim, start: int, end: int, changes: Changes) -> None:
    article_text = claim.article.text
    text = check_span(article_text, start, end)
    _set(claim, "span_start", start, changes)
    _set(claim, "span_end", end, changes)
    _set(claim, "text", text, changes)
    _set(claim, "sentence", sentence_of(article_text, start, end), changes)


def correct_claim(
    session: Session,
    actor: Reviewer,
    claim_id: int,
    *,
    version: int | None,
    correction: Correction,
    note: str | None = None,
) -> Claim:
    """Fix a claim's span (its text and sentence recomputed from the article), type,
    values or claimer. The fingerprint is kept: it is how re-extraction finds the claim."""
    if correction.is_empty():
        raise InvalidInput("nothing to correct: give a span, type, values or claimer")
    claim_type = parse_type(correction.type) if correction.type is not None else None
    values = check_values(correction.values) if correction.values is not None else None

    def mutate(claim: Claim) -> Changes:
        changes: Changes = {}
        if correction.start is not None or correction.end is not None:
            start = correction.start if correction.start is not None else claim.span_start
            end = correction.end if correction.end is not None else claim.span_end
            _apply_span(claim, start, end, changes)
        if claim_type is not None:
            _set(claim, "type", claim_type, changes)
        if values is not None:
            _set(claim, "values", values, changes)
        if correction.clear_claimer:
            _set(claim, "claimer", None, changes)
        elif correction.claimer is not None:
            _set(claim, "claimer", _clean_claimer(correction.claimer), changes)
        if not changes:
            raise InvalidInput(f"claim {claim.id} already has these values: nothing changed")
        return changes

    claim = change_claim(
        session, actor, claim_id, version, Action.CORRECT, mutate=mutate, note=clean_note(note)
    )
    # Corrected values may make or settle a contradiction: checked in this transaction.
    refresh_findings(session, [claim.article_id])
    return claim


def _insert_claim(
    session: Session,
    actor: Reviewer,
    article: Article,
    *,
    start: int,
    end: int,
    claim_type: str,
    claimer: str | None,
    values: list[dict[str, Any]],
    checkworthiness: float,
    note: str | None,
    action: Action,
    changes_extra: Changes | None = None,
) -> Claim:
    text = check_span(article.text, start, end)
    # The store's own identity, so re-extraction recognises the claims reviewers add.
    print_ = claim_fingerprint(text, claim_type, values)
    existing = session.scalar(
        sa.select(Claim.id).where(Claim.article_id == article.id, Claim.fingerprint == print_)
    )
    if existing is not None:
        raise InvalidInput(f"article {article.id} already has this claim: claim {existing}")
    claim = Claim(
        article_id=article.id,
        article=article,
        span_start=start,
        span_end=end,
        text=text,
        sentence=sentence_of(article.text, start, end),
        type=claim_type,
        claimer=_clean_claimer(claimer),
        values=values,
        checkworthiness=checkworthiness,
        extractor_version=REVIEWER_EXTRACTOR,
        fingerprint=print_,
        origin=ClaimOrigin.REVIEWER.value,
        # Every field of a reviewer's claim is the reviewer's: re-extraction keeps them all.
        reviewer_edits={"origin": ClaimOrigin.REVIEWER.value},
        status=ClaimStatus.NEW.value,
        note=note,
    )
    session.add(claim)
    session.flush()
    changes: Changes = {
        "span": [None, [start, end]],
        "type": [None, claim_type],
        "claimer": [None, claim.claimer],
        "values": [None, values],
        **(changes_extra or {}),
    }
    record_event(
        session,
        claim,
        actor,
        action,
        from_status=None,
        from_verdict=None,
        note=note,
        changes=changes,
    )
    return claim


def add_claim(
    session: Session,
    actor: Reviewer,
    article_id: int,
    *,
    start: int,
    end: int,
    type: str,
    claimer: str | None = None,
    values: list[dict[str, Any]] | None = None,
    checkworthiness: float = ADDED_CLAIM_CHECKWORTHINESS,
    note: str | None = None,
) -> Claim:
    """A claim the extractor missed, from a span of the article (origin reviewer, status new)."""
    check_role(actor.role, TRANSITIONS[Action.CREATE].min_role, "adding a claim")
    article = session.get(Article, article_id)
    if article is None:
        raise NotFound(f"no article {article_id}")
    if not 0 <= checkworthiness <= 1:
        raise InvalidInput("checkworthiness must be between 0 and 1")
    return _insert_claim(
        session,
        actor,
        article,
        start=start,
        end=end,
        claim_type=parse_type(type),
        claimer=claimer,
        values=check_values(values if values is not None else []),
        checkworthiness=checkworthiness,
        note=clean_note(note),
        action=Action.CREATE,
    )


def _union_values(
    first: list[dict[str, Any]], second: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    merged = list(first)
    for value in second:
        if value not in merged:
            merged.append(value)
    return merged


def merge_claims(
    session: Session,
    actor: Reviewer,
    survivor_id: int,
    *,
    survivor_version: int | None,
    absorbed_id: int,
    absorbed_version: int | None,
    note: str | None = None,
    across_articles: bool = False,
) -> Claim:
    """Merge `absorbed` into `survivor`: the survivor takes the union of their spans when
    both lie in the same sentence of the same article, and the union of their values; the
    absorbed claim gets merged_into_id and is dismissed. One event on each.

    Claims of two different articles are merged only with `across_articles`: the same
    claim in another article is a link for claim matching, and a merge would move one
    article's values into another article's claim. Reopening the absorbed claim undoes
    the merge (claimtrack.review.unmerge)."""
    if survivor_id == absorbed_id:
        raise InvalidInput("a claim cannot be merged into itself")
    survivor = load_claim(session, survivor_id)
    absorbed = load_claim(session, absorbed_id)
    if survivor.article_id != absorbed.article_id and not across_articles:
        raise InvalidInput(
            f"claims {survivor.id} and {absorbed.id} are in different articles "
            f"({survivor.article_id} and {absorbed.article_id}): a merge would move one "
            "article's values into the other's claim; merge across articles only on purpose "
            "(--across-articles)"
        )
    note = clean_note(note)

    def grow(claim: Claim) -> Changes:
        changes: Changes = {"merged_from": [None, absorbed.id]}
        # Which fields were the reviewers' own before: undoing the merge restores that too.
        edits_before = dict(claim.reviewer_edits or {})
        if claim.article_id == absorbed.article_id:
            text = claim.article.text
            own = sentence_bounds(text, claim.span_start, claim.span_end)
            other = sentence_bounds(text, absorbed.span_start, absorbed.span_end)
            if own == other:
                start = min(claim.span_start, absorbed.span_start)
                end = max(claim.span_end, absorbed.span_end)
                if (start, end) != (claim.span_start, claim.span_end):
                    _apply_span(claim, start, end, changes)
        values = _union_values(claim.values or [], absorbed.values or [])
        if values != claim.values:
            _set(claim, "values", values, changes)
        if claim.reviewer_edits != edits_before:
            changes["reviewer_edits"] = [edits_before, claim.reviewer_edits]
        return changes

    def absorb(claim: Claim) -> Changes:
        claim.merged_into_id = survivor.id
        return {"merged_into_id": [None, survivor.id]}

    # Check both versions before writing either, so a conflict on the second leaves the
    # first untouched even without the caller's rollback.
    check_version(survivor, survivor_version)
    check_version(absorbed, absorbed_version)
    change_claim(
        session,
        actor,
        absorbed_id,
        absorbed_version,
        Action.MERGED,
        mutate=absorb,
        note=note,
        claim=absorbed,
    )
    return change_claim(
        session,
        actor,
        survivor_id,
        survivor_version,
        Action.MERGE,
        mutate=grow,
        note=note,
        claim=survivor,
    )


def split_claim(
    session: Session,
    actor: Reviewer,
    claim_id: int,
    *,
    version: int | None,
    first: tuple[int, int],
    second: tuple[int, int],
    second_type: str | None = None,
    second_values: list[dict[str, Any]] | None = None,
    note: str | None = None,
) -> tuple[Claim, Claim]:
    """Split a claim into two: it keeps span `first`; a new claim (origin reviewer) gets
    `second`, with the same type and claimer unless given, and the values whose words lie
    in its span. Returns (the claim, the new claim)."""
    claim = load_claim(session, claim_id)
    check_version(claim, version)
    article_text = claim.article.text
    first_text = check_span(article_text, *first)
    second_text = check_span(article_text, *second)
    if first[0] < second[1] and second[0] < first[1]:
        raise InvalidInput(f"the two spans {first} and {second} overlap")
    new_type = parse_type(second_type) if second_type is not None else claim.type
    if second_values is not None:
        new_values = check_values(second_values)
    else:
        new_values = [v for v in claim.values or [] if _value_in(v, second_text)]
    note = clean_note(note)

    def shrink(target: Claim) -> Changes:
        changes: Changes = {}
        _apply_span(target, first[0], first[1], changes)
        kept = [v for v in target.values or [] if _value_in(v, first_text)]
        if kept != target.values:
            _set(target, "values", kept, changes)
        changes["split_into"] = [None, list(second)]
        return changes

    updated = change_claim(
        session, actor, claim_id, version, Action.SPLIT, mutate=shrink, note=note, claim=claim
    )
    created = _insert_claim(
        session,
        actor,
        claim.article,
        start=second[0],
        end=second[1],
        claim_type=new_type,
        claimer=claim.claimer,
        values=new_values,
        checkworthiness=claim.checkworthiness,
        note=note,
        action=Action.CREATE,
        changes_extra={"split_from": [None, claim.id]},
    )
    return updated, created


def _value_in(value: dict[str, Any], span_text: str) -> bool:
    """Whether a value belongs to a span: its source words are in it. A value that does
    not say which words it came from goes with both halves; the reviewer can correct it."""
    words = value.get("text")
    if isinstance(words, str) and words:
        return words in span_text
    return True
