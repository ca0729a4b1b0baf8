"""A feed served over HTTP on 127.0.0.1, its items linking to pages served there too.

Each bad page (missing, slow, trickling, too large, not HTML) fails alone as a
`DocumentError` for its item; every other item still becomes an article.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest

from claimtrack.sources import Document, DocumentError, discover

TIMEOUT_SECONDS = 1.0
FETCH_MAX_BYTES = 20_000


def page(title: str, *paragraphs: str) -> str:
    body = "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
    return (
        f"<html><head><title>{title}</title>"
        '<meta property="article:published_time" content="2022-02-02"></head>'
        "<body><nav><a href='/'>Home</a> | <a href='/subscribe'>Subscribe today</a></nav>"
        f"<article><h1>{title}</h1>{body}</article>"
        "<footer>All rights reserved. Cookie preferences.</footer></body></html>"
    )


OK_PAGE = page(
    "Port traffic up",
    "Container traffic at the port rose 8% in January to 310,000 units, the port authority said.",
    "The authority expects 3.9 million units this year, chief executive Ines Duarte said.",
)
SECOND_PAGE = page(
    "Tram line opens",
    "The new tram line opened on Monday with 12 stops over 9 kilometres, the city said.",
    "It cost 240 million euros and will carry 40,000 passengers a day, officials said.",
)
LATIN1_PAGE = page(
    "Bread prices",
    "A loaf now costs £1.40, up from £1.10 a year ago, the bakers' federation said.",
    "Flour prices rose by a third over the same period, it added in its annual report.",
)

HUGE_PAGE = page("Huge", "x " * FETCH_MAX_BYTES).encode()

FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Local Gazette</title><link>/</link>
<item><title>Port (feed title)</title><link>/pages/ok.html</link>
  <pubDate>Mon, 07 Feb 2022 21:00:00 -0500</pubDate><description>Summary only.</description></item>
<item><title>Missing</title><link>/pages/missing.html</link><description>Gone.</description></item>
<item><title>Slow</title><link>/pages/slow.html</link><description>Slow.</description></item>
<item><title>Redirected</title><link>/pages/moved</link><description>Moved.</description></item>
<item><title>Image</title><link>/pages/photo.png</link><description>A photo.</description></item>
<item><title>Huge</title><link>/pages/huge.html</link><description>Big.</description></item>
<item><title>Unsized</title><link>/pages/unsized.html</link><description>Big.</description></item>
<item><title>Trickle</title><link>/pages/trickle.html</link><description>Drip.</description></item>
<item><link>/pages/latin1.html</link><description>Latin-1.</description></item>
<item><title>Inline</title><link>/pages/never-fetched.html</link>
  <content:encoded><![CDATA[<p>The full text is in the feed: 17 new homes.</p>]]></content:encoded></item>
</channel></rss>
"""


class Handler(BaseHTTPRequestHandler):
    requested: ClassVar[list[str]] = []  # paths asked for, across all handler threads

    def do_GET(self) -> None:
        Handler.requested.append(self.path)
        routes = {
            "/feed.xml": (200, "application/rss+xml", FEED.encode()),
            "/pages/ok.html": (200, "text/html; charset=utf-8", OK_PAGE.encode()),
            "/pages/second.html": (200, "text/html", SECOND_PAGE.encode()),
            "/pages/latin1.html": (
                200,
                "text/html; charset=iso-8859-1",
                LATIN1_PAGE.encode("latin-1"),
            ),
            "/pages/photo.png": (200, "image/png", b"\x89PNG\r\n\x1a\n"),
            "/pages/huge.html": (200, "text/html", HUGE_PAGE),
            "/page.html": (200, "text/html", OK_PAGE.encode()),
        }
        if self.path == "/pages/moved":
            self._send(302, "text/plain", b"", location="/pages/second.html")
        elif self.path == "/feed-moved":
            self._send(301, "text/plain", b"", location="/feed.xml")
        elif self.path == "/pages/slow.html":
            # Far longer than the timeout, so an unbounded fetch could not go unnoticed.
            time.sleep(TIMEOUT_SECONDS * 20)
            self._send(200, "text/html", OK_PAGE.encode())
        elif self.path == "/pages/unsized.html":
            # No Content-Length: only counting the bytes as they come can catch it.
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(HUGE_PAGE)
        elif self.path == "/pages/trickle.html":
            self._trickle(OK_PAGE.encode())
        elif self.path in routes:
            self._send(*routes[self.path])
        else:
            self._send(404, "text/plain", b"not found")

    def _send(self, status: int, content_type: str, body: bytes, location: str = "") -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        if location:
            self.send_header("Location", location)
        self.end_headers()
        self.wfile.write(body)

    def _trickle(self, body: bytes) -> None:
        """Headers at once, then a few bytes every 0.2 s: every read is quick, the whole is not."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        for start in range(0, len(body), 16):
            self.wfile.write(body[start : start + 16])
            self.wfile.flush()
            time.sleep(0.2)

    def log_message(self, format: str, *args: object) -> None:
        pass  # keep test output clean


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # the client giving up on a slow page breaks the pipe; that is expected


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    server = QuietServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(autouse=True)
def allow_loopback_fetches(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The test server listens on 127.0.0.1, which fetches refuse unless it is allowed by name."""
    from claimtrack.settings import get_settings

    monkeypatch.setenv("CLAIMTRACK_FETCH_ALLOW_HOSTS", "127.0.0.1")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def read(source: str) -> list[Document | DocumentError]:
    return list(
        discover(
            source,
            published=date(2022, 3, 1),
            fetch_timeout_seconds=TIMEOUT_SECONDS,
            fetch_max_bytes=FETCH_MAX_BYTES,
        )
    )


