"""Tiny single-purpose servers, run as separate processes by :class:`~wizard.lab.servers.Lab`.

    python -m wizard.lab.tiny blackhole   accept TCP on 127.0.0.1, never answer
    python -m wizard.lab.tiny nxdns       answer every DNS query on 127.0.0.1:53/udp with NXDOMAIN

Each prints ``listening on 127.0.0.1:PORT`` once ready, like docker-registry does.
They listen on loopback only and run until terminated.
"""

from __future__ import annotations

import socket
import sys


def blackhole() -> None:
    """Accept connections and hold them open without a byte of answer."""
    srv = socket.socket()
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("127.0.0.1", 0))
    srv.listen(64)
    print(f"listening on 127.0.0.1:{srv.getsockname()[1]}", flush=True)
    held = []
    while True:
        conn, _ = srv.accept()
        held.append(conn)
        if len(held) > 512:  # bounded: drop the oldest
            held.pop(0).close()


def nxdns(port: int = 53) -> None:
    """Answer every query with NXDOMAIN (QR=1, RD copied, RA=1, RCODE=3)."""
    srv = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    srv.bind(("127.0.0.1", port))
    print(f"listening on 127.0.0.1:{srv.getsockname()[1]}", flush=True)
    while True:
        query, addr = srv.recvfrom(512)
        if len(query) < 12:
            continue
        flags = 0x8183 | (query[2] & 0x01) << 8
        srv.sendto(
            query[:2] + flags.to_bytes(2, "big") + query[4:6] + b"\0\0\0\0\0\0" + query[12:], addr
        )


if __name__ == "__main__":
    {"blackhole": blackhole, "nxdns": nxdns}[sys.argv[1]]()
