"""The pipeline flow with its reading options (issue 12, item 6): files chosen by globs,
a fallback encoding counted, undated articles counted."""

from __future__ import annotations

from pathlib import Path

from flows.pipeline import pipeline
from tests.flows.test_cli_run_options import stored_keys, untidy_folder


def test_options_choose_decode_and_count(configured_database: str, tmp_path: Path) -> None:
    folder = untidy_folder(tmp_path)
    result = pipeline(
        sources=[str(folder)],
        workers=1,
        include=["*.txt"],
        exclude=["drafts/*"],
        encoding="cp1252",
    )
    assert result["errors"] == 0
    assert result["articles_new"] == 3
    assert (result["articles_decoded_fallback"], result["decoded_with"]) == (1, {"cp1252": 1})
    assert result["articles_undated"] == 1
    assert stored_keys(configured_database) == [
        "wire/cafe-2024-03-15.txt",
        "wire/rates-2024-03-15.txt",
        "wire/undated.txt",
    ]


def test_the_reextract_total_is_counted_beforehand(
    configured_database: str, articles_folder: Path
) -> None:
    from flows.pipeline import count_to_reextract, reextract

    first = pipeline(sources=[str(articles_folder)], workers=1)
    assert count_to_reextract(everything=False) == 0  # all extracted by this version
    assert count_to_reextract(everything=True) == first["articles_new"]
    result = reextract(workers=1, everything=True)
    assert result["articles_reextracted"] == first["articles_new"]
