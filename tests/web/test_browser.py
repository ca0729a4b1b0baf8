"""End to end in headless Chromium: sign in, work the queue with the keyboard, see the
history, select text to add a claim, and an article's <script> shown as text."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI

from models import Role
from tests.web.seed import ARTICLE_TEXT, Seeded

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture
def browser_page() -> Iterator[Any]:
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(15_000)
        yield page
        browser.close()


@pytest.fixture
def base_url(web_app: FastAPI) -> Iterator[str]:
    """uvicorn serving the app on a free loopback port, in a thread."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(web_app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
    sock.close()


def record_dialogs(page: Any) -> list[str]:
    """Messages of any alert() the page opens: there must be none."""
    dialogs: list[str] = []

    def on_dialog(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    return dialogs


def test_review_a_claim_with_the_keyboard(
    browser_page: Any, base_url: str, seeded: Seeded, tmp_path: Path
) -> None:
    page = browser_page
    dialogs = record_dialogs(page)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    page.goto(f"{base_url}/queue")
    assert "/login" in page.url
    page.fill("#token", seeded.tokens[Role.REVIEWER])
    page.click("form[action='/login'] button[type=submit]")
    page.wait_for_url(f"{base_url}/queue")

    # j selects the first row (the most check-worthy claim), Enter opens it.
    page.keyboard.press("j")
    assert page.locator(".claim-row.selected").count() == 1
    page.keyboard.press("j")
    page.keyboard.press("k")
    first = page.locator(".claim-row.selected").get_attribute("data-href")
    assert first == f"/claims/{seeded.claim_ids[0]}"
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base_url}{first}")
    assert page.locator("#history .event").count() == 0

    # ? shows the help, Escape hides it.
    page.keyboard.press("?")
    assert page.locator("#help").is_visible()
    page.keyboard.press("Escape")
    assert page.locator("#help").is_hidden()

    # 2 chooses "false" and puts the focus on Save; Enter saves.
    page.keyboard.press("2")
    assert page.locator("#review-form input[value=false]").is_checked()
    page.keyboard.press("Enter")
    page.wait_for_selector("#history .event")
    history = page.locator("#history .event").first.inner_text()
    assert "Reviewer Tester" in history and "review" in history
    assert "new → reviewed" in history and "false" in history
    assert page.locator("#claim-status").inner_text() == "reviewed"
    page.screenshot(path=str(tmp_path / "claim.png"), full_page=True)

    # e jumps to the evidence field.
    page.keyboard.press("e")
    assert page.evaluate("document.activeElement.id") == "evidence-url"
    assert not errors, errors
    assert not dialogs


def test_select_text_to_add_a_claim_and_script_stays_text(
    browser_page: Any, base_url: str, seeded: Seeded, tmp_path: Path
) -> None:
    page = browser_page
    dialogs = record_dialogs(page)
    page.goto(f"{base_url}/login")
    page.fill("#token", seeded.tokens[Role.EDITOR])
    page.click("form[action='/login'] button[type=submit]")
    page.goto(f"{base_url}/articles/{seeded.article_id}")

    shown = page.inner_text("#article-text")
    assert "<script>alert('owned')</script>" in shown
    assert page.locator("#article-text script").count() == 0
    page.screenshot(path=str(tmp_path / "article.png"), full_page=True)

    # Select "Officials said" (as a reviewer would by dragging) and add it as a claim.
    wanted = "Officials said"
    page.evaluate(
        """(wanted) => {
          const root = document.getElementById("article-text");
          const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
          let node;
          while ((node = walker.nextNode())) {
            const at = node.data.indexOf(wanted);
            if (at >= 0) {
              const range = document.createRange();
              range.setStart(node, at);
              range.setEnd(node, at + wanted.length);
              const selection = window.getSelection();
              selection.removeAllRanges();
              selection.addRange(range);
              root.dispatchEvent(new MouseEvent("mouseup", { bubbles: true }));
              return;
            }
          }
          throw new Error("text not found");
        }""",
        wanted,
    )
    form = page.locator("#add-form")
    start = ARTICLE_TEXT.index(wanted)
    assert form.locator("input[name=start]").input_value() == str(start)
    assert form.locator("input[name=end]").input_value() == str(start + len(wanted))
    form.locator("select[name=type]").select_option("quote")
    form.locator("button[type=submit]").click()
    page.wait_for_selector("#claim-mark")
    assert page.inner_text("#claim-mark") == wanted
    assert "Claim added." in page.inner_text("main")
    assert not dialogs
