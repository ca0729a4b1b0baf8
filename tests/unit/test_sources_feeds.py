"""RSS and Atom feed files (fetching linked pages is in tests/integration/test_feed_fetch.py)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from claimtrack.sources import Document, DocumentError, discover

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Gazette</title><link>https://gazette.example.org/</link>
<item>
  <title>Evening story</title>
  <link>https://gazette.example.org/evening</link>
  <pubDate>Tue, 05 Sep 2023 22:45:00 -0400</pubDate>
  <description>Short summary.</description>
  <content:encoded><![CDATA[<p>The council approved 30 buses.</p>
    <p>They cost 14.5 million dollars.</p>]]></content:encoded>
</item>
<item>
  <title>No link, summary only</title>
  <guid isPermaLink="false">tag:gazette,2023:42</guid>
  <description>Plain summary: 4,870 patients waited.</description>
</item>
<item>
  <title>Nothing at all</title>
  <guid isPermaLink="false">tag:gazette,2023:43</guid>
</item>
<item>
  <title>Undated</title>
  <link>https://gazette.example.org/undated</link>
  <content:encoded><![CDATA[<p>Undated body.</p>]]></content:encoded>
</item>
</channel></rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Atom Gazette</title>
  <id>urn:gazette</id>
  <updated>2024-02-01T10:00:00Z</updated>
  <entry>
    <title>Atom text entry</title>
    <id>urn:gazette:1</id>
    <link href="https://gazette.example.org/atom-1"/>
    <updated>2024-02-01T10:00:00+01:00</updated>
    <content type="text">Plain text content: rates rose 0.25 points.</content>
  </entry>
  <entry>
    <title>Atom html entry</title>
    <id>urn:gazette:2</id>
    <link href="https://gazette.example.org/atom-2"/>
    <published>2024-01-31T08:00:00Z</published>
    <updated>2024-02-03T08:00:00Z</updated>
    <content type="html">&lt;p&gt;First.&lt;/p&gt;&lt;p&gt;Second.&lt;/p&gt;</content>
  </entry>
</feed>
"""


def test_rss_items_in_order_with_one_failing_alone(tmp_path: Path) -> None:
    path = tmp_path / "news.rss"
    path.write_text(RSS, encoding="utf-8")

    results = list(discover(str(path), published=date(2023, 9, 30)))

    assert results == [
        Document(
            id="https://gazette.example.org/evening",
            text="The council approved 30 buses.\n\nThey cost 14.5 million dollars.",
            # 22:45 at -04:00 is the next day in UTC; the article's own day is kept.
            published=date(2023, 9, 5),
            title="Evening story",
            url="https://gazette.example.org/evening",
            source="feed",
            source_key="https://gazette.example.org/evening",
            fetched_html=True,
        ),
        Document(
            id="tag:gazette,2023:42",
            text="Plain summary: 4,870 patients waited.",
            published=date(2023, 9, 30),
            title="No link, summary only",
            url=None,
            source="feed",
            source_key="tag:gazette,2023:42",
            fetched_html=True,  # feedparser labels RSS descriptions as HTML
        ),
        DocumentError(
            id="tag:gazette,2023:43",
            message=(
                f"{path}: item tag:gazette,2023:43: no content, no summary and no http(s) link to fetch"
            ),
        ),
        Document(
            id="https://gazette.example.org/undated",
            text="Undated body.",
            published=date(2023, 9, 30),
            title="Undated",
            url="https://gazette.example.org/undated",
            source="feed",
            source_key="https://gazette.example.org/undated",
            fetched_html=True,
        ),
    ]


def test_atom_entries(tmp_path: Path) -> None:
    path = tmp_path / "news.atom"
    path.write_text(ATOM, encoding="utf-8")

    results = list(discover(str(path)))

    assert [
        (r.id, r.text, r.published, r.fetched_html) for r in results if isinstance(r, Document)
    ] == [
        (
            "https://gazette.example.org/atom-1",
            "Plain text content: rates rose 0.25 points.",
            date(2024, 2, 1),
            False,
        ),
        # The publication date wins over a later update.
        ("https://gazette.example.org/atom-2", "First.\n\nSecond.", date(2024, 1, 31), True),
    ]
    assert len(results) == 2


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("page.xml", "<html><body><p>Not a feed</p></body></html>", "not an RSS or Atom feed"),
        ("junk.rss", "just some words", "not an RSS or Atom feed"),
    ],
)
def test_a_file_that_is_no_feed_is_one_error(
    tmp_path: Path, name: str, content: str, message: str
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    results = list(discover(str(path)))
    assert len(results) == 1
    assert isinstance(results[0], DocumentError)
    assert results[0].id == str(path)
    assert results[0].message.startswith(f"{path}: {message}")


def test_missing_feed_file(tmp_path: Path) -> None:
    path = tmp_path / "gone.xml"
    assert list(discover(str(path))) == [
        DocumentError(id=str(path), message=f"{path}: no such file")
    ]


def test_empty_feed_gives_nothing(tmp_path: Path) -> None:
    path = tmp_path / "empty.xml"
    path.write_text(
        '<rss version="2.0"><channel><title>T</title></channel></rss>', encoding="utf-8"
    )
    assert list(discover(str(path))) == []


def test_item_links_other_than_http_are_never_followed(tmp_path: Path) -> None:
    secret = tmp_path / "secret.html"
    secret.write_text("<html><body><p>Local secret text.</p></body></html>", encoding="utf-8")
    path = tmp_path / "feed.xml"
    path.write_text(
        '<rss version="2.0"><channel><title>T</title>'
        f"<item><title>Local</title><link>{secret.as_uri()}</link>"
        "<description>Summary.</description></item>"
        f"<item><title>Bare</title><link>{secret.as_uri()}</link></item>"
        "</channel></rss>",
        encoding="utf-8",
    )
    summary_only, nothing = list(discover(str(path)))
    # The summary is the article; the file the link names is never read.
    assert isinstance(summary_only, Document)
    assert summary_only.text == "Summary." and summary_only.url is None
    # feedparser rewrites file:///x as file://x; either way it stays the item's identity.
    assert summary_only.source_key.startswith("file:")
    assert isinstance(nothing, DocumentError)
    assert nothing.message.endswith("no content, no summary and no http(s) link to fetch")


def test_a_guid_that_is_no_url_identifies_the_item_and_its_summary_is_used(
    tmp_path: Path,
) -> None:
    # A guid without isPermaLink="false" is a permalink to feedparser, so it becomes the link.
    path = tmp_path / "feed.xml"
    path.write_text(
        '<rss version="2.0"><channel><title>T</title>'
        "<item><title>Ids</title><guid>item-42</guid>"
        "<description>The board approved 12 new schools.</description></item>"
        "</channel></rss>",
        encoding="utf-8",
    )
    [result] = list(discover(str(path)))
    assert isinstance(result, Document)
    assert result.source_key == "item-42"
    assert result.text == "The board approved 12 new schools."
    assert result.url is None
