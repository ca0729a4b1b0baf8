"""How many items a run will read, when that can be known cheaply beforehand: what
gives a progress bar its total and its time left.

Files and folders are countable (one item a file, one a non-blank line of a .jsonl
dump, counted by a byte scan without parsing); feeds are not (only fetching them
tells), and neither is standard input.
"""

from __future__ import annotations

from pathlib import Path

from claimtrack.sources.discover import is_feed
from claimtrack.sources.documents import JSONL_SUFFIXES, STDIN_PATH
from claimtrack.sources.options import DEFAULT_OPTIONS, ReadOptions

_CHUNK = 1 << 20


def _jsonl_records(path: Path) -> int:
    """Non-blank lines: what the .jsonl reader turns into an article or an error each."""
    count = 0
    with path.open("rb") as handle:
        pending = b""
        while chunk := handle.read(_CHUNK):
            lines = (pending + chunk).split(b"\n")
            pending = lines.pop()
            count += sum(1 for line in lines if not _blank(line))
        if not _blank(pending):
            count += 1
    return count


def _blank(line: bytes) -> bool:
    """As the .jsonl reader judges it: only whitespace, Unicode's included (U+0085)."""
    return not line.strip() or not line.decode("utf-8", "replace").strip()


def _file_items(path: Path) -> int:
    if path.suffix.lower() in JSONL_SUFFIXES:
        try:
            return _jsonl_records(path)
        except OSError:
            return 1  # unreadable: one error item
    return 1


def count_items(sources: list[str], options: ReadOptions = DEFAULT_OPTIONS) -> int | None:
    """The number of items (articles or errors) the sources will give; None if unknown."""
    from claimtrack.sources.folders import article_paths

    total = 0
    for source in sources:
        if source == STDIN_PATH or is_feed(source):
            return None
        path = Path(source)
        if path.is_dir():
            total += sum(_file_items(Path(p)) for p in article_paths(source, options))
        else:
            total += _file_items(path)
    return total
