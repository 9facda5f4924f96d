"""Probes of the Docker daemon: daemon.json, what the running daemon loaded, its socket.

* ``daemon.config``: ``<root>/etc/docker/daemon.json`` (or the rootless
  ``~/.config/docker/daemon.json`` when the daemon is rootless): JSON syntax with line and
  column in dockerd's own words, unknown keys, keys also given as a flag (systemd unit,
  drop-ins), wrong value types; then the running daemon's ``GET /info`` over the
  ``DOCKER_HOST`` unix socket, to tell "configured" from "loaded".
* ``daemon.insecure``: whether a registry is in insecure-registries (exact ``host:port``
  or a CIDR containing its IP, as dockerd decides), in the file and in the daemon.
* ``daemon.running``: ``GET /_ping`` on the socket.

No daemon socket is not an error: the comparison is simply impossible and the result
says so.
"""

from __future__ import annotations

import asyncio
import hashlib
import ipaddress
import json
import shlex
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from wizard.engine.facts import split_registry, strip_userinfo
from wizard.probes.base import MAX_BODY, ProbeContext, probe, result, unknown

MAX_FILE = 1 << 20
"""Bytes of daemon.json (and unit files) read at most."""

KNOWN_KEYS = frozenset(
    """
    allow-nondistributable-artifacts api-cors-header authorization-plugins bip bip6 bridge
    builder cdi-spec-dirs cgroup-parent containerd containerd-namespace
    containerd-plugin-namespace data-root debug default-address-pools default-cgroupns-mode
    default-gateway default-gateway-v6 default-ipc-mode default-network-opts default-runtime
    default-shm-size default-ulimits dns dns-opts dns-search exec-opts exec-root
    experimental features fixed-cidr fixed-cidr-v6 group hosts host-gateway-ip
    host-gateway-ips hosts icc init init-path insecure-registries ip ip-forward
    ip-forward-no-drop ip-masq ip6tables iptables ipv6 labels live-restore log-driver
    log-format log-level log-opts max-concurrent-downloads max-concurrent-uploads
    max-download-attempts metrics-addr min-api-version mtu no-new-privileges
    node-generic-resources oom-score-adjust pidfile proxies raw-logs registry-mirrors
    runtimes seccomp-profile selinux-enabled shutdown-timeout storage-driver storage-opts
    swarm-default-advertise-addr tls tlscacert tlscert tlskey tlsverify userland-proxy
    userland-proxy-path userns-remap validate http-proxy https-proxy no-proxy
    cluster-store cluster-advertise cluster-store-opts graph disable-legacy-registry
    userland-proxy-path allow-direct-routing bridge-accept-fwmark firewall-backend
    """.split()
)
"""Top-level keys dockerd accepts in daemon.json (current and recent releases)."""

LIST_KEYS = ("insecure-registries", "registry-mirrors", "hosts", "dns", "labels", "exec-opts")

FLAG_KEYS = {
    "-H": "hosts",
    "--host": "hosts",
    "--insecure-registry": "insecure-registries",
    "--registry-mirror": "registry-mirrors",
    "--data-root": "data-root",
    "-g": "data-root",
    "--graph": "data-root",
    "--storage-driver": "storage-driver",
    "-s": "storage-driver",
    "--log-driver": "log-driver",
    "--log-level": "log-level",
    "-l": "log-level",
    "--dns": "dns",
    "--bip": "bip",
    "--mtu": "mtu",
    "--tls": "tls",
    "--tlsverify": "tlsverify",
    "--tlscacert": "tlscacert",
    "--tlscert": "tlscert",
    "--tlskey": "tlskey",
    "--iptables": "iptables",
    "--debug": "debug",
    "-D": "debug",
    "--exec-opt": "exec-opts",
    "--live-restore": "live-restore",
    "--userns-remap": "userns-remap",
    "--config-file": "config-file",
}
"""dockerd flags and the daemon.json key each conflicts with."""

