"""Fetching a report from a URL, politely and without being turned against the local network.

Only http and https. Every host, the first and each redirect's, is resolved and refused when
any of its addresses is private, loopback, link-local, multicast, reserved or unspecified
(unless `allow_private`), so a page cannot send Crosswire to 127.0.0.1 or a cloud metadata
address. Redirects are followed by hand, at most `max_redirects`; the body is read in chunks and
abandoned past `max_bytes`; connect and read time out. The user agent names Crosswire.

A host that resolves to a public address when checked and to a private one when connected (DNS
rebinding) is not caught here; run Crosswire behind an egress firewall where that matters.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

from crosswire import __version__
from crosswire.ingest.readers import IngestError, Source

USER_AGENT = (
    f"Crosswire/{__version__} (offline-first report analysis; +https://example.org/crosswire)"
)


@dataclass(frozen=True)
class FetchSettings:
    timeout: float = 15.0
    max_bytes: int = 5_000_000
    max_redirects: int = 5
    allow_private: bool = False


def forbidden(addr: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """An address a fetch must not reach unless private addresses are allowed."""
    return (
        addr.is_private
        or addr.is_loopback
        or addr.is_link_local
        or addr.is_multicast
        or addr.is_reserved
        or addr.is_unspecified
    )


def _refused_address(host: str) -> str | None:
    """Why this host must not be fetched, or None when all its addresses are public."""
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as exc:
        return f"cannot resolve host {host!r} ({exc})"
    for info in infos:
        addr = ipaddress.ip_address(info[4][0].split("%")[0])
        if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped:
            addr = addr.ipv4_mapped
        if forbidden(addr):
            return f"refused: {host} is a private or local address ({addr}); use --allow-private"
    return None


def check_url(url: str, allow_private: bool = False) -> str:
    """The URL, if it may be fetched; IngestError saying why not otherwise."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise IngestError(f"refused: only http and https URLs are fetched, not {parts.scheme!r}")
    if not parts.hostname:
        raise IngestError("refused: URL has no host")
    if parts.username or parts.password:
        raise IngestError("refused: URL carries a user name or password")
    if not allow_private:
        why = _refused_address(parts.hostname)
        if why:
            raise IngestError(why)
    return url


def fetch(url: str, settings: FetchSettings = FetchSettings()) -> tuple[Source, str]:
    """The page's bytes as a Source named by its final URL, and that URL."""
    import httpx

    current = check_url(url, settings.allow_private)
    timeout = httpx.Timeout(settings.timeout, connect=min(10.0, settings.timeout))
    headers = {"User-Agent": USER_AGENT, "Accept": "text/html,text/plain;q=0.9,*/*;q=0.1"}
    with httpx.Client(timeout=timeout, headers=headers, follow_redirects=False) as client:
        for _hop in range(settings.max_redirects + 1):
            try:
                with client.stream("GET", current) as resp:
                    if resp.is_redirect:
                        target = resp.headers.get("location", "")
                        current = check_url(urljoin(current, target), settings.allow_private)
                        continue
                    if resp.status_code >= 400:
                        raise IngestError(f"HTTP {resp.status_code} from {current}")
                    declared = resp.headers.get("content-length", "")
                    if declared.isdigit() and int(declared) > settings.max_bytes:
                        raise IngestError(
                            f"too large: {int(declared):,} bytes (limit {settings.max_bytes:,})"
                        )
                    body = bytearray()
                    for chunk in resp.iter_bytes():
                        body.extend(chunk)
                        if len(body) > settings.max_bytes:
                            raise IngestError(
                                f"too large: over {settings.max_bytes:,} bytes, stopped reading"
                            )
                    fetched = datetime.now(UTC).isoformat(timespec="seconds")
                    return Source(current, bytes(body), fetched_at=fetched), current
            except httpx.TimeoutException as exc:
                raise IngestError(f"timed out after {settings.timeout:g} s: {current}") from exc
            except httpx.HTTPError as exc:
                raise IngestError(f"cannot fetch {current}: {exc}") from exc
    raise IngestError(f"too many redirects (more than {settings.max_redirects})")
