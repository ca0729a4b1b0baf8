"""Which files of a folder are read, and how (issue 12, item 6): --include/--exclude
globs, non-article files (README.TXT) left out by default, a fallback encoding."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimtrack.sources import Document, DocumentError, ReadOptions, iter_documents
from claimtrack.sources.options import is_non_article_name

LATIN1 = "Café prices rose 3% in Zürich on Friday, the council said.\n"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "wire"
    (root / "drafts").mkdir(parents=True)
    (root / "2024").mkdir()
    (root / "README.TXT").write_text("How this folder is organised.\n")
    (root / "LICENSE.md").write_text("Licence terms.\n")
    (root / "2024" / "rates.txt").write_text("Rates rose 4% on Friday.\n")
    (root / "2024" / "fares.md").write_text("Fares rose 12% in April.\n")
    (root / "drafts" / "draft.txt").write_text("Unchecked draft.\n")
    (root / "2024" / "cafe.txt").write_bytes(LATIN1.encode("latin-1"))
    return root


def names(results: list[Document | DocumentError]) -> list[str]:
    return [Path(r.id.split(":")[0]).name for r in results]


def test_non_article_files_are_left_out_by_default(folder: Path) -> None:
    results = list(iter_documents(str(folder)))
    assert "README.TXT" not in names(results) and "LICENSE.md" not in names(results)
    assert sorted(names(results)) == ["cafe.txt", "draft.txt", "fares.md", "rates.txt"]


@pytest.mark.parametrize(
    "name", ["README.TXT", "readme.md", "README", "LICENCE.txt", "CHANGELOG.md", "NOTICE.txt"]
)
def test_non_article_names(name: str) -> None:
    assert is_non_article_name(name)


@pytest.mark.parametrize("name", ["readme-leak-story.txt", "licensing-row.md", "notes.txt"])
def test_article_names_that_merely_resemble(name: str) -> None:
    assert not is_non_article_name(name)


def test_include_and_exclude_globs(folder: Path) -> None:
    options = ReadOptions(include=("*.txt",), exclude=("drafts/*",))
    results = list(iter_documents(str(folder), options=options))
    assert sorted(names(results)) == ["cafe.txt", "rates.txt"]


def test_an_include_that_names_a_readme_reads_it(folder: Path) -> None:
    results = list(iter_documents(str(folder), options=ReadOptions(include=("README.*",))))
    assert names(results) == ["README.TXT"]


def test_a_file_given_alone_is_always_read(folder: Path) -> None:
    (document,) = iter_documents(str(folder / "README.TXT"))
    assert isinstance(document, Document)


def test_without_a_fallback_a_latin1_file_fails_alone_and_says_what_to_do(folder: Path) -> None:
    results = list(iter_documents(str(folder / "2024")))
    errors = [r for r in results if isinstance(r, DocumentError)]
    assert len(errors) == 1 and "cafe.txt: not UTF-8 text" in errors[0].message
    assert all(r.decoded_with is None for r in results if isinstance(r, Document))


def test_the_fallback_encoding_decodes_what_is_not_utf8_and_says_so(folder: Path) -> None:
    results = list(iter_documents(str(folder / "2024"), options=ReadOptions(encoding="cp1252")))
    assert all(isinstance(r, Document) for r in results)
    by_name = {Path(r.id).name: r for r in results if isinstance(r, Document)}
    assert by_name["cafe.txt"].text == LATIN1 and by_name["cafe.txt"].decoded_with == "cp1252"
    assert by_name["rates.txt"].decoded_with is None  # UTF-8 first, always


def test_an_unknown_encoding_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown encoding"):
        ReadOptions(encoding="klingon-8")
