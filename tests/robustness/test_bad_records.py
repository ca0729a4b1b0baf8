"""One malformed `.jsonl` record fails alone: one clear line, the other records go on.

Two records that once stopped everything: a line of 3,000 `[` (the JSON decoder
recursed past Python's limit: RecursionError) and a valid JSON string holding a
lone surrogate (`"\\ud800"`: decodes, but is no Unicode text, so printing it or
sending it to PostgreSQL raised UnicodeEncodeError).
"""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from claimtrack.sources.documents import Document, DocumentError
from claimtrack.sources.records import iter_jsonl
from tests.robustness.support import (
    REPO_ROOT,
    cli_environment,
    count_rows,
    create_database,
    drop_database,
    run_to_end,
)

GOOD = [
    {"id": "good-1", "text": "The ministry said 40 people were arrested on Friday in the city."},
    {"id": "good-2", "text": "Unemployment fell 3% in 2018, the statistics office said."},
]
NESTED = "[" * 3000
# json.dumps escapes the surrogate, so the file holds the six characters \ud800: valid JSON.
SURROGATE = json.dumps({"id": "lone-surrogate", "text": "\ud800 The council said 5 people died."})
SURROGATE_TITLE = json.dumps({"id": "bad-title", "text": "Fine text.", "title": "x\udfff"})


def _write_dump(path: Path) -> Path:
    lines = [
        json.dumps(GOOD[0]),
        NESTED,
        SURROGATE,
        SURROGATE_TITLE,
        json.dumps(GOOD[1]),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_each_malformed_record_is_one_error_in_its_place(tmp_path: Path) -> None:
    dump = _write_dump(tmp_path / "dump.jsonl")
    items = list(iter_jsonl(str(dump), None, max_bytes=1 << 20))
    kinds = [type(item).__name__ for item in items]
    assert kinds == ["Document", "DocumentError", "DocumentError", "DocumentError", "Document"]
    errors = [item for item in items if isinstance(item, DocumentError)]
    assert "nested" in errors[0].message and ":2:" in errors[0].message
    assert errors[1].id == "lone-surrogate" and "surrogate" in errors[1].message
    assert errors[2].id == "bad-title" and '"title"' in errors[2].message
    documents = [item for item in items if isinstance(item, Document)]
    assert [d.id for d in documents] == ["good-1", "good-2"]


def test_a_single_json_article_nested_too_deep_is_one_error(tmp_path: Path) -> None:
    from claimtrack.sources.documents import iter_documents

    path = tmp_path / "article.json"
    path.write_text(NESTED, encoding="utf-8")
    [item] = list(iter_documents(str(path)))
    assert isinstance(item, DocumentError) and "nested" in item.message


def _error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.strip()]


def test_extract_prints_one_line_per_bad_record_and_every_good_one(tmp_path: Path) -> None:
    dump = _write_dump(tmp_path / "dump.jsonl")
    done = subprocess.run(
        [sys.executable, "-m", "claimtrack", "extract", "--format", "json", str(dump)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert len(_error_lines(done.stderr)) == 3, done.stderr
    results = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["id"] for r in results] == [
        "good-1",
        f"{dump}:2",
        "lone-surrogate",
        "bad-title",
        "good-2",
    ]
    assert results[0]["claims"] and results[4]["claims"]
    assert all("error" in r for r in results[1:4])


@pytest.mark.timeout(300)
def test_run_stores_every_good_record_and_lists_each_bad_one(
    pg_server_url: str, template_database: str, prefect_api_url: str, tmp_path: Path
) -> None:
    dump = _write_dump(tmp_path / "dump.jsonl")
    name = f"ct_bad_records_{uuid.uuid4().hex[:8]}"
    url = create_database(pg_server_url, name, template=template_database)
    try:
        env = cli_environment(url, tmp_path / "data", prefect_api_url)
        # One batch for all five: a bad record must not take its batch down with it.
        done = run_to_end([str(dump)], env, timeout=240, batch_size=10)
        assert done.returncode == 1, done.stderr
        assert "Traceback" not in done.stderr
        lines = _error_lines(done.stderr)
        # Progress lines and warnings may come before; the failures are listed last.
        header = [i for i, line in enumerate(lines) if line.startswith("claimtrack: 3 item(s)")]
        assert header, done.stderr
        failures = lines[header[0] + 1 :]
        assert len(failures) == 3, done.stderr  # one line each
        assert ":2: not valid JSON" in failures[0] and "surrogate" in failures[1]
        assert count_rows(url, "SELECT count(*) FROM article") == 2
        assert count_rows(url, "SELECT count(*) FROM claim") >= 2
        assert count_rows(url, "SELECT (counts->>'errors')::int FROM extraction_run") == 3
    finally:
        drop_database(pg_server_url, name)
