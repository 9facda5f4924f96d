"""HTTP plumbing shared by the registry, auth, upload and clock probes.

Every request goes through :func:`fetch`: an explicit ``ssl.SSLContext``, no proxies or
``.netrc`` from the environment (``trust_env=False``), no redirects, hard timeouts and a
body read of at most :data:`~wizard.probes.base.MAX_BODY` bytes. The helpers parse the
registry's answers: ``WWW-Authenticate`` challenges (quoted strings with commas and
escapes), the ``Date`` header, and the registry's JSON error list.
"""

from __future__ import annotations

import email.utils
import json
import ssl
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httpx

from wizard.engine.facts import split_registry
from wizard.probes._tls_trust import trust_context
from wizard.probes.base import MAX_BODY, ProbeContext

DOCKER_HUB_NAMES = frozenset({"docker.io", "index.docker.io", "registry-1.docker.io"})
"""Spellings of Docker Hub in image references and config.json keys."""

DOCKER_HUB_API = "registry-1.docker.io"
"""Where Docker Hub's registry API really lives."""

MAX_HEADER = 8 << 10
"""A header value longer than this is cut before it is parsed."""


@dataclass(frozen=True)
class Reply:
    """An HTTP answer, with at most ``MAX_BODY`` bytes of its body."""

    status: int
    headers: httpx.Headers
    body: bytes
    url: str
    truncated: bool = False
    received: float = field(default_factory=time.time)

    def header(self, name: str) -> str:
        """A header value (cut to ``MAX_HEADER`` characters), or ``""``."""
        return (self.headers.get(name) or "")[:MAX_HEADER]

    def text(self, limit: int = 300) -> str:
        """The start of the body as text, one line."""
        text = self.body[:limit].decode("utf-8", "replace")
        return " ".join(text.split())


def api_host(registry: str) -> str:
    """The host[:port] that serves the registry API (Docker Hub's differs from its name)."""
    return DOCKER_HUB_API if registry in DOCKER_HUB_NAMES else registry


def base_url(registry: str, scheme: str) -> str:
    """``scheme://host[:port]`` of the registry API."""
    return f"{scheme}://{api_host(registry)}"


def client(ctx: ProbeContext, registry: str, *, verify: bool = True) -> httpx.AsyncClient:
    """An httpx client with the registry's TLS trust, no env proxies and no redirects."""
    ssl_ctx: ssl.SSLContext = trust_context(ctx.host, api_host(registry), verify=verify)
    timeout = httpx.Timeout(ctx.timeout, connect=min(ctx.timeout, max(1.0, ctx.timeout / 2)))
    return httpx.AsyncClient(
        verify=ssl_ctx,
        trust_env=False,
        follow_redirects=False,
        timeout=timeout,
        limits=httpx.Limits(max_connections=4, max_keepalive_connections=0),
        headers={"User-Agent": "registry-wizard"},
    )


async def fetch(
    http: httpx.AsyncClient,
    method: str,
    url: str,
    *,
    headers: Mapping[str, str] | None = None,
    content: bytes | None = None,
    data: Mapping[str, str] | None = None,
    params: Mapping[str, str] | None = None,
) -> Reply:
    """Send one request and read at most ``MAX_BODY`` bytes of the answer."""
    kwargs: dict[str, object] = {"headers": dict(headers or {})}
    if content is not None:
        kwargs["content"] = content
    if data is not None:
        kwargs["data"] = dict(data)
    if params is not None:
        kwargs["params"] = dict(params)
    async with http.stream(method, url, **kwargs) as resp:
        chunks: list[bytes] = []
        size = 0
        truncated = False
        async for chunk in resp.aiter_raw():
            chunks.append(chunk)
            size += len(chunk)
            if size >= MAX_BODY:
                truncated = True
                break
        body = b"".join(chunks)[:MAX_BODY]
        return Reply(resp.status_code, resp.headers, body, str(resp.url), truncated)


