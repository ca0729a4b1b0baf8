"""A folder of articles: every supported file under it, in a stable order."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from claimtrack.sources.documents import (
    DEFAULT_MAX_BYTES,
    SUPPORTED_SUFFIXES,
    Document,
    DocumentError,
    iter_file,
)
from claimtrack.sources.options import DEFAULT_OPTIONS, ReadOptions


def iter_folder(
    folder: str,
    published: date | None,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    options: ReadOptions = DEFAULT_OPTIONS,
) -> Iterator[Document | DocumentError]:
    """Yield the articles of every supported file under `folder`, recursively.

    Files come in sorted path order so runs are repeatable; hidden files and
    folders (a leading dot: .git, .DS_Store, editor swap files) are skipped, and
    files of other types are ignored rather than reported, since a folder of
    articles often holds images beside them; `options` chooses among the rest
    (globs, non-article files such as README.TXT: see sources/options.py).
    """
    for path in article_paths(folder, options):
        yield from iter_file(
            path, published, max_bytes=max_bytes, root=folder, encoding=options.encoding
        )


def article_paths(folder: str, options: ReadOptions = DEFAULT_OPTIONS) -> list[str]:
    """The supported files under `folder` that `options` wants, as paths joined to it
    as given, sorted."""
    found: list[str] = []
    # os.walk does not follow symlinked folders, so a link loop cannot hang the walk.
    for directory, subdirectories, files in os.walk(folder):
        subdirectories[:] = [name for name in subdirectories if not name.startswith(".")]
        for name in files:
            if name.startswith(".") or Path(name).suffix.lower() not in SUPPORTED_SUFFIXES:
                continue
            path = os.path.join(directory, name)
            if options.wants(Path(os.path.relpath(path, folder)).as_posix()):
                found.append(path)
    # Sort on path components, so "a/b.txt" comes before "a-b.txt" as in a tree listing.
    return sorted(found, key=lambda path: Path(path).parts)