ROOTLESS_HINTS = ("/run/user/", "rootless")


# ------------------------------------------------------------------ JSON, dockerd's words
def go_json_error(text: str, exc: json.JSONDecodeError) -> str:
    """What Go's encoding/json (and so dockerd) says about the same syntax error."""
    pos = min(exc.pos, len(text))
    if pos >= len(text.rstrip()):
        return "unexpected end of JSON input"
    ch = text[pos]
    shown = {"\n": "\\n", "\t": "\\t", "\r": "\\r", "'": "\\'"}.get(ch, ch)
    char = f"invalid character '{shown}'"
    msg = exc.msg
    if msg.startswith("Expecting property name"):
        return f"{char} looking for beginning of object key string"
    if msg.startswith("Expecting value"):
        return f"{char} looking for beginning of value"
    if msg.startswith("Expecting ':'"):
        return f"{char} after object key"
    if msg.startswith("Expecting ',' delimiter"):
        inner = _innermost_open(text, pos)
        where = "array element" if inner == "[" else "object key:value pair"
        return f"{char} after {where}"
    if msg.startswith("Extra data"):
        return f"{char} after top-level value"
    if msg.startswith("Invalid control character"):
        return f"{char} in string literal"
    if msg.startswith("Invalid \\escape"):
        return f"{char} in string escape code"
    return f"{char} ({msg})"


def _innermost_open(text: str, pos: int) -> str:
    stack: list[str] = []
    in_str = esc = False
    for c in text[:pos]:
        if in_str:
            if esc:
                esc = False
            elif c == "\\":
                esc = True
            elif c == '"':
                in_str = False
        elif c == '"':
            in_str = True
        elif c in "[{":
            stack.append(c)
        elif c in "]}" and stack:
            stack.pop()
    return stack[-1] if stack else ""


@dataclass
class DaemonFile:
    """What daemon.json says (or why it cannot be used)."""

    path: Path
    exists: bool = False
    config: dict[str, Any] = field(default_factory=dict)
    syntax_error: str = ""
    json_error: str = ""  # "line L column C"
    problems: list[str] = field(default_factory=list)  # unknown keys, conflicts, types
    read_error: str = ""

    @property
    def valid(self) -> bool:
        """Parsed, and nothing dockerd would refuse to start with."""
        return self.exists and not self.syntax_error and not self.problems and not self.read_error


def _read_bounded(path: Path) -> str:
    with path.open("rb") as fh:
        data = fh.read(MAX_FILE + 1)
    if len(data) > MAX_FILE:
        raise OSError(f"{path} is larger than {MAX_FILE} bytes")
    return data.decode("utf-8", "replace")


def pick_daemon_json(ctx: ProbeContext) -> tuple[Path, bool]:
    """The daemon.json the relevant daemon reads, and whether it is the rootless one."""
    host = ctx.host
    docker_host = host.getenv("DOCKER_HOST") or context_host(ctx)[0]
    rootless = any(h in docker_host for h in ROOTLESS_HINTS)
    if rootless or (not host.daemon_json.exists() and host.rootless_daemon_json.exists()):
        return host.rootless_daemon_json, True
    configured = dockerd_flags(ctx).get("config-file")
    if configured:  # the unit starts dockerd with --config-file: that file, not the default
        value = configured[0].split(" ", 1)[-1].strip()
        if value.startswith("/"):
            return host.system(value), False
    return host.daemon_json, False