def test_feed_items_fetch_their_pages_and_fail_alone(base_url: str) -> None:
    Handler.requested.clear()
    started = time.monotonic()

    results = read(f"{base_url}/feed.xml")

    elapsed = time.monotonic() - started
    ids = [result.id for result in results]
    assert ids == [
        f"{base_url}/pages/{name}"
        for name in (
            "ok.html",
            "missing.html",
            "slow.html",
            "moved",
            "photo.png",
            "huge.html",
            "unsized.html",
            "trickle.html",
            "latin1.html",
            "never-fetched.html",
        )
    ]
    by_name = {result.id.rsplit("/", 1)[1]: result for result in results}

    ok = by_name["ok.html"]
    assert isinstance(ok, Document), ok
    assert "rose 8% in January to 310,000 units" in ok.text
    assert "Subscribe today" not in ok.text and "Cookie preferences" not in ok.text
    assert ok.title == "Port (feed title)"  # the item's title wins over the page's
    assert ok.published == date(2022, 2, 7)  # the item's own day, not the page's or UTC's
    assert (ok.source, ok.source_key, ok.url) == ("feed", ok.id, ok.id)
    assert ok.fetched_html

    moved = by_name["moved"]
    assert isinstance(moved, Document), moved
    assert "12 stops over 9 kilometres" in moved.text
    assert moved.source_key == f"{base_url}/pages/moved"  # the item's link is its identity

    latin1 = by_name["latin1.html"]
    assert isinstance(latin1, Document), latin1
    assert "costs £1.40" in latin1.text
    assert latin1.title == "Bread prices"  # no item title: the page's
    assert latin1.published == date(2022, 2, 2)  # no item date: the page's

    inline = by_name["never-fetched.html"]
    assert isinstance(inline, Document)
    assert inline.text == "The full text is in the feed: 17 new homes."
    assert "/pages/never-fetched.html" not in Handler.requested

    expected_errors = {
        "missing.html": "HTTP 404 Not Found",
        "slow.html": f"timed out after {TIMEOUT_SECONDS:g} s",
        "photo.png": "unexpected content type 'image/png'",
        "huge.html": f"{len(HUGE_PAGE):,} bytes, larger than the {FETCH_MAX_BYTES:,}-byte limit",
        "unsized.html": f"larger than the {FETCH_MAX_BYTES:,}-byte limit",
        "trickle.html": f"timed out after {TIMEOUT_SECONDS:g} s",
    }
    for name, reason in expected_errors.items():
        error = by_name[name]
        assert isinstance(error, DocumentError), error
        assert error.message == f"{base_url}/feed.xml: item {error.id}: {reason}"
    # Each fetch is bounded by the timeout: the slow page (20 timeouts long) was cut short.
    # The margin is wide so a loaded machine cannot fail the test; an unbounded fetch would.
    assert elapsed < TIMEOUT_SECONDS * 15


def test_feed_behind_a_redirect(base_url: str) -> None:
    results = read(f"{base_url}/feed-moved")
    assert len(results) == 10
    # Relative links resolve against where the feed was finally found.
    assert results[0].id == f"{base_url}/pages/ok.html"


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/no-such-feed.xml", "HTTP 404 Not Found"),
        ("/page.html", "unexpected content type 'text/html'"),
    ],
)
def test_a_feed_url_that_fails_is_one_error(base_url: str, path: str, reason: str) -> None:
    url = f"{base_url}{path}"
    assert read(url) == [DocumentError(id=url, message=f"{url}: {reason}")]


def test_nothing_listening_is_one_error() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/feed.xml"  # the port is free again: connection refused
    [result] = read(url)
    assert isinstance(result, DocumentError)
    assert result.id == url
    assert result.message.startswith(f"{url}: ")
    assert "refused" in result.message.lower()
