"""How a folder is read: which files (globs, and non-article files left out), and the
encoding to fall back to for a text file that is not UTF-8.

Globs are matched with fnmatch against the file's path relative to the source folder
(`2024/rates.txt`) and against its name alone, so `*.txt` matches at any depth and
`drafts/*` everything under drafts/. An exclude wins over an include. Files given by
name (not found by walking a folder) are always read: naming a file is choosing it.

Non-article files: a folder of articles often carries its own README, LICENSE or
CHANGELOG; read as articles they add claims about the folder itself. A file whose name
before its first dot is one of NON_ARTICLE_NAMES (any case) is left out of a folder's
walk unless an --include pattern names it.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from fnmatch import fnmatchcase

NON_ARTICLE_NAMES = frozenset(
    {
        "README",
        "READ_ME",
        "LICENSE",
        "LICENCE",
        "COPYING",
        "CHANGELOG",
        "CHANGES",
        "NOTICE",
        "AUTHORS",
        "CONTRIBUTING",
        "INSTALL",
        "MANIFEST",
        "TODO",
    }
)


def is_non_article_name(name: str) -> bool:
    return name.split(".", 1)[0].upper() in NON_ARTICLE_NAMES


def _matches(relative: str, patterns: tuple[str, ...]) -> bool:
    name = relative.rsplit("/", 1)[-1]
    return any(fnmatchcase(relative, p) or fnmatchcase(name, p) for p in patterns)


@dataclass(frozen=True)
class ReadOptions:
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    # Tried after UTF-8 fails, for .txt and Markdown files (JSON is UTF-8 by its
    # standard; HTML declares its own charset). None: such a file is an error.
    encoding: str | None = None

    def __post_init__(self) -> None:
        if self.encoding is not None:
            try:
                codecs.lookup(self.encoding)
            except LookupError:
                raise ValueError(f"unknown encoding {self.encoding!r}") from None

    def wants(self, relative: str) -> bool:
        """Whether a file found in a folder walk, at `relative` (posix), is read."""
        if self.exclude and _matches(relative, self.exclude):
            return False
        if self.include:
            return _matches(relative, self.include)
        return not is_non_article_name(relative.rsplit("/", 1)[-1])


DEFAULT_OPTIONS = ReadOptions()
