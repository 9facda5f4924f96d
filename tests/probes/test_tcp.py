"""tcp.connect against real sockets on loopback."""

from __future__ import annotations

import asyncio

from tests.probes.conftest import blackhole_server, free_port, make_ctx
from wizard.probes.tcp import connect


def test_open(root):
    async def main():
        async with blackhole_server() as port:
            return await connect(make_ctx(root), "127.0.0.1", str(port))

    res = asyncio.run(main())
    assert res.outcome == "open"


def test_refused(root):
    res = asyncio.run(connect(make_ctx(root), "127.0.0.1", str(free_port())))
    assert res.outcome == "refused"
    assert "nothing listens" in res.summary


def test_localhost_tries_every_address(root):
    res = asyncio.run(connect(make_ctx(root), "localhost", str(free_port())))
    assert res.outcome == "refused"


def test_timeout_on_unroutable_is_bounded(root, monkeypatch):
    """A connect that never completes (stand-in for dropped SYNs) ends at the timeout."""
    import wizard.probes.tcp as tcp

    async def hang(host, port):
        await asyncio.sleep(10)

    monkeypatch.setattr(tcp.asyncio, "open_connection", hang)
    res = asyncio.run(connect(make_ctx(root, timeout=0.4), "127.0.0.1", "5000"))
    assert res.outcome == "timeout"


def test_default_port_is_443(root):
    res = asyncio.run(connect(make_ctx(root), "127.0.0.1"))
    assert "127.0.0.1:443" in res.summary
    assert res.facts["port"] == "443"


def test_port_from_the_registry(root):
    port = str(free_port())
    res = asyncio.run(connect(make_ctx(root), "127.0.0.1", "", f"127.0.0.1:{port}"))
    assert res.outcome == "refused"
    assert res.facts["port"] == port