def read_daemon_json(ctx: ProbeContext, path: Path) -> DaemonFile:
    """Parse and check a daemon.json."""
    out = DaemonFile(path=path)
    if not path.exists():
        return out
    out.exists = True
    try:
        text = _read_bounded(path)
    except OSError as exc:
        out.read_error = f"cannot read {path}: {exc.strerror or exc}"
        return out
    if not text.strip():
        return out  # dockerd treats an empty file as no configuration
    try:
        cfg = json.loads(text)
    except json.JSONDecodeError as exc:
        out.syntax_error = (
            f"unable to configure the Docker daemon with file {path}: {go_json_error(text, exc)}"
        )
        out.json_error = f"line {exc.lineno} column {exc.colno}"
        return out
    if not isinstance(cfg, dict):
        out.syntax_error = (
            f"unable to configure the Docker daemon with file {path}: json: cannot unmarshal "
            f"{type(cfg).__name__} into Go value of type map[string]interface {{}}"
        )
        return out
    out.config = cfg
    _register_secrets(ctx, cfg)
    unknown_keys = sorted(k for k in cfg if k not in KNOWN_KEYS)
    if unknown_keys:
        out.problems.append(
            "the following directives don't match any configuration option: "
            + ", ".join(unknown_keys)
        )
    for key in LIST_KEYS:
        value = cfg.get(key)
        if value is not None and not (
            isinstance(value, list) and all(isinstance(v, str) for v in value)
        ):
            kind = "string" if isinstance(value, str) else type(value).__name__
            out.problems.append(
                f"json: cannot unmarshal {kind} into Go struct field Config.{key} of type []string"
            )
    for mirror in cfg.get("registry-mirrors") or []:
        if isinstance(mirror, str):
            problem = mirror_problem(mirror)
            if problem:
                out.problems.append(problem)
    if "proxies" in cfg and not isinstance(cfg["proxies"], dict):
        out.problems.append("json: cannot unmarshal proxies: expected an object")
    conflicts = flag_conflicts(ctx, cfg)
    if conflicts:
        out.problems.append(
            "the following directives are specified both as a flag and in the configuration "
            "file: " + "; ".join(conflicts)
        )
    return out


def mirror_problem(mirror: str) -> str:
    """dockerd's objection to a registry-mirrors entry, or "" (moby registry.ValidateMirror)."""
    scheme, sep, rest = mirror.partition("://")
    if not sep:
        return f'invalid mirror: unsupported scheme "" in "{mirror}"'
    if scheme not in ("http", "https"):
        return f'invalid mirror: unsupported scheme "{scheme}" in "{mirror}"'
    host, slash, path = rest.partition("/")
    if not host or (slash and path.strip("/")) or "?" in rest or "#" in rest:
        return f'invalid mirror: path, query, or fragment at end of the URI "{mirror}"'
    return ""


def _register_secrets(ctx: ProbeContext, cfg: dict[str, Any]) -> None:
    proxies = cfg.get("proxies") if isinstance(cfg.get("proxies"), dict) else {}
    values = [cfg.get(k) for k in ("http-proxy", "https-proxy")]
    values += [proxies.get(k) for k in ("http-proxy", "https-proxy")]
    for value in values:
        if isinstance(value, str) and "@" in value:
            userinfo = value.split("://", 1)[-1].rsplit("@", 1)[0]
            if ":" in userinfo:
                ctx.redactor.add(userinfo.split(":", 1)[1])


def dockerd_flags(ctx: ProbeContext) -> dict[str, tuple[str, str]]:
    """dockerd flags from the systemd unit and its drop-ins: key -> (flag text, file)."""
    host = ctx.host
    files = [
        host.system("/lib/systemd/system/docker.service"),
        host.system("/usr/lib/systemd/system/docker.service"),
        host.system("/etc/systemd/system/docker.service"),
    ]
    if host.systemd_dropins.is_dir():
        files += sorted(host.systemd_dropins.glob("*.conf"))
    command, where = "", ""
    for path in files:
        try:
            text = _read_bounded(path)
        except OSError:
            continue
        for line in text.replace("\\\n", " ").splitlines():
            line = line.strip()
            if line.startswith("ExecStart="):
                # an empty ExecStart= (drop-ins) resets the command; the last one wins
                command, where = line.split("=", 1)[1].strip(), str(path)
    return {key: (flag, where) for key, flag in _parse_flags(command).items()}


