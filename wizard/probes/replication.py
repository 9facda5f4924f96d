"""Probe ``replication.compare``: the same tag's manifest digest on several endpoints.

``endpoints`` is a comma-separated list of registry ``host:port``; every endpoint gets a
``HEAD /v2/<repo>/manifests/<tag>`` with the manifest media types a client accepts, all at
once, and the ``Docker-Content-Digest`` answers are compared. HTTPS is tried first; an
endpoint that answers plain HTTP is asked again over HTTP (as clients do for registries
marked insecure). A Bearer challenge gets an anonymous pull token.
"""

from __future__ import annotations

import asyncio
import hashlib
import ssl
from dataclasses import dataclass
from typing import Any

import httpx

from wizard.engine import reference as grammar
from wizard.engine.errors import FactError
from wizard.engine.facts import validate
from wizard.probes.base import MAX_BODY, ProbeContext, probe, result, unknown

ACCEPT = ", ".join(
    (
        "application/vnd.oci.image.index.v1+json",
        "application/vnd.oci.image.manifest.v1+json",
        "application/vnd.docker.distribution.manifest.list.v2+json",
        "application/vnd.docker.distribution.manifest.v2+json",
        "application/vnd.docker.distribution.manifest.v1+prettyjws",
    )
)
MAX_ENDPOINTS = 16


@dataclass(frozen=True)
class Answer:
    """What one endpoint said about the tag."""

    endpoint: str
    state: str  # "found", "missing", "error"
    digest: str = ""
    note: str = ""


def parse_endpoints(text: str) -> list[str]:
    """Valid, distinct registry host:port entries of a comma-separated list."""
    out: list[str] = []
    for raw in text.replace(" ", ",").split(","):
        raw = raw.strip().removeprefix("https://").removeprefix("http://").rstrip("/")
        if not raw:
            continue
        try:
            value = validate("registry", raw)
        except FactError:
            continue
        if value not in out:
            out.append(value)
    return out[:MAX_ENDPOINTS]


def _bearer_params(header: str) -> dict[str, str]:
    params: dict[str, str] = {}
    if not header.lower().startswith("bearer "):
        return params
    for part in header[7:].split(","):
        key, _, value = part.strip().partition("=")
        params[key.strip().lower()] = value.strip().strip('"')
    return params


async def _read_limited(resp: httpx.Response) -> bytes:
    body = b""
    async for chunk in resp.aiter_bytes():
        body += chunk
        if len(body) > MAX_BODY:
            break
    return body[: MAX_BODY + 1]


async def _anonymous_token(client: httpx.AsyncClient, challenge: str, repo: str) -> str:
    params = _bearer_params(challenge)
    realm = params.get("realm", "")
    if not realm.startswith(("https://", "http://")):
        return ""
    query = {"scope": f"repository:{repo}:pull"}
    if params.get("service"):
        query["service"] = params["service"]
    async with client.stream("GET", realm, params=query) as resp:
        body = await _read_limited(resp)
        if resp.status_code != 200:
            return ""
    import json

    try:
        data = json.loads(body)
    except ValueError:
        return ""
    return str(data.get("token") or data.get("access_token") or "")


