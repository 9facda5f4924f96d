"""Probes ``proxy.settings`` and ``proxy.reachable``: which proxy stands between the client
and the registry, and whether it tunnels.

Where proxies come from:

* the environment of the shell (``HTTPS_PROXY``/``https_proxy``, ``HTTP_PROXY``,
  ``NO_PROXY``): what podman, buildah, skopeo, crane, helm, oras and nerdctl use;
* dockerd: ``"proxies"`` in ``daemon.json`` (wins since Docker 23), else the
  ``Environment=`` lines of systemd drop-ins in ``docker.service.d``. ``docker push`` is
  done by the daemon, so the shell's variables do not matter for it;
* ``~/.docker/config.json`` ``"proxies"``: handed to containers and BuildKit builder
  containers, not used by ``docker push`` itself.

Go's rules (:mod:`wizard.engine.noproxy`) decide whether the registry is proxied. Proxy
credentials in a URL are secrets: registered with the redactor, never in facts.
"""

from __future__ import annotations

import asyncio
import base64
import json
import shlex
import ssl
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import SplitResult, unquote, urlsplit

from wizard.engine.facts import strip_userinfo
from wizard.engine.model import ProbeResult
from wizard.engine.noproxy import NoProxy, ProxyConfig, normalize_proxy_url, proxy_host_port
from wizard.probes.base import ProbeContext, probe, result, unknown
from wizard.probes.tcp import classify, open_tcp, port_of

MAX_FILE = 1 << 20
"""Bytes of a configuration file read, at most."""

MAX_HEADER = 16 << 10
"""Bytes of a proxy's CONNECT answer read, at most."""

DAEMON_CLIENTS = {"docker"}
BUILDER_CLIENTS = {"buildkit"}


@dataclass(frozen=True)
class Source:
    """One place a proxy setting comes from."""

    name: str  # environment, daemon.json, systemd drop-in FILE, config.json
    config: ProxyConfig
    path: str = ""


def _read(path: Path) -> str | None:
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            return fh.read(MAX_FILE)
    except OSError:
        return None


def _with_userinfo(*urls: str | None) -> Iterator[tuple[str, SplitResult]]:
    """The proxy URLs among ``urls`` that carry ``user[:password]@``, each with its parts."""
    for url in urls:
        if not url or "@" not in url:
            continue
        try:
            yield url, urlsplit(normalize_proxy_url(url))
        except ValueError:
            continue


def _register(ctx: ProbeContext, config: ProxyConfig) -> None:
    for _url, parts in _with_userinfo(config.http_proxy, config.https_proxy):
        if parts.password:
            ctx.redactor.add(parts.password)
            ctx.redactor.add(unquote(parts.password))
        userinfo = parts.netloc.rsplit("@", 1)[0]
        ctx.redactor.add(userinfo)


def env_source(ctx: ProbeContext) -> Source:
    """The shell's environment, Go's precedence."""
    return Source("environment", ProxyConfig.from_env(ctx.host.env))


def _json_proxies(path: Path, *keys: str) -> dict | None:
    """The mapping at ``keys`` inside a JSON file (``None`` when absent or unreadable)."""
    text = _read(path)
    if not text:
        return None
    try:
        node = json.loads(text)
    except ValueError:
        return None
    for key in keys:
        node = node.get(key) if isinstance(node, dict) else None
    return node if isinstance(node, dict) else None


def _config(proxies: dict, http: str, https: str, no: str) -> ProxyConfig:
    def get(key: str) -> str:
        value = proxies.get(key)
        return value if isinstance(value, str) else ""

    return ProxyConfig(get(http), get(https), get(no))


def daemon_json_source(ctx: ProbeContext) -> Source | None:
    """``"proxies"`` in daemon.json (``None`` when absent or unreadable)."""
    proxies = _json_proxies(ctx.host.daemon_json, "proxies")
    if proxies is None:
        return None
    config = _config(proxies, "http-proxy", "https-proxy", "no-proxy")
    return Source("daemon.json", config, str(ctx.host.daemon_json))


def parse_environment_lines(text: str) -> dict[str, str]:
    """``Environment=`` assignments of a systemd unit file (later ones win)."""
    env: dict[str, str] = {}
    section = ""
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("[") and line.endswith("]"):
            section = line
            continue
        if section not in {"", "[Service]"} or not line.startswith("Environment="):
            continue
        value = line[len("Environment=") :]
        if not value:
            env.clear()  # an empty assignment resets the list
            continue
        try:
            words = shlex.split(value)
        except ValueError:
            words = value.split()
        for word in words:
            key, sep, val = word.partition("=")
            if sep:
                env[key] = val
    return env


def dropin_source(ctx: ProbeContext) -> Source | None:
    """The proxy variables of dockerd's systemd drop-ins (files in lexical order)."""
    directory = ctx.host.systemd_dropins
    try:
        files = sorted(p for p in directory.iterdir() if p.suffix == ".conf")[:200]
    except OSError:
        return None
    env: dict[str, str] = {}
    used: list[str] = []
    for path in files:
        text = _read(path)
        if text is None:
            continue
        got = parse_environment_lines(text)
        if got:
            env.update(got)
            used.append(str(path))
    config = ProxyConfig.from_env(env)
    if not (config.configured or config.no_proxy):
        return None
    return Source("systemd drop-in", config, ", ".join(used))