def _parse_flags(cmdline: str) -> dict[str, str]:
    try:
        words = shlex.split(cmdline)
    except ValueError:
        words = cmdline.split()
    out: dict[str, str] = {}
    for i, word in enumerate(words):
        name, eq, value = word.partition("=")
        if name in FLAG_KEYS:
            if not eq and i + 1 < len(words) and not words[i + 1].startswith("-"):
                value = words[i + 1]
            out[FLAG_KEYS[name]] = f"{name} {value}".strip()
    return out


def flag_conflicts(ctx: ProbeContext, cfg: dict[str, Any]) -> list[str]:
    """Keys set both in daemon.json and as a dockerd flag (dockerd refuses to start)."""
    flags = dockerd_flags(ctx)
    return [
        f"{key}: (from flag: {flag}, from file: {json.dumps(cfg[key])}) [{where}]"
        for key, (flag, where) in sorted(flags.items())
        if key in cfg and key != "config-file"
    ]


# ----------------------------------------------------------------------- the socket
def context_host(ctx: ProbeContext) -> tuple[str, str]:
    """The endpoint of the docker CLI's current context (``docker context use``), if any.

    Returns (host, context name); ("", "") for the default context or when unreadable.
    """
    host = ctx.host
    name = host.getenv("DOCKER_CONTEXT")
    if not name:
        try:
            cfg = json.loads(_read_bounded(host.docker_config))
        except (OSError, ValueError):
            return "", ""
        name = str(cfg.get("currentContext") or "") if isinstance(cfg, dict) else ""
    if not name or name == "default":
        return "", ""
    digest = hashlib.sha256(name.encode()).hexdigest()
    meta = host.docker_config_dir / "contexts" / "meta" / digest / "meta.json"
    try:
        doc = json.loads(_read_bounded(meta))
        value = str(doc["Endpoints"]["docker"]["Host"])
    except (OSError, ValueError, KeyError, TypeError):
        return "", name
    return value, name


def socket_path(ctx: ProbeContext) -> tuple[str | None, str]:
    """The unix socket the docker CLI would use, or None with the reason it cannot be used.

    DOCKER_HOST first, then the current docker context, then the default socket (under
    ``--root``).
    """
    value = ctx.host.getenv("DOCKER_HOST")
    if not value:
        value, name = context_host(ctx)
        if name and not value:
            return None, f"docker context {name!r} is selected but its endpoint cannot be read"
    value = value or ctx.host.docker_host
    if value.startswith("unix://"):
        return value[len("unix://") :], ""
    if value.startswith("/"):
        return value, ""
    scheme = value.split("://", 1)[0] if "://" in value else value
    return None, (
        f"the docker endpoint is {strip_userinfo(value)!r} ({scheme}): the wizard only asks a "
        "daemon over a local unix socket; run `docker info` there yourself"
    )


