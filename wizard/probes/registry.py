"""The registry API probe ``registry.ping`` (GET /v2/ without credentials).

``registry.ping`` asks ``/v2/`` the way clients do, HTTPS first then plain HTTP, without
credentials, and reads the API version header, the ``WWW-Authenticate`` challenge, the
``Server`` header and the ``Date`` (for clock skew).
"""

from __future__ import annotations

from wizard.engine.model import ProbeResult
from wizard.probes._regclient import (
    Discovery,
    Reply,
    clock_skew,
    discover,
    parse_challenges,
    pick_challenge,
)
from wizard.probes.base import ProbeContext, probe, result

API_HEADER = "docker-distribution-api-version"


def _facts(disc: Discovery) -> dict[str, str]:
    reply = disc.reply
    assert reply is not None
    facts = {"scheme": disc.scheme, "status": str(reply.status)}
    server = reply.header("server")
    if server:
        facts["server"] = server[:120]
    skew = clock_skew(reply)
    if skew is not None:
        facts["clock_skew"] = f"{skew:g}"
    challenge = pick_challenge(parse_challenges(reply.header("www-authenticate")))
    if challenge is not None:
        facts["auth_scheme"] = challenge.scheme.capitalize()
        if challenge.realm:
            facts["realm"] = challenge.realm[:500]
        if challenge.params.get("service"):
            facts["service"] = challenge.params["service"][:200]
    return facts


def _classify(disc: Discovery, registry: str) -> ProbeResult:
    reply: Reply = disc.reply  # type: ignore[assignment]
    facts = _facts(disc)
    where = f"{disc.scheme}://…/v2/ on {registry}"
    is_api = bool(reply.header(API_HEADER))
    details = [f"{disc.scheme.upper()} GET /v2/ answered {reply.status}"]
    if is_api:
        details.append(f"Docker-Distribution-Api-Version: {reply.header(API_HEADER)[:40]}")
    if "server" in facts:
        details.append(f"Server: {facts['server']}")
    if disc.scheme == "http" and disc.https_error:
        details.append(f"HTTPS did not work on this port: {disc.https_error}")
    status = reply.status
    plain = disc.scheme == "http"
    if status == 200 and (is_api or reply.body.strip().startswith(b"{")):
        if plain:
            return result(
                "plain_http_only", f"{where}: only plain HTTP answers", *details, facts=facts
            )
        return result("ok", f"{where} answers 200 without credentials", *details, facts=facts)
    if status == 401:
        scheme = facts.get("auth_scheme", "")
        if plain:
            return result(
                "plain_http_only",
                f"{where}: only plain HTTP answers (401, {scheme or 'no'} challenge)",
                *details,
                facts=facts,
            )
        if scheme == "Bearer":
            details.append(f"token realm: {facts.get('realm', '(none)')}")
            return result("auth_bearer", f"{where} wants a Bearer token", *details, facts=facts)
        if scheme == "Basic":
            return result("auth_basic", f"{where} wants Basic credentials", *details, facts=facts)
        return result(
            "not_registry", f"{where}: 401 without a usable challenge", *details, facts=facts
        )
    if status == 403:
        return result(
            "forbidden", f"{where} answers 403 before any credentials", *details, facts=facts
        )
    if status in (502, 503, 504):
        details.append(f"body: {reply.text(200)}")
        return result(
            "bad_gateway",
            f"{where} answers {status}: a proxy in front cannot reach the registry",
            *details,
            facts=facts,
        )
    if status >= 500:
        details.append(f"body: {reply.text(200)}")
        return result("server_error", f"{where} answers {status}", *details, facts=facts)
    return result(
        "not_registry",
        f"{where} answers {status}: not a registry API",
        *details,
        f"body: {reply.text(200)}",
        facts=facts,
    )


@probe("registry.ping")
async def ping(ctx: ProbeContext, registry: str) -> ProbeResult:
    """GET /v2/ over HTTPS then HTTP; classify the answer."""
    disc = await discover(ctx, registry)
    if disc.reply is not None:
        return _classify(disc, registry)
    if disc.cert_error:
        return result(
            "tls_error",
            f"HTTPS to {registry} fails certificate verification",
            disc.https_error,
            facts={"scheme": "https"},
        )
    if disc.timeout:
        return result("timeout", f"{registry} did not answer /v2/ in time", disc.https_error)
    details = [f"HTTPS: {disc.https_error}", f"HTTP: {disc.http_error}"]
    text = (disc.https_error + " " + disc.http_error).lower()
    if any(
        s in text
        for s in (
            "refused",
            "unreachable",
            "name or service",
            "nodename",
            "no address",
            "getaddrinfo",
            "connecterror",
            "all connection attempts failed",
        )
    ):
        return result("no_connection", f"no connection to {registry}", *details)
    if "handshake" in text or "ssl" in text or "tls" in text:
        return result("tls_error", f"the TLS handshake with {registry} fails", *details)
    return result("no_connection", f"no connection to {registry}", *details)
