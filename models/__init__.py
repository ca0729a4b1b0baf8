"""SQLAlchemy 2 ORM models: the database's shape, and nothing else."""

from models.article import Article
from models.base import Base
from models.claim import Claim
from models.enums import (
    ClaimOrigin,
    ClaimStatus,
    ClaimType,
    FactCheckOrigin,
    LinkDecision,
    LinkKind,
    Role,
    RunStatus,
    Verdict,
)
from models.factcheck import ClaimLink, FactCheck
from models.finding import Finding, FindingClaim, FindingState
from models.review import ClaimEvent, Evidence, Reviewer
from models.run import ExtractionRun

__all__ = [
    "Article",
    "Base",
    "Claim",
    "ClaimEvent",
    "ClaimLink",
    "ClaimOrigin",
    "ClaimStatus",
    "ClaimType",
    "Evidence",
    "ExtractionRun",
    "FactCheck",
    "FactCheckOrigin",
    "Finding",
    "FindingClaim",
    "FindingState",
    "LinkDecision",
    "LinkKind",
    "Reviewer",
    "Role",
    "RunStatus",
    "Verdict",
]