class DaemonUnreachable(Exception):
    """The daemon socket cannot be used; ``kind`` is not_running, no_permission or bad_answer."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


async def daemon_get(ctx: ProbeContext, path: str, api_path: str) -> tuple[int, bytes]:
    """GET ``api_path`` from the daemon on the unix socket ``path`` (bounded read)."""
    sock = Path(path)
    if not sock.exists():  # noqa: ASYNC240 - one stat of a socket path
        raise DaemonUnreachable("not_running", f"no socket at {path}")
    transport = httpx.AsyncHTTPTransport(uds=path, retries=0)
    timeout = httpx.Timeout(max(0.5, ctx.timeout * 0.8))
    try:
        async with httpx.AsyncClient(
            transport=transport,
            timeout=timeout,
            trust_env=False,
            follow_redirects=False,
            base_url="http://docker",
        ) as client:
            async with client.stream("GET", api_path) as resp:
                body = b""
                async for chunk in resp.aiter_bytes():
                    body += chunk
                    if len(body) > 4 * MAX_BODY:
                        raise DaemonUnreachable("bad_answer", f"the answer on {path} is too large")
                return resp.status_code, body
    except httpx.ConnectError as exc:
        cause = exc.__cause__ or exc.__context__
        text = str(exc)
        if isinstance(cause, PermissionError) or "Permission denied" in text:
            raise DaemonUnreachable(
                "no_permission", f"permission denied while connecting to {path}"
            ) from None
        raise DaemonUnreachable("not_running", f"cannot connect to {path}: {text}") from None
    except (TimeoutError, httpx.TimeoutException):
        raise DaemonUnreachable("not_running", f"the daemon on {path} does not answer") from None
    except httpx.HTTPError as exc:
        raise DaemonUnreachable("not_running", f"talking to {path}: {exc}") from None
    except PermissionError:
        raise DaemonUnreachable(
            "no_permission", f"permission denied while connecting to {path}"
        ) from None


async def daemon_info(ctx: ProbeContext) -> tuple[dict[str, Any] | None, str]:
    """The running daemon's /info, or None with the reason."""
    path, why = socket_path(ctx)
    if path is None:
        return None, why
    try:
        status, body = await daemon_get(ctx, path, "/info")
    except DaemonUnreachable as exc:
        return None, str(exc)
    if status != 200:
        return None, f"GET /info answered {status}"
    try:
        info = json.loads(body)
    except ValueError:
        return None, "GET /info did not answer JSON"
    if not isinstance(info, dict):
        return None, "GET /info did not answer an object"
    return info, ""


# ----------------------------------------------------------------------- comparison
def _norm_mirror(url: str) -> str:
    return url.rstrip("/") + "/"


def loaded_insecure(info: dict[str, Any]) -> tuple[list[str], list[str]]:
    """(insecure index names, insecure CIDRs) of a running daemon's /info."""
    reg = info.get("RegistryConfig") or {}
    cidrs = [str(c) for c in reg.get("InsecureRegistryCIDRs") or []]
    names = [
        str(name)
        for name, idx in (reg.get("IndexConfigs") or {}).items()
        if isinstance(idx, dict) and idx.get("Secure") is False
    ]
    return names, cidrs


