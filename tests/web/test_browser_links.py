"""In headless Chromium: a reviewer accepts a suggested fact-check on the claim page and
finds its verdict pre-selected (labelled a suggestion) and its url offered as evidence."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import Engine

from models import Role
from tests.web.seed import Seeded
from tests.web.seed_links import FACT_CHECK_URL, add_links

# The app in a uvicorn thread and a Chromium page: the fixtures of the desk's browser test.
from tests.web.test_browser import base_url, browser_page, record_dialogs  # noqa: F401

pytestmark = pytest.mark.browser


def test_accept_a_suggested_fact_check_and_see_the_suggestion(
    browser_page: Any,  # noqa: F811
    base_url: str,  # noqa: F811
    seeded: Seeded,
    fresh_engine: Engine,
    tmp_path: Path,
) -> None:
    linked = add_links(fresh_engine, seeded)
    page = browser_page
    dialogs = record_dialogs(page)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    page.goto(f"{base_url}/claims/{linked.claim_id}")
    page.fill("#token", seeded.tokens[Role.REVIEWER])
    page.click("form[action='/login'] button[type=submit]")
    page.wait_for_url(f"{base_url}/claims/{linked.claim_id}")

    panel = page.locator("#claim-links")
    assert "Checked before?" in panel.inner_text() and "Said elsewhere" in panel.inner_text()
    # The imported text is shown as text: no <b> element came from it.
    assert "<b>bold</b>" in panel.locator("#fact-check-links blockquote").inner_text()
    assert panel.locator("#fact-check-links b").count() == 0
    assert page.locator("#verdict-suggestion").count() == 0
    assert not page.locator("#review-form input[value=false]").is_checked()

    page.click("#fact-check-links button.link-accepted")
    page.wait_for_selector("#verdict-suggestion")
    assert "Fact-check accepted" in page.locator(".flash").inner_text()
    suggestion = page.locator("#verdict-suggestion").inner_text()
    assert "Suggested by an accepted fact-check" in suggestion and "false" in suggestion
    assert page.locator("#review-form input[value=false]").is_checked()
    assert page.locator("#review-url").input_value() == FACT_CHECK_URL
    # Still the reviewer's act: nothing is reviewed until they save.
    assert page.locator("#claim-status").inner_text() == "new"
    assert "accept match" in page.locator("#history").inner_text()

    page.click("#review-submit")
    page.wait_for_selector("#claim-verdict")
    assert page.locator("#claim-verdict").inner_text() == "false"
    assert FACT_CHECK_URL in page.locator("#evidence-list").inner_text()
    page.screenshot(path=str(tmp_path / "claim-links.png"), full_page=True)
    assert dialogs == [] and errors == []
