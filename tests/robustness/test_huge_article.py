"""One huge article must not stall its batch, its run, or a SIGTERM.

Before issue 18 extraction was quadratic (1 MB: 12 s, 15.7 MB: not done in
300 s), an article had no time budget, and `claimtrack run` ignored the first
SIGTERM while it extracted. Speed itself is measured in benchmarks/huge_article.py;
here: the linear-time lookups give exactly what the scans they replaced gave, an
article over its budget fails alone, and SIGTERM stops a run mid-article.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from claimtrack.extraction import extract_claims
from claimtrack.extraction.attribution import _Quotes
from claimtrack.extraction.budget import ExtractionCancelled, ExtractionTimeout
from claimtrack.extraction.entities import _longest_names, _looks_like_person, strip_titles
from flows.batches import ToExtract
from tests.robustness.support import (
    REPO_ROOT,
    article_text,
    cli_environment,
    count_rows,
    create_database,
    drop_database,
    run_to_end,
    start_run,
    wait_until,
)

GOOD = "The ministry said 40 people were arrested on Friday in the capital."


def huge_text(characters: int) -> str:
    """Generated articles one after another, as a dump glued into one 'article' would be."""
    parts, length, number = [], 0, 0
    while length < characters:
        parts.append(article_text(number))
        length += len(parts[-1]) + 2
        number += 1
    return "\n\n".join(parts)[:characters]


# --- the linear lookups equal the scans they replaced --------------------------------------------


def _quotes(rng: random.Random) -> list[tuple[int, int]]:
    regions, position = [], 0
    for _ in range(rng.randint(0, 12)):
        start = position + rng.randint(0, 20)
        end = start + rng.randint(1, 30)
        regions.append((start, end))
        position = end + rng.randint(0, 5)
    return regions


def test_quote_lookups_equal_a_scan_of_every_quotation() -> None:
    rng = random.Random(18)
    for _ in range(300):
        regions = _quotes(rng)
        quotes = _Quotes(regions)
        for offset in range(-2, (regions[-1][1] if regions else 0) + 3):
            holding = [q for q in regions if q[0] <= offset < q[1]]
            assert quotes.holding(offset) == (holding[0] if holding else None)
            inside = any(q[0] < offset < q[1] - 1 for q in regions)
            assert quotes.strictly_inside(offset) == inside
            end = offset + rng.randint(0, 40)
            meeting = [q for q in regions if q[0] <= offset < q[1] or offset <= q[0] < end]
            assert quotes.first_meeting(offset, end) == (meeting[0] if meeting else None)


def _longest_by_scan(mentions: list[tuple[int, str]], surname: str) -> str | None:
    """The function issue 18 found quadratic, as it was."""
    best: str | None = None
    for _, mention in mentions:
        if not mention.endswith(surname):
            continue
        _, bare = strip_titles(mention)
        words = bare.split()
        if (
            len(words) >= 2
            and words[-1] == surname
            and _looks_like_person(bare)
            and (best is None or len(bare) > len(best))
        ):
            best = bare
    return best


def test_longest_names_equal_the_scan_per_surname() -> None:
    rng = random.Random(18)
    words = ["Anna", "Kowalski", "Mr", "Brown", "Gordon", "Foreign", "Secretary", "Jack", "Straw"]
    words += ["Bank", "Paris", "de", "Sol", "Campbell", "Arsenal", "Dr", "Smith"]
    for _ in range(200):
        mentions = [
            (index, " ".join(rng.choice(words) for _ in range(rng.randint(1, 4))))
            for index in range(rng.randint(0, 30))
        ]
        longest = _longest_names(mentions)
        for surname in words:
            assert longest.get(surname) == _longest_by_scan(mentions, surname), (mentions, surname)


# --- the budget: one article fails alone ----------------------------------------------------------


def test_an_article_over_its_budget_stops_and_says_why() -> None:
    started = time.monotonic()
    with pytest.raises(ExtractionTimeout, match="budget"):
        extract_claims(huge_text(2_000_000), None, budget_seconds=0.5)
    # Bounded, not timed: without the budget this text takes several seconds.
    assert time.monotonic() - started < 30


def test_a_set_stop_event_cancels_extraction() -> None:
    import threading

    stop = threading.Event()
    stop.set()
    with pytest.raises(ExtractionCancelled):
        extract_claims(GOOD, None, stop=stop)


def test_the_batch_keeps_its_good_articles(monkeypatch: pytest.MonkeyPatch) -> None:
    from claimtrack.settings import get_settings
    from flows.extraction_worker import extract_all

    monkeypatch.setenv("CLAIMTRACK_EXTRACTION_BUDGET_SECONDS", "0.5")
    get_settings.cache_clear()
    try:
        results = extract_all(
            [
                ToExtract(1, "good-1", GOOD, None),
                ToExtract(2, "huge", huge_text(2_000_000), None),
                ToExtract(3, "good-2", GOOD, None),
            ]
        )
    finally:
        get_settings.cache_clear()
    assert [r.source_key for r in results] == ["good-1", "huge", "good-2"]
    assert results[0].claims and results[2].claims
    assert results[1].claims is None and "0.5 s budget" in (results[1].error or "")


def test_extract_prints_one_line_for_the_article_over_budget(tmp_path: Path) -> None:
    dump = tmp_path / "dump.jsonl"
    records = [
        {"id": "good-1", "text": GOOD},
        {"id": "huge", "text": huge_text(2_000_000)},
        {"id": "good-2", "text": GOOD},
    ]
    dump.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    env = {**os.environ, "CLAIMTRACK_EXTRACTION_BUDGET_SECONDS": "0.5"}
    done = subprocess.run(
        [sys.executable, "-m", "claimtrack", "extract", "--format", "json", str(dump)],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        "claimtrack: error: huge: extraction took longer than its 0.5 s budget "
        "(CLAIMTRACK_EXTRACTION_BUDGET_SECONDS)"
    ]
    results = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["id"] for r in results] == ["good-1", "huge", "good-2"]
    assert results[0]["claims"] and results[2]["claims"] and "error" in results[1]


def _dump_with_a_huge_article(path: Path, characters: int, good: int) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        handle.write(json.dumps({"id": "huge", "text": huge_text(characters)}) + "\n")
        for number in range(good):
            record = {"id": f"good-{number}", "text": article_text(number)}
            handle.write(json.dumps(record) + "\n")
    return path


@pytest.mark.timeout(300)
def test_run_stores_the_good_articles_of_the_batch(
    pg_server_url: str, template_database: str, prefect_api_url: str, tmp_path: Path
) -> None:
    dump = _dump_with_a_huge_article(tmp_path / "dump.jsonl", 2_000_000, good=5)
    name = f"ct_budget_{uuid.uuid4().hex[:8]}"
    url = create_database(pg_server_url, name, template=template_database)
    try:
        env = cli_environment(url, tmp_path / "data", prefect_api_url)
        env["CLAIMTRACK_EXTRACTION_BUDGET_SECONDS"] = "0.5"
        done = run_to_end([str(dump)], env, timeout=240, batch_size=10)
        assert done.returncode == 1, done.stderr
        assert "Traceback" not in done.stderr
        assert "1 item(s) failed" in done.stderr and "0.5 s budget" in done.stderr
        extracted = "SELECT count(*) FROM article WHERE extracted_at IS NOT NULL"
        assert count_rows(url, extracted) == 5
        failed = "SELECT count(*) FROM article WHERE extraction_error LIKE '%budget%'"
        assert count_rows(url, failed) == 1
    finally:
        drop_database(pg_server_url, name)


# --- SIGTERM: the run stops mid-article -----------------------------------------------------------


def descendants(pid: int) -> list[int]:
    """Every process under `pid` (children, grandchildren: the fork server's workers)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            children.setdefault(int(fields[1]), []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def alive(pids: list[int]) -> list[int]:
    living = []
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            living.append(pid)
    return living


def kill_all(pids: list[int]) -> None:
    for pid in alive(pids):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.timeout(300)
@pytest.mark.parametrize("workers", [1, 2])
def test_sigterm_stops_a_run_in_the_middle_of_a_huge_article(
    pg_server_url: str,
    template_database: str,
    prefect_api_url: str,
    tmp_path: Path,
    workers: int,
) -> None:
    """In-process extraction (1 worker) and the process pool (2 workers, 25 articles)."""
    dump = _dump_with_a_huge_article(tmp_path / "dump.jsonl", 8_000_000, good=24)
    name = f"ct_sigterm_{uuid.uuid4().hex[:8]}"
    url = create_database(pg_server_url, name, template=template_database)
    process = start_run(
        [str(dump)],
        cli_environment(url, tmp_path / "data", prefect_api_url),
        workers=workers,
        batch_size=50,
    )
    children: list[int] = []
    try:
        # Ingested: the batch is now extracting (8 MB: tens of seconds).
        assert wait_until(lambda: count_rows(url, "SELECT count(*) FROM article") == 25, 120)
        time.sleep(2)
        children = descendants(process.pid)
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=30)
        assert process.returncode == 143, stderr
        assert "Traceback" not in stderr
        assert stderr.strip().splitlines()[-1].startswith("claimtrack: the run stopped by SIGTERM")
        assert count_rows(url, "SELECT count(*) FROM article WHERE extracted_at IS NOT NULL") == 0
        assert count_rows(url, "SELECT count(*) FROM extraction_run WHERE status = 'failed'") == 1
        assert wait_until(lambda: not alive(children), 10), alive(children)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
        kill_all(children)
        drop_database(pg_server_url, name)
