"""An article read from a file is known by its path relative to its source folder's
parent, resolved: the same under any spelling of the path (issue 12, item 5)."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from claimtrack.sources import Document, discover, iter_documents
from tests.conftest import REPO_ROOT

EXAMPLES = REPO_ROOT / "examples" / "articles"


@contextmanager
def cwd(path: Path) -> Iterator[None]:
    before = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(before)


def keys(source: str) -> list[str]:
    return sorted(d.source_key for d in discover(source) if isinstance(d, Document))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """project/examples/articles: a copy of the example articles, and a dump beside them."""
    folder = tmp_path / "project" / "examples" / "articles"
    shutil.copytree(EXAMPLES, folder)
    records = [{"id": "a1", "text": "The council said rates rise by 4 per cent."}]
    (folder / "dump.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    return tmp_path / "project"


def test_every_spelling_of_a_folder_gives_the_same_keys(project: Path) -> None:
    folder = project / "examples" / "articles"
    with cwd(project):
        relative = keys("examples/articles")
        dotted = keys("./examples/../examples/articles/")
        absolute = keys(str(folder))
    with cwd(project.parent):
        from_parent = keys("project/examples/articles")
    with cwd(folder):
        from_inside = keys(".")
    assert relative == dotted == absolute == from_parent == from_inside
    names = sorted(p.name for p in EXAMPLES.iterdir())
    assert relative == sorted([f"articles/{n}" for n in names] + ["articles/dump.jsonl#a1"])


def test_a_file_alone_has_the_key_it_has_in_its_folder(project: Path) -> None:
    folder = project / "examples" / "articles"
    name = "kashmir-hour-2019-08-30.txt"
    with cwd(project):
        (alone,) = keys(f"examples/articles/{name}")
    assert alone == f"articles/{name}" and alone in keys(str(folder))
    with cwd(folder):
        assert keys(name) == [alone]


def test_keys_name_no_machine_path(project: Path) -> None:
    for document in iter_documents(str(project / "examples" / "articles")):
        assert isinstance(document, Document)
        assert not document.source_key.startswith("/")
        assert str(project) not in document.source_key
        if document.source == "file":
            assert document.id.startswith(str(project))  # messages name the path as given
