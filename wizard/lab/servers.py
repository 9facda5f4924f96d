"""Start real registry infrastructure on 127.0.0.1 and stop all of it, by PID.

:class:`Lab` owns a work directory and every process it starts: the distribution
registry (``docker-registry``), nginx, tinyproxy, a token server, a blackhole and an
NXDOMAIN responder. Ports are chosen by the OS (the registry reports its own, G3);
nothing ever listens on anything but loopback. Use it as a context manager::

    with Lab(tmp_path) as lab:
        reg = lab.registry(tls=lab.certs.good)
        ...
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from wizard.lab.certs import Certs, Pair, make_certs

READY_TIMEOUT = 10.0
LISTEN_RE = re.compile(rb"listening on (127\.0\.0\.1):(\d+)")

REQUIRED_PROGRAMS = {
    "docker-registry": "docker-registry",
    "nginx": "nginx-light",
    "tinyproxy": "tinyproxy",
    "htpasswd": "apache2-utils",
    "skopeo": "skopeo",
    "docker": "docker.io",
}
"""Program -> the Debian package that provides it."""


class LabError(RuntimeError):
    """A lab server could not be started; the message says why and how to fix it."""


def require(program: str) -> str:
    """The path of ``program``, or a :class:`LabError` naming the package to install."""
    path = shutil.which(program) or shutil.which(program, path="/usr/sbin:/usr/bin:/sbin:/bin")
    if path is None:
        package = REQUIRED_PROGRAMS.get(program, program)
        raise LabError(f"{program} is not installed: sudo apt-get install {package}")
    return path


def alive(pid: int) -> bool:
    """Whether a process with this PID still exists (a zombie counts until it is reaped)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago (for servers that cannot use 0)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(
    port: int, proc: subprocess.Popen[bytes], log: Path, timeout: float = READY_TIMEOUT
) -> None:
    """Wait until something accepts TCP on 127.0.0.1:port (or the process dies)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise LabError(f"{proc.args[0]} exited with {proc.returncode}: {_tail(log)}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.02)
    raise LabError(f"{proc.args[0]} did not listen on 127.0.0.1:{port}: {_tail(log)}")


def _make_traversable(path: Path) -> None:
    """Give 'others' the search bit on every ancestor, so another user can reach ``path``.

    pytest's temporary directories are 0700; a registry run as ``nobody`` must still read
    its config there. Only the x bit is added (no listing), and only where it is missing.
    """
    for parent in [path, *path.parents]:
        try:
            mode = parent.stat().st_mode
            if not mode & 0o001:
                parent.chmod(mode | 0o001)
        except OSError:
            return


def _tail(log: Path, n: int = 800) -> str:
    try:
        return log.read_text(errors="replace")[-n:].strip()
    except OSError:
        return "(no log)"


@dataclass
class Registry:
    """A running distribution registry."""

    host: str
    port: int
    tls: bool
    dir: Path
    log: Path
    pid: int

    @property
    def hostport(self) -> str:
        """``127.0.0.1:PORT``."""
        return f"{self.host}:{self.port}"

    @property
    def url(self) -> str:
        """Base URL (http or https)."""
        return f"{'https' if self.tls else 'http'}://{self.hostport}"


@dataclass
class Nginx:
    """A running nginx; ``ports[i]`` is the port of the i-th server block."""

    ports: list[int]
    dir: Path
    error_log: Path
    pid: int


@dataclass
class Proxy:
    """A running tinyproxy."""

    port: int
    log: Path
    pid: int

    @property
    def url(self) -> str:
        """``http://127.0.0.1:PORT``."""
        return f"http://127.0.0.1:{self.port}"


@dataclass
class TokenServer:
    """A running token server."""

    port: int
    service: str
    issuer: str
    pid: int

    @property
    def realm(self) -> str:
        """The token endpoint."""
        return f"http://127.0.0.1:{self.port}/token"


