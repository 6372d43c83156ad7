"""Fetch a document over HTTP(S) without letting a URL reach inside our network.

Plain Python (urllib3). Every hop — the first request and each redirect — resolves the host
name once, refuses it if any address is loopback, private, link-local (cloud metadata
lives there), multicast, reserved or otherwise not public, and then connects to that very
address (the host name only goes in the Host header and TLS SNI/certificate check), so DNS
cannot answer differently between the check and the connection. Redirects are followed by
hand, within a limit; a size cap and a content-type check bound what comes back.

One wall-clock deadline covers the whole fetch, every hop: connecting, the status line and
headers, and the body. The socket enforces it: each read waits at most the time left, so a
server dripping its headers or body a byte at a time is cut off at the deadline, not after
one timeout per byte.
"""

import io
import ipaddress
import socket
import time
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import certifi
import urllib3
from urllib3.connection import HTTPConnection, HTTPSConnection

from sources.ingestion.errors import DocumentError

DEFAULT_TIMEOUT_SECONDS = 15.0
DEFAULT_MAX_REDIRECTS = 5
ACCEPTED_CONTENT_TYPES = {
    "text/html",
    "application/xhtml+xml",
    "text/plain",
    "application/jsonl",
    "application/x-ndjson",
}
USER_AGENT = "Claimtrail/0.1 (+https://github.com/claimtrail; document ingestion)"
_REDIRECT_STATUSES = {301, 302, 303, 307, 308}

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


@dataclass
class FetchedDocument:
    url: str  # after redirects
    content_type: str
    body: bytes
    status: int = 200  # or 304 Not Modified, answering a conditional request: no body
    etag: str = ""
    last_modified: str = ""


class FetchError(DocumentError):
    pass


def fetch(
    url: str,
    *,
    max_bytes: int,
    timeout: float = DEFAULT_TIMEOUT_SECONDS,
    max_redirects: int = DEFAULT_MAX_REDIRECTS,
    allowed_networks: Iterable[str] = (),
    headers: dict[str, str] | None = None,
    accepted_types: Iterable[str] = ACCEPTED_CONTENT_TYPES,
) -> FetchedDocument:
    """GET ``url`` and return its body. ``allowed_networks`` (CIDR strings) exempts
    addresses from the public-address rule: the operator's ``CLAIMTRAIL_FETCH_ALLOW``.

    ``headers`` are sent as well (a feed poll's ``If-None-Match`` / ``If-Modified-Since``);
    a 304 answer then comes back as a document with ``status`` 304 and no body.
    ``accepted_types`` replaces the media types accepted (a feed is XML or JSON)."""
    allowed = [ipaddress.ip_network(network) for network in allowed_networks]
    deadline = time.monotonic() + timeout
    accepted = set(accepted_types)
    for _hop in range(max_redirects + 1):
        with _connection_pool(url, deadline=deadline, allowed=allowed) as pool:
            response = _request(pool, "GET", url, timeout=timeout, headers=headers)
            try:
                location = response.headers.get("Location")
                if response.status in _REDIRECT_STATUSES and location:
                    url = urljoin(url, location)
                    continue
                return _document(
                    url, response, max_bytes=max_bytes, deadline=deadline, accepted=accepted
                )
            finally:
                response.release_conn()
    raise FetchError(f"more than {max_redirects} redirects")


def post(
    url: str,
    body: bytes,
    *,
    headers: dict[str, str],
    timeout: float = DEFAULT_TIMEOUT_SECONDS,
    allowed_networks: Iterable[str] = (),
) -> int:
    """POST ``body`` to ``url`` through the same address guard as ``fetch`` (a webhook);
    redirects are not followed. Returns the status; FetchError if it cannot be sent."""
    allowed = [ipaddress.ip_network(network) for network in allowed_networks]
    deadline = time.monotonic() + timeout  # one for connecting, sending and the answer
    with _connection_pool(url, deadline=deadline, allowed=allowed) as pool:
        response = _request(pool, "POST", url, timeout=timeout, headers=headers, body=body)
        try:
            _read_capped(response, max_bytes=64 * 1024, deadline=deadline)
        except FetchError:
            pass  # the answer's body is not ours to keep; its status is the result
        finally:
            response.release_conn()
        return response.status


