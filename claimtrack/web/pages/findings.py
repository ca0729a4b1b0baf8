"""The claim page's findings panel: dismissing a finding from the claim it was read on."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from starlette.responses import Response

from claimtrack.review.findings import dismiss_finding
from claimtrack.web.deps import DbSession, PageReviewer
from claimtrack.web.pages.claims import ClaimId, Note, Version, attempt
from claimtrack.web.pages.forms import SIGNED_IN_FORM
from claimtrack.web.schemas import MAX_ID

router = APIRouter()


@router.post("/claims/{claim_id}/findings/{finding_id}/dismiss", dependencies=SIGNED_IN_FORM)
def dismiss(
    request: Request,
    session: DbSession,
    reviewer: PageReviewer,
    claim_id: ClaimId,
    finding_id: Annotated[int, Path(ge=1, le=MAX_ID)],
    version: Version = None,
    note: Note = None,
) -> Response:
    """Dismiss a finding, checked against the version the claim page was read at; every
    claim the finding involves records it in its history."""
    return attempt(
        request,
        session,
        claim_id,
        lambda: dismiss_finding(
            session,
            reviewer,
            finding_id,
            claim_id=claim_id,
            version=version,
            note=note.strip() if note and note.strip() else None,
        ),
        "Finding dismissed: recorded in the history of each claim it involves.",
    )
