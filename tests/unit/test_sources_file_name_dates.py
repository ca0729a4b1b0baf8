"""A plain-text file dated in its name gets that publication date, unless one is given."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from claimtrack.sources import Document, iter_documents
from claimtrack.sources.text_files import date_in_file_name


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("kashmir-hour-2019-08-30.txt", date(2019, 8, 30)),
        ("dir/2004_report-2005-02-28.txt", date(2005, 2, 28)),
        ("no-date.txt", None),
        ("bad-date-2019-13-40.txt", None),
        ("2019-08-30/inside-a-dated-folder.txt", None),
        ("ends-with-number-12019-08-30.txt", None),
    ],
)
def test_date_in_file_name(name: str, expected: date | None) -> None:
    assert date_in_file_name(name) == expected


def _only(path: Path, published: date | None = None) -> Document:
    (document,) = iter_documents(str(path), published)
    assert isinstance(document, Document)
    return document


def test_file_name_date_is_the_fallback(tmp_path: Path) -> None:
    path = tmp_path / "lockdown-2019-08-30.txt"
    path.write_text("Headline\nThe lockdown entered its 26th day on Friday.\n", encoding="utf-8")
    assert _only(path).published == date(2019, 8, 30)
    assert _only(path, date(2020, 1, 2)).published == date(2020, 1, 2)
