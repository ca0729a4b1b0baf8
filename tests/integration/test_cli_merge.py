"""`claims merge` across articles and `claims reopen` of a merged claim, from the CLI."""

from __future__ import annotations

import json
from typing import Any

from claimtrack import db
from tests.integration.test_cli_claims import (
    World,
    assert_clear_failure,
    cli_world,  # noqa: F401  (a fixture)
    run,
    snapshot,
)
from tests.integration.test_review_support import add_article

OTHER_TEXT = "Fares rise\n\nThe board said fares would rise by 12 per cent in April.\n"


def _other_claim(token: str) -> int:
    with db.unit_of_work() as session:
        article_id = add_article(session, OTHER_TEXT, key="other/fares.txt", url=None).id
    start = OTHER_TEXT.index("fares would")
    end = OTHER_TEXT.index(" in April")
    values = json.dumps([{"kind": "quantity", "amount": 12, "unit": "percent"}])
    added = run(
        "claims",
        "add",
        str(article_id),
        "--start",
        str(start),
        "--end",
        str(end),
        "--type",
        "quantity",
        "--values",
        values,
        "--format",
        "json",
        token=token,
    )
    return int(json.loads(added.stdout)["id"])


def _claim(claim_id: int, token: str) -> dict[str, Any]:
    shown: dict[str, Any] = json.loads(
        run("claims", "show", str(claim_id), "--format", "json", token=token).stdout
    )
    return shown


def test_merge_across_articles_is_refused_then_allowed_then_undone(cli_world: World) -> None:  # noqa: F811
    _, claim_ids, reviewer, editor = cli_world
    survivor = claim_ids[0]
    foreign = _other_claim(reviewer)
    before = snapshot()
    refused = run(
        "claims",
        "merge",
        str(survivor),
        str(foreign),
        "--version",
        "1",
        "--other-version",
        "1",
        token=reviewer,
        ok=False,
    )
    assert_clear_failure(refused, 7, "different articles")
    assert snapshot() == before
    values_before = _claim(survivor, reviewer)["values"]

    run(
        "claims",
        "merge",
        str(survivor),
        str(foreign),
        "--version",
        "1",
        "--other-version",
        "1",
        "--across-articles",
        token=reviewer,
    )
    assert len(_claim(survivor, reviewer)["values"]) == len(values_before) + 1
    absorbed = _claim(foreign, reviewer)
    assert (absorbed["status"], absorbed["merged_into_id"]) == ("dismissed", survivor)

    run("claims", "reopen", str(foreign), "--version", str(absorbed["version"]), token=editor)
    absorbed = _claim(foreign, reviewer)
    assert (absorbed["status"], absorbed["merged_into_id"]) == ("new", None)
    assert _claim(survivor, reviewer)["values"] == values_before
    listed = json.loads(run("claims", "list", "--format", "json", token=reviewer).stdout)
    assert foreign in {row["id"] for row in listed}
