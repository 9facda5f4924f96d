"""dns.resolve: literal IPs, /etc/hosts names, NXDOMAIN and resolver failures.

The real resolver is only asked for ``localhost`` (answered from /etc/hosts); NXDOMAIN and
temporary failures come from a stand-in for getaddrinfo, so no test ever sends a DNS query.
"""

from __future__ import annotations

import asyncio
import socket
import time

from tests.probes.conftest import make_ctx
from wizard.probes import dns


def test_literal_ips(root):
    assert asyncio.run(dns.resolve(make_ctx(root), "10.1.2.3")).outcome == "literal"
    res = asyncio.run(dns.resolve(make_ctx(root), "[::1]"))
    assert res.outcome == "literal"
    assert res.facts["addresses"] == "::1"


def test_localhost_resolves_from_hosts(root):
    res = asyncio.run(dns.resolve(make_ctx(root), "localhost"))
    assert res.outcome == "resolved"
    assert "127.0.0.1" in res.facts["addresses"].split(",") or "::1" in res.facts["addresses"]


def test_resolver_fact_from_root(root):
    (root / "etc").mkdir()
    (root / "etc/resolv.conf").write_text(
        "# test\nsearch lan\nnameserver 10.9.8.7\nnameserver 1.1.1.1\n"
    )
    res = asyncio.run(dns.resolve(make_ctx(root), "localhost"))
    assert res.facts["resolver"] == "10.9.8.7"


def _failing(code, message):
    def fake(host, *args):
        raise socket.gaierror(code, message)

    return fake


def test_nxdomain(root, monkeypatch):
    monkeypatch.setattr(
        dns, "_getaddrinfo", _failing(socket.EAI_NONAME, "Name or service not known")
    )
    res = asyncio.run(dns.resolve(make_ctx(root), "registry.invalid"))
    assert res.outcome == "nxdomain"
    assert "no such host" in res.summary


def test_temporary_failure_is_unknown(root, monkeypatch):
    monkeypatch.setattr(
        dns, "_getaddrinfo", _failing(socket.EAI_AGAIN, "Temporary failure in name resolution")
    )
    res = asyncio.run(dns.resolve(make_ctx(root), "registry.lan"))
    assert res.outcome == "unknown"
    assert "temporar" in res.summary


def test_slow_resolver_is_unknown_within_the_timeout(root, monkeypatch):
    monkeypatch.setattr(dns, "_getaddrinfo", lambda *a: time.sleep(1.5) or [])
    started = time.monotonic()
    res = asyncio.run(dns.resolve(make_ctx(root, timeout=0.5), "registry.lan"))
    assert res.outcome == "unknown"
    assert "timed out" in res.summary
    assert time.monotonic() - started < 2.0
