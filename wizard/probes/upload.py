"""The write probe ``registry.upload``: start a blob upload, send a chunk, cancel it.

It does what a push does first (``POST /v2/<repo>/blobs/uploads/``) with the credentials
the client would use, optionally ``PATCH``es ``size`` bytes (2 MiB + 1 by default: just
over nginx's default ``client_max_body_size``), and always cancels the upload with
``DELETE``. Nothing is stored: an upload that is never completed leaves no blob. It runs
only with the user's consent (the runner refuses it otherwise).
"""

from __future__ import annotations

from urllib.parse import urljoin

import httpx

from wizard.engine.model import ProbeResult
from wizard.probes._regclient import (
    Reply,
    base_url,
    client,
    describe,
    discover,
    fetch,
    parse_challenges,
    pick_challenge,
    registry_errors,
    same_host,
)
from wizard.probes.auth import basic_header, exchange_token, find_credentials
from wizard.probes.base import ProbeContext, probe, result, unknown

DEFAULT_SIZE = (2 << 20) + 1
MAX_SIZE = 64 << 20

ERRNO = {
    1: "operation not permitted",
    2: "no such file or directory",
    5: "input/output error",
    13: "permission denied",
    28: "no space left on device",
    30: "read-only file system",
    122: "disk quota exceeded",
}
"""Linux errno values the filesystem driver reports, as the registry log prints them."""

STORAGE_WORDS = (
    ("accessdenied", "object store: access denied"),
    ("nosuchbucket", "object store: bucket does not exist"),
    ("invalidaccesskeyid", "object store: invalid access key"),
    ("signaturedoesnotmatch", "object store: wrong secret key"),
    ("authorizationpermissionmismatch", "Azure: permission mismatch"),
    ("containernotfound", "Azure: container not found"),
    ("no space left", "no space left on device"),
    ("permission denied", "permission denied"),
    ("read-only file system", "read-only file system"),
    ("quota", "quota exceeded"),
)


def storage_reason(reply: Reply) -> tuple[str, str]:
    """(reason, driver) from a 500 answer's JSON error detail; ("", "") if none.

    The reason is the errno text alone ("permission denied"); :func:`storage_where` gives
    the operation and path.
    """
    for err in registry_errors(reply.body):
        detail = err.get("detail")
        if isinstance(detail, dict):
            driver = str(detail.get("DriverName") or "")
            enclosed = detail.get("Enclosed")
            if isinstance(enclosed, dict):
                errno = enclosed.get("Err")
                op = str(enclosed.get("Op") or "")
                path = str(enclosed.get("Path") or "")[:200]
                if isinstance(errno, int) and errno in ERRNO:
                    return ERRNO[errno], driver or "filesystem"
                if isinstance(errno, int):
                    return f"errno {errno} on {op} {path}".strip(), driver or "filesystem"
                text = str(enclosed).lower()
            else:
                text = str(detail).lower()
            for word, reason in STORAGE_WORDS:
                if word in text:
                    return reason, driver
            if driver:
                return f"{driver} storage driver error", driver
        text = f"{err.get('message', '')} {err.get('detail', '')}".lower()
        for word, reason in STORAGE_WORDS:
            if word in text:
                return reason, ""
    return "", ""


def storage_where(reply: Reply) -> str:
    """``", operation mkdir on PATH"`` from a filesystem driver error, or ``""``."""
    for err in registry_errors(reply.body):
        detail = err.get("detail")
        enclosed = detail.get("Enclosed") if isinstance(detail, dict) else None
        if isinstance(enclosed, dict) and enclosed.get("Op"):
            return f", operation {enclosed.get('Op')} on {str(enclosed.get('Path') or '?')[:200]}"
    return ""


async def _auth_headers(
    ctx: ProbeContext, registry: str, repository: str, challenge_header: str
) -> tuple[dict[str, str] | None, str]:
    """Headers to authenticate the upload, or (None, why not)."""
    challenge = pick_challenge(parse_challenges(challenge_header))
    if challenge is None:
        return None, "401 without a WWW-Authenticate challenge"
    found = await find_credentials(ctx, registry)
    creds = found.creds if found.outcome == "present" else None
    if challenge.scheme == "basic":
        if creds is None or not creds.password:
            return None, "Basic credentials are needed and none are stored"
        return basic_header(creds), ""
    if challenge.scheme == "bearer":
        tok = await exchange_token(
            ctx, registry, challenge, f"repository:{repository}:push,pull", creds
        )
        if tok.outcome != "token":
            return None, tok.summary
        return {"Authorization": f"Bearer {tok.token}"}, ""
    return None, f"unsupported auth scheme {challenge.scheme}"