@dataclass
class Lab:
    """A work directory and every process started in it."""

    workdir: Path
    procs: list[subprocess.Popen[bytes]] = field(default_factory=list)
    _certs: Certs | None = None
    _count: int = 0

    def __post_init__(self) -> None:
        self.workdir = Path(self.workdir)
        self.workdir.mkdir(parents=True, exist_ok=True)

    def __enter__(self) -> Lab:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- helpers ------------------------------------------------------------------------
    @property
    def certs(self) -> Certs:
        """The lab CA and server certificates (made on first use)."""
        if self._certs is None:
            self._certs = make_certs(self.workdir / "certs")
        return self._certs

    def path(self, name: str) -> Path:
        """A fresh directory under the work directory."""
        self._count += 1
        p = self.workdir / f"{self._count:02d}-{name}"
        p.mkdir(parents=True, exist_ok=True)
        p.chmod(0o755)
        return p

    def _spawn(
        self,
        argv: list[str],
        log: Path,
        *,
        cwd: Path | None = None,
        env: dict[str, str] | None = None,
    ) -> subprocess.Popen[bytes]:
        with open(log, "ab") as fh:
            proc = subprocess.Popen(
                argv,
                stdout=fh,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                cwd=cwd,
                env=env,
                start_new_session=True,
            )
        self.procs.append(proc)
        return proc

    def _reported_port(self, proc: subprocess.Popen[bytes], log: Path) -> int:
        deadline = time.monotonic() + READY_TIMEOUT
        while time.monotonic() < deadline:
            m = LISTEN_RE.search(log.read_bytes())
            if m:
                return int(m.group(2))
            if proc.poll() is not None:
                raise LabError(
                    f"{Path(proc.args[0]).name} exited with {proc.returncode}: {_tail(log)}"
                )
            time.sleep(0.01)
        raise LabError(f"{Path(proc.args[0]).name} did not report its port: {_tail(log)}")

    def _python(self, log: Path, module: str, *args: str) -> tuple[int, int]:
        """Run one of the lab's own Python servers; returns the port it reports and its PID."""
        proc = self._spawn(
            [sys.executable, "-m", module, *args], log, env={**os.environ, "PYTHONUNBUFFERED": "1"}
        )
        return self._reported_port(proc, log), proc.pid

    def stop(self) -> None:
        """Stop every process this lab started (SIGTERM, then SIGKILL), by PID."""
        for proc in reversed(self.procs):
            if proc.poll() is None:
                try:
                    proc.send_signal(signal.SIGTERM)
                except ProcessLookupError:
                    pass
        deadline = time.monotonic() + 3
        for proc in reversed(self.procs):
            try:
                proc.wait(max(0.05, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        self.procs.clear()

    @property
    def pids(self) -> list[int]:
        """PIDs of the processes still running."""
        return [p.pid for p in self.procs if p.poll() is None]

    # -- servers ------------------------------------------------------------------------
    def htpasswd(self, users: dict[str, str]) -> Path:
        """A bcrypt htpasswd file (the registry accepts only bcrypt, G5)."""
        exe = require("htpasswd")
        path = self.path("htpasswd") / "htpasswd"
        lines = []
        for user, password in users.items():
            out = subprocess.run(
                [exe, "-Bbn", user, password], capture_output=True, check=True, timeout=30
            )
            lines.append(out.stdout.decode().strip())
        path.write_text("\n".join(lines) + "\n")
        path.chmod(0o644)
        return path

    def registry(
        self,
        *,
        tls: Pair | None = None,
        htpasswd: Path | None = None,
        token: TokenServer | None = None,
        readonly: bool = False,
        as_user: str | None = None,
        data_dir: Path | None = None,
    ) -> Registry:
        """Start a distribution registry on 127.0.0.1 (port chosen by the OS)."""
        exe = require("docker-registry")
        d = self.path("registry")
        data = data_dir or d / "data"
        if data_dir is None:
            data.mkdir()
        cfg = [
            "version: 0.1",
            "log:",
            "  level: info",
            "storage:",
            "  filesystem:",
            f"    rootdirectory: {data}",
        ]
        cfg += ["  delete:", "    enabled: true"]
        if readonly:
            cfg += ["  maintenance:", "    readonly:", "      enabled: true"]
        cfg += ["http:", "  addr: 127.0.0.1:0", "  secret: registry-wizard-lab"]
        if tls:
            cfg += ["  tls:", f"    certificate: {tls.crt}", f"    key: {tls.key}"]
        if htpasswd:
            cfg += ["auth:", "  htpasswd:", "    realm: lab-realm", f"    path: {htpasswd}"]
        elif token:
            cfg += [
                "auth:",
                "  token:",
                f"    realm: {token.realm}",
                f"    service: {token.service}",
                f"    issuer: {token.issuer}",
                f"    rootcertbundle: {self.certs.ca.crt}",
            ]
        config = d / "config.yml"
        config.write_text("\n".join(cfg) + "\n")
        config.chmod(0o644)
        log = d / "registry.log"
        argv = [exe, "serve", str(config)]
        if as_user:
            if os.geteuid() != 0:
                raise LabError("running the registry as another user needs root")
            _make_traversable(d)
            argv = ["setpriv", f"--reuid={as_user}", "--regid=nogroup", "--clear-groups", *argv]
        proc = self._spawn(argv, log, cwd=d)
        port = self._reported_port(proc, log)
        wait_port(port, proc, log)
        return Registry("127.0.0.1", port, bool(tls), d, log, proc.pid)

    def token_server(
        self,
        users: dict[str, dict[str, object]],
        *,
        service: str = "lab-registry",
        issuer: str = "lab-issuer",
    ) -> TokenServer:
        """Start a Bearer token server; users map to {"password", "actions"}."""
        d = self.path("token")
        users_file = d / "users.json"
        users_file.write_text(json.dumps(users))
        log = d / "token.log"
        signer = self.certs.signer
        port, pid = self._python(
            log,
            "wizard.lab.token_server",
            *("--cert", str(signer.crt), "--key", str(signer.key), "--users", str(users_file)),
            *("--service", service, "--issuer", issuer),
        )
        return TokenServer(port, service, issuer, pid)

    def nginx(self, blocks: list[str]) -> Nginx:
        """Start nginx with server blocks; ``{listen}`` in each is replaced by a free port."""
        exe = require("nginx")
        d = self.path("nginx")
        for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (d / "tmp" / sub).mkdir(parents=True)
        ports = [free_port() for _ in blocks]
        servers = "\n".join(
            b.replace("{listen}", f"127.0.0.1:{p}") for b, p in zip(blocks, ports, strict=True)
        )
        conf = d / "nginx.conf"
        conf.write_text(
            f"""worker_processes 1;
pid {d}/nginx.pid;
error_log {d}/error.log info;
events {{ worker_connections 64; }}
http {{
  access_log {d}/access.log;
  client_body_temp_path {d}/tmp/body;
  proxy_temp_path {d}/tmp/proxy;
  fastcgi_temp_path {d}/tmp/fastcgi;
  uwsgi_temp_path {d}/tmp/uwsgi;
  scgi_temp_path {d}/tmp/scgi;
  proxy_set_header Host $http_host;
  proxy_set_header X-Forwarded-Proto $scheme;
  proxy_request_buffering off;
{servers}
}}
"""
        )
        log = d / "nginx.stdout"
        proc = self._spawn(
            [exe, "-p", f"{d}/", "-c", str(conf), "-e", str(d / "error.log"), "-g", "daemon off;"],
            log,
            cwd=d,
        )
        for port in ports:
            wait_port(port, proc, d / "error.log")
        return Nginx(ports, d, d / "error.log", proc.pid)

    def tinyproxy(
        self, *, basic_auth: tuple[str, str] | None = None, connect_ports: list[int] | None = None
    ) -> Proxy:
        """Start tinyproxy on 127.0.0.1 (every CONNECT port allowed unless listed)."""
        exe = require("tinyproxy")
        d = self.path("tinyproxy")
        port = free_port()
        lines = [
            f"Port {port}",
            "Listen 127.0.0.1",
            "Timeout 30",
            "LogLevel Info",
            "MaxClients 20",
            "Allow 127.0.0.1",
            "DisableViaHeader Yes",
        ]
        if basic_auth:
            lines.append(f"BasicAuth {basic_auth[0]} {basic_auth[1]}")
        lines += [f"ConnectPort {p}" for p in connect_ports or []]
        conf = d / "tinyproxy.conf"
        conf.write_text("\n".join(lines) + "\n")
        log = d / "tinyproxy.log"
        proc = self._spawn([exe, "-d", "-c", str(conf)], log, cwd=d)
        wait_port(port, proc, log)
        return Proxy(port, log, proc.pid)

    def blackhole(self) -> int:
        """Start a TCP server that accepts and never answers; returns its port."""
        d = self.path("blackhole")
        port, _pid = self._python(d / "blackhole.log", "wizard.lab.tiny", "blackhole")
        return port

    def fake_docker(
        self, socket_path: Path, info: dict, hosts: dict[str, str] | None = None
    ) -> Path:
        """Start the stand-in dockerd API (recorded /info, first step of a push) on a socket."""
        d = self.path("fake-docker")
        info_file, hosts_file = d / "info.json", d / "hosts.json"
        info_file.write_text(json.dumps(info))
        hosts_file.write_text(json.dumps(hosts or {}))
        log = d / "fake-docker.log"
        socket_path.parent.mkdir(parents=True, exist_ok=True)
        proc = self._spawn(
            [
                sys.executable,
                "-m",
                "wizard.lab.fake_docker",
                str(socket_path),
                str(info_file),
                str(hosts_file),
            ],
            log,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        deadline = time.monotonic() + READY_TIMEOUT
        while not socket_path.exists():
            if proc.poll() is not None or time.monotonic() > deadline:
                raise LabError(f"the fake docker socket did not come up: {_tail(log)}")
            time.sleep(0.01)
        return socket_path

    def nxdns(self) -> None:
        """Start an NXDOMAIN responder on 127.0.0.1:53/udp (needs root; one per machine)."""
        d = self.path("nxdns")
        self._python(d / "nxdns.log", "wizard.lab.tiny", "nxdns")
