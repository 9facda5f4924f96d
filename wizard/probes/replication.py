"""Probe ``replication.compare``: the same tag's manifest digest on several endpoints.

``endpoints`` is a comma-separated list of registry ``host:port``; every endpoint gets a
``HEAD /v2/<repo>/manifests/<tag>`` with the manifest media types a client accepts, all at
once, and the ``Docker-Content-Digest`` answers are compared. HTTPS is tried first; an
endpoint that answers plain HTTP is asked again over HTTP (as clients do for registries
marked insecure). Credentials and tokens are found and sent the way the client would
(stored credentials for that endpoint, a pull-scoped token).
"""

from __future__ import annotations

import asyncio
import hashlib
from dataclasses import dataclass
from typing import Any

import httpx

from wizard.engine import reference as grammar
from wizard.engine.errors import FactError
from wizard.engine.facts import validate
from wizard.probes._regclient import (
    MAX_HEADER,
    Reply,
    base_url,
    client,
    describe,
    fetch,
    is_cert_error,
    is_plain_http_error,
    parse_challenges,
    pick_challenge,
)
from wizard.probes.auth import basic_header, exchange_token, find_credentials
from wizard.probes.base import ProbeContext, probe, result, unknown

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


async def _authorize(
    ctx: ProbeContext, endpoint: str, repo: str, header: str
) -> tuple[dict[str, str], str]:
    """Authorization for a pull of ``repo``, as the client would get it (or a note why not)."""
    challenge = pick_challenge(parse_challenges(header[:MAX_HEADER]))
    if challenge is None:
        return {}, "401 without a usable challenge"
    lookup = await find_credentials(ctx, endpoint)
    creds = lookup.creds if lookup.outcome == "present" else None
    if challenge.scheme == "basic":
        if creds is None or not creds.password:
            return {}, "401 Basic and no stored credentials for this endpoint"
        return basic_header(creds), ""
    got = await exchange_token(ctx, endpoint, challenge, f"repository:{repo}:pull", creds)
    if got.outcome != "token":
        return {}, got.summary
    ctx.redactor.add(got.token)
    return {"Authorization": f"Bearer {got.token}"}, ""


async def ask(ctx: ProbeContext, endpoint: str, repo: str, tag: str) -> Answer:
    """HEAD the manifest on one endpoint (HTTPS, then HTTP when it speaks plain HTTP).

    TLS trust, credentials and token exchange are the ones the registry probes use: the
    machine's CAs plus certs.d, the stored credentials, a pull-scoped token.
    """
    async with client(ctx, endpoint) as http:
        for scheme in ("https", "http"):
            url = f"{base_url(endpoint, scheme)}/v2/{repo}/manifests/{tag}"
            headers = {"Accept": ACCEPT}
            try:
                reply = await fetch(http, "HEAD", url, headers=headers)
                if reply.status == 401:
                    auth, why = await _authorize(
                        ctx, endpoint, repo, reply.header("www-authenticate")
                    )
                    if not auth:
                        return Answer(endpoint, "error", note=why)
                    headers.update(auth)
                    reply = await fetch(http, "HEAD", url, headers=headers)
            except httpx.HTTPError as exc:
                if scheme == "https" and is_plain_http_error(exc):
                    continue  # plain HTTP on that port: ask again over HTTP
                why = "certificate not trusted" if is_cert_error(exc) else describe(exc)
                return Answer(endpoint, "error", note=f"{scheme}: {why}")
            return await _classify(http, endpoint, url, headers, reply)
        return Answer(endpoint, "error", note="no answer over HTTPS or HTTP")


async def _classify(
    http: httpx.AsyncClient, endpoint: str, url: str, headers: dict[str, str], reply: Reply
) -> Answer:
    if reply.status == 404:
        return Answer(endpoint, "missing", note="404 manifest unknown")
    if reply.status != 200:
        return Answer(endpoint, "error", note=f"HTTP {reply.status}")
    digest = reply.header("docker-content-digest")
    if not digest:
        got = await fetch(http, "GET", url, headers=headers)
        if got.truncated or got.status != 200:
            return Answer(endpoint, "error", note="manifest could not be read to hash it")
        digest = "sha256:" + hashlib.sha256(got.body).hexdigest()
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
