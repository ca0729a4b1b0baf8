"""SQLAlchemy 2 ORM models: the database's shape, and nothing else."""

from models.article import Article
from models.base import Base
from models.claim import Claim
from models.enums import ClaimOrigin, ClaimStatus, ClaimType, Role, RunStatus, Verdict
from models.review import ClaimEvent, Evidence, Reviewer
from models.run import ExtractionRun

__all__ = [
    "Article",
    "Base",
    "Claim",
    "ClaimEvent",
    "ClaimOrigin",
    "ClaimStatus",
    "ClaimType",
    "Evidence",
    "ExtractionRun",
    "Reviewer",
    "Role",
    "RunStatus",
    "Verdict",
]