def _classify_failure(reply: Reply, step: str, size: int) -> ProbeResult:
    status = reply.status
    facts = {"status": str(status), "method": step.split(" ", 1)[0]}
    body = reply.text(200)
    challenge = pick_challenge(parse_challenges(reply.header("www-authenticate")))
    if (
        status == 401
        and challenge is not None
        and challenge.params.get("error") == "insufficient_scope"
    ):
        return result(
            "denied",
            f"{step} answered 401 insufficient_scope: the account may not push here",
            f"scope asked: {challenge.params.get('scope', '')[:200]}",
            facts=facts,
        )
    if status == 401:
        return result(
            "unauthorized",
            f"{step} answered 401: credentials needed or rejected",
            f"body: {body}",
            facts=facts,
        )
    if status == 403:
        server = reply.header("server")
        who = f" ({server})" if server else ""
        return result(
            "denied",
            f"{step} answered 403{who}: writing is forbidden",
            f"body: {body}",
            facts=facts,
        )
    if status == 405:
        return result(
            "read_only",
            f"{step} answered 405: the registry accepts no writes (read-only)",
            f"Allow: {reply.header('allow')}",
            f"body: {body}",
            facts=facts,
        )
    if status == 413:
        facts["body_limit"] = f"less than {size} bytes"
        return result(
            "body_too_large",
            f"{step} of {size} bytes answered 413: a proxy limits request bodies",
            f"Server: {reply.header('server') or '(none)'}",
            f"body: {body}",
            facts=facts,
        )
    if status >= 500:
        reason, driver = storage_reason(reply)
        if reason:
            facts["storage_error"] = reason
            return result(
                "storage_error",
                f"{step} answered {status}: the registry's storage fails: {reason}",
                f"storage driver: {driver or '(not named)'}{storage_where(reply)}",
                f"body: {body}",
                facts=facts,
            )
        return result("server_error", f"{step} answered {status}", f"body: {body}", facts=facts)
    return result("server_error", f"{step} answered {status}", f"body: {body}", facts=facts)


@probe("registry.upload")
async def upload(ctx: ProbeContext, registry: str, repository: str, size: str = "") -> ProbeResult:
    """Start a blob upload, optionally send ``size`` bytes, cancel it."""
    if not ctx.allow_write:
        return result("not_permitted", "write probes are not allowed in this run")
    try:
        nbytes = DEFAULT_SIZE if not size else max(0, min(int(size), MAX_SIZE))
    except ValueError:
        return unknown(f"size {size!r} is not a number of bytes")
    disc = await discover(ctx, registry)
    if disc.reply is None:
        return unknown(f"{registry} does not answer /v2/", disc.https_error, disc.http_error)
    headers: dict[str, str] = {}
    details: list[str] = [f"scheme: {disc.scheme}"]
    if disc.reply.status == 401:
        auth, why = await _auth_headers(
            ctx, registry, repository, disc.reply.header("www-authenticate")
        )
        if auth is None:
            details.append(why)
        else:
            headers.update(auth)
    start_url = f"{base_url(registry, disc.scheme)}/v2/{repository}/blobs/uploads/"
    async with client(ctx, registry) as http:
        try:
            reply = await fetch(
                http, "POST", start_url, headers=dict(headers, **{"Content-Length": "0"})
            )
        except httpx.HTTPError as exc:
            return unknown(f"POST {start_url} failed", describe(exc), *details)
        if reply.status != 202:
            res = _classify_failure(reply, "POST /v2/…/blobs/uploads/", nbytes)
            return result(res.outcome, res.summary, *res.details, *details, facts=res.facts)
        location = urljoin(start_url, reply.header("location") or start_url)
        upload_headers = headers if same_host(location, registry) else {}
        if not same_host(location, registry):
            details.append(
                f"the upload URL points at another host ({location[:120]}): credentials were "
                "not sent there; a proxy in front is bypassed for the data"
            )
        outcome = result(
            "accepted",
            f"{registry} accepts uploads to {repository}",
            *details,
            facts={"status": "202"},
        )
        try:
            if nbytes:
                patch_headers = dict(
                    upload_headers,
                    **{
                        "Content-Type": "application/octet-stream",
                        "Content-Range": f"0-{nbytes - 1}",
                    },
                )
                chunk = await fetch(
                    http, "PATCH", location, headers=patch_headers, content=bytes(nbytes)
                )
                if chunk.status == 202:
                    outcome = result(
                        "accepted",
                        f"{registry} accepts uploads to {repository}, a {nbytes}-byte chunk included",
                        *details,
                        facts={"status": "202", "body_limit": f"at least {nbytes} bytes"},
                    )
                    location = urljoin(location, chunk.header("location") or location)
                else:
                    res = _classify_failure(chunk, "PATCH of the upload", nbytes)
                    outcome = result(
                        res.outcome, res.summary, *res.details, *details, facts=res.facts
                    )
        except httpx.HTTPError as exc:
            text = describe(exc)
            outcome = unknown(f"sending {nbytes} bytes failed: {text}", *details)
        finally:
            try:
                await fetch(http, "DELETE", location, headers=upload_headers)
            except httpx.HTTPError:
                pass  # an abandoned upload is purged by the registry itself
        return outcome
