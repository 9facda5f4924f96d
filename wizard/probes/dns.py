"""Probe ``dns.resolve``: resolve the registry host the way the client does.

Go clients on Linux resolve through the system's rules (``/etc/hosts`` first, then the
servers in ``/etc/resolv.conf``); ``getaddrinfo`` follows the same rules, so the probe
runs it in a thread under a hard timeout. It never resolves anything but the host it is
given.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket

from wizard.engine.model import ProbeResult
from wizard.probes.base import ProbeContext, probe, result, unknown

_getaddrinfo = socket.getaddrinfo
"""Indirection so tests can stand in for the system resolver (never the real network)."""

_NXDOMAIN_CODES = {
    getattr(socket, name)
    for name in ("EAI_NONAME", "EAI_NODATA", "EAI_ADDRFAMILY")
    if hasattr(socket, name)
}
_TEMPORARY_CODES = {getattr(socket, n) for n in ("EAI_AGAIN", "EAI_FAIL") if hasattr(socket, n)}


def is_ip_literal(host: str) -> bool:
    """Whether ``host`` is an IPv4 or IPv6 literal (brackets allowed)."""
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def read_resolver(ctx: ProbeContext) -> str:
    """The first ``nameserver`` of ``<root>/etc/resolv.conf`` ("" when none)."""
    path = ctx.host.system("/etc/resolv.conf")
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            text = fh.read(64 << 10)
    except OSError:
        return ""
    for line in text.splitlines():
        fields = line.split("#", 1)[0].split()
        if len(fields) >= 2 and fields[0] == "nameserver":
            return fields[1]
    return ""


async def lookup(host: str, seconds: float) -> list[str]:
    """Addresses of ``host`` (unique, in resolver order); raises ``socket.gaierror``."""
    infos = await asyncio.wait_for(
        asyncio.to_thread(_getaddrinfo, host, None, 0, socket.SOCK_STREAM), seconds
    )
    seen: list[str] = []
    for info in infos:
        addr = str(info[4][0])
        if addr not in seen:
            seen.append(addr)
    return seen


@probe("dns.resolve")
async def resolve(ctx: ProbeContext, host: str) -> ProbeResult:
    """Resolve ``host``: literal, resolved (with addresses), nxdomain, or unknown."""
    resolver = read_resolver(ctx)
    facts = {"resolver": resolver} if resolver else {}
    where = f" (resolver {resolver})" if resolver else ""
    if is_ip_literal(host):
        return result(
            "literal",
            f"{host} is an IP address: nothing to resolve",
            facts={"addresses": host.strip("[]"), **facts},
        )
    try:
        addresses = await lookup(host, max(0.1, ctx.timeout * 0.9))
    except TimeoutError:
        return unknown(f"looking up {host} timed out{where}: the DNS server does not answer")
    except socket.gaierror as exc:
        if exc.errno in _NXDOMAIN_CODES:
            return result(
                "nxdomain",
                f"{host} does not resolve: no such host{where}",
                f"resolver said: {exc.strerror}",
                facts=facts,
            )
        if exc.errno in _TEMPORARY_CODES:
            return unknown(
                f"looking up {host} failed temporarily{where}: {exc.strerror}",
                "a DNS server that fails or does not answer gives this; Go says "
                '"server misbehaving" or "i/o timeout"',
            )
        return unknown(f"looking up {host} failed: {exc.strerror}")
    except (OSError, UnicodeError) as exc:
        return unknown(f"looking up {host} failed: {exc}")
    if not addresses:
        return result("nxdomain", f"{host} has no addresses{where}", facts=facts)
    return result(
        "resolved",
        f"{host} resolves to {', '.join(addresses)}",
        facts={"addresses": ",".join(addresses), **facts},
    )
