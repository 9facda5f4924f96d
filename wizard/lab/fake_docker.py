"""A stand-in for dockerd's API socket: ``/_ping``, ``/version``, a recorded ``/info``, and
the first step of ``POST /images/{name}/push`` (contacting the registry, as dockerd does).

No Docker engine runs on the machines that test the wizard, yet the daemon probes must
be tested against a real unix socket speaking HTTP. This server answers what the wizard
asks dockerd (``GET /_ping``, ``GET /info``, also under a ``/v1.NN/`` prefix) from a
recorded ``/info`` document, optionally changed (``insecure``, ``mirrors``, proxies), so
a test or a lab scenario can make "the running daemon" disagree with daemon.json.

In a test::

    with FakeDocker(tmp_path / "docker.sock", insecure=["10.0.0.5:5000"]) as fake:
        env = {"DOCKER_HOST": fake.docker_host}

As a process (the lab starts it, stops it by PID)::

    python -m wizard.lab.fake_docker SOCKET INFO_JSON_FILE
"""

from __future__ import annotations

import copy
import json
import os
import socket
import socketserver
import ssl
import sys
import threading
import urllib.parse
from collections.abc import Iterable, Mapping
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

RECORDED_INFO: Mapping[str, Any] = {
    "ID": "5d3c1b9e-7f0a-4c1e-9a57-2b8f3e6d4c21",
    "Containers": 0,
    "ContainersRunning": 0,
    "ContainersPaused": 0,
    "ContainersStopped": 0,
    "Images": 3,
    "Driver": "overlay2",
    "DriverStatus": [["Backing Filesystem", "extfs"], ["Supports d_type", "true"]],
    "DockerRootDir": "/var/lib/docker",
    "Plugins": {"Volume": ["local"], "Network": ["bridge", "host", "null"]},
    "MemoryLimit": True,
    "SwapLimit": False,
    "CgroupDriver": "systemd",
    "CgroupVersion": "2",
    "NEventsListener": 0,
    "KernelVersion": "6.1.0-27-amd64",
    "OperatingSystem": "Debian GNU/Linux 12 (bookworm)",
    "OSType": "linux",
    "Architecture": "x86_64",
    "IndexServerAddress": "https://index.docker.io/v1/",
    "RegistryConfig": {
        "AllowNondistributableArtifactsCIDRs": None,
        "AllowNondistributableArtifactsHostnames": None,
        "InsecureRegistryCIDRs": ["::1/128", "127.0.0.0/8"],
        "IndexConfigs": {
            "docker.io": {
                "Name": "docker.io",
                "Mirrors": [],
                "Secure": True,
                "Official": True,
            }
        },
        "Mirrors": None,
    },
    "NCPU": 2,
    "MemTotal": 4109344768,
    "HttpProxy": "",
    "HttpsProxy": "",
    "NoProxy": "",
    "Name": "builder-01",
    "Labels": [],
    "ExperimentalBuild": False,
    "ServerVersion": "27.3.1",
    "LiveRestoreEnabled": False,
    "Isolation": "",
    "SecurityOptions": ["name=seccomp,profile=builtin", "name=cgroupns"],
    "Warnings": None,
}
"""The shape of dockerd 27's ``GET /info`` (trimmed: fields the wizard does not read
are left out or kept small). A fresh dockerd with an empty daemon.json answers this."""


def make_info(
    *,
    insecure: Iterable[str] = (),
    mirrors: Iterable[str] = (),
    http_proxy: str = "",
    https_proxy: str = "",
    no_proxy: str = "",
) -> dict[str, Any]:
    """The recorded /info of a daemon started with these settings (as dockerd reports them)."""
    info = copy.deepcopy(dict(RECORDED_INFO))
    reg = info["RegistryConfig"]
    mirror_list = [m.rstrip("/") + "/" for m in mirrors]
    reg["Mirrors"] = mirror_list or None
    reg["IndexConfigs"]["docker.io"]["Mirrors"] = mirror_list
    for entry in insecure:
        if "/" in entry:  # a CIDR
            reg["InsecureRegistryCIDRs"].append(entry)
        else:
            reg["IndexConfigs"][entry] = {
                "Name": entry,
                "Mirrors": [],
                "Secure": False,
                "Official": False,
            }
    info["HttpProxy"], info["HttpsProxy"], info["NoProxy"] = http_proxy, https_proxy, no_proxy
    return info


