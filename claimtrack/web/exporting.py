"""One export as an HTTP download, shared by the API and the pages."""

from __future__ import annotations

import io

from fastapi import Request, Response
from sqlalchemy.orm import Session

from claimtrack.exports import ExportFormat, export_claims
from claimtrack.review.queries import ClaimFilters
from claimtrack.settings import Settings

MEDIA_TYPES = {
    ExportFormat.csv: "text/csv; charset=utf-8",
    ExportFormat.jsonl: "application/x-ndjson",
    ExportFormat.claimreview: "application/ld+json",
}
FILE_NAMES = {
    ExportFormat.csv: "claims.csv",
    ExportFormat.jsonl: "claims.jsonl",
    ExportFormat.claimreview: "claimreview.jsonld",
}


def export_response(
    request: Request, session: Session, export_format: ExportFormat, filters: ClaimFilters
) -> Response:
    settings: Settings = request.app.state.settings
    out = io.StringIO()
    count = export_claims(session, filters, export_format, out, settings)
    return Response(
        out.getvalue(),
        media_type=MEDIA_TYPES[export_format],
        headers={
            "Content-Disposition": f'attachment; filename="{FILE_NAMES[export_format]}"',
            "X-Claimtrack-Count": str(count),
        },
    )
