"""What `claimtrack run` says besides its tables: the sources' warnings and hints.

Printed to standard error after the summary, one line each, so a scheduler's log
shows them and a pipe of the tables stays clean.
"""

from __future__ import annotations

import sys
from typing import Any

# The start of a decoding error from claimtrack.sources (documents.decode_utf8).
_NOT_UTF8 = "not UTF-8 text"


def print_source_notes(result: dict[str, Any], encoding: str | None) -> None:
    undated = int(result.get("articles_undated", 0))
    if undated:
        sys.stderr.write(
            f"claimtrack: warning: {undated} article(s) have no publication date, so their "
            "relative dates ('on Friday', 'last year') stay unresolved; date them with "
            "--published YYYY-MM-DD or in their metadata\n"
        )
    for fallback, count in sorted(result.get("decoded_with", {}).items()):
        sys.stderr.write(
            f"claimtrack: {count} file(s) were not UTF-8 and were read as {fallback} (--encoding)\n"
        )
    errors = result.get("error_list", [])
    if encoding is None and any(_NOT_UTF8 in str(e.get("error", "")) for e in errors):
        sys.stderr.write(
            "claimtrack: hint: --encoding NAME (e.g. cp1252 or latin-1) reads the files "
            "that are not UTF-8\n"
        )
