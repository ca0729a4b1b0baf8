"""Sources: files, folders, feeds, .jsonl dumps and HTML pages turned into articles.

- `iter_documents(path, published)`: a local file (.txt, .md, .html, .json,
  .jsonl), a folder of them (recursive, sorted, hidden files skipped) or `-`
  (standard input); what `claimtrack extract` reads.
- `discover(source, published)`: the same, plus RSS/Atom feeds from an http(s)
  URL or a .xml/.rss/.atom file; what the pipeline reads.

Both yield `Document`s and, for bad input, `DocumentError`s in their place; they
never raise for bad input. Only light modules are imported here: trafilatura,
feedparser, httpx and PyYAML are imported by the functions that need them, so
`claimtrack extract` starts fast.
"""

from claimtrack.sources.discover import discover
from claimtrack.sources.documents import (
    DEFAULT_MAX_BYTES,
    Document,
    DocumentError,
    DocumentResult,
    iter_documents,
)
from claimtrack.sources.options import ReadOptions

__all__ = [
    "DEFAULT_MAX_BYTES",
    "Document",
    "DocumentError",
    "DocumentResult",
    "ReadOptions",
    "discover",
    "iter_documents",
]
