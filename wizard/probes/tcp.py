"""Probe ``tcp.connect``: can a TCP connection to the registry port be opened?

Registry convention: a reference without a port means HTTPS on 443. Every address the
name resolves to is tried (as Go's dialer does), so ``localhost`` with ``::1`` and
``127.0.0.1`` is judged by all of them.
"""

from __future__ import annotations

import asyncio
import errno
import time
from dataclasses import replace

from wizard.engine.facts import split_registry
from wizard.engine.model import ProbeResult, frozen
from wizard.probes import dns
from wizard.probes.base import ProbeContext, probe, result, unknown

DEFAULT_PORT = "443"


def port_of(port: str, registry: str = "") -> str:
    """The port to use: the argument, else the registry's, else 443 (registry convention).

    Tree nodes pass ``registry`` rather than ``port``, because a registry written without
    a port has no ``port`` fact.
    """
    if port:
        return port
    if registry:
        _host, reg_port = split_registry(registry)
        if reg_port:
            return reg_port
    return DEFAULT_PORT


_UNREACHABLE = {errno.EHOSTUNREACH, errno.ENETUNREACH, errno.EADDRNOTAVAIL, errno.ENETDOWN}


async def open_tcp(
    host: str, port: int, seconds: float
) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    """``asyncio.open_connection`` under a hard timeout (raises ``TimeoutError``)."""
    return await asyncio.wait_for(asyncio.open_connection(host, port), seconds)


def classify(exc: BaseException) -> str:
    """refused / timeout / unreachable / "" (something else) for a connect error."""
    if isinstance(exc, TimeoutError):
        return "timeout"
    if isinstance(exc, ConnectionRefusedError):
        return "refused"
    if isinstance(exc, OSError) and exc.errno in _UNREACHABLE:
        return "unreachable"
    if isinstance(exc, OSError) and exc.errno == errno.ETIMEDOUT:
        return "timeout"
    return ""


async def _addresses(host: str, seconds: float) -> list[str]:
    if dns.is_ip_literal(host):
        return [host.strip("[]")]
    return await dns.lookup(host, seconds)


@probe("tcp.connect")
async def connect(ctx: ProbeContext, host: str, port: str = "", registry: str = "") -> ProbeResult:
    """Connect to ``host:port`` (443 when no port): open, refused, timeout, unreachable.

    Returns the ``port`` fact, so commands that name the port are complete.
    """
    port = port_of(port, registry)
    if not port.isdigit():
        return unknown(f"{port!r} is not a TCP port")
    res = await _connect(ctx, host, port)
    return replace(res, facts=frozen({**res.facts, "port": port}))


async def _connect(ctx: ProbeContext, host: str, port: str) -> ProbeResult:
    """:func:`connect` once the port is known."""
    deadline = time.monotonic() + ctx.timeout * 0.9
    try:
        addresses = await _addresses(host, ctx.timeout * 0.5)
    except (OSError, TimeoutError) as exc:
        return unknown(f"cannot connect to {host}:{port}: the name does not resolve ({exc})")
    kinds: list[str] = []
    details: list[str] = []
    for addr in addresses:
        left = deadline - time.monotonic()
        if left <= 0:
            kinds.append("timeout")
            details.append(f"{addr}: no time left")
            break
        started = time.monotonic()
        try:
            _reader, writer = await open_tcp(addr, int(port), left)
        except (OSError, TimeoutError) as exc:
            kind = classify(exc)
            kinds.append(kind)
            details.append(f"{addr}:{port}: {kind or type(exc).__name__} ({exc})")
            continue
        ms = (time.monotonic() - started) * 1000
        writer.close()
        try:
            await asyncio.wait_for(writer.wait_closed(), 0.5)
        except (OSError, TimeoutError):
            pass
        return result(
            "open",
            f"{host}:{port} accepts TCP connections ({addr}, {ms:.0f} ms)",
            *details,
        )
    target = f"{host}:{port}"
    if kinds and all(k == "refused" for k in kinds):
        return result("refused", f"{target}: connection refused, nothing listens there", *details)
    if "timeout" in kinds:
        return result(
            "timeout",
            f"{target}: no answer within {ctx.timeout:g} s (packets are dropped)",
            *details,
        )
    if "unreachable" in kinds:
        return result("unreachable", f"{target}: no route to the host or network", *details)
    if "refused" in kinds:
        return result("refused", f"{target}: connection refused", *details)
    return unknown(f"cannot connect to {target}", *details)
