"""Fuzz ingest: broken HTML, broken feeds, random files and pages served badly.

`iter_documents` and `discover` promise never to raise for bad input: each bad
file, line or item yields a `DocumentError` naming it, and every `Document`
holds non-blank text whose claims index it exactly. Linked pages are served by
a local HTTP server that answers with broken HTML, wrong types, errors,
redirect loops and oversized bodies; nothing leaves the machine.
"""

from __future__ import annotations

import html
import json
import os
import threading
from collections.abc import Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimtrack.extraction import extract_claims
from claimtrack.sources import Document, DocumentError, discover, iter_documents

EXAMPLES = int(os.environ.get("CLAIMTRACK_FUZZ_EXAMPLES", "30"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
FETCH_LIMITS = {"fetch_timeout_seconds": 2.0, "fetch_max_bytes": 64 * 1024}

SENTENCES = [
    "The council approved 30 buses on Friday.",
    "\u201cWe will build 2,000 homes by 2030,\u201d the mayor said.",
    "Unemployment fell 0.4% last month.",
    "Exports rose to $1.2bn in 2004.",
    "Police said 14 people were arrested.",
]
TAGS = [
    "p",
    "div",
    "span",
    "b",
    "i",
    "a",
    "article",
    "main",
    "section",
    "script",
    "style",
    "table",
    "tr",
    "td",
    "ul",
    "li",
    "h1",
    "br",
    "img",
    "iframe",
    "svg",
    "noscript",
    "!--",
]

# --- strategies -------------------------------------------------------------------------------

tag_soup_piece = st.one_of(
    st.sampled_from(TAGS).map(lambda t: f"<{t}>"),
    st.sampled_from(TAGS).map(lambda t: f"</{t}>"),
    st.sampled_from(TAGS).map(lambda t: f"<{t} class=\"x\" id='y' data-z=w>"),
    st.sampled_from(SENTENCES),
    st.sampled_from(
        [
            "&amp;",
            "&nbsp;",
            "&#0;",
            "&#x110000;",
            "&bogus;",
            "<![CDATA[",
            "]]>",
            "<?xml?>",
            "<!DOCTYPE html>",
            "\x00",
            "\ufeff",
            "<",
            ">",
            '"',
            "'",
            '<meta charset="bogus-charset">',
            '<meta charset="latin-1">',
        ]
    ),
    st.text(max_size=30),
)
broken_html = st.lists(tag_soup_piece, max_size=60).map("".join)
html_bytes = st.one_of(
    broken_html.map(lambda s: s.encode("utf-8", "surrogatepass")),
    st.binary(max_size=500),
    broken_html.map(lambda s: s.encode("utf-16")),
)

feed_text = st.one_of(st.sampled_from(SENTENCES), st.text(max_size=40), broken_html)


@st.composite
def feed_items(draw: st.DrawFn, page_names: list[str]) -> str:
    """One RSS item: any mix of title, guid, link (to a local page), date, summary, content."""
    parts: list[str] = []
    if draw(st.booleans()):
        parts.append(f"<title>{html.escape(draw(st.text(max_size=20)))}</title>")
    if draw(st.booleans()):
        parts.append(f'<guid isPermaLink="false">{html.escape(draw(st.text(max_size=20)))}</guid>')
    has_link: bool = draw(st.booleans())
    if page_names and has_link:
        parts.append(f"<link>{{base}}/{draw(st.sampled_from(page_names))}</link>")
    if draw(st.booleans()):
        parts.append(
            f"<pubDate>{html.escape(draw(st.sampled_from(['Tue, 05 Sep 2023 22:45:00 -0400', 'yesterday', '2019-02-30', '', '99999-01-01'])))}</pubDate>"
        )
    if draw(st.booleans()):
        parts.append(f"<description>{html.escape(draw(feed_text))}</description>")
    if draw(st.booleans()):
        body = draw(feed_text).replace("]]>", "")
        parts.append(f"<content:encoded><![CDATA[{body}]]></content:encoded>")
    return "<item>" + "".join(parts) + "</item>"


def rss(items: list[str]) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        "<channel><title>Fuzz</title>" + "".join(items) + "</channel></rss>"
    )


def xml_safe(text: str) -> str:
    """Drop what XML 1.0 cannot carry at all, so a 'well-formed' feed really is."""
    return "".join(
        c
        for c in text
        if c in "\t\n\r"
        or (" " <= c <= "\ud7ff")
        or ("\ue000" <= c <= "\ufffd")
        or c >= "\U00010000"
    )


# --- a local web server whose pages misbehave ---------------------------------------------------

PAGES: dict[str, tuple[int, dict[str, str], bytes]] = {}


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        name = self.path.lstrip("/")
        if name == "loop":
            self.send_response(302)
            self.send_header("Location", "/loop")
            self.end_headers()
            return
        status, headers, body = PAGES.get(name, (404, {"Content-Type": "text/plain"}, b"no"))
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # keep test output clean
        pass


@pytest.fixture(scope="module")
def web() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _fixed_pages() -> dict[str, tuple[int, dict[str, str], bytes]]:
    article = "".join(f"<p>{s}</p>" for s in SENTENCES * 3)
    ascii_article = "".join(f"<p>{s}</p>" for s in SENTENCES * 3 if s.isascii())
    return {
        "good": (
            200,
            {"Content-Type": "text/html; charset=utf-8"},
            f"<html><head><title>Good</title></head><body><article>{article}</article></body></html>".encode(),
        ),
        "latin1": (
            200,
            {"Content-Type": "text/html; charset=iso-8859-1"},
            f"<html><body><article>{ascii_article} Caf\xe9 prices rose 3%.</article></body></html>".encode(
                "latin-1"
            ),
        ),
        "empty": (200, {"Content-Type": "text/html"}, b""),
        "image": (200, {"Content-Type": "image/png"}, b"\x89PNG\r\n\x1a\n"),
        "server-error": (500, {"Content-Type": "text/html"}, b"<p>oops</p>"),
        "huge": (200, {"Content-Type": "text/html"}, b"<p>" + b"x" * (128 * 1024) + b"</p>"),
        "no-type": (200, {}, f"<html><body>{article}</body></html>".encode()),
        "loop": (0, {}, b""),
    }


PAGE_NAMES = sorted(_fixed_pages())


def assert_results(results: list[Document | DocumentError], source: str) -> None:
    for result in results:
        assert isinstance(result, Document | DocumentError), result
        if isinstance(result, DocumentError):
            assert result.message.startswith(str(source)), result.message
            assert "Traceback" not in result.message
            continue
        assert result.text.strip(), f"a Document with blank text: {result!r}"
        for claim in extract_claims(result.text, result.published):
            assert result.text[claim.start : claim.end] == claim.text


# --- tests ----------------------------------------------------------------------------------------


@FUZZ
@given(data=html_bytes, suffix=st.sampled_from([".html", ".htm", ".xhtml"]))
def test_broken_html_files_give_a_document_or_one_error(
    data: bytes, suffix: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    path = tmp_path_factory.mktemp("html") / f"page{suffix}"
    path.write_bytes(data)
    results = list(iter_documents(str(path)))
    assert len(results) == 1
    assert_results(results, str(path))


@pytest.mark.parametrize("page", [b"<svg><p><p>", b"</html><iframe>"])
def test_html_that_crashes_the_parser_is_one_error(page: bytes, tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(page)
    results = list(iter_documents(str(path)))
    assert len(results) == 1
    assert_results(results, str(path))


@FUZZ
@given(
    data=st.one_of(
        st.binary(max_size=400),
        st.text(max_size=400).map(lambda s: s.encode("utf-8", "surrogatepass")),
    ),
    suffix=st.sampled_from([".txt", ".md", ".json", ".jsonl", ".xml", ".rss", ".atom", ".pdf", ""]),
)
def test_random_files_of_every_kind_never_raise(
    data: bytes, suffix: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    path = tmp_path_factory.mktemp("any") / f"input{suffix}"
    path.write_bytes(data)
    results = list(discover(str(path)))
    # A dump gives one result per non-blank line and a feed one per item; any other file one.
    if suffix not in {".jsonl", ".xml", ".rss", ".atom"}:
        assert len(results) == 1
    assert_results(results, str(path))


@FUZZ
@given(data=st.data())
def test_well_formed_feeds_give_one_result_per_item_in_order(
    data: st.DataObject, web: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    PAGES.update(_fixed_pages())
    items = data.draw(st.lists(feed_items(PAGE_NAMES), max_size=8))
    path = tmp_path_factory.mktemp("feed") / "feed.rss"
    path.write_text(xml_safe(rss(items)).replace("{base}", web), encoding="utf-8")
    results = list(discover(str(path), date(2024, 1, 1), **FETCH_LIMITS))  # type: ignore[arg-type]
    assert len(results) == len(items)
    assert_results(results, str(path))


@FUZZ
@given(data=st.data())
def test_broken_feeds_never_raise(
    data: st.DataObject, web: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Truncated, spliced and byte-flipped feeds: results or errors, never an exception."""
    PAGES.update(_fixed_pages())
    document = rss(data.draw(st.lists(feed_items(PAGE_NAMES), min_size=1, max_size=5))).replace(
        "{base}", web
    )
    raw = document.encode("utf-8", "surrogatepass")
    cut = data.draw(st.integers(0, len(raw)))
    splice = data.draw(st.binary(max_size=40))
    mutated = data.draw(st.sampled_from(["truncate", "splice", "drop-close"]))
    if mutated == "truncate":
        raw = raw[:cut]
    elif mutated == "splice":
        raw = raw[:cut] + splice + raw[cut:]
    else:
        raw = raw.replace(b"</item>", b"", 1)
    path = tmp_path_factory.mktemp("broken-feed") / "feed.xml"
    path.write_bytes(raw)
    results = list(discover(str(path), None, **FETCH_LIMITS))  # type: ignore[arg-type]
    assert_results(results, str(path))


@pytest.mark.parametrize("odd_byte", [b"\x80", b"\x00"])
def test_a_feed_with_a_broken_encoding_is_one_error(odd_byte: bytes, tmp_path: Path) -> None:
    path = tmp_path / "feed.rss"
    path.write_bytes(
        b'<?xml version="1.0" encoding="' + odd_byte + b'UTF-8"?>'
        b'<rss version="2.0"><channel><item><title>t</title></item></channel></rss>'
    )
    results = list(discover(str(path)))
    assert_results(results, str(path))


@pytest.fixture
def allow_loopback_fetches(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The test pages are on 127.0.0.1, which fetches refuse unless it is allowed by name."""
    from claimtrack.settings import get_settings

    monkeypatch.setenv("CLAIMTRACK_FETCH_ALLOW_HOSTS", "127.0.0.1")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.mark.usefixtures("allow_loopback_fetches")
def test_every_misbehaving_page_is_one_clear_error(web: str, tmp_path: Path) -> None:
    PAGES.update(_fixed_pages())
    items = [f"<item><title>{name}</title><link>{web}/{name}</link></item>" for name in PAGE_NAMES]
    items.append(f"<item><title>missing</title><link>{web}/missing</link></item>")
    path = tmp_path / "feed.rss"
    path.write_text(rss(items), encoding="utf-8")
    results = list(discover(str(path), None, **FETCH_LIMITS))  # type: ignore[arg-type]
    by_page = {r.id.rsplit("/", 1)[-1]: r for r in results}
    assert set(by_page) == {*PAGE_NAMES, "missing"}
    assert_results(results, str(path))
    assert isinstance(by_page["good"], Document) and "30 buses" in by_page["good"].text
    assert isinstance(by_page["latin1"], Document) and "Caf\xe9" in by_page["latin1"].text
    expected_reasons = {
        "empty": "no main text",
        "image": "unexpected content type 'image/png'",
        "server-error": "HTTP 500",
        "huge": "limit",
        "loop": "redirects",
        "missing": "HTTP 404",
    }
    for name, reason in expected_reasons.items():
        result = by_page[name]
        assert isinstance(result, DocumentError), (name, result)
        assert reason in result.message, (name, result.message)


def test_ten_megabyte_jsonl_dump_streams_every_record(tmp_path: Path) -> None:
    """A dump over 10 MB with bad lines scattered in it: each line keeps its place."""
    path = tmp_path / "dump.jsonl"
    good = 0
    bad_lines = []
    with path.open("w", encoding="utf-8") as handle:
        line_number = 0
        while handle.tell() < 10_500_000:
            line_number += 1
            if line_number % 97 == 0:
                handle.write('{"id": "broken", "text": \n')
                bad_lines.append(line_number)
            else:
                good += 1
                text = " ".join(SENTENCES) + " \x0b\u2028 " + "\u00e9" * (line_number % 50)
                handle.write(json.dumps({"id": f"a{line_number}", "text": text}) + "\n")
    results = list(iter_documents(str(path)))
    errors = [r for r in results if isinstance(r, DocumentError)]
    assert len(results) == line_number
    assert len(results) - len(errors) == good
    assert [e.message.split(":")[1] for e in errors] == [str(n) for n in bad_lines]


def test_ten_megabyte_html_page(tmp_path: Path) -> None:
    """10 MB of tag soup around a short article: its main text, or one error, in bounded memory."""
    soup = ("<div><span><b>" + "<i>x</i>" * 50 + "</span>") * 25_000
    page = f"<html><body>{soup}<article>{''.join(f'<p>{s}</p>' for s in SENTENCES)}</article></body></html>"
    assert len(page) >= 10_000_000
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    results = list(iter_documents(str(path)))
    assert len(results) == 1
    assert_results(results, str(path))


def test_over_the_limit_is_refused_by_name(tmp_path: Path) -> None:
    path = tmp_path / "huge.html"
    with path.open("wb") as handle:
        handle.truncate(21 * 1024 * 1024)
    [result] = list(discover(str(path)))
    assert isinstance(result, DocumentError)
    assert str(path) in result.message and "limit" in result.message
