"""Reviewers and their API tokens: a token is shown once; only its sha256 is stored."""

from __future__ import annotations

import hashlib
import secrets

import sqlalchemy as sa
from sqlalchemy.orm import Session

from claimtrack.review.errors import InvalidInput, NotFound, Unauthenticated
from claimtrack.review.transitions import MANAGE_REVIEWERS_MIN_ROLE, check_role
from models import Reviewer, Role

# A prefix makes a leaked token recognisable (secret scanners, logs) without revealing it.
TOKEN_PREFIX = "ct_"
MAX_NAME_LENGTH = 200


def hash_token(token: str) -> str:
    # A 256-bit random token needs no slow hash: sha256 is enough and lets us look it up.
    return hashlib.sha256(token.strip().encode("utf-8")).hexdigest()


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def parse_role(role: str | Role) -> Role:
    try:
        return Role(str(role).strip().lower())
    except ValueError:
        allowed = ", ".join(r.value for r in Role)
        raise InvalidInput(f"unknown role {role!r}; expected one of {allowed}") from None


def create_reviewer(session: Session, name: str, role: str | Role) -> tuple[Reviewer, str]:
    """Add a reviewer; returns it and its token, which is never shown again.

    No acting reviewer: the CLI's operator (who holds the database) bootstraps the first
    admin with it; the web API checks `require_role(actor, Role.ADMIN)` before calling.
    """
    name = name.strip()
    if not name or len(name) > MAX_NAME_LENGTH:
        raise InvalidInput(f"a reviewer's name must be 1 to {MAX_NAME_LENGTH} characters")
    parsed = parse_role(role)
    if session.scalar(sa.select(Reviewer.id).where(Reviewer.name == name)) is not None:
        raise InvalidInput(f"a reviewer named {name!r} already exists")
    token = new_token()
    reviewer = Reviewer(name=name, role=parsed.value, token_hash=hash_token(token), active=True)
    session.add(reviewer)
    session.flush()
    return reviewer, token


def authenticate(session: Session, token: str | None) -> Reviewer:
    """The active reviewer owning `token`, or Unauthenticated."""
    if not token or not token.strip():
        raise Unauthenticated("no API token: run `claimtrack login` or set CLAIMTRACK_TOKEN")
    reviewer = session.scalar(sa.select(Reviewer).where(Reviewer.token_hash == hash_token(token)))
    if reviewer is None:
        raise Unauthenticated("the API token is not valid")
    if not reviewer.active:
        raise Unauthenticated(f"reviewer {reviewer.name!r} is disabled")
    return reviewer


def require_role(reviewer: Reviewer, minimum: Role, what: str = "this action") -> None:
    """Forbidden unless the reviewer's role reaches `minimum`."""
    check_role(reviewer.role, minimum, what)


def reviewer_manager(session: Session, token: str | None) -> Reviewer | None:
    """Who manages reviewers from the CLI: once an active admin exists, only an admin's token;
    before that, the operator who holds the database, to bootstrap the first admin (None)."""
    admin_exists = session.scalar(
        sa.select(sa.exists().where(Reviewer.role == Role.ADMIN.value, Reviewer.active.is_(True)))
    )
    if not admin_exists:
        return None
    actor = authenticate(session, token)
    require_role(actor, MANAGE_REVIEWERS_MIN_ROLE, "managing reviewers")
    return actor


def find_reviewer(session: Session, name_or_id: str | int) -> Reviewer:
    """A reviewer by id or by exact name, or NotFound."""
    reviewer: Reviewer | None = None
    if isinstance(name_or_id, int) or str(name_or_id).isdigit():
        reviewer = session.get(Reviewer, int(name_or_id))
    if reviewer is None:
        reviewer = session.scalar(sa.select(Reviewer).where(Reviewer.name == str(name_or_id)))
    if reviewer is None:
        raise NotFound(f"no reviewer {name_or_id!r}")
    return reviewer


def list_reviewers(session: Session) -> list[Reviewer]:
    return list(session.scalars(sa.select(Reviewer).order_by(Reviewer.id)))


def set_reviewer_active(
    session: Session, name_or_id: str | int, active: bool, actor: Reviewer | None = None
) -> Reviewer:
    """Disable (or re-enable) a reviewer: their token stops working at once.

    `actor` None is the CLI's operator; otherwise it must be an admin.
    """
    if actor is not None:
        require_role(actor, MANAGE_REVIEWERS_MIN_ROLE, "managing reviewers")
    reviewer = find_reviewer(session, name_or_id)
    reviewer.active = active
    session.flush()
    return reviewer


def rotate_token(session: Session, name_or_id: str | int, actor: Reviewer | None = None) -> str:
    """A new token for the reviewer; the old one stops working. Returned once."""
    if actor is not None:
        require_role(actor, MANAGE_REVIEWERS_MIN_ROLE, "managing reviewers")
    reviewer = find_reviewer(session, name_or_id)
    token = new_token()
    reviewer.token_hash = hash_token(token)
    session.flush()
    return token