def cli_config_source(ctx: ProbeContext) -> Source | None:
    """``proxies.default`` of the docker CLI config (used by builder containers)."""
    proxies = _json_proxies(ctx.host.docker_config, "proxies", "default")
    if proxies is None:
        return None
    config = _config(proxies, "httpProxy", "httpsProxy", "noProxy")
    return Source("config.json", config, str(ctx.host.docker_config))


def all_sources(ctx: ProbeContext) -> dict[str, Source | None]:
    """Every source, each registered with the redactor."""
    daemon = daemon_json_source(ctx)
    if daemon is None or not (daemon.config.configured or daemon.config.no_proxy):
        daemon = dropin_source(ctx)
    found = {"environment": env_source(ctx), "daemon": daemon, "cli": cli_config_source(ctx)}
    for src in found.values():
        if src is not None:
            _register(ctx, src.config)
    return found


def _describe(src: Source, host: str, port: str) -> str:
    cfg = src.config
    where = f" ({src.path})" if src.path else ""
    if not cfg.configured:
        return f"{src.name}{where}: no proxy"
    proxy = strip_userinfo(normalize_proxy_url(cfg.https_proxy or cfg.http_proxy))
    used = cfg.proxy_for(host, port)
    verdict = "proxied" if used else "not proxied"
    return f"{src.name}{where}: proxy {proxy}, NO_PROXY={cfg.no_proxy or '(empty)'}: {verdict}"


def _verdict(src: Source, host: str, port: str, client_note: str) -> ProbeResult:
    cfg = src.config
    target = f"{host}:{port}"
    facts = {"proxy_source": src.name + (f" {src.path}" if src.path else "")}
    if cfg.no_proxy:
        facts["no_proxy"] = cfg.no_proxy
    proxy = cfg.proxy_for(host, port)
    if proxy:
        clean = strip_userinfo(proxy)
        return result(
            "proxied",
            f"requests to {target} go through {clean} (from {src.name}){client_note}",
            f"NO_PROXY={cfg.no_proxy or '(empty)'} does not cover {host}",
            facts={**facts, "proxy": clean},
        )
    configured = cfg.https_proxy
    if configured:
        clean = strip_userinfo(normalize_proxy_url(configured))
        entry = NoProxy.parse(cfg.no_proxy).entry_for(host, port)
        why = (
            f"NO_PROXY entry {entry!r} covers it"
            if entry
            else "Go never proxies localhost or loopback addresses"
        )
        return result(
            "bypassed",
            f"a proxy ({clean}, from {src.name}) is set but {target} is not sent to it: {why}"
            f"{client_note}",
            facts={**facts, "proxy": clean},
        )
    return result("direct", f"no HTTPS proxy for {target} in {src.name}{client_note}", facts=facts)


@probe("proxy.settings")
async def settings(
    ctx: ProbeContext, host: str, port: str = "", client: str = "", registry: str = ""
) -> ProbeResult:
    """direct / proxied / bypassed / not_in_daemon for requests to ``host:port``."""
    port = port_of(port, registry)
    sources = all_sources(ctx)
    env, daemon, cli = sources["environment"], sources["daemon"], sources["cli"]
    details = [_describe(s, host, port) for s in (env, daemon, cli) if s is not None]
    if cli is not None and cli.config.configured:
        details.append(
            "config.json proxies are given to containers and BuildKit builders, not used "
            "by docker push itself"
        )
    if client in DAEMON_CLIENTS:
        if daemon is None or not daemon.config.configured:
            if env.config.proxy_for(host, port):
                clean = strip_userinfo(env.config.proxy_for(host, port))
                return result(
                    "not_in_daemon",
                    f"the shell uses proxy {clean} for {host}:{port}, but dockerd (which does "
                    "the push) has no proxy configured",
                    *details,
                    facts={"proxy": clean, "proxy_source": "environment"},
                )
            res = _verdict(daemon or Source("dockerd", ProxyConfig()), host, port, "")
        else:
            res = _verdict(daemon, host, port, " (dockerd does the push)")
    elif client in BUILDER_CLIENTS and cli is not None and cli.config.configured:
        res = _verdict(cli, host, port, " (handed to the BuildKit builder)")
    elif client or env.config.configured or daemon is None or not daemon.config.configured:
        # a named client other than dockerd/BuildKit uses its own environment only
        res = _verdict(env, host, port, "")
    else:
        res = _verdict(daemon, host, port, " (dockerd; the shell has no proxy)")
    return result(res.outcome, res.summary, *res.details, *details, facts=res.facts)


# ---------------------------------------------------------------- CONNECT
def _credentials_for(ctx: ProbeContext, proxy: str) -> tuple[str, str] | None:
    """user, password for ``proxy`` from the configured proxy URLs that name it."""
    wanted = proxy_host_port(proxy)[1:]
    for src in all_sources(ctx).values():
        if src is None:
            continue
        for url, parts in _with_userinfo(src.config.https_proxy, src.config.http_proxy):
            if proxy_host_port(url)[1:] == wanted and parts.username is not None:
                return unquote(parts.username), unquote(parts.password or "")
    return None


