"""A claim's links: the fact-checks that may check it and its siblings elsewhere.

The matcher writes `suggested` links and rewrites them freely; a reviewer's
decision (accepted, rejected, linked) is never overwritten by later matching, and
each decision is a claim_event through the review workflow, with its version check.
Services: they take a session and never commit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import aliased

from claimtrack.review.changes import Changes, change_claim, utcnow
from claimtrack.review.errors import InvalidInput, NotFound
from claimtrack.review.transitions import Action
from models import Article, Claim, ClaimLink, ClaimStatus, FactCheck, LinkDecision, LinkKind

if TYPE_CHECKING:
    from datetime import datetime

    from sqlalchemy.orm import Session

    from claimtrack.matching.encoder import MiniLMEncoder
    from claimtrack.matching.index import MatchIndex
    from models import Reviewer

# A fact-check is suggested for a claim from this ranker score up (a probability that it
# checks the claim): on CheckThat! 2020 dev, 0.5 keeps 9 in 10 of the right first matches.
SUGGEST_MIN_SCORE = 0.5
SUGGESTIONS_PER_CLAIM = 3
# The fused score ranks a fact-check against the other candidates, so in a small or
# off-topic library the best of poor candidates can still score high. A suggestion
# also needs this much absolute similarity: on dev, 99% of right suggestions have a
# dense cosine of at least 0.46 and a char-n-gram cosine of at least 0.19; words alone
# are held to more, as a small library gives its n-grams meaningless weights.
SUGGEST_MIN_SIMILARITY = {"hybrid": 0.45, "lexical": 0.5}
# Claims whose best match on words alone scores below this are not embedded at all. On
# CheckThat! 2020 dev, 0.2 keeps 97% of the right suggestions (hybrid score >= 0.5)
# while 46% of BBC claims pass (0.05: 100% and 99%, 0.3: 89% and 20%).
SCREEN_MIN_SCORE = 0.2
# The pipeline suggests fact-checks for claims the extractor calls check-worthy (its
# CHECKWORTHY_THRESHOLD; not imported, so matching does not load the extractor).
PIPELINE_MIN_CHECKWORTHINESS = 0.5
# Claims are matched in slices, so memory stays flat on an archive-wide refresh.
MATCH_SLICE = 2000


@dataclass(frozen=True)
class RefreshSummary:
    claims: int
    fact_check_links: int
    sibling_links: int


def _open_claims(claim_ids: Sequence[int] | None) -> sa.Select[int, str]:
    query = sa.select(Claim.id, Claim.text).where(
        Claim.merged_into_id.is_(None), Claim.status != ClaimStatus.STALE.value
    )
    if claim_ids is not None:
        query = query.where(Claim.id.in_(list(claim_ids)))
    return query.order_by(Claim.id)


def refresh_fact_check_links(
    session: Session, index: MatchIndex, claim_ids: Sequence[int] | None = None
) -> int:
    """Re-rank the fact-checks of the given claims (all when None); returns links written."""
    written = 0
    rows = session.execute(_open_claims(claim_ids)).all()
    for start in range(0, len(rows), MATCH_SLICE):
        chunk = rows[start : start + MATCH_SLICE]
        ranked = index.rank_screened(
            [text for _, text in chunk], SUGGESTIONS_PER_CLAIM, SCREEN_MIN_SCORE
        )
        ids = [claim_id for claim_id, _ in chunk]
        # Old suggestions go; decided links stay, whatever the new ranking says.
        session.execute(
            sa.delete(ClaimLink).where(
                ClaimLink.claim_id.in_(ids),
                ClaimLink.kind == LinkKind.FACT_CHECK.value,
                ClaimLink.decision == LinkDecision.SUGGESTED.value,
            )
        )
        links = [
            {
                "claim_id": claim_id,
                "kind": LinkKind.FACT_CHECK.value,
                "fact_check_id": match.entry.id,
                "method": match.method,
                "score": round(min(max(match.score, 0.0), 1.0), 6),
            }
            for claim_id, matches in zip(ids, ranked, strict=True)
            for match in matches
            if match.score >= SUGGEST_MIN_SCORE
            and match.similarity >= SUGGEST_MIN_SIMILARITY[match.method]
        ]
        if links:
            statement = insert(ClaimLink).on_conflict_do_nothing(
                index_elements=[ClaimLink.claim_id, ClaimLink.fact_check_id]
            )
            session.execute(statement, links)
            written += len(links)
    return written


def refresh_sibling_links(session: Session, claim_ids: Sequence[int] | None = None) -> int:
    """Link each claim to the same claim in other articles: the same fingerprint (text,
    type and values: DESIGN.md's "same claim"), or the same wording with other values
    (say, one weekday read against two publication dates), both ways. Returns links written."""
    other = aliased(Claim)
    mine = aliased(Claim)
    same_fingerprint = mine.fingerprint == other.fingerprint
    pairs = (
        sa.select(
            mine.id,
            other.id,
            sa.case((same_fingerprint, "fingerprint"), else_="wording"),
            sa.case((same_fingerprint, 1.0), else_=0.9),
        )
        # Same fingerprint implies the same lower-cased wording, so one indexed equality
        # (ix_claim_text_md5) finds both kinds.
        .join(
            other, sa.func.md5(sa.func.lower(mine.text)) == sa.func.md5(sa.func.lower(other.text))
        )
        .join(Article, Article.id == other.article_id)
        .where(
            other.id != mine.id,
            other.article_id != mine.article_id,
            other.merged_into_id.is_(None),
            mine.merged_into_id.is_(None),
            # A linked duplicate article is the same text, not a second source.
            Article.duplicate_of_id.is_(None),
        )
    )
    if claim_ids is not None:
        ids = list(claim_ids)
        pairs = pairs.where(sa.or_(mine.id.in_(ids), other.id.in_(ids)))
    rows = session.execute(pairs).all()
    if not rows:
        return 0
    statement = insert(ClaimLink).on_conflict_do_nothing(
        index_elements=[ClaimLink.claim_id, ClaimLink.sibling_id]
    )
    session.execute(
        statement,
        [
            {
                "claim_id": a,
                "kind": LinkKind.SIBLING.value,
                "sibling_id": b,
                "method": method,
                "score": score,
            }
            for a, b, method, score in rows
        ],
    )
    return len(rows)


def refresh_links(
    session: Session, index: MatchIndex | None, claim_ids: Sequence[int] | None = None
) -> RefreshSummary:
    fact_checks = refresh_fact_check_links(session, index, claim_ids) if index else 0
    siblings = refresh_sibling_links(session, claim_ids)
    count = len(claim_ids) if claim_ids is not None else -1
    return RefreshSummary(count, fact_checks, siblings)


_ACTIONS = {
    LinkDecision.ACCEPTED: Action.ACCEPT_MATCH,
    LinkDecision.REJECTED: Action.REJECT_MATCH,
    LinkDecision.LINKED: Action.LINK_SIBLING,
}


def decide_link(
    session: Session,
    actor: Reviewer,
    claim_id: int,
    link_id: int,
    decision: str,
    *,
    version: int | None,
    note: str | None = None,
) -> Claim:
    """Accept a fact-check (its verdict becomes a suggestion the reviewer still confirms),
    reject a fact-check or sibling, or link a sibling. Checked against the claim's version
    and recorded as a claim_event."""
    try:
        chosen = LinkDecision(decision)
    except ValueError:
        chosen = LinkDecision.SUGGESTED
    if chosen is LinkDecision.SUGGESTED:
        raise InvalidInput(f"unknown decision {decision!r}; expected accepted, rejected or linked")
    link = session.get(ClaimLink, link_id)
    if link is None or link.claim_id != claim_id:
        raise NotFound(f"claim {claim_id} has no link {link_id}")
    if chosen is LinkDecision.LINKED and link.kind != LinkKind.SIBLING.value:
        raise InvalidInput("only a sibling claim can be linked; accept or reject a fact-check")
    if chosen is LinkDecision.ACCEPTED and link.kind != LinkKind.FACT_CHECK.value:
        raise InvalidInput("only a fact-check can be accepted; link or reject a sibling")

    def mutate(claim: Claim) -> Changes:
        before = link.decision
        link.decision = chosen.value
        link.decided_by_id = actor.id
        link.decided_at = utcnow()
        target = (
            {"fact_check": link.fact_check.source_id if link.fact_check else link.fact_check_id}
            if link.kind == LinkKind.FACT_CHECK.value
            else {"sibling": link.sibling_id}
        )
        if link.kind == LinkKind.SIBLING.value:
            # Two claims are siblings of each other: the decision holds both ways, or the
            # other claim would keep suggesting (and queueing as a repeat) a rejected pair.
            reverse = session.scalars(
                sa.select(ClaimLink).where(
                    ClaimLink.claim_id == link.sibling_id, ClaimLink.sibling_id == claim.id
                )
            ).first()
            if reverse is not None:
                reverse.decision = chosen.value
                reverse.decided_by_id = actor.id
                reverse.decided_at = link.decided_at
        return {"link": [{**target, "decision": before}, {**target, "decision": chosen.value}]}

    return change_claim(
        session, actor, claim_id, version, _ACTIONS[chosen], mutate=mutate, note=note
    )


@dataclass(frozen=True)
class LinkView:
    """A link as the desk, the API and exports show it."""

    id: int
    kind: str
    decision: str
    method: str
    score: float
    fact_check: FactCheck | None
    sibling: Claim | None


def links_of(session: Session, claim_id: int) -> list[LinkView]:
    """The claim's links, decided ones first, then by score."""
    links = session.scalars(
        sa.select(ClaimLink)
        .where(ClaimLink.claim_id == claim_id, ClaimLink.decision != LinkDecision.REJECTED.value)
        .order_by(
            (ClaimLink.decision == LinkDecision.SUGGESTED.value).asc(),
            ClaimLink.score.desc(),
            ClaimLink.id,
        )
    ).all()
    return [
        LinkView(
            link.id,
            link.kind,
            link.decision,
            link.method,
            link.score,
            link.fact_check,
            link.sibling,
        )
        for link in links
    ]


def suggested_verdict(session: Session, claim_id: int) -> FactCheck | None:
    """The accepted fact-check whose verdict the reviewer is offered, if any."""
    return session.scalars(
        sa.select(FactCheck)
        .join(ClaimLink, ClaimLink.fact_check_id == FactCheck.id)
        .where(
            ClaimLink.claim_id == claim_id,
            ClaimLink.decision == LinkDecision.ACCEPTED.value,
            FactCheck.verdict.is_not(None),
        )
        .order_by(ClaimLink.score.desc())
        .limit(1)
    ).first()


def link_claims_of_run(
    session: Session, run_started: datetime, encoder: MiniLMEncoder | None
) -> RefreshSummary:
    """Links for the claims the run just stored or kept (their article was extracted
    since the run started): siblings always; fact-checks when the library has any."""
    from claimtrack.matching.library import build_index, fact_check_count

    rows = session.execute(
        sa.select(Claim.id, Claim.checkworthiness)
        .join(Article, Article.id == Claim.article_id)
        .where(Article.extracted_at >= run_started)
    ).all()
    if not rows:
        return RefreshSummary(0, 0, 0)
    siblings = refresh_sibling_links(session, [claim_id for claim_id, _ in rows])
    fact_checks = 0
    if fact_check_count(session):
        # Ranking costs milliseconds a claim (tens with the embedding model), against about
        # a quarter of a millisecond to extract one: the run ranks the claims a reviewer is
        # meant to see first, and an import re-ranks every open claim.
        worthy = [claim_id for claim_id, score in rows if score >= PIPELINE_MIN_CHECKWORTHINESS]
        if worthy:
            index = build_index(session, encoder)
            fact_checks = refresh_fact_check_links(session, index, worthy)
    return RefreshSummary(len(rows), fact_checks, siblings)
