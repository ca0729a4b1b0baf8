"""Plain progress lines, for runs whose output is not a terminal (issue 12, item 7)."""

from __future__ import annotations

import io
import threading

from claimtrack.cli.progress import LineReport


def test_a_line_per_batch_with_total_rate_and_time_left() -> None:
    out = io.StringIO()
    report = LineReport(out, "articles", every=200)
    report.set_total(450)
    for _ in range(450):
        report.advance(1)
    report.finish()
    lines = out.getvalue().splitlines()
    assert len(lines) == 3
    assert lines[0].startswith("articles: 200/450 (44%), ") and lines[0].endswith(" left")
    assert "/s" in lines[0]
    assert lines[1].startswith("articles: 400/450 (89%)")
    assert lines[2].startswith("articles: 450/450 (100%)") and "done in" in lines[2]


def test_without_a_total_the_count_and_rate_only() -> None:
    out = io.StringIO()
    report = LineReport(out, "articles", every=2)
    report.advance(3)
    report.finish()
    assert [line.split(",")[0] for line in out.getvalue().splitlines()] == [
        "articles: 3",
        "articles: 3",
    ]
    assert "left" not in out.getvalue()


def _advance_many(report: LineReport, times: int) -> None:
    for _ in range(times):
        report.advance(1)


def test_threads_reporting_at_once_lose_no_count() -> None:
    out = io.StringIO()
    report = LineReport(out, "articles", every=1000)
    threads = [threading.Thread(target=_advance_many, args=(report, 500)) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert report.done == 4000
    assert len(out.getvalue().splitlines()) == 4
