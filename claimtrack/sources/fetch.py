"""Fetching feeds and pages over http(s) with limits: time, size, redirects, type, address.

A feed is read from whoever publishes it, and each item links to yet another
server: any of them may be slow, huge, wrong or pointing inside our network, so
every fetch is bounded, connects only to public addresses (claimtrack.sources.guard)
and a bad one becomes a `SourceError` for that one item. Redirects are followed
here, one hop at a time, so each hop is counted and passes the same guard.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from claimtrack.sources.documents import SourceError

if TYPE_CHECKING:
    import httpx

DEFAULT_FETCH_TIMEOUT_SECONDS = 15.0
DEFAULT_FETCH_MAX_BYTES = 5 * 1024 * 1024
MAX_REDIRECTS = 5
USER_AGENT = (
    "claimtrack (claim tracking for fact-checkers; +https://github.com/claimtrack/claimtrack)"
)

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
FEED_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/xml",
        "text/xml",
        "application/feed+json",
        "application/json",
        # Many servers label feeds as plain text or as nothing in particular.
        "text/plain",
        "application/octet-stream",
    }
)


@dataclass(frozen=True)
class FetchLimits:
    """Bounds on one fetch: the whole response, redirects included, within the timeout.

    `allow_hosts` names hosts that may be fetched although they are (or resolve
    to) loopback, private or link-local addresses; every other such fetch is refused.
    """

    timeout_seconds: float = DEFAULT_FETCH_TIMEOUT_SECONDS
    max_bytes: int = DEFAULT_FETCH_MAX_BYTES
    max_redirects: int = MAX_REDIRECTS
    allow_hosts: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Fetched:
    """A response body with what is needed to decode and resolve it."""

    url: str  # after redirects: relative links resolve against it
    content: bytes
    content_type: str  # the media type alone, lowercased; "" when the server sent none
    charset: str | None


def make_client(limits: FetchLimits) -> httpx.Client:
    """One client for a whole feed, so connections to the same host are reused."""
    import httpx

    from claimtrack.sources.guard import GuardedTransport

    return httpx.Client(
        timeout=httpx.Timeout(limits.timeout_seconds),
        follow_redirects=False,  # fetch() follows them, counting and checking each hop
        headers={"User-Agent": USER_AGENT},
        # Proxies from the environment would send local test traffic elsewhere,
        # and would connect on our behalf where the address guard cannot look.
        trust_env=False,
        transport=GuardedTransport(limits.allow_hosts),
    )


def fetch(
    client: httpx.Client, url: str, *, accepted_types: frozenset[str], limits: FetchLimits
) -> Fetched:
    """GET `url`, refusing errors, wrong types, bodies over the limit and slow responses.

    A `SourceError`'s message gives the reason only; the caller names the URL.
    """
    import httpx

    if not url.lower().startswith(("http://", "https://")):
        raise SourceError("not an http(s) URL")
    # httpx's timeout bounds each read, not the whole response: a server that
    # trickles a byte at a time would never time out without this deadline.
    deadline = time.monotonic() + limits.timeout_seconds
    request = client.build_request("GET", url)
    try:
        for _hop in range(limits.max_redirects + 1):
            response = client.send(request, stream=True)
            if response.next_request is None:
                break
            response.close()
            request = response.next_request
            if time.monotonic() > deadline:
                raise SourceError(f"timed out after {limits.timeout_seconds:g} s")
        else:
            raise SourceError(f"more than {limits.max_redirects} redirects")
        try:
            if response.status_code >= 400:
                raise SourceError(f"HTTP {response.status_code} {response.reason_phrase}")
            content_type, charset = _media_type(response.headers.get("content-type", ""))
            if content_type and content_type not in accepted_types:
                raise SourceError(f"unexpected content type {content_type!r}")
            declared_length = response.headers.get("content-length", "")
            if declared_length.isdigit() and int(declared_length) > limits.max_bytes:
                raise SourceError(
                    f"{int(declared_length):,} bytes, "
                    f"larger than the {limits.max_bytes:,}-byte limit"
                )
            chunks: list[bytes] = []
            received = 0
            for chunk in response.iter_bytes():
                received += len(chunk)
                if received > limits.max_bytes:
                    raise SourceError(f"larger than the {limits.max_bytes:,}-byte limit")
                if time.monotonic() > deadline:
                    raise SourceError(f"timed out after {limits.timeout_seconds:g} s")
                chunks.append(chunk)
            final_url = str(response.url)
        finally:
            response.close()
    except httpx.TimeoutException:
        raise SourceError(f"timed out after {limits.timeout_seconds:g} s") from None
    except httpx.HTTPError as error:
        raise SourceError(_describe(error)) from None
    return Fetched(
        url=final_url, content=b"".join(chunks), content_type=content_type, charset=charset
    )


def _media_type(header: str) -> tuple[str, str | None]:
    """Split `text/html; charset=utf-8` into its media type and charset."""
    media_type, _, parameters = header.partition(";")
    charset = None
    for parameter in parameters.split(";"):
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip("\"'")
    return media_type.strip().lower(), charset


def _describe(error: Exception) -> str:
    """A short reason for a transport error ("connection refused", not a traceback)."""
    text = str(error).strip()
    return text or type(error).__name__
