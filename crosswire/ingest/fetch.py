"""Fetching a report from a URL, politely and without being turned against the local network.

Only http and https. Every host, the first and each redirect's, is resolved and refused when
any of its addresses is private, loopback, link-local, multicast, reserved or unspecified
(unless `allow_private`), so a page cannot send Crosswire to 127.0.0.1 or a cloud metadata
address. Redirects are followed by hand, at most `max_redirects`; the body is read in chunks and
abandoned past `max_bytes`; connect and read time out. The user agent names Crosswire.

Each host is resolved once and the connection goes to the address that was checked (the Host
header and the TLS certificate check keep the name), so DNS rebinding cannot swap in a private
address between the check and the connection.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

from crosswire import __version__
from crosswire.ingest.readers import IngestError, Source, TransientError

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


def _addresses(host: str) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as exc:
        raise TransientError(f"cannot resolve host {host!r} ({exc})") from exc
    out = []
    for info in infos:
        addr = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped:
            addr = addr.ipv4_mapped
        out.append(addr)
    if not out:
        raise IngestError(f"cannot resolve host {host!r}")
    return out


def check_url(url: str, allow_private: bool = False) -> tuple[str, str]:
    """(url, address to connect to) if the URL may be fetched; IngestError saying why not.

    The host is resolved once, here, and the fetch connects to that address: a name that
    answers with a public address when checked and a private one when connected (DNS
    rebinding) gets no second answer."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise IngestError(f"refused: only http and https URLs are fetched, not {parts.scheme!r}")
    if not parts.hostname:
        raise IngestError("refused: URL has no host")
    if parts.username or parts.password:
        raise IngestError("refused: URL carries a user name or password")
    addrs = _addresses(parts.hostname)
    if not allow_private:
        for addr in addrs:
            if forbidden(addr):
                raise IngestError(
                    f"refused: {parts.hostname} is a private or local address ({addr}); "
                    "use --allow-private"
                )
    return url, str(addrs[0])


def _pinned(url: str, address: str) -> tuple[str, dict[str, str], dict[str, str]]:
    """The URL with its host replaced by the checked address, the Host header, and the TLS
    name to verify the certificate against (the original host's)."""
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    host = f"[{address}]" if ":" in address else address
    target = parts._replace(netloc=f"{host}:{port}").geturl()
    headers = {"Host": parts.netloc.rsplit("@", 1)[-1]}
    extensions = {"sni_hostname": parts.hostname or ""} if parts.scheme == "https" else {}
    return target, headers, extensions


def fetch(url: str, settings: FetchSettings = FetchSettings()) -> tuple[Source, str]:
    """The page's bytes as a Source named by its final URL, and that URL."""
    import httpx

    current, address = check_url(url, settings.allow_private)
    timeout = httpx.Timeout(settings.timeout, connect=min(10.0, settings.timeout))
    headers = {"User-Agent": USER_AGENT, "Accept": "text/html,text/plain;q=0.9,*/*;q=0.1"}
    with httpx.Client(timeout=timeout, headers=headers, follow_redirects=False) as client:
        for _hop in range(settings.max_redirects + 1):
            try:
                target, host, tls = _pinned(current, address)
                with client.stream("GET", target, headers=host, extensions=tls) as resp:
                    if resp.is_redirect:
                        location = resp.headers.get("location", "")
                        current, address = check_url(
                            urljoin(current, location), settings.allow_private
                        )
                        continue
                    if resp.status_code >= 400:
                        status = resp.status_code
                        err = TransientError if status >= 500 or status == 429 else IngestError
                        raise err(f"HTTP {status} from {current}")
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
                raise TransientError(f"timed out after {settings.timeout:g} s: {current}") from exc
            except httpx.HTTPError as exc:
                raise TransientError(f"cannot fetch {current}: {exc}") from exc
    raise IngestError(f"too many redirects (more than {settings.max_redirects})")
