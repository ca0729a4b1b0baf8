"""Feed links must not reach inside the network (server-side request forgery).

A feed's item linking to `http://127.0.0.1:PORT/admin.html` once made
`claimtrack run FEED` fetch that internal page and store it as an article any
reviewer could read. Loopback, private, link-local and metadata addresses are
refused after DNS resolution and on every redirect hop, unless the host is
named in CLAIMTRACK_FETCH_ALLOW_HOSTS. Every server here listens on loopback.
"""

from __future__ import annotations

import ipaddress
import threading
import uuid
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

from claimtrack.settings import get_settings
from claimtrack.sources import Document, DocumentError, discover
from claimtrack.sources.guard import why_refused
from tests.robustness.support import (
    cli_environment,
    count_rows,
    create_database,
    drop_database,
    run_to_end,
)

Allow = Callable[[str | None], None]
SECRET = "Internal admin page: the database password is hunter2 and 40 staff know it."
PUBLIC_PAGE = (
    "<html><body><article><p>The council said 40 new buses will run from 1 May 2024, "
    "the city said on Friday.</p></article></body></html>"
)


class _Handler(BaseHTTPRequestHandler):
    requested: ClassVar[list[str]] = []
    port: ClassVar[int] = 0

    def do_GET(self) -> None:
        _Handler.requested.append(self.path)
        if self.path == "/admin.html":
            self._send(200, f"<html><body><article><p>{SECRET}</p></article></body></html>")
        elif self.path == "/public.html":
            self._send(200, PUBLIC_PAGE)
        elif self.path == "/to-localhost":
            # A hop from an allowed host to a name that resolves to loopback.
            self._send(302, "", location=f"http://localhost:{_Handler.port}/admin.html")
        elif self.path == "/to-ip":
            self._send(302, "", location=f"http://127.0.0.1:{_Handler.port}/admin.html")
        elif self.path == "/to-metadata":
            self._send(302, "", location="http://169.254.169.254/latest/meta-data/")
        elif self.path.startswith("/hop/"):
            hop = int(self.path.rsplit("/", 1)[1])
            self._send(302, "", location=f"/hop/{hop + 1}")
        elif self.path == "/feed.xml":
            self._send(200, _feed(_Handler.port), content_type="application/rss+xml")
        else:
            self._send(404, "not found")

    def _send(
        self, status: int, body: str, *, location: str = "", content_type: str = "text/html"
    ) -> None:
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        if location:
            self.send_header("Location", location)
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:
        pass


def _feed(port: int) -> str:
    items = "".join(
        f"<item><title>{name}</title><link>{link}</link></item>"
        for name, link in (
            ("admin", f"http://127.0.0.1:{port}/admin.html"),
            ("redirected inside", f"http://localhost:{port}/to-ip"),
            ("metadata", "http://169.254.169.254/latest/meta-data/"),
            ("private", "http://10.0.0.1/"),
            ("public", f"http://localhost:{port}/public.html"),
        )
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{items}</channel></rss>'
    )


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    _Handler.port = httpd.server_address[1]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{_Handler.port}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def allow(monkeypatch: pytest.MonkeyPatch) -> Iterator[Allow]:
    """Set CLAIMTRACK_FETCH_ALLOW_HOSTS for one test (None: unset)."""

    def setter(hosts: str | None) -> None:
        if hosts is None:
            monkeypatch.delenv("CLAIMTRACK_FETCH_ALLOW_HOSTS", raising=False)
        else:
            monkeypatch.setenv("CLAIMTRACK_FETCH_ALLOW_HOSTS", hosts)
        get_settings.cache_clear()

    yield setter
    get_settings.cache_clear()


def _feed_file(tmp_path: Path, links: list[str]) -> str:
    items = "".join(f"<item><title>x</title><link>{link}</link></item>" for link in links)
    path = tmp_path / "feed.rss"
    path.write_text(
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{items}</channel></rss>',
        encoding="utf-8",
    )
    return str(path)


