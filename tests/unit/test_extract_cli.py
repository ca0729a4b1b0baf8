"""`claimtrack extract`: JSON Lines in input order, errors in place, exit codes, light imports."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from claimtrack.cli.extract import register

ARTICLE = (
    "Sales rose 5% to 3m euros in 2004, the company said. The firm will open 20 stores on Friday."
)


@pytest.fixture
def app() -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def main() -> None:
        """Keep `extract` a subcommand, as in the real CLI."""

    register(app)
    return app


def run(
    app: typer.Typer, *args: str, stdin: str | None = None
) -> tuple[int, list[dict[str, object]], str]:
    result = CliRunner().invoke(app, ["extract", *args], input=stdin)
    objects = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    return result.exit_code, objects, result.stderr


def test_text_file_gives_one_object_with_the_given_date(app: typer.Typer, tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    code, objects, _ = run(app, "--format", "json", "--published", "2019-08-30", str(article))
    assert code == 0
    [result] = objects
    assert result["id"] == str(article)
    assert result["published"] == "2019-08-30"
    claims = result["claims"]
    assert isinstance(claims, list) and claims
    for claim in claims:
        assert ARTICLE[claim["start"] : claim["end"]] == claim["text"]
    friday = [
        v for c in claims for v in c["values"] if v["kind"] == "date" and v["text"] == "Friday"
    ]
    assert friday and friday[0]["value"] == "2019-09-06"  # "will open ... on Friday": the next one


def test_batch_keeps_input_order_with_errors_in_place(app: typer.Typer, tmp_path: Path) -> None:
    batch = tmp_path / "batch.jsonl"
    batch.write_text(
        json.dumps({"id": "a", "text": ARTICLE, "published": "2019-08-30"})
        + "\n"
        + "{not json\n"
        + json.dumps({"id": "c", "text": ARTICLE})
        + "\n",
        encoding="utf-8",
    )
    missing = tmp_path / "missing.txt"
    code, objects, stderr = run(app, "--format", "json", str(batch), str(missing))
    assert code == 1
    assert [o.get("id") for o in objects if "error" not in o] == ["a", "c"]
    assert "error" in objects[1] and "error" in objects[3]
    assert objects[0]["published"] == "2019-08-30" and objects[2]["published"] is None
    assert f"{batch}:2" in stderr and str(missing) in stderr  # the file and the line


def test_standard_input_is_one_article(app: typer.Typer) -> None:
    code, objects, _ = run(app, "--format", "json", "-", stdin=ARTICLE)
    assert code == 0
    assert objects[0]["id"] == "-" and objects[0]["claims"]


def test_empty_text_is_an_error(app: typer.Typer, tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    code, objects, stderr = run(app, "--format", "json", str(empty))
    assert code == 1
    assert objects[0]["id"] == str(empty) and objects[0]["error"]
    assert str(empty) in stderr


def test_a_bad_date_is_one_clear_line(app: typer.Typer, tmp_path: Path) -> None:
    code, objects, stderr = run(app, "--published", "30/08/2019", str(tmp_path / "x.txt"))
    assert code == 2
    assert objects == []
    assert "--published '30/08/2019' is not a date in YYYY-MM-DD form" in stderr
    assert "Traceback" not in stderr


def test_table_format_lists_the_claims(app: typer.Typer, tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", "--format", "table", str(article)])
    assert result.exit_code == 0
    assert "quantity" in result.stdout and "3,000,000 EUR" in result.stdout


def test_the_command_and_the_extractor_import_nothing_heavy() -> None:
    code = (
        "import sys, claimtrack.cli.extract, claimtrack.extraction; "
        "heavy = [m for m in ('sqlalchemy', 'prefect', 'sklearn', 'psycopg', 'dateparser') if m in sys.modules]; "
        "print(','.join(heavy))"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert output.stdout.strip() == ""


def test_unicode_line_separators_stay_inside_one_output_line(
    app: typer.Typer, tmp_path: Path
) -> None:
    batch = tmp_path / "odd.jsonl"
    text = "Sales rose 5%\u2028in May.\x85 Costs fell 3%\u2029 in June."
    batch.write_text(json.dumps({"id": "odd", "text": text}) + "\n", encoding="utf-8")
    code, objects, _ = run(app, "--format", "json", str(batch))
    assert code == 0
    [result] = objects
    claims = result["claims"]
    assert isinstance(claims, list)
    for claim in claims:
        assert text[claim["start"] : claim["end"]] == claim["text"]