def check_public_address(host: str, port: int, allowed: list[IPNetwork]) -> IPAddress:
    """The address to connect to for ``host``; FetchError if any of its addresses is not a
    public one (a name that resolves to both is refused, whichever a client would pick)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        raise FetchError(f"cannot resolve {host}: {error.strerror}") from None
    addresses = [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]
    for address in addresses:
        if not is_public(address) and not any(address in network for network in allowed):
            raise FetchError(
                f"{host} resolves to {address}, a loopback, private, link-local or "
                "reserved address: refusing to fetch inside the network"
            )
    return addresses[0]


# Addresses never fetched, listed here rather than left to ``ipaddress.is_global``, whose
# answer changed between Python patch releases (3.12.1 calls 6to4 and site-local IPv6
# global). Everything a host in our own network, the cloud's metadata service or a
# translation gateway into IPv4 could answer on.
NOT_PUBLIC_NETWORKS = [
    ipaddress.ip_network(network)
    for network in (
        "0.0.0.0/8",  # "this network"
        "10.0.0.0/8",  # private
        "100.64.0.0/10",  # carrier-grade NAT
        "127.0.0.0/8",  # loopback
        "169.254.0.0/16",  # link-local, cloud metadata (169.254.169.254)
        "172.16.0.0/12",  # private
        "192.0.0.0/24",  # IETF protocol assignments
        "192.0.2.0/24",  # documentation
        "192.88.99.0/24",  # 6to4 relay anycast
        "192.168.0.0/16",  # private
        "198.18.0.0/15",  # benchmarking
        "198.51.100.0/24",  # documentation
        "203.0.113.0/24",  # documentation
        "224.0.0.0/4",  # multicast
        "240.0.0.0/4",  # reserved, broadcast
        "::/96",  # unspecified, loopback, IPv4-compatible (deprecated)
        "64:ff9b:1::/48",  # local-use IPv4/IPv6 translation
        "100::/64",  # discard
        "2001:db8::/32",  # documentation
        "2002::/16",  # 6to4: reaches the IPv4 address inside it (2002:a9fe:a9fe:: is metadata)
        "3fff::/20",  # documentation
        "5f00::/16",  # segment routing
        "fc00::/7",  # unique-local
        "fe80::/10",  # link-local
        "fec0::/10",  # site-local (deprecated, still routed by some stacks)
        "ff00::/8",  # multicast
    )
]
# IPv6 forms that carry an IPv4 address a gateway connects to: judged by that address.
_IPV4_MAPPED = ipaddress.ip_network("::ffff:0:0/96")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_TEREDO = ipaddress.ip_network("2001::/32")


def is_public(address: IPAddress) -> bool:
    """Whether ``address`` is on the public internet, by our own list (see above)."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(address)
        if embedded is not None:
            return is_public(embedded)
    if any(address in network for network in NOT_PUBLIC_NETWORKS):
        return False
    return address.is_global and not (
        address.is_multicast or address.is_reserved or address.is_link_local
    )


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv4-mapped, NAT64 or Teredo address leads to."""
    if address in _IPV4_MAPPED:
        return address.ipv4_mapped
    if address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    if address in _TEREDO:
        return address.teredo[1]  # (server, client): the client is where packets go
    return None


def _document(
    url: str, response, *, max_bytes: int, deadline: float, accepted: set[str]
) -> FetchedDocument:
    validators = {
        "etag": response.headers.get("ETag", ""),
        "last_modified": response.headers.get("Last-Modified", ""),
    }
    if response.status == 304:
        return FetchedDocument(url=url, content_type="", body=b"", status=304, **validators)
    if response.status != 200:
        raise FetchError(f"the server answered HTTP {response.status} {response.reason}")
    content_type = response.headers.get("Content-Type", "")
    media_type = content_type.split(";")[0].strip().lower()
    if media_type not in accepted:
        wanted = "HTML or text" if accepted == ACCEPTED_CONTENT_TYPES else "a feed"
        raise FetchError(f"the server sent {media_type or 'no content type'}, not {wanted}")
    body = _read_capped(response, max_bytes=max_bytes, deadline=deadline)
    return FetchedDocument(url=url, content_type=content_type, body=body, **validators)


def _connection_pool(url: str, *, deadline: float, allowed: list[IPNetwork]):
    """A pool that connects to the checked address of ``url``'s host, and only there."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"}:
        raise FetchError(f"only http and https URLs are fetched, not {parts.scheme or 'this'}")
    if not parts.hostname:
        raise FetchError("the URL has no host name")
    if parts.username or parts.password:
        raise FetchError("URLs with credentials are not fetched")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    address = str(check_public_address(parts.hostname, port, allowed))
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise FetchError("timed out before the redirect could be followed")
    pool_timeout = urllib3.Timeout(connect=remaining, read=remaining)
    if parts.scheme == "http":
        return _DeadlineHTTPPool(
            address, port, timeout=pool_timeout, retries=False, deadline=deadline
        )
    return _DeadlineHTTPSPool(
        address,
        port,
        timeout=pool_timeout,
        retries=False,
        deadline=deadline,
        cert_reqs="CERT_REQUIRED",
        ca_certs=certifi.where(),
        server_hostname=parts.hostname,
        assert_hostname=parts.hostname,
    )