def _read(source: str) -> list[Document | DocumentError]:
    return list(discover(source, None, fetch_timeout_seconds=3.0))


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "127.1.2.3",
        "::1",
        "::ffff:127.0.0.1",
        "10.0.0.1",
        "172.16.5.4",
        "192.168.1.1",
        "169.254.169.254",  # AWS, GCP and Azure metadata
        "100.100.100.200",  # Alibaba Cloud metadata (shared address space)
        "fd00:ec2::254",  # AWS metadata over IPv6
        "fe80::1",
        "0.0.0.0",
        "224.0.0.1",
    ],
)
def test_non_public_addresses_are_refused(address: str) -> None:
    assert why_refused(ipaddress.ip_address(address)) is not None


@pytest.mark.parametrize("address", ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"])
def test_public_addresses_are_allowed(address: str) -> None:
    assert why_refused(ipaddress.ip_address(address)) is None


def test_a_link_to_loopback_is_refused_and_never_requested(
    server: str, tmp_path: Path, allow: Allow
) -> None:
    allow(None)
    _Handler.requested.clear()
    feed = _feed_file(
        tmp_path,
        [
            f"{server}/admin.html",
            f"http://localhost:{_Handler.port}/admin.html",
            f"http://[::ffff:127.0.0.1]:{_Handler.port}/admin.html",
        ],
    )
    results = _read(feed)
    assert len(results) == 3
    for result in results:
        assert isinstance(result, DocumentError), result
        assert "refused" in result.message and "loopback" in result.message, result.message
        assert "CLAIMTRACK_FETCH_ALLOW_HOSTS" in result.message
    assert _Handler.requested == []


def test_a_named_host_is_allowed(server: str, tmp_path: Path, allow: Allow) -> None:
    allow("127.0.0.1")
    [result] = _read(_feed_file(tmp_path, [f"{server}/admin.html"]))
    assert isinstance(result, Document) and SECRET in result.text


def test_every_redirect_hop_is_checked(server: str, tmp_path: Path, allow: Allow) -> None:
    allow("127.0.0.1")
    _Handler.requested.clear()
    results = _read(_feed_file(tmp_path, [f"{server}/to-localhost", f"{server}/to-metadata"]))
    assert [type(r).__name__ for r in results] == ["DocumentError", "DocumentError"]
    assert "localhost" in results[0].message and "loopback" in results[0].message  # type: ignore[union-attr]
    assert "169.254.169.254" in results[1].message and "link-local" in results[1].message  # type: ignore[union-attr]
    assert "/admin.html" not in _Handler.requested


def test_redirects_are_capped(server: str, tmp_path: Path, allow: Allow) -> None:
    allow("127.0.0.1")
    _Handler.requested.clear()
    [result] = _read(_feed_file(tmp_path, [f"{server}/hop/0"]))
    assert isinstance(result, DocumentError) and "more than 5 redirects" in result.message
    assert len(_Handler.requested) == 6  # the first request and five hops, no more


def test_a_feed_url_on_loopback_is_refused_too(server: str, allow: Allow) -> None:
    allow(None)
    [result] = _read(f"{server}/feed.xml")
    assert isinstance(result, DocumentError) and "loopback" in result.message


@pytest.mark.timeout(300)
def test_run_stores_no_internal_page(
    server: str,
    pg_server_url: str,
    template_database: str,
    prefect_api_url: str,
    tmp_path: Path,
) -> None:
    """`claimtrack run FEED_URL`: the feed's host is allowed by name (localhost), and its
    links to 127.0.0.1 (directly or by a redirect), metadata and private addresses are not."""
    name = f"ct_ssrf_{uuid.uuid4().hex[:8]}"
    url = create_database(pg_server_url, name, template=template_database)
    try:
        env = cli_environment(url, tmp_path / "data", prefect_api_url)
        env["CLAIMTRACK_FETCH_ALLOW_HOSTS"] = "localhost"
        env["CLAIMTRACK_FETCH_TIMEOUT_SECONDS"] = "3"
        _Handler.requested.clear()
        done = run_to_end([f"http://localhost:{_Handler.port}/feed.xml"], env, timeout=240)
        assert done.returncode == 1, done.stderr
        assert "Traceback" not in done.stderr
        assert "4 item(s) failed" in done.stderr, done.stderr
        assert done.stderr.count("refused:") == 4, done.stderr
        assert count_rows(url, "SELECT count(*) FROM article WHERE text LIKE '%hunter2%'") == 0
        assert count_rows(url, "SELECT count(*) FROM article WHERE text LIKE '%buses%'") == 1
        assert "/admin.html" not in _Handler.requested
    finally:
        drop_database(pg_server_url, name)