# ----------------------------------------------------------------------- errors
def is_cert_error(exc: BaseException) -> bool:
    """Whether an exception is a certificate verification failure."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, ssl.SSLCertVerificationError):
            return True
        text = str(exc)
        if "CERTIFICATE_VERIFY_FAILED" in text or "certificate verify failed" in text:
            return True
        exc = exc.__cause__ or exc.__context__  # type: ignore[assignment]
    return False


def is_plain_http_error(exc: BaseException) -> bool:
    """Whether a TLS handshake failed because the port speaks plain HTTP."""
    text = describe(exc).lower()
    return any(
        s in text
        for s in (
            "wrong version number",
            "record layer failure",
            "packet length too long",
            "http request",
            "unexpected eof while reading",
            "record_layer_failure",
        )
    )


def describe(exc: BaseException) -> str:
    """A one-line description of an exception and its causes."""
    parts: list[str] = []
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen and len(parts) < 4:
        seen.add(id(exc))
        text = str(exc) or type(exc).__name__
        if text not in parts:
            parts.append(text)
        exc = exc.__cause__ or exc.__context__  # type: ignore[assignment]
    return ": ".join(parts)[:400]


# ------------------------------------------------------------------- challenges
@dataclass(frozen=True)
class Challenge:
    """One ``WWW-Authenticate`` challenge: scheme (``basic``/``bearer``) and parameters."""

    scheme: str
    params: Mapping[str, str]

    @property
    def realm(self) -> str:
        """The ``realm`` parameter (token service URL for Bearer)."""
        return self.params.get("realm", "")


def parse_challenges(header: str) -> list[Challenge]:
    """Parse a ``WWW-Authenticate`` value into challenges (RFC 7235, tolerant).

    Handles several challenges in one header, quoted strings with commas and ``\\"``
    escapes, unquoted tokens, odd spacing and a trailing comma. Never raises.
    """
    header = header[:MAX_HEADER]
    challenges: list[Challenge] = []
    i, n = 0, len(header)
    scheme = ""
    params: dict[str, str] = {}

    def skip(chars: str) -> None:
        nonlocal i
        while i < n and header[i] in chars:
            i += 1

    def token() -> str:
        nonlocal i
        start = i
        while i < n and header[i] not in ' \t,="':
            i += 1
        return header[start:i]

    while i < n:
        skip(" \t,")
        if i >= n:
            break
        word = token()
        if not word:
            i += 1
            continue
        skip(" \t")
        if i < n and header[i] == "=" and scheme:
            i += 1
            skip(" \t")
            if i < n and header[i] == '"':
                i += 1
                value: list[str] = []
                while i < n and header[i] != '"':
                    if header[i] == "\\" and i + 1 < n:
                        i += 1
                    value.append(header[i])
                    i += 1
                i += 1  # closing quote (or end)
                params[word.lower()] = "".join(value)
            else:
                params[word.lower()] = token()
        else:
            if i < n and header[i] == "=":  # token68 or stray '=' without a scheme
                skip("=")
            if scheme:
                challenges.append(Challenge(scheme, dict(params)))
            scheme, params = word.lower(), {}
    if scheme:
        challenges.append(Challenge(scheme, dict(params)))
    return challenges


def pick_challenge(challenges: list[Challenge]) -> Challenge | None:
    """The challenge a registry client uses: Bearer before Basic."""
    for wanted in ("bearer", "basic"):
        for ch in challenges:
            if ch.scheme == wanted:
                return ch
    return challenges[0] if challenges else None


# ---------------------------------------------------------------------- answers
def clock_skew(reply: Reply) -> float | None:
    """Seconds the server's ``Date`` is ahead of this machine (negative: behind)."""
    value = reply.header("date")
    if not value:
        return None
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if parsed is None:
        return None
    return round(parsed.timestamp() - reply.received, 1)


def registry_errors(body: bytes) -> list[dict[str, object]]:
    """The ``errors`` list of a registry JSON answer (empty if there is none)."""
    try:
        doc = json.loads(body.decode("utf-8", "replace"))
    except (ValueError, RecursionError):
        return []
    errors = doc.get("errors") if isinstance(doc, dict) else None
    if not isinstance(errors, list):
        return []
    return [e for e in errors if isinstance(e, dict)][:10]


def same_host(url: str, registry: str) -> bool:
    """Whether ``url`` points at the registry's host name (ports may differ)."""
    try:
        target = (urlsplit(url).hostname or "").lower()
    except ValueError:
        return False
    host, _port = split_registry(api_host(registry))
    return target == host.strip("[]").lower()


@dataclass(frozen=True)
class Discovery:
    """How ``GET /v2/`` answered: the scheme that worked and its reply, or the errors."""

    scheme: str = ""
    reply: Reply | None = None
    https_error: str = ""
    http_error: str = ""
    cert_error: bool = False
    timeout: bool = False
    https_plain: bool = False


async def discover(ctx: ProbeContext, registry: str, *, verify: bool = True) -> Discovery:
    """``GET /v2/`` over HTTPS, then over plain HTTP (as clients do), without credentials."""
    https_error = ""
    cert_error = plain = False
    async with client(ctx, registry, verify=verify) as http:
        try:
            reply = await fetch(http, "GET", base_url(registry, "https") + "/v2/")
            return Discovery("https", reply)
        except httpx.TimeoutException as exc:
            # a plain-HTTP port answers a ClientHello at once; silence means a dead path
            return Discovery(https_error=describe(exc) or "timed out", timeout=True)
        except httpx.HTTPError as exc:
            https_error = describe(exc)
            cert_error = is_cert_error(exc)
            plain = is_plain_http_error(exc)
        if cert_error:
            return Discovery(https_error=https_error, cert_error=True)
        try:
            reply = await fetch(http, "GET", base_url(registry, "http") + "/v2/")
            return Discovery("http", reply, https_error=https_error, https_plain=True)
        except httpx.TimeoutException as exc:
            return Discovery(
                https_error=https_error, http_error=describe(exc) or "timed out", timeout=True
            )
        except httpx.HTTPError as exc:
            return Discovery(
                https_error=https_error,
                http_error=describe(exc),
                https_plain=plain,
            )
