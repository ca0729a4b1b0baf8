"""The identity of an article read from a local file: its path relative to the parent of
its source folder, resolved, so every spelling of the same path gives the same key.

`examples/articles`, `/home/ana/claimtrack/examples/articles`, `claimtrack/examples/articles`
from the folder above, and `.` from inside it all give `articles/kashmir-hour-2019-08-30.txt`;
so does the file alone (its folder is then the source folder). The folder's own name is
part of the key, so two folders of articles do not share keys by file name alone, and
no key names the machine it was read on (exports publish keys).
"""

from __future__ import annotations

import os
from pathlib import Path


def file_key(path: str, root: str | None = None) -> str:
    """The key of the file at `path` read from the source `root` (a folder; None: the
    file was given alone, so its own folder)."""
    folder = Path(root) if root is not None else Path(path).parent
    try:
        relative = Path(path).resolve().relative_to(folder.resolve().parent)
    except ValueError:
        # A symbolic link out of the folder: keep the path's place inside the folder.
        relative = Path(os.path.abspath(path)).relative_to(Path(os.path.abspath(folder)).parent)
    return relative.as_posix()
