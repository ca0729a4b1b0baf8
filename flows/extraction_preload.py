"""Imported once by the extraction pool's fork server (see extraction_worker.shared_pool).

Every worker is forked from that server, so each starts with the extractor's
modules imported and the check-worthiness model loaded, instead of paying for
both itself (about half a CPU second a worker here).
"""

from claimtrack.extraction import extract_claims
from claimtrack.extraction.checkworthiness import get_model

get_model()
extract_claims("The preload ran on 1 May 2024, a 2% warm-up.", None)
