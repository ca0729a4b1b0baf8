"""The review service's errors: each is a ClaimtrackError (one CLI line, a non-zero exit)
and carries the HTTP status the web API answers with, so every edge reports them alike."""

from __future__ import annotations

from claimtrack.errors import ClaimtrackError


class ReviewError(ClaimtrackError):
    """Base of the review errors. Raised before anything is written, or with the
    caller's unit of work rolling back: a failed call changes nothing."""

    http_status = 400
    exit_code = 1


class NotFound(ReviewError):
    """No such claim, article or reviewer."""

    http_status = 404
    exit_code = 3


class Unauthenticated(ReviewError):
    """No token, an unknown token, or the token of a disabled reviewer."""

    http_status = 401
    exit_code = 4


class Forbidden(ReviewError):
    """The reviewer's role does not allow the action (e.g. a reviewer reopening a verdict)."""

    http_status = 403
    exit_code = 5


class InvalidTransition(ReviewError):
    """The claim's current status does not allow the action (e.g. reviewing a dismissed claim),
    or another reviewer holds the claim."""

    http_status = 409
    exit_code = 6


class InvalidInput(ReviewError):
    """A value is wrong: an unknown verdict or type, a span outside the article, ..."""

    http_status = 422
    exit_code = 7


class VersionConflict(ReviewError):
    """The claim changed since the caller read it: re-read it and try again."""

    http_status = 412
    exit_code = 8

    def __init__(self, claim_id: int, expected: int, current: int | None = None) -> None:
        self.claim_id = claim_id
        self.expected = expected
        self.current = current
        now = f" (it is now at version {current})" if current is not None else ""
        super().__init__(
            f"claim {claim_id} changed since version {expected}{now}: "
            "show it again and retry with its current version"
        )


class VersionRequired(ReviewError):
    """A change was sent without the version the caller read."""

    http_status = 428
    exit_code = 9

    def __init__(self, claim_id: int) -> None:
        self.claim_id = claim_id
        super().__init__(
            f"changing claim {claim_id} needs the version you read (--version N); "
            "see `claimtrack claims show` for it"
        )
