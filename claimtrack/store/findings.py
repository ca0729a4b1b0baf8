"""Consistency findings in the database: (re)computed for given articles, idempotently.

The rules are pure (`claimtrack.checks`); this module feeds them the claims of some
articles with their siblings and accepted fact-checks, and stores what contradicts.
A finding is identified by its signature (rule, claims, stated values): running the
checks again changes nothing; a finding no longer found is marked resolved, never
deleted, and one found again is reopened unless a reviewer dismissed it.
A service: it takes a session and never commits.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, insert
from sqlalchemy.orm import InstrumentedAttribute, Session, aliased

from claimtrack.checks import ClaimFacts, Finding, Related, check_article
from claimtrack.checks.across import SAME_MEASURE, rated_false, same_measure, sibling_values
from models import (
    Article,
    Claim,
    ClaimLink,
    ClaimStatus,
    FactCheck,
    FindingClaim,
    FindingState,
    LinkDecision,
    LinkKind,
)
from models import Finding as FindingRow

# Articles per query when a whole run is checked: memory stays flat on a large run.
ARTICLE_SLICE = 2000


@dataclass
class CheckSummary:
    claims: int = 0
    agreeing: int = 0
    contradictions: int = 0
    opened: int = 0  # new findings, or resolved ones found again
    resolved: int = 0
    by_rule: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def as_dict(self) -> dict[str, object]:
        return {
            "claims_checked": self.claims,
            "agreeing": self.agreeing,
            "contradictions": self.contradictions,
            "findings_opened": self.opened,
            "findings_resolved": self.resolved,
            "by_rule": dict(self.by_rule),
        }


def _any(
    column: sa.ColumnElement[int] | InstrumentedAttribute[int], ids: Sequence[int]
) -> sa.ColumnElement[bool]:
    # One array parameter, not thousands of IN literals: a whole run's articles at once.
    return column == sa.any_(sa.bindparam(None, list(ids), type_=ARRAY(sa.BigInteger)))


def _current(claim: type[Claim] | Any) -> sa.ColumnElement[bool]:
    return sa.and_(claim.merged_into_id.is_(None), claim.status != ClaimStatus.STALE.value)


def load_facts(session: Session, article_ids: Sequence[int]) -> list[ClaimFacts]:
    """The claims the within-article rules read: current (not stale, not merged away)
    claims with values. Only the columns the rules read."""
    rows = session.execute(
        sa.select(
            Claim.id,
            Claim.article_id,
            Claim.text,
            Claim.sentence,
            Claim.type,
            Claim.values,
            Claim.claimer,
            Article.published,
        )
        .join(Article, Article.id == Claim.article_id)
        .where(
            _any(Claim.article_id, article_ids),
            _current(Claim),
            sa.func.jsonb_array_length(Claim.values) > 0,
        )
        .order_by(Claim.article_id, Claim.span_start, Claim.id)
    ).all()
    return [ClaimFacts(*row) for row in rows]


def related_of(
    session: Session, article_ids: Sequence[int]
) -> dict[tuple[int, int], list[Related]]:
    """Siblings (not rejected) and accepted fact-checks of the current claims of
    `article_ids`, with their verdicts, by (claim id, article id)."""
    related: dict[tuple[int, int], list[Related]] = defaultdict(list)
    mine, other = aliased(Claim), aliased(Claim)
    siblings = session.execute(
        sa.select(mine.id, mine.article_id, other.id, other.verdict, other.values, other.text)
        .join(ClaimLink, ClaimLink.claim_id == mine.id)
        .join(other, other.id == ClaimLink.sibling_id)
        .where(
            _any(mine.article_id, article_ids),
            _current(mine),
            ClaimLink.kind == LinkKind.SIBLING.value,
            ClaimLink.decision != LinkDecision.REJECTED.value,
            other.merged_into_id.is_(None),
        )
    ).all()
    for claim_id, article_id, other_id, verdict, values, text in siblings:
        related[(claim_id, article_id)].append(
            Related("sibling", f"claim:{other_id}", verdict, values, other_id, text)
        )
    checks = session.execute(
        sa.select(mine.id, mine.article_id, FactCheck)
        .join(ClaimLink, ClaimLink.claim_id == mine.id)
        .join(FactCheck, FactCheck.id == ClaimLink.fact_check_id)
        .where(
            _any(mine.article_id, article_ids),
            _current(mine),
            ClaimLink.decision == LinkDecision.ACCEPTED.value,
        )
    ).all()
    for claim_id, article_id, check in checks:
        related[(claim_id, article_id)].append(
            Related(
                "fact_check",
                check.source_id,
                check.verdict,
                text=check.claim_text,
                url=check.url,
                # Our own reviewed claim: the finding names it too.
                claim_id=check.claim_id if check.claim_id != claim_id else None,
            )
        )
    return related


def compute(session: Session, article_ids: Sequence[int]) -> tuple[list[ClaimFacts], list[Finding]]:
    """Every finding, agreeing or not, for the claims of `article_ids`."""
    facts = load_facts(session, article_ids)
    by_article: dict[int, list[ClaimFacts]] = defaultdict(list)
    for fact in facts:
        by_article[fact.article_id].append(fact)
    findings: list[Finding] = []
    for claims in by_article.values():
        findings.extend(check_article(claims, claims[0].published))
    by_id = {fact.id: fact for fact in facts}
    for (claim_id, article_id), items in related_of(session, article_ids).items():
        # A claim without values can still have a sibling or fact-check rated false.
        fact = by_id.get(claim_id) or ClaimFacts(claim_id, article_id, "", "", "", [])
        findings.extend(sibling_values(fact, items))
        findings.extend(rated_false(fact, items))
    findings.extend(same_measure([f for f in facts if f.type == "quantity"]))
    return facts, _unique(findings)


def _unique(findings: list[Finding]) -> list[Finding]:
    # A sibling pair is seen from both sides when both articles are checked.
    seen: dict[str, Finding] = {}
    for finding in findings:
        seen.setdefault(finding.signature(), finding)
    return list(seen.values())


def _store(session: Session, finding: Finding) -> tuple[int, bool]:
    """Insert the finding, or find it by signature; (id, opened: new or found again)."""
    signature = finding.signature()
    row = session.scalars(
        sa.select(FindingRow).where(FindingRow.signature == signature).with_for_update()
    ).first()
    if row is not None:
        if row.state == FindingState.RESOLVED.value:
            row.state = FindingState.OPEN.value
            return row.id, True
        return row.id, False
    inserted = session.execute(
        insert(FindingRow)
        .values(
            rule=finding.rule,
            signature=signature,
            expectation=finding.expectation,
            tolerance=finding.tolerance,
            details={"observed": finding.observed, "outcome": finding.outcome},
        )
        # Two runs checking one article at once: the second finds the first's row.
        .on_conflict_do_nothing(index_elements=[FindingRow.signature])
        .returning(FindingRow.id)
    ).scalar()
    if inserted is None:
        return session.scalars(
            sa.select(FindingRow.id).where(FindingRow.signature == signature)
        ).one(), False
    session.execute(
        insert(FindingClaim).on_conflict_do_nothing(),
        [{"finding_id": inserted, "claim_id": claim_id} for claim_id in finding.claim_ids],
    )
    return inserted, True


def _resolve_missing(
    session: Session, article_ids: Sequence[int], kept: set[int], summary: CheckSummary
) -> None:
    """Open findings on these articles' claims that the checks no longer find are resolved.
    A same-measure finding reaching another article was not re-examined, so it stays."""
    in_scope = (
        sa.select(FindingClaim.finding_id)
        .join(Claim, Claim.id == FindingClaim.claim_id)
        .where(_any(Claim.article_id, article_ids))
    )
    rows = session.execute(
        sa.select(FindingRow, sa.func.array_agg(Claim.article_id))
        .join(FindingClaim, FindingClaim.finding_id == FindingRow.id)
        .join(Claim, Claim.id == FindingClaim.claim_id)
        .where(FindingRow.state == FindingState.OPEN.value, FindingRow.id.in_(in_scope))
        .group_by(FindingRow.id)
    ).all()
    scope = set(article_ids)
    for row, articles in rows:
        if row.id in kept or (row.rule == SAME_MEASURE and not set(articles) <= scope):
            continue
        row.state = FindingState.RESOLVED.value
        summary.resolved += 1


def refresh_findings(session: Session, article_ids: Sequence[int]) -> CheckSummary:
    """Run every check on the claims of `article_ids` and store the contradictions."""
    summary = CheckSummary()
    ids = sorted(set(article_ids))
    for start in range(0, len(ids), ARTICLE_SLICE):
        facts, findings = compute(session, ids[start : start + ARTICLE_SLICE])
        summary.claims += len(facts)
        kept: set[int] = set()
        for finding in findings:
            if not finding.contradicts:
                summary.agreeing += 1
                continue
            summary.contradictions += 1
            summary.by_rule[finding.rule] += 1
            finding_id, opened = _store(session, finding)
            kept.add(finding_id)
            summary.opened += int(opened)
        _resolve_missing(session, ids[start : start + ARTICLE_SLICE], kept, summary)
    session.flush()
    return summary


def articles_of_run(session: Session, run_started: object) -> list[int]:
    """The articles a run extracted (or re-extracted) since it started."""
    return list(session.scalars(sa.select(Article.id).where(Article.extracted_at >= run_started)))
