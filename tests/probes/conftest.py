"""Small real servers on 127.0.0.1 for probe tests: TLS, plain HTTP, blackhole, CONNECT proxy.

Every server is an asyncio server in the test's own event loop, on a port the OS picks,
closed when the ``async with`` block ends. Certificates are real (made with cryptography
by :func:`wizard.lab.certs.make_certs`).
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import ssl
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest

from wizard.host import Host
from wizard.lab.certs import Certs, make_certs
from wizard.probes.base import ProbeContext

Handler = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]


@pytest.fixture(scope="session")
def certs(tmp_path_factory) -> Certs:
    """A private CA and every leaf of real-infra 2.2."""
    return make_certs(tmp_path_factory.mktemp("certs"))


@pytest.fixture
def root(tmp_path) -> Path:
    """An empty machine root (no CA bundle, no certs.d, no daemon.json)."""
    r = tmp_path / "root"
    r.mkdir()
    return r


def make_ctx(root: Path, env: dict[str, str] | None = None, timeout: float = 2.0) -> ProbeContext:
    """A probe context whose machine lives under ``root``."""
    env = dict(env or {})
    env.setdefault("HOME", str(root / "home"))
    return ProbeContext(host=Host.from_root(root, env), timeout=timeout)


def free_port() -> int:
    """A port nothing listens on (bound, then closed)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def _answer_http(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 3)
        body = b"{}"
        writer.write(
            b"HTTP/1.1 200 OK\r\nDocker-Distribution-Api-Version: registry/2.0\r\n"
            b"Content-Length: 2\r\nConnection: close\r\n\r\n" + body
        )
        await writer.drain()
    except (OSError, asyncio.IncompleteReadError, TimeoutError, ssl.SSLError):
        pass
    finally:
        writer.close()


async def _answer_plain_400(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        await asyncio.wait_for(reader.read(1024), 3)
        writer.write(
            b"HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS server.\n"
        )
        await writer.drain()
    except (OSError, TimeoutError):
        pass
    finally:
        writer.close()


@contextlib.asynccontextmanager
async def serve(handler: Handler, sslctx: ssl.SSLContext | None = None) -> AsyncIterator[int]:
    """Serve ``handler`` on 127.0.0.1 (TLS when ``sslctx``); yields the port."""
    writers: list[asyncio.StreamWriter] = []

    async def tracked(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writers.append(writer)
        await handler(reader, writer)

    server = await asyncio.start_server(tracked, "127.0.0.1", 0, ssl=sslctx)
    try:
        yield server.sockets[0].getsockname()[1]
    finally:
        for w in writers:
            w.close()
        server.close()
        with contextlib.suppress(Exception):
            await asyncio.wait_for(server.wait_closed(), 2)


def server_context(crt: Path, key: Path, *, client_ca: Path | None = None) -> ssl.SSLContext:
    """A TLS server context; with ``client_ca`` it requires a client certificate."""
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(str(crt), str(key))
    if client_ca is not None:
        ctx.verify_mode = ssl.CERT_REQUIRED
        ctx.load_verify_locations(cafile=str(client_ca))
    return ctx


def tls_server(crt: Path, key: Path, *, client_ca: Path | None = None):
    """A TLS server answering ``GET /v2/`` like a registry."""
    return serve(_answer_http, server_context(crt, key, client_ca=client_ca))


def plain_http_server():
    """A plain HTTP server that answers a ClientHello with ``400 Bad Request`` (Go does)."""
    return serve(_answer_plain_400)


def blackhole_server():
    """Accepts TCP and never answers."""

    async def hold(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with contextlib.suppress(Exception):
            await reader.read(-1)

    return serve(hold)


def connect_proxy(status: bytes):
    """A proxy that answers every CONNECT with ``status`` (e.g. ``b"407 Proxy ..."``)."""
    seen: list[bytes] = []

    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 3)
            seen.append(head)
            writer.write(b"HTTP/1.1 " + status + b"\r\nContent-Length: 0\r\n\r\n")
            await writer.drain()
        except (OSError, asyncio.IncompleteReadError, TimeoutError):
            pass
        finally:
            writer.close()

    return serve(answer), seen


@contextlib.contextmanager
def threaded_tls_server(crt: Path, key: Path, *, client_ca: Path | None = None):
    """A blocking OpenSSL server in a thread (sends real handshake alerts, as Go and nginx do).

    asyncio's TLS server drops the connection without the alert when a client certificate
    is missing, so client-certificate tests use this one. Yields the port.
    """
    import threading

    ctx = server_context(crt, key, client_ca=client_ca)
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.settimeout(0.2)
    stop = threading.Event()

    def loop() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            conn.settimeout(3)
            try:
                with ctx.wrap_socket(conn, server_side=True) as tls:
                    tls.recv(4096)
                    tls.sendall(
                        b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}"
                    )
            except (OSError, ssl.SSLError):
                conn.close()

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        thread.join(2)
        listener.close()
