"""Go's proxy selection, exactly: which proxy a Go client uses for a registry, and NO_PROXY.

This mirrors ``golang.org/x/net/http/httpproxy`` (used by ``net/http.ProxyFromEnvironment``,
so by dockerd, containerd, BuildKit, skopeo, podman, crane, helm, oras):

* ``HTTPS_PROXY`` is used for ``https://`` requests and ``HTTP_PROXY`` for ``http://``;
  the upper-case name wins over the lower-case one when both are set and non-empty.
  ``ALL_PROXY`` is not read by Go (only curl reads it).
* A proxy URL without a scheme gets ``http://``.
* ``localhost`` and loopback IP literals are never proxied.
* ``NO_PROXY`` entries, comma separated, lower-cased: ``*`` matches everything; a CIDR or
  an IP (optionally with a port) applies only when the request host is an IP literal; any
  other entry is a domain: ``example.com`` matches the host and its sub-domains,
  ``.example.com`` and ``*.example.com`` only sub-domains; ``host:port`` also requires
  the port. A name is never resolved to compare with IP entries.

Pure: no environment, no network. Probes hand it the values they read.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

DEFAULT_PORTS = {"https": "443", "http": "80"}


def _parse_ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    if text.startswith("[") and text.endswith("]"):
        text = text[1:-1]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def split_host_port(addr: str) -> tuple[str, str] | None:
    """Go's ``net.SplitHostPort``: ``None`` when ``addr`` has no port part."""
    if addr.startswith("["):
        end = addr.find("]")
        if end < 0 or not addr[end + 1 :].startswith(":"):
            return None
        return addr[1:end], addr[end + 2 :]
    host, sep, port = addr.rpartition(":")
    if not sep or ":" in host:
        return None
    return host, port


@dataclass(frozen=True)
class NoProxy:
    """A parsed ``NO_PROXY`` value."""

    raw: str
    match_all: bool
    ip_entries: tuple[tuple[object, str], ...]  # (ip or network, port)
    domain_entries: tuple[tuple[str, str, bool], ...]  # (".suffix", port, match_host)

    @classmethod
    def parse(cls, value: str) -> NoProxy:
        """Parse like httpproxy's ``(*config).init``."""
        ips: list[tuple[object, str]] = []
        domains: list[tuple[str, str, bool]] = []
        for part in value.split(","):
            entry = part.strip().lower()
            if not entry:
                continue
            if entry == "*":
                return cls(value, True, (), ())
            try:
                if "/" in entry:
                    ips.append((ipaddress.ip_network(entry, strict=False), ""))
                    continue
            except ValueError:
                pass
            hp = split_host_port(entry)
            if hp is not None:
                phost, pport = hp
                if not phost:
                    continue
            else:
                phost, pport = entry, ""
            ip = _parse_ip(phost)
            if ip is not None:
                ips.append((ip, pport))
                continue
            if phost.startswith("*."):
                phost = phost[1:]
            match_host = not phost.startswith(".")
            if match_host:
                phost = "." + phost
            domains.append((phost, pport, match_host))
        return cls(value, False, tuple(ips), tuple(domains))

    def covers(self, host: str, port: str) -> bool:
        """Whether this NO_PROXY value exempts ``host:port`` (host already lower-case)."""
        if self.match_all:
            return True
        host = host.strip().lower()
        if host.startswith("[") and host.endswith("]"):
            host = host[1:-1]
        ip = _parse_ip(host)
        if ip is not None:
            for entry, pport in self.ip_entries:
                if isinstance(entry, ipaddress.IPv4Network | ipaddress.IPv6Network):
                    if ip.version == entry.version and ip in entry:
                        return True
                elif entry == ip and (not pport or pport == port):
                    return True
        for suffix, pport, match_host in self.domain_entries:
            if host.endswith(suffix) or (match_host and host == suffix[1:]):
                if not pport or pport == port:
                    return True
        return False

    def entry_for(self, host: str, port: str) -> str:
        """The first raw entry that covers ``host:port`` ("" when none does)."""
        for part in self.raw.split(","):
            if part.strip() and NoProxy.parse(part).covers(host, port):
                return part.strip()
        return ""


def never_proxied(host: str) -> bool:
    """Go never proxies ``localhost`` or a loopback IP literal."""
    host = host.strip().lower()
    if host == "localhost":
        return True
    ip = _parse_ip(host)
    return ip is not None and ip.is_loopback


def normalize_proxy_url(value: str) -> str:
    """A proxy URL with a scheme (Go adds ``http://`` when there is none)."""
    value = value.strip()
    if not value:
        return ""
    scheme = value.split("://", 1)[0].lower() if "://" in value else ""
    if scheme not in {"http", "https", "socks5", "socks5h"}:
        return "http://" + value
    return value


@dataclass(frozen=True)
class ProxyConfig:
    """The three values Go reads (already chosen between upper and lower case)."""

    http_proxy: str = ""
    https_proxy: str = ""
    no_proxy: str = ""

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> ProxyConfig:
        """Go's ``FromEnvironment``: upper case first, empty values ignored."""

        def get(*names: str) -> str:
            for name in names:
                value = env.get(name)
                if value:
                    return value
            return ""

        return cls(
            http_proxy=get("HTTP_PROXY", "http_proxy"),
            https_proxy=get("HTTPS_PROXY", "https_proxy"),
            no_proxy=get("NO_PROXY", "no_proxy"),
        )

    @property
    def configured(self) -> bool:
        """Whether any proxy is set."""
        return bool(self.http_proxy or self.https_proxy)

    def proxy_for(self, host: str, port: str = "", scheme: str = "https") -> str:
        """The proxy URL Go would use for ``scheme://host:port`` ("" = direct)."""
        proxy = self.https_proxy if scheme == "https" else self.http_proxy
        if not proxy:
            return ""
        if not self.uses_proxy(host, port or DEFAULT_PORTS.get(scheme, ""), scheme):
            return ""
        return normalize_proxy_url(proxy)

    def uses_proxy(self, host: str, port: str = "", scheme: str = "https") -> bool:
        """Go's ``useProxy``: False for loopback and hosts NO_PROXY covers."""
        port = port or DEFAULT_PORTS.get(scheme, "")
        if not host:
            return True
        if never_proxied(host):
            return False
        return not NoProxy.parse(self.no_proxy).covers(host, port)


def proxy_host_port(url: str) -> tuple[str, str, str]:
    """(scheme, host, port) of a proxy URL; default ports by scheme, 1080 for SOCKS."""
    parts = urlsplit(normalize_proxy_url(url))
    scheme = parts.scheme.lower()
    host = parts.hostname or ""
    try:
        port = parts.port
    except ValueError:
        port = None
    default = {"http": 80, "https": 443}.get(scheme, 1080)
    return scheme, host, str(port or default)
