"""What `claimtrack run` adds to its summary about its sources (issue 12, item 6)."""

from __future__ import annotations

import pytest

from claimtrack.cli.run_report import print_source_notes


def test_fallback_undated_and_hint(capsys: pytest.CaptureFixture[str]) -> None:
    print_source_notes(
        {"articles_undated": 2, "decoded_with": {"cp1252": 3}, "error_list": []}, "cp1252"
    )
    err = capsys.readouterr().err
    assert "2 article(s) have no publication date" in err
    assert "3 file(s) were not UTF-8 and were read as cp1252" in err
    assert "hint" not in err
    failed = [{"item": "a.txt", "error": "a.txt: not UTF-8 text (byte 0xe9 at offset 3)"}]
    print_source_notes({"error_list": failed}, None)
    assert "--encoding NAME" in capsys.readouterr().err


def test_nothing_to_say(capsys: pytest.CaptureFixture[str]) -> None:
    print_source_notes({"articles_undated": 0, "error_list": []}, None)
    assert capsys.readouterr().err == ""