class _Handler(BaseHTTPRequestHandler):
    server_version = "Docker/27.3.1 (linux)"
    info: dict[str, Any] = {}

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
        """Quiet: the tests read answers, not logs."""

    def _send(self, status: int, body: bytes, ctype: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Api-Version", "1.47")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 - http.server naming
        """Answer /_ping, /version and /info (with or without a /v1.NN prefix)."""
        path = self.path.split("?", 1)[0]
        if path.startswith("/v1."):
            path = "/" + path.split("/", 2)[2]
        if path == "/_ping":
            self._send(200, b"OK", "text/plain; charset=utf-8")
        elif path == "/info":
            self._send(200, json.dumps(self.server.info).encode(), "application/json")  # type: ignore[attr-defined]
        elif path == "/version":
            body = {"Version": "27.3.1", "ApiVersion": "1.47", "Os": "linux"}
            self._send(200, json.dumps(body).encode(), "application/json")
        else:
            msg = {"message": f"page not found: {path}"}
            self._send(404, json.dumps(msg).encode(), "application/json")

    do_HEAD = do_GET

    def do_POST(self) -> None:  # noqa: N802 - http.server naming
        """``POST /images/{name}/push``: contact the registry as dockerd would, report its error.

        Only the first step of a push is emulated: the daemon's ``GET https://<registry>/v2/``
        for a registry it does not treat as insecure. What the registry really answers
        decides the message (plain HTTP, refused, TLS failure), worded as dockerd words it.
        """
        path = self.path.split("?", 1)[0]
        if path.startswith("/v1."):
            path = "/" + path.split("/", 2)[2]
        if not (path.startswith("/images/") and path.endswith("/push")):
            self._send(
                404, json.dumps({"message": f"page not found: {path}"}).encode(), "application/json"
            )
            return
        name = urllib.parse.unquote(path[len("/images/") : -len("/push")])
        registry = name.split("/", 1)[0]
        lines = [{"status": f"The push refers to repository [{name}]"}]
        message = _first_contact(registry, self.server.info, self.server.hosts)  # type: ignore[attr-defined]
        lines.append({"errorDetail": {"message": message}, "error": message})
        body = b"".join(json.dumps(line).encode() + b"\r\n" for line in lines)
        self._send(200, body, "application/json")


def _insecure(registry: str, info: Mapping[str, Any]) -> bool:
    cfg = info.get("RegistryConfig") or {}
    entry = (cfg.get("IndexConfigs") or {}).get(registry)
    return bool(entry) and entry.get("Secure") is False


def _first_contact(registry: str, info: Mapping[str, Any], hosts: Mapping[str, str]) -> str:
    """dockerd's error for ``GET https://<registry>/v2/`` (or a note when it would succeed)."""
    url = f"https://{registry}/v2/"
    host, _, port = registry.rpartition(":") if ":" in registry else (registry, "", "443")
    address = hosts.get(host, host)
    try:
        socket.inet_aton(address)
    except OSError:
        # never ask the machine's resolver: only names the lab maps are known
        return f'Get "{url}": dial tcp: lookup {host}: no such host'
    if _insecure(registry, info):
        return "fake dockerd: this registry is insecure for the running daemon; pushing is not emulated"
    try:
        raw = socket.create_connection((address, int(port)), timeout=5)
    except ConnectionRefusedError:
        return f'Get "{url}": dial tcp {address}:{port}: connect: connection refused'
    except OSError as exc:
        return f'Get "{url}": dial tcp {address}:{port}: {exc.strerror or exc}'
    ctx = ssl.create_default_context()
    try:
        with ctx.wrap_socket(raw, server_hostname=host) as tls:
            tls.close()
        return "fake dockerd: TLS works; pushing is not emulated"
    except ssl.SSLCertVerificationError:
        return f'Get "{url}": tls: failed to verify certificate: x509: certificate signed by unknown authority'
    except (ssl.SSLError, OSError):
        pass
    try:
        with socket.create_connection((address, int(port)), timeout=5) as plain:
            plain.sendall(f"GET /v2/ HTTP/1.0\r\nHost: {registry}\r\n\r\n".encode())
            head = plain.recv(16)
    except OSError:
        head = b""
    if head.startswith(b"HTTP/"):
        return f'Get "{url}": http: server gave HTTP response to HTTPS client'
    return f'Get "{url}": net/http: TLS handshake timeout'


class _Server(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True
    info: dict[str, Any]
    hosts: dict[str, str] = {}

    def get_request(self):  # noqa: ANN201 - UnixStreamServer gives no client address
        request, _ = super().get_request()
        return request, ("local", 0)


class FakeDocker:
    """A fake dockerd API on a unix socket, in a background thread (a context manager)."""

    def __init__(
        self,
        socket_path: Path,
        info: Mapping[str, Any] | None = None,
        *,
        hosts: Mapping[str, str] | None = None,
        **settings: Any,
    ):
        self.hosts = dict(hosts or {})
        self.socket_path = Path(socket_path)
        self.info = dict(info) if info is not None else make_info(**settings)
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def docker_host(self) -> str:
        """The ``DOCKER_HOST`` value that reaches this server."""
        return f"unix://{self.socket_path}"

    def start(self) -> FakeDocker:
        """Bind the socket and serve."""
        if self.socket_path.exists():
            self.socket_path.unlink()
        self._server = _Server(str(self.socket_path), _Handler)
        self._server.info = self.info
        self._server.hosts = self.hosts
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and remove the socket."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(2)
            self._thread = None
        if self.socket_path.exists():
            self.socket_path.unlink()

    def __enter__(self) -> FakeDocker:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def main(argv: list[str]) -> int:
    """``python -m wizard.lab.fake_docker SOCKET INFO_JSON [HOSTS_JSON]``: serve until SIGTERM."""
    if len(argv) not in (2, 3):
        print(
            "usage: python -m wizard.lab.fake_docker SOCKET INFO_JSON [HOSTS_JSON]", file=sys.stderr
        )
        return 2
    sock, info_file = Path(argv[0]), Path(argv[1])
    info = json.loads(info_file.read_text())
    hosts = json.loads(Path(argv[2]).read_text()) if len(argv) == 3 else {}
    if sock.exists():
        sock.unlink()
    server = _Server(str(sock), _Handler)
    server.info = info
    server.hosts = hosts
    os.chmod(sock, 0o660)
    print(f"listening on unix://{sock}", flush=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()
        if sock.exists():
            sock.unlink()
    return 0


if __name__ == "__main__":
    import signal

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    raise SystemExit(main(sys.argv[1:]))
