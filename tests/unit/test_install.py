"""What pip's warning about lxml's `html_clean` extra would have installed is here
(issue 12, item 8): trafilatura's jusText imports lxml.html.clean."""

from __future__ import annotations


def test_lxml_html_clean_is_installed() -> None:
    from lxml.html.clean import Cleaner

    cleaned = Cleaner(scripts=True).clean_html("<div><script>x()</script><p>kept</p></div>")
    assert "script" not in cleaned and "kept" in cleaned


def test_jusText_imports() -> None:
    import justext

    assert justext.get_stoplist("English")