class _DeadlineReader(io.RawIOBase):
    """The socket's own reader (which keeps the socket open until it is closed, as
    http.client expects), each read waiting no longer than the time left."""

    def __init__(self, sock, deadline: float):
        self.sock, self.deadline = sock, deadline
        self.raw = sock.makefile("rb", buffering=0)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError("the fetch deadline passed")
        self.sock.settimeout(remaining)
        return self.raw.readinto(buffer)

    def close(self):
        self.raw.close()
        super().close()


class _DeadlineSocket:
    """A connected socket whose ``makefile`` — what http.client reads the status line,
    headers and body through — honours the fetch's deadline. Everything else is the
    socket's own."""

    def __init__(self, sock, deadline: float):
        self._sock, self._deadline = sock, deadline

    def __getattr__(self, name):
        return getattr(self._sock, name)

    def makefile(self, mode="r", *args, **kwargs):
        return io.BufferedReader(_DeadlineReader(self._sock, self._deadline))


class _DeadlineConnection:
    """Mixed into urllib3's connections: the socket, once connected, keeps the deadline."""

    def __init__(self, *args, deadline: float, **kwargs):
        super().__init__(*args, **kwargs)
        self.deadline = deadline

    def connect(self):
        super().connect()
        self.sock = _DeadlineSocket(self.sock, self.deadline)


class _DeadlineHTTPConnection(_DeadlineConnection, HTTPConnection):
    pass


class _DeadlineHTTPSConnection(_DeadlineConnection, HTTPSConnection):
    pass


class _DeadlineHTTPPool(urllib3.HTTPConnectionPool):
    ConnectionCls = _DeadlineHTTPConnection


class _DeadlineHTTPSPool(urllib3.HTTPSConnectionPool):
    ConnectionCls = _DeadlineHTTPSConnection


def _request(pool, method: str, url: str, *, timeout: float, headers=None, body=None):
    parts = urlsplit(url)
    host_header = parts.hostname if parts.port is None else f"{parts.hostname}:{parts.port}"
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        return pool.urlopen(
            method,
            path,
            body=body,
            headers={
                "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9",
                **(headers or {}),
                "Host": host_header,
                "User-Agent": USER_AGENT,
                "Accept-Encoding": "gzip, deflate",
            },
            redirect=False,
            retries=False,
            preload_content=False,
            assert_same_host=False,
        )
    except urllib3.exceptions.TimeoutError:
        raise FetchError(f"timed out after {timeout:g} seconds") from None
    except urllib3.exceptions.HTTPError as error:
        raise FetchError(f"could not connect: {_reason(error)}") from None


def _read_capped(response, *, max_bytes: int, deadline: float) -> bytes:
    declared = response.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(
            f"the document is {int(declared):,} bytes, over the limit of {max_bytes:,}"
        )
    chunks, size = [], 0
    try:
        # The socket stops each read at the deadline; the check here stops a decompressed
        # body that keeps coming out of data already read.
        for chunk in response.stream(64 * 1024, decode_content=True):
            size += len(chunk)
            if size > max_bytes:
                raise FetchError(f"the document is over the limit of {max_bytes:,} bytes")
            if time.monotonic() > deadline:
                raise FetchError("timed out while reading the document")
            chunks.append(chunk)
    except urllib3.exceptions.TimeoutError:
        raise FetchError("timed out while reading the document") from None
    except urllib3.exceptions.HTTPError as error:
        raise FetchError(f"the connection failed while reading: {_reason(error)}") from None
    return b"".join(chunks)


def _reason(error: Exception) -> str:
    reason = getattr(error, "reason", None) or error
    return str(reason).split(": ", 1)[-1]
