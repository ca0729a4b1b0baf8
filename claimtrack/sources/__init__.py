"""Sources: files, folders, feeds, .jsonl dumps and HTML pages turned into articles.

Only light modules are imported here; trafilatura, feedparser and httpx are
imported inside the functions that need them, so `claimtrack extract` starts fast.
"""

from claimtrack.sources.discover import discover
from claimtrack.sources.documents import (
    DEFAULT_MAX_BYTES,
    Document,
    DocumentError,
    iter_documents,
)

__all__ = [
    "DEFAULT_MAX_BYTES",
    "Document",
    "DocumentError",
    "discover",
    "iter_documents",
]
