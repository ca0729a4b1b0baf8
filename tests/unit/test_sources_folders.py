"""Folders: recursive, sorted, supported types only, hidden files skipped."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from claimtrack.sources import Document, DocumentError, discover, iter_documents


def test_folder_walk(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a").mkdir()
    (tmp_path / ".git").mkdir()
    files = {
        "z.txt": "Z headline\nZ body.\n",
        "a/2.md": "---\ntitle: Two\n---\nTwo body.\n",
        "a/10.txt": "Ten\n",
        "b/dump.jsonl": '{"id": "r1", "text": "Record."}\n',
        "b/empty.txt": "",
        "a/notes.pdf": "%PDF",
        ".hidden.txt": "hidden\n",
        "a/.swap.txt": "swap\n",
        ".git/HEAD.txt": "not an article\n",
    }
    for name, content in files.items():
        (tmp_path / name).write_text(content, encoding="utf-8")

    root = str(tmp_path)
    results = list(iter_documents(root, published=date(2024, 1, 2)))

    keys = [r.source_key if isinstance(r, Document) else r.id for r in results]
    folder = tmp_path.name  # keys are relative to the folder's parent (sources/keys.py)
    assert keys == [
        f"{folder}/a/10.txt",
        f"{folder}/a/2.md",
        f"{folder}/b/dump.jsonl#r1",
        f"{root}/b/empty.txt",
        f"{folder}/z.txt",
    ]
    assert isinstance(results[3], DocumentError)
    assert results[3].message == f"{root}/b/empty.txt: empty text"
    assert all(r.published == date(2024, 1, 2) for r in results if isinstance(r, Document))


def test_discover_reads_folders_and_files_like_iter_documents(tmp_path: Path) -> None:
    (tmp_path / "one.txt").write_text("One\nBody.\n", encoding="utf-8")
    assert list(discover(str(tmp_path))) == list(iter_documents(str(tmp_path)))
    assert list(discover(str(tmp_path / "one.txt"))) == list(iter_documents(str(tmp_path)))


def test_empty_folder_gives_nothing(tmp_path: Path) -> None:
    assert list(iter_documents(str(tmp_path))) == []
