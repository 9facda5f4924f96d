"""Hostile HTTP servers on 127.0.0.1, for probes to survive.

Each :class:`Hostile` listens on loopback in a thread, answers every connection with one
behaviour, and records the request heads it received (to prove credentials never went
somewhere they should not).
"""

from __future__ import annotations

import socket
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

Behaviour = Callable[["Hostile", socket.socket, bytes], None]


@dataclass
class Hostile:
    """A loopback server with one hostile behaviour."""

    behaviour: Behaviour
    host: str = "127.0.0.1"
    tls: ssl.SSLContext | None = None
    requests: list[bytes] = field(default_factory=list)
    port: int = 0
    _stop: threading.Event = field(default_factory=threading.Event)
    _sock: socket.socket | None = None
    _threads: list[threading.Thread] = field(default_factory=list)

    def __enter__(self) -> Hostile:
        self._sock = socket.socket()
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind((self.host, 0))
        self._sock.listen(32)
        self._sock.settimeout(0.1)
        self.port = self._sock.getsockname()[1]
        t = threading.Thread(target=self._serve, daemon=True)
        t.start()
        self._threads.append(t)
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        for t in self._threads:
            t.join(5)
        if self._sock:
            self._sock.close()

    @property
    def hostport(self) -> str:
        return f"{self.host}:{self.port}"

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    def _serve(self) -> None:
        assert self._sock is not None
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            t = threading.Thread(target=self._handle, args=(conn,), daemon=True)
            t.start()
            self._threads.append(t)

    def _handle(self, conn: socket.socket) -> None:
        try:
            conn.settimeout(5)
            if self.tls is not None:
                conn = self.tls.wrap_socket(conn, server_side=True)
            head = b""
            while b"\r\n\r\n" not in head and len(head) < 65536:
                chunk = conn.recv(4096)
                if not chunk:
                    return
                if not head and self.tls is None and chunk[:1] == b"\x16":
                    # a TLS ClientHello on a plain port: answer as Go's http server does
                    _send(
                        conn,
                        b"HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS server.\n",
                    )
                    return
                head += chunk
            self.requests.append(head)
            self.behaviour(self, conn, head)
        except (OSError, ssl.SSLError):
            pass
        finally:
            try:
                conn.close()
            except OSError:
                pass


def _send(conn: socket.socket, data: bytes) -> None:
    conn.sendall(data)


def slow_drip(srv: Hostile, conn: socket.socket, _head: bytes) -> None:
    """A status line, then one header byte at a time, forever."""
    _send(conn, b"HTTP/1.1 200 OK\r\nX-Drip: ")
    while not srv.stopping:
        _send(conn, b"a")
        time.sleep(0.05)


def endless_body(srv: Hostile, conn: socket.socket, _head: bytes) -> None:
    """A 200 with a chunked body that never ends."""
    _send(
        conn,
        b"HTTP/1.1 200 OK\r\nDocker-Distribution-Api-Version: registry/2.0\r\nTransfer-Encoding: chunked\r\n\r\n",
    )
    chunk = b"%x\r\n%s\r\n" % (65536, b"x" * 65536)
    while not srv.stopping:
        _send(conn, chunk)


def huge_headers(srv: Hostile, conn: socket.socket, _head: bytes) -> None:
    """A 401 whose WWW-Authenticate header alone is 8 MB."""
    _send(
        conn,
        b'HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Bearer realm="http://127.0.0.1:1/t",scope="',
    )
    for _ in range(128):
        if srv.stopping:
            return
        _send(conn, b"a" * 65536)
    _send(conn, b'"\r\nContent-Length: 0\r\n\r\n')


def redirect_loop(srv: Hostile, conn: socket.socket, head: bytes) -> None:
    """Always 302 to the same URL."""
    path = head.split(b" ", 2)[1] if b" " in head else b"/v2/"
    _send(conn, b"HTTP/1.1 302 Found\r\nLocation: " + path + b"\r\nContent-Length: 0\r\n\r\n")


def redirect_to(target: str) -> Behaviour:
    """Always 307 to another origin."""

    def behaviour(srv: Hostile, conn: socket.socket, _head: bytes) -> None:
        _send(
            conn,
            b"HTTP/1.1 307 Temporary Redirect\r\nLocation: "
            + target.encode()
            + b"\r\nContent-Length: 0\r\n\r\n",
        )

    return behaviour


def bearer_challenge(realm: str) -> Behaviour:
    """A registry that sends every client to a token realm."""

    def behaviour(srv: Hostile, conn: socket.socket, _head: bytes) -> None:
        body = b'{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}'
        _send(
            conn,
            b"HTTP/1.1 401 Unauthorized\r\nDocker-Distribution-Api-Version: registry/2.0\r\n"
            + f'WWW-Authenticate: Bearer realm="{realm}",service="svc",scope="repository:lab/x:pull,push"\r\n'.encode()
            + b"Content-Type: application/json\r\nContent-Length: "
            + str(len(body)).encode()
            + b"\r\n\r\n"
            + body,
        )

    return behaviour


def ok_json(srv: Hostile, conn: socket.socket, _head: bytes) -> None:
    """A plain 200 {} (used as a recorder: who came here, with which headers)."""
    _send(conn, b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}")