def _ip_of(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    host = host.strip("[]")
    if host == "localhost":
        return ipaddress.ip_address("127.0.0.1")
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def insecure_match(registry: str, entries: list[str]) -> str:
    """The entry that makes ``registry`` insecure the way dockerd decides, or ""."""
    host, _port = split_registry(registry)
    ip = _ip_of(host)
    for entry in entries:
        e = entry.strip()
        for prefix in ("http://", "https://"):
            if e.startswith(prefix):
                e = e[len(prefix) :]
        e = e.rstrip("/")
        if e == registry:
            return entry
        if "/" in e and ip is not None:
            try:
                if ip in ipaddress.ip_network(e, strict=False):
                    return entry
            except ValueError:
                continue
    return ""


def compare(cfg: dict[str, Any], info: dict[str, Any]) -> list[str]:
    """What daemon.json configures that the running daemon does not use."""
    diffs: list[str] = []
    names, cidrs = loaded_insecure(info)
    for entry in cfg.get("insecure-registries") or []:
        if not isinstance(entry, str):
            continue
        probe_name = entry.split("://", 1)[-1].rstrip("/")
        if "/" in probe_name:
            if probe_name not in cidrs:
                diffs.append(f"insecure-registries {entry!r} is not in the daemon's CIDRs")
        elif probe_name not in names:
            diffs.append(f"insecure-registries {entry!r} is not loaded by the daemon")
    reg = info.get("RegistryConfig") or {}
    loaded_mirrors = {_norm_mirror(str(m)) for m in reg.get("Mirrors") or []}
    for mirror in cfg.get("registry-mirrors") or []:
        if isinstance(mirror, str) and _norm_mirror(mirror) not in loaded_mirrors:
            diffs.append(f"registry-mirrors {mirror!r} is not loaded by the daemon")
    proxies = cfg.get("proxies") if isinstance(cfg.get("proxies"), dict) else {}
    for key, field_name in (
        ("http-proxy", "HttpProxy"),
        ("https-proxy", "HttpsProxy"),
        ("no-proxy", "NoProxy"),
    ):
        want = proxies.get(key) or cfg.get(key)
        if isinstance(want, str) and want:
            have = str(info.get(field_name) or "")
            if strip_userinfo(have) != strip_userinfo(want):
                diffs.append(
                    f"proxies {key} is {strip_userinfo(want)!r} in the file, "
                    f"{strip_userinfo(have) or 'unset'!r} in the daemon"
                )
    return diffs


def problem_kind(problem: str) -> str:
    """unknown_key, flag_conflict or bad_value, for the tree's question about it."""
    if "don't match any configuration option" in problem:
        return "unknown_key"
    if "specified both as a flag" in problem:
        return "flag_conflict"
    return "bad_value"


def _summary_facts(df: DaemonFile) -> dict[str, str]:
    facts = {"daemon_json": str(df.path)}
    if df.json_error:
        facts["json_error"] = df.json_error
    regs = df.config.get("insecure-registries")
    if isinstance(regs, list) and regs:
        facts["insecure_registries"] = ",".join(str(r) for r in regs)
    return facts


# --------------------------------------------------------------------------- probes
@probe("daemon.config")
async def daemon_config(ctx: ProbeContext, registry: str = "") -> Any:
    """Check daemon.json and compare it with the running daemon's /info."""
    path, rootless = pick_daemon_json(ctx)
    df = await asyncio.to_thread(read_daemon_json, ctx, path)
    facts = _summary_facts(df)
    which = "rootless daemon.json" if rootless else "daemon.json"
    if df.read_error:
        return unknown(df.read_error)
    if not df.exists:
        other = ctx.host.rootless_daemon_json if not rootless else ctx.host.daemon_json
        details = [f"looked for {path}"]
        if other.exists():
            details.append(
                f"{other} exists: that file belongs to the "
                f"{'rootless' if not rootless else 'system'} daemon, not the one in use"
            )
        return result("missing", f"there is no {which} ({path})", *details, facts=facts)
    if df.syntax_error:
        facts["daemon_problem"] = "syntax"
        return result(
            "invalid",
            f"{which} is not valid JSON at {df.json_error or 'the top level'}",
            df.syntax_error,
            facts=facts,
        )
    if df.problems:
        facts["daemon_problem"] = problem_kind(df.problems[0])
        return result(
            "invalid",
            f"dockerd would refuse {path}: {df.problems[0]}",
            *[f"unable to configure the Docker daemon with file {path}: {p}" for p in df.problems],
            facts=facts,
        )
    info, why = await daemon_info(ctx)
    if info is None:
        return result(
            "ok",
            f"{which} is valid; the running daemon could not be asked ({why})",
            "without the daemon's /info the wizard cannot tell whether this file is loaded",
            facts=facts,
        )
    diffs = compare(df.config, info)
    if diffs:
        return result(
            "not_loaded",
            f"the running daemon does not use {path}: {diffs[0]}",
            *diffs,
            "dockerd reads daemon.json when it starts: restart it to apply the file",
            facts=facts,
        )
    return result("ok", f"{which} is valid and the running daemon uses it", facts=facts)


@probe("daemon.insecure")
async def daemon_insecure(ctx: ProbeContext, registry: str) -> Any:
    """Is ``registry`` in insecure-registries, in the file and in the running daemon?"""
    path, _rootless = pick_daemon_json(ctx)
    df = await asyncio.to_thread(read_daemon_json, ctx, path)
    facts = _summary_facts(df)
    if df.read_error:
        return unknown(df.read_error)
    if df.syntax_error or df.problems:
        first = df.syntax_error or df.problems[0]
        return result("config_invalid", f"{path} cannot be used by dockerd: {first}", facts=facts)
    entries = [str(e) for e in df.config.get("insecure-registries") or [] if isinstance(e, str)]
    flags = dockerd_flags(ctx)
    if "insecure-registries" in flags:
        entries.append(flags["insecure-registries"][0].split(" ", 1)[-1])
    in_file = insecure_match(registry, entries)
    default_loopback = insecure_match(registry, ["127.0.0.0/8", "::1/128"])
    info, why = await daemon_info(ctx)
    if info is not None:
        names, cidrs = loaded_insecure(info)
        loaded = insecure_match(registry, names + cidrs)
        if loaded:
            return result(
                "listed",
                f"the running daemon treats {registry} as insecure (entry {loaded!r})",
                facts=facts,
            )
        if in_file:
            return result(
                "listed_not_loaded",
                f"{path} lists {registry} ({in_file!r}) but the running daemon does not have it",
                "the file was changed after dockerd started: restart the daemon",
                facts=facts,
            )
        return result(
            "not_listed",
            f"{registry} is not in insecure-registries (file or running daemon)",
            facts=facts,
        )
    if in_file or default_loopback:
        entry = in_file or default_loopback
        return unknown(
            f"{registry} is insecure by configuration ({entry!r}), but the running daemon "
            f"could not be asked whether it loaded it ({why})"
        )
    hint = ""
    host, _ = split_registry(registry)
    if any(e.split(":")[0] == host for e in entries):
        hint = " (an entry has the same host with another port: entries must match host:port)"
    return result(
        "not_listed",
        f"{registry} is not in insecure-registries of {path}{hint}",
        f"running daemon not asked: {why}",
        facts=facts,
    )


def engine_platform(ctx: ProbeContext) -> str:
    """Where the engine runs, from this machine (not from the paste): rootless, podman,
    docker-desktop or linux; "" when it cannot tell."""
    docker_host = ctx.host.getenv("DOCKER_HOST") or context_host(ctx)[0]
    if any(h in docker_host for h in ROOTLESS_HINTS):
        return "rootless"
    if "podman" in docker_host:
        return "podman"
    if str(ctx.host.root) == "/" and sys.platform in ("darwin", "win32"):
        return "docker-desktop"
    if (ctx.host.home / ".docker" / "desktop").is_dir() or "desktop" in docker_host:
        return "docker-desktop"
    if (
        ctx.host.system("/run/systemd/system").is_dir()
        or ctx.host.system("/lib/systemd/system/docker.service").is_file()
    ):
        return "linux"
    return ""


@probe("daemon.running")
async def daemon_running(ctx: ProbeContext) -> Any:
    """GET /_ping on the daemon socket."""
    path, why = socket_path(ctx)
    if path is None:
        return unknown(why)
    where = await asyncio.to_thread(engine_platform, ctx)
    facts = {"platform": where} if where else {}
    try:
        status, body = await daemon_get(ctx, path, "/_ping")
    except DaemonUnreachable as exc:
        details = []
        xdg = ctx.host.getenv("XDG_RUNTIME_DIR")
        if exc.kind == "not_running" and xdg and Path(xdg, "docker.sock").exists():  # noqa: ASYNC240
            details.append(
                f"a rootless daemon socket exists at {xdg}/docker.sock: "
                f"export DOCKER_HOST=unix://{xdg}/docker.sock"
            )
        if exc.kind == "bad_answer":
            return unknown(f"something answers on {path}, but not like a Docker daemon: {exc}")
        return result(exc.kind, str(exc), *details, facts=facts)
    if status == 200:
        text = body[:16].decode(errors="replace")
        return result("running", f"the engine answers on {path} ({text})", facts=facts)
    return result("running", f"something answers on {path} with HTTP {status}", facts=facts)
