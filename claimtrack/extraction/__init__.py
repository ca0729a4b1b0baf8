"""Claim extraction: article text -> discrete, typed claims with values and claimers.

Pure: imports neither the database nor Prefect, and is deterministic, so the
same text and publication date always give the same claims under the same
`EXTRACTOR_VERSION`. The contract is ../shared/spec/extraction.md.
"""

from claimtrack.extraction.engine import (
    EXTRACTOR_VERSION,
    ExtractedClaim,
    article_result,
    extract_claims,
)

__all__ = ["EXTRACTOR_VERSION", "ExtractedClaim", "article_result", "extract_claims"]