async def ask(ctx: ProbeContext, endpoint: str, repo: str, tag: str) -> Answer:
    """HEAD the manifest on one endpoint (HTTPS, then HTTP when it speaks plain HTTP)."""
    sslctx = ssl.create_default_context()
    timeout = httpx.Timeout(max(0.5, ctx.timeout * 0.7))
    limits = httpx.Limits(max_connections=2)
    async with httpx.AsyncClient(
        verify=sslctx, timeout=timeout, trust_env=False, follow_redirects=False, limits=limits
    ) as client:
        last_note = ""
        for scheme in ("https", "http"):
            url = f"{scheme}://{endpoint}/v2/{repo}/manifests/{tag}"
            headers = {"Accept": ACCEPT}
            try:
                for _attempt in range(2):
                    resp = await client.head(url, headers=headers)
                    if resp.status_code == 401 and "Authorization" not in headers:
                        token = await _anonymous_token(
                            client, resp.headers.get("www-authenticate", ""), repo
                        )
                        if token:
                            ctx.redactor.add(token)
                            headers["Authorization"] = f"Bearer {token}"
                            continue
                    break
            except httpx.ConnectError as exc:
                text = str(exc)
                if scheme == "https" and (
                    "WRONG_VERSION_NUMBER" in text or "wrong version" in text
                ):
                    continue  # plain HTTP on that port
                return Answer(endpoint, "error", note=f"{scheme}: {text or type(exc).__name__}")
            except (httpx.RemoteProtocolError, ssl.SSLError) as exc:
                last_note = f"{scheme}: {exc}"
                if scheme == "https":
                    continue
                return Answer(endpoint, "error", note=last_note)
            except httpx.HTTPError as exc:
                return Answer(endpoint, "error", note=f"{scheme}: {type(exc).__name__} {exc}")
            return await _classify(client, endpoint, url, headers, resp)
        return Answer(endpoint, "error", note=last_note or "no answer")


async def _classify(
    client: httpx.AsyncClient, endpoint: str, url: str, headers: dict[str, str], resp: Any
) -> Answer:
    if resp.status_code == 404:
        return Answer(endpoint, "missing", note="404 manifest unknown")
    if resp.status_code != 200:
        return Answer(endpoint, "error", note=f"HTTP {resp.status_code}")
    digest = resp.headers.get("docker-content-digest", "")
    if not digest:
        async with client.stream("GET", url, headers=headers) as got:
            body = await _read_limited(got)
        if len(body) > MAX_BODY:
            return Answer(endpoint, "error", note="manifest too large to hash")
        digest = "sha256:" + hashlib.sha256(body).hexdigest()
    return Answer(endpoint, "found", digest=digest[:200])


@probe("replication.compare")
async def replication_compare(ctx: ProbeContext, image: str, endpoints: str) -> Any:
    """Compare the tag's digest across ``endpoints``."""
    try:
        ref = grammar.parse(image)
    except grammar.ReferenceError as exc:
        return unknown(f"cannot compare: {image!r} is not a valid reference ({exc})")
    tag = ref.tag or "latest"
    hosts = parse_endpoints(endpoints)
    if ref.explicit_domain and not hosts:
        hosts = [ref.domain]
    if len(hosts) < 2:
        return unknown("give at least two registry endpoints (--fact endpoints=a:5000,b:5000)")
    answers = await asyncio.gather(*(ask(ctx, h, ref.path, tag) for h in hosts))
    lines = [
        f"{a.endpoint}: {a.digest if a.state == 'found' else a.state} {a.note}".rstrip()
        for a in answers
    ]
    found = [a for a in answers if a.state == "found"]
    missing = [a for a in answers if a.state == "missing"]
    errors = [a for a in answers if a.state == "error"]
    digests = sorted({a.digest for a in found})
    name = f"{ref.path}:{tag}"
    if len(digests) > 1:
        return result(
            "diverged",
            f"{name} has {len(digests)} different digests across {len(found)} endpoints",
            *lines,
        )
    if found and missing:
        return result(
            "missing_on_some",
            f"{name} exists on {', '.join(a.endpoint for a in found)} but not on "
            f"{', '.join(a.endpoint for a in missing)}",
            *lines,
            facts={"digest": digests[0]},
        )
    if errors:
        return unknown(f"{len(errors)} of {len(answers)} endpoints could not be asked", *lines)
    if not found:
        return unknown(f"no endpoint has {name}: nothing to compare", *lines)
    return result(
        "consistent",
        f"all {len(found)} endpoints answer {digests[0][:19]}… for {name}",
        *lines,
        facts={"digest": digests[0]},
    )
