"""Plain text and Markdown articles (and standard input)."""

from __future__ import annotations

import re
from datetime import date

from claimtrack.sources.dates import parse_published
from claimtrack.sources.documents import Document, SourceError, is_blank

# A front-matter block opens with `---` on the very first line and closes with
# `---` or `...` on a line of its own (Jekyll/Hugo/python-frontmatter style).
_FRONT_MATTER = re.compile(
    r"\A---[ \t]*\r?\n(?P<yaml>.*?)^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S | re.M
)
_MARKDOWN_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
# A calendar date as the last part of a file's name: "...-2019-08-30.txt".
_DATE_IN_NAME = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?=\.[^./\\]+$)")


def document_from_plain_text(
    text: str, *, id: str, source: str, source_key: str, published: date | None
) -> Document:
    """A plain-text article: the text as it is, its first line as the title."""
    if is_blank(text):
        raise SourceError("empty text")
    return Document(
        id=id,
        text=text,
        published=published,
        title=first_line(text),
        url=None,
        source=source,
        source_key=source_key,
    )


def document_from_markdown(text: str, *, path: str, published: date | None) -> Document:
    """A Markdown article: the text after its front matter, which gives title, url and date."""
    metadata, body = split_front_matter(text)
    if is_blank(body):
        raise SourceError("empty text (nothing after the front matter)")
    title = _optional_string(metadata, "title")
    url = _optional_string(metadata, "url")
    own_date = metadata.get("published", metadata.get("date"))
    field = "published" if "published" in metadata else "date"
    record_published = parse_published(own_date, f"front-matter {field}")
    heading = first_line(body)
    return Document(
        id=path,
        text=body,
        published=record_published or published,
        title=title or (_MARKDOWN_HEADING.sub("", heading) if heading else None),
        url=url,
        source="file",
        source_key=path,
    )


def date_in_file_name(path: str) -> date | None:
    """The YYYY-MM-DD date that ends a file's name, if it is a real date."""
    match = _DATE_IN_NAME.search(path)
    if match is None:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def split_front_matter(text: str) -> tuple[dict[str, object], str]:
    """Split a leading YAML block from the text; the body is an exact suffix of `text`."""
    match = _FRONT_MATTER.match(text)
    if match is None:
        return {}, text
    import yaml  # PyYAML: imported here so plain-text reading never pays for it

    try:
        loaded = yaml.safe_load(match.group("yaml"))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark is not None else ""
        raise SourceError(f"front matter is not valid YAML{where}") from None
    if loaded is None:
        loaded = {}
    if isinstance(loaded, str):
        # Prose between two `---` rules (a text that opens with a thematic break)
        # reads as one YAML string: that is article text, not metadata.
        return {}, text
    if not isinstance(loaded, dict):
        raise SourceError("front matter must be a mapping of fields (title: ..., date: ...)")
    return {str(key): value for key, value in loaded.items()}, text[match.end() :]


def first_line(text: str) -> str | None:
    """The first non-blank line, stripped: the headline of a news text."""
    for line in text.splitlines():
        if line.strip():
            return line.strip()
    return None


def _optional_string(metadata: dict[str, object], field: str) -> str | None:
    value = metadata.get(field)
    if value is None:
        return None
    if not isinstance(value, str):
        raise SourceError(f"front-matter {field} must be text, not {type(value).__name__}")
    return value.strip() or None