def _status(head: bytes) -> tuple[int, str]:
    line = head.split(b"\r\n", 1)[0].decode("latin-1", "replace")
    parts = line.split(" ", 2)
    if len(parts) >= 2 and parts[0].startswith("HTTP/") and parts[1].isdigit():
        return int(parts[1]), line
    return 0, line


def _not_tls(why: str):
    def build(clean: str) -> ProbeResult:
        return result(
            "not_tls",
            f"the proxy URL {clean} says https://, but the proxy does not speak TLS ({why})",
            "Go then reports: proxyconnect tcp: tls: first record does not look like a TLS "
            "handshake, or a timeout; most proxies want http:// in HTTPS_PROXY",
        )

    return build


async def _start_tls(writer: asyncio.StreamWriter, phost: str, deadline: float):
    """TLS to an https:// proxy; a builder of the failing result, or None when TLS works."""
    sslctx = ssl.create_default_context()
    try:
        await asyncio.wait_for(
            writer.start_tls(sslctx, server_hostname=phost),
            max(0.05, deadline - time.monotonic()),
        )
    except TimeoutError:
        return _not_tls("no answer to the TLS ClientHello")
    except ssl.SSLCertVerificationError as exc:
        message = exc.verify_message

        def untrusted(clean: str) -> ProbeResult:
            return unknown(f"the TLS certificate of the proxy {clean} is not trusted: {message}")

        return untrusted
    except ssl.SSLError as exc:
        return _not_tls(str(exc.reason or exc))
    return None


@probe("proxy.reachable")
async def reachable(
    ctx: ProbeContext, proxy: str, host: str, port: str = "", registry: str = ""
) -> ProbeResult:
    """CONNECT ``host:port`` through ``proxy``: ok, refused, timeout, auth_required, ..."""
    port = port_of(port, registry)
    scheme, phost, pport = proxy_host_port(proxy)
    clean = strip_userinfo(normalize_proxy_url(proxy))
    if scheme not in {"http", "https"} or not phost:
        return unknown(f"cannot test proxy {clean}: only http:// and https:// proxies are tested")
    creds = _credentials_for(ctx, proxy)
    parts = urlsplit(normalize_proxy_url(proxy))
    if parts.username is not None:
        creds = (unquote(parts.username), unquote(parts.password or ""))
    if creds:
        ctx.redactor.add(creds[1])
    deadline = time.monotonic() + ctx.timeout * 0.9
    try:
        reader, writer = await open_tcp(phost, int(pport), ctx.timeout * 0.6)
    except (OSError, TimeoutError) as exc:
        kind = classify(exc)
        if kind == "refused":
            return result("refused", f"nothing listens at the proxy {clean}", str(exc))
        if kind == "timeout":
            return result("timeout", f"the proxy {clean} does not accept connections in time")
        return unknown(f"cannot connect to the proxy {clean}: {exc}")
    try:
        if scheme == "https":
            problem = await _start_tls(writer, phost, deadline)
            if problem is not None:
                return problem(clean)
        target = f"{host}:{port}"
        lines = [f"CONNECT {target} HTTP/1.1", f"Host: {target}", "User-Agent: registry-wizard"]
        if creds:
            token = base64.b64encode(f"{creds[0]}:{creds[1]}".encode()).decode()
            ctx.redactor.add(token)
            lines.append(f"Proxy-Authorization: Basic {token}")
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode())
        await writer.drain()
        head = b""
        while b"\r\n\r\n" not in head and len(head) < MAX_HEADER:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError
            chunk = await asyncio.wait_for(reader.read(MAX_HEADER - len(head)), left)
            if not chunk:
                break
            head += chunk
    except TimeoutError:
        return result(
            "timeout", f"the proxy {clean} accepted the connection but never answered CONNECT"
        )
    except (OSError, ssl.SSLError) as exc:
        return unknown(f"talking to the proxy {clean} failed: {exc}")
    finally:
        writer.close()
    code, line = _status(head)
    detail = f"proxy answered: {line[:200]}" if line else "proxy closed without an answer"
    auth_note = "credentials were sent" if creds else "no credentials in the proxy URL"
    if code == 200:
        return result("ok", f"the proxy {clean} tunnels to {host}:{port}", detail)
    if code in (407, 401):
        return result(
            "auth_required",
            f"the proxy {clean} wants credentials ({code}; {auth_note})",
            detail,
        )
    if code == 403:
        return result(
            "forbidden",
            f"the proxy {clean} refuses to tunnel to {host}:{port} (403; many proxies allow "
            "CONNECT only to port 443)",
            detail,
        )
    if code in (502, 503, 504):
        return result(
            "bad_gateway",
            f"the proxy {clean} cannot reach {host}:{port} ({code})",
            detail,
        )
    if code == 0:
        return unknown(f"the proxy {clean} did not answer CONNECT with HTTP", detail)
    return unknown(f"the proxy {clean} answered CONNECT with {code}", detail)
