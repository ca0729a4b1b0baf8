"""Which addresses a fetch may connect to: public ones, and hosts the operator named.

A feed is written by someone else, and each item's link is fetched: without a
guard, a link to `http://127.0.0.1:8000/admin`, a private address or the cloud
metadata service (169.254.169.254) would make the pipeline fetch an internal page
and store it as an article every reviewer can read.

The check sits where the socket is opened (httpcore's network backend), not on
the URL: the host name is resolved here, every address is checked, and the
connection goes to the checked address, so a DNS answer that changes between a
check and the connection (DNS rebinding) cannot slip through, and every redirect
hop and every new connection passes the same check. Hosts in
CLAIMTRACK_FETCH_ALLOW_HOSTS (an intranet feed, a test server) skip it.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable
from typing import Any

import httpcore
import httpx

from claimtrack.sources.documents import SourceError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class RefusedAddress(SourceError):
    """A fetch refused because its host is, or resolves to, a non-public address."""


def normalise_host(host: str) -> str:
    """'LOCALHOST.' -> 'localhost', '[::1]' -> '::1': the form allow-lists are matched in."""
    return host.strip().strip("[]").rstrip(".").lower()


def why_refused(address: IPAddress) -> str | None:
    """Why a fetch must not connect to `address`; None when it is a public address."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1
    if address.is_loopback:
        return "a loopback address"
    if address.is_link_local:
        return "a link-local address (cloud metadata services live there)"
    if address.is_private:
        return "a private address"
    if address.is_unspecified or address.is_multicast or address.is_reserved:
        return "not a public address"
    if not address.is_global:
        return "not a public address"  # e.g. 100.64.0.0/10, shared carrier space
    return None


def resolve(host: str, port: int) -> list[IPAddress]:
    """Every address `host` resolves to (an IP literal resolves to itself)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        raise httpcore.ConnectError(f"cannot resolve {host} ({error.strerror})") from None
    addresses: list[IPAddress] = []
    for info in infos:
        # The scope of an IPv6 link-local address ("fe80::1%eth0") is no part of the address.
        literal = str(info[4][0]).split("%", 1)[0]
        address = ipaddress.ip_address(literal)
        if address not in addresses:
            addresses.append(address)
    return addresses


class GuardedBackend(httpcore.NetworkBackend):
    """httpcore's socket backend, connecting only to public addresses or allowed hosts."""

    def __init__(self, allow_hosts: Iterable[str]) -> None:
        self._allowed = frozenset(normalise_host(host) for host in allow_hosts)
        self._backend = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        if normalise_host(host) in self._allowed:
            return self._backend.connect_tcp(host, port, timeout, local_address, socket_options)
        addresses = resolve(host, port)
        public = [address for address in addresses if why_refused(address) is None]
        if not public:
            address = addresses[0]
            shown = host if normalise_host(host) == str(address) else f"{host} ({address})"
            raise RefusedAddress(
                f"refused: {shown} is {why_refused(address)}; "
                "list the host in CLAIMTRACK_FETCH_ALLOW_HOSTS to fetch from it"
            )
        error: Exception | None = None
        for address in public:  # connect to the very address that was checked
            try:
                return self._backend.connect_tcp(
                    str(address), port, timeout, local_address, socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as failed:
                error = failed
        assert error is not None
        raise error

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        raise RefusedAddress("refused: a Unix socket is not a web address")

    def sleep(self, seconds: float) -> None:
        self._backend.sleep(seconds)


class GuardedTransport(httpx.HTTPTransport):
    """httpx's transport over a connection pool whose every socket passes the guard.

    httpx takes no network backend, so its pool is replaced by one built the same
    way with the guarded backend (no proxy: a proxy would connect for us, unchecked).
    """

    def __init__(self, allow_hosts: Iterable[str]) -> None:
        super().__init__(trust_env=False)
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False),
            max_connections=20,
            max_keepalive_connections=10,
            keepalive_expiry=5.0,
            network_backend=GuardedBackend(allow_hosts),
        )
