"""Who the token belongs to."""

from __future__ import annotations

from fastapi import APIRouter

from claimtrack.web.deps import ApiReviewer
from claimtrack.web.schemas import ReviewerOut
from models import Role

router = APIRouter(tags=["reviewers"])


@router.get("/me", response_model=ReviewerOut)
def who_am_i(reviewer: ApiReviewer) -> ReviewerOut:
    return ReviewerOut(id=reviewer.id, name=reviewer.name, role=Role(reviewer.role))
