"""The review workflow: one service that the CLI, the web app and the API all call.

Every function takes the caller's SQLAlchemy ``Session`` (and, for changes, the acting
``models.Reviewer``), never commits (the caller's unit of work does, or rolls back), and
raises a ``claimtrack.review.errors.ReviewError`` subclass that carries an ``http_status``:

    NotFound 404, Unauthenticated 401, Forbidden 403, InvalidTransition 409,
    InvalidInput 422, VersionConflict 412 (stale version), VersionRequired 428.

A change is: load the claim, check ``version`` (the one the caller read; None ->
VersionRequired, different -> VersionConflict), check the action against the table in
``transitions.py`` (role -> Forbidden, status -> InvalidTransition), mutate, flush with
``UPDATE ... WHERE version = :read`` (a concurrent winner -> VersionConflict), append one
``claim_event``. Each returns the updated ``Claim`` (its ``version`` is the new one).

auth (``claimtrack.review.auth``)
    create_reviewer(session, name, role) -> (Reviewer, token)   token shown once; sha256 stored
    authenticate(session, token) -> Reviewer                    Unauthenticated if bad/disabled
    require_role(reviewer, Role.EDITOR, what="...") -> None     Forbidden
    list_reviewers(session) -> list[Reviewer]
    find_reviewer(session, name_or_id) -> Reviewer
    set_reviewer_active(session, name_or_id, active, actor=None) -> Reviewer   (admin)
    rotate_token(session, name_or_id, actor=None) -> str                       (admin)

service (``claimtrack.review.service``)
    review_claim(session, actor, claim_id, *, version, verdict, note=None, evidence_urls=())
    dismiss_claim(session, actor, claim_id, *, version, note=None)
    reopen_claim(session, actor, claim_id, *, version, note=None)   editors; reviewed ->
        in_review (verdict cleared, kept in history), dismissed -> new
    add_note(session, actor, claim_id, *, version, note)
    add_evidence(session, actor, claim_id, *, version, url=None, note=None)

queue (``claimtrack.review.queue``)
    QueueFilters(type, article_id, source, min_checkworthiness, claimer)
    next_claim(session, reviewer, filters=None) -> Claim | None
        the reviewer's own unexpired claim first, then highest checkworthiness; FOR UPDATE
        SKIP LOCKED; sets assignee and assigned_until (settings.assignment_minutes);
        an expired assignment is returned to new (event) and handed out again
    release_claim(session, actor, claim_id, *, version)              in_review -> new
    assign_claim(session, actor, claim_id, *, version, assignee, note=None)   editors
    expire_assignments(session, now=None) -> int

corrections (``claimtrack.review.corrections``)
    Correction(start, end, type, values, claimer, clear_claimer)
    correct_claim(session, actor, claim_id, *, version, correction, note=None)
    add_claim(session, actor, article_id, *, start, end, type, claimer=None, values=None,
              checkworthiness=1.0, note=None)                   origin reviewer, status new
    merge_claims(session, actor, survivor_id, *, survivor_version, absorbed_id,
                 absorbed_version, note=None) -> survivor
    split_claim(session, actor, claim_id, *, version, first=(s, e), second=(s, e),
                second_type=None, second_values=None, note=None) -> (claim, new claim)

bulk (``claimtrack.review.bulk``; editors)
    bulk_dismiss_below(session, actor, article_id, *, below, versions=None, note=None)
    bulk_assign(session, actor, versions={claim_id: version}, *, assignee, note=None)
        -> list[BulkOutcome(claim_id, ok, status, version, error, http_status)]

queries (``claimtrack.review.queries``)
    ClaimFilters(status, verdict, type, article_id, source, min_checkworthiness, claimer,
                 search, assignee_id, origin, include_merged=False)
    list_claims(session, filters=None, *, sort="checkworthiness", descending=True,
                limit=50, offset=0) -> list[Claim]        sort: ClaimSort (relevance needs search)
    count_claims(session, filters=None) -> int
    get_claim(session, claim_id) -> Claim                 NotFound
    claim_history(session, claim_id) -> list[ClaimEvent]
    claim_evidence(session, claim_id) -> list[Evidence]

transitions (``claimtrack.review.transitions``; pure)
    Action, TRANSITIONS, target_status(action, status, role), allowed_actions(status, role)

Exports live in ``claimtrack.exports`` (CSV, JSON Lines, ClaimReview JSON-LD).
"""
