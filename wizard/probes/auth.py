"""Credential probes: ``auth.credentials`` (what the client would send) and ``auth.check``.

``auth.credentials`` reads the places the clients read: the docker CLI's
``$DOCKER_CONFIG/config.json`` (``auths``, ``credsStore``, ``credHelpers`` through the
real ``docker-credential-<name>`` program) and the containers ``auth.json`` files podman,
buildah and skopeo read. Every secret is registered with the redactor before any text is
produced; facts carry the user name at most.

``auth.check`` tries those credentials the way the client would: Basic against ``/v2/``,
or the Bearer token exchange for ``repository:<name>:push,pull``, and reads the actions
the token grants from its JWT payload (no signature check: the wizard is not the
registry). Credentials go only where the client would send them: never through a
redirect, and never over plain HTTP to a host other than the registry's.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import contextlib
import json
import os
import signal
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from wizard.engine.model import ProbeResult
from wizard.probes._regclient import (
    DOCKER_HUB_NAMES,
    Challenge,
    Discovery,
    base_url,
    client,
    describe,
    discover,
    fetch,
    is_cert_error,
    parse_challenges,
    pick_challenge,
    same_host,
)
from wizard.probes.base import ProbeContext, probe, result, unknown

DOCKER_HUB_KEY = "https://index.docker.io/v1/"
"""The config.json key (and helper server URL) the docker CLI uses for Docker Hub."""

MAX_CONFIG = 1 << 20
"""config.json / auth.json larger than this is not read."""

MAX_HELPER_OUTPUT = 64 << 10
"""Bytes of a credential helper's output that are read at most."""

CONTAINERS_CLIENTS = frozenset({"podman", "buildah", "skopeo"})


@dataclass(frozen=True)
class Creds:
    """Credentials for one registry (never shown; registered with the redactor)."""

    username: str = ""
    password: str = ""
    identity_token: str = ""
    registry_token: str = ""

    @property
    def usable(self) -> bool:
        """Whether there is anything to send."""
        return bool(self.password or self.identity_token or self.registry_token)


@dataclass(frozen=True)
class Lookup:
    """What :func:`find_credentials` found."""

    outcome: str  # present / missing / helper_missing / helper_failed / config_invalid / unknown
    summary: str
    details: tuple[str, ...] = ()
    creds: Creds | None = None
    facts: Mapping[str, str] | None = None


# ----------------------------------------------------------------- key matching
def normalize_key(key: str) -> str:
    """A config.json ``auths`` key as the docker CLI compares it (host[:port][/path])."""
    key = key.strip()
    for prefix in ("https://", "http://"):
        if key.startswith(prefix):
            key = key[len(prefix) :]
            host = key.split("/", 1)[0]
            return _hub(host)
    return _hub(key.rstrip("/"))


def _hub(host: str) -> str:
    return "docker.io" if host.split("/", 1)[0] in DOCKER_HUB_NAMES else host


def registry_key(registry: str) -> str:
    """The normalised key for a registry fact."""
    return _hub(registry)


def helper_server_url(registry: str) -> str:
    """What the docker CLI writes on a helper's stdin for this registry."""
    return DOCKER_HUB_KEY if registry_key(registry) == "docker.io" else registry


# ------------------------------------------------------------------- config files
def _read_json(path: Path) -> tuple[dict | None, str]:
    """(document, error); document None with error "" when the file does not exist."""
    try:
        if not path.is_file():
            return None, ""
        raw = path.read_bytes()[:MAX_CONFIG]
    except OSError as exc:
        return None, f"cannot read {path}: {exc.strerror or exc}"
    text = raw.decode("utf-8", "replace")
    if not text.strip():
        return {}, ""
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        return None, f"{path}: line {exc.lineno}, column {exc.colno}: {exc.msg}"
    except RecursionError:
        return None, f"{path}: nested too deeply"
    if not isinstance(doc, dict):
        return None, f"{path}: line 1, column 1: the top level is not a JSON object"
    return doc, ""


def _register(ctx: ProbeContext, entry: Mapping[str, object]) -> None:
    """Register every secret of an auths entry with the redactor (before any text)."""
    blob = entry.get("auth")
    if isinstance(blob, str):
        ctx.redactor.add_auth_blob(blob)
    for field_name in ("password", "identitytoken", "registrytoken"):
        value = entry.get(field_name)
        if isinstance(value, str):
            ctx.redactor.add(value)
    if isinstance(entry.get("username"), str) and isinstance(entry.get("password"), str):
        ctx.redactor.add(f"{entry['username']}:{entry['password']}")


def _entry_creds(entry: Mapping[str, object]) -> tuple[Creds | None, str]:
    """Credentials of an auths entry, or (None, why not)."""
    user = entry.get("username") if isinstance(entry.get("username"), str) else ""
    password = entry.get("password") if isinstance(entry.get("password"), str) else ""
    blob = entry.get("auth")
    if isinstance(blob, str) and blob:
        try:
            decoded = base64.b64decode(blob, validate=False).decode("utf-8", "replace")
        except (binascii.Error, ValueError):
            return None, 'its "auth" value is not valid base64'
        if ":" not in decoded:
            return None, 'its "auth" value has no "user:password" inside'
        user, _, password = decoded.partition(":")
    ident = entry.get("identitytoken") if isinstance(entry.get("identitytoken"), str) else ""
    regtok = entry.get("registrytoken") if isinstance(entry.get("registrytoken"), str) else ""
    creds = Creds(str(user or ""), str(password or ""), str(ident or ""), str(regtok or ""))
    if not creds.usable:
        return None, "the entry is empty (credentials live in a helper, or were logged out)"
    return creds, ""


def _find_entry(auths: object, registry: str) -> tuple[str, Mapping[str, object]] | None:
    """The auths entry for the registry (exact host:port, URL forms normalised)."""
    if not isinstance(auths, dict):
        return None
    want = registry_key(registry)
    for key, entry in auths.items():
        if isinstance(key, str) and isinstance(entry, dict) and normalize_key(key) == want:
            return key, entry
    return None


def _other_spellings(auths: object, registry: str) -> list[str]:
    """Keys for the same host under another port or spelling (a common mix-up)."""
    if not isinstance(auths, dict):
        return []
    want = registry_key(registry)
    host = want.rsplit(":", 1)[0] if want.count(":") == 1 else want
    loopback = {"localhost", "127.0.0.1", "[::1]"}
    out = []
    for key in auths:
        if not isinstance(key, str):
            continue
        k = normalize_key(key)
        k_host = k.split("/", 1)[0]
        k_host = k_host.rsplit(":", 1)[0] if k_host.count(":") == 1 else k_host
        if k != want and (k_host == host or (k_host in loopback and host in loopback)):
            out.append(k)
    return out[:5]


def containers_auth_files(ctx: ProbeContext) -> list[Path]:
    """The auth.json files podman/buildah/skopeo read, in their order."""
    host = ctx.host
    env_file = host.getenv("REGISTRY_AUTH_FILE")
    if env_file:
        return [Path(env_file)]
    files = []
    runtime = host.getenv("XDG_RUNTIME_DIR")
    if runtime:
        files.append(Path(runtime) / "containers" / "auth.json")
    xdg = host.getenv("XDG_CONFIG_HOME") or str(host.home / ".config")
    files.append(Path(xdg) / "containers" / "auth.json")
    return files


def _sources(ctx: ProbeContext, client_name: str) -> list[tuple[str, Path]]:
    """(kind, path) of the config files to read, in the order the client reads them."""
    docker = [("docker", ctx.host.docker_config)]
    containers = [("containers", p) for p in containers_auth_files(ctx)]
    if client_name in CONTAINERS_CLIENTS:
        if ctx.host.getenv("REGISTRY_AUTH_FILE"):
            return containers
        return containers + docker
    return docker + containers


def _printable(text: str, limit: int = 100) -> str:
    """``text`` cut to ``limit`` characters with control characters removed (for facts)."""
    return "".join(c for c in text[:limit] if c.isprintable())


# ---------------------------------------------------------------- helpers (exec)
async def run_helper(
    ctx: ProbeContext, name: str, registry: str
) -> tuple[str, Creds | None, tuple[str, ...], dict[str, str]]:
    """Run ``docker-credential-<name> get``; returns (outcome, creds, details, facts)."""
    program = f"docker-credential-{name}"
    facts = {"cred_helper": name}
    if not name or "/" in name or "\\" in name or name.startswith("."):
        return "helper_failed", None, (f"{program!r} is not a helper name the wizard runs",), facts
    path = ctx.host.which(program)
    if path is None:
        return (
            "helper_missing",
            None,
            (f"{program} is not on PATH ({ctx.host.getenv('PATH')[:300]})",),
            facts,
        )
    try:
        proc = await asyncio.create_subprocess_exec(
            str(path),
            "get",
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=dict(ctx.host.env),
            start_new_session=True,  # its own process group: a timeout kills its children too
        )
    except OSError as exc:
        return "helper_failed", None, (f"{program} cannot be started: {exc}",), facts
    try:
        async with asyncio.timeout(max(0.5, ctx.timeout * 0.6)):
            assert proc.stdin is not None
            try:
                proc.stdin.write(helper_server_url(registry).encode() + b"\n")
                await proc.stdin.drain()
                proc.stdin.close()
            except (BrokenPipeError, ConnectionResetError):
                pass  # the helper exited without reading; its output says why
            out, err = await asyncio.gather(_bounded(proc.stdout), _bounded(proc.stderr))
            code = await proc.wait()
    except (TimeoutError, OSError) as exc:
        if proc.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            await proc.wait()
        why = "timed out" if isinstance(exc, TimeoutError) else str(exc)
        return "helper_failed", None, (f"{program} get: {why}",), facts
    text_out = out.decode("utf-8", "replace")
    secret = ""
    try:
        doc = json.loads(text_out)
        if isinstance(doc, dict):
            secret = str(doc.get("Secret") or "")
            ctx.redactor.add(secret)
    except ValueError:
        doc = None
    if code != 0 or not isinstance(doc, dict):
        ctx.redactor.add(text_out.strip())  # could be a bare secret
        message = (err or out).decode("utf-8", "replace").strip()[:300]
        if "credentials not found" in message.lower() or "no usernames" in message.lower():
            return (
                "missing",
                None,
                (f"{program} has no entry for {helper_server_url(registry)}: {message}",),
                facts,
            )
        return (
            "helper_failed",
            None,
            (f"{program} get exited with {code}: {message or '(no output)'}",),
            facts,
        )
    user = str(doc.get("Username") or "")
    if not secret:
        return "missing", None, (f"{program} returned no secret",), facts
    creds = Creds(identity_token=secret) if user == "<token>" else Creds(user, secret)
    if user and user != "<token>":
        facts["username"] = _printable(user)
    return "present", creds, (f"{program} returned credentials",), facts


async def _bounded(stream: asyncio.StreamReader | None) -> bytes:
    if stream is None:
        return b""
    data = await stream.read(MAX_HELPER_OUTPUT)
    while await stream.read(MAX_HELPER_OUTPUT):
        pass  # drain so the helper can exit; the rest is dropped
    return data


# ------------------------------------------------------------------------ lookup
async def find_credentials(ctx: ProbeContext, registry: str, client_name: str = "") -> Lookup:
    """The credentials the client would send for ``registry``, with where they came from."""
    notes: list[str] = []
    spelled: list[str] = []
    for kind, path in _sources(ctx, client_name):
        doc, error = _read_json(path)
        if error:
            return Lookup(
                "config_invalid",
                f"{path.name} cannot be read: {error.split(': ', 1)[-1]}",
                (error,),
                facts={"config_path": str(path)},
            )
        if doc is None:
            notes.append(f"{path}: does not exist")
            continue
        auths = doc.get("auths")
        if isinstance(auths, dict):
            for entry in auths.values():
                if isinstance(entry, dict):
                    _register(ctx, entry)
        facts = {"config_path": str(path)}
        helpers = doc.get("credHelpers") if isinstance(doc.get("credHelpers"), dict) else {}
        helper = None
        for key, name in helpers.items():  # docker config.json and containers auth.json
            if isinstance(key, str) and normalize_key(key) == registry_key(registry):
                helper, source = _printable(str(name)), "credHelpers"
        store = doc.get("credsStore")
        if kind == "docker" and helper is None and isinstance(store, str) and store:
            helper, source = _printable(store), "credsStore"
        if helper is not None:
            outcome, creds, details, hfacts = await run_helper(ctx, helper, registry)
            facts.update(hfacts, cred_source=source)
            summary = {
                "present": f"credentials for {registry} come from docker-credential-{helper}",
                "missing": f"docker-credential-{helper} has nothing stored for {registry}",
                "helper_missing": f"config.json names docker-credential-{helper}, which is not installed",
                "helper_failed": f"docker-credential-{helper} fails",
            }[outcome]
            return Lookup(outcome, summary, (f"{source} in {path}", *details), creds, facts)
        found = _find_entry(auths, registry)
        if found is None:
            others = _other_spellings(auths, registry)
            note = f"{path}: no entry for {registry}"
            spelled += [o for o in others if o not in spelled]
            if others:
                note += f" (but entries for {', '.join(others)}: credentials are stored per host:port string)"
            notes.append(note)
            continue
        key, entry = found
        creds, why = _entry_creds(entry)
        facts["cred_source"] = "auths"
        if creds is None:
            notes.append(f"{path}: entry {key!r} unusable: {why}")
            continue
        if creds.username:
            facts["username"] = _printable(creds.username)
        what = "an identity token" if creds.identity_token and not creds.password else "a password"
        return Lookup(
            "present",
            f"credentials for {registry} are stored in {path}"
            + (f" (user {creds.username})" if creds.username else ""),
            (f'entry "{key}" holds {what}', *notes),
            creds,
            facts,
        )
    if spelled:
        return Lookup(
            "other_spelling",
            f"no credentials for {registry}, but for {', '.join(spelled[:3])}",
            tuple(notes),
        )
    return Lookup(
        "missing",
        f"no credentials are stored for {registry}",
        tuple(notes),
        facts={"cred_source": "none"},
    )


@probe("auth.credentials")
async def credentials(ctx: ProbeContext, registry: str, client: str = "") -> ProbeResult:
    """Find the credentials the client would send for ``registry``."""
    found = await find_credentials(ctx, registry, client)
    if found.outcome == "unknown":
        return unknown(found.summary, *found.details)
    return result(found.outcome, found.summary, *found.details, facts=found.facts)


# ------------------------------------------------------------------------- check
def jwt_claims(token: str) -> dict[str, object] | None:
    """The payload of a JWT (no signature check), or None when it is not one."""
    parts = token.split(".")
    if len(parts) != 3 or len(token) > 64 << 10:
        return None
    payload = parts[1] + "=" * (-len(parts[1]) % 4)
    try:
        doc = json.loads(base64.urlsafe_b64decode(payload))
    except (binascii.Error, ValueError):
        return None
    return doc if isinstance(doc, dict) else None


def granted_actions(claims: Mapping[str, object], repository: str) -> list[str]:
    """Actions a token's ``access`` claim grants on the repository."""
    actions: list[str] = []
    access = claims.get("access")
    if not isinstance(access, list):
        return actions
    for item in access:
        if (
            isinstance(item, dict)
            and item.get("type") == "repository"
            and item.get("name") in (repository, "*")
            and isinstance(item.get("actions"), list)
        ):
            actions += [str(a) for a in item["actions"] if str(a) not in actions]
    return actions


def basic_header(creds: Creds) -> dict[str, str]:
    """``Authorization: Basic`` for user and password."""
    raw = f"{creds.username}:{creds.password}".encode()
    return {"Authorization": "Basic " + base64.b64encode(raw).decode()}


@dataclass(frozen=True)
class TokenResult:
    """The outcome of a token exchange."""

    outcome: str  # token / rejected / error / refused_to_send
    summary: str
    token: str = ""
    details: tuple[str, ...] = ()


async def exchange_token(
    ctx: ProbeContext,
    registry: str,
    challenge: Challenge,
    scope: str,
    creds: Creds | None,
) -> TokenResult:
    """GET (or POST, with an identity token) the realm for a token with ``scope``."""
    realm = challenge.realm
    try:
        parts = urlsplit(realm)
    except ValueError:
        parts = None
    if not parts or parts.scheme not in ("http", "https") or not parts.hostname:
        return TokenResult("error", f"the token realm {realm!r} is not an http(s) URL")
    if creds is not None and parts.scheme == "http" and not same_host(realm, registry):
        return TokenResult(
            "refused_to_send",
            f"the token realm {realm} is plain HTTP on another host than {registry}",
            details=(
                "The wizard does not send credentials in clear text to another host. Docker "
                "would: anyone on the path could read them. Serve the token realm over HTTPS.",
            ),
        )
    params = (
        {"service": challenge.params.get("service", "")} if challenge.params.get("service") else {}
    )
    if scope:
        params["scope"] = scope
    realm_registry = parts.netloc.rsplit("@", 1)[-1]
    try:
        async with client(ctx, realm_registry) as http:
            if creds is not None and creds.identity_token and not creds.password:
                form = dict(
                    params,
                    grant_type="refresh_token",
                    refresh_token=creds.identity_token,
                    client_id="registry-wizard",
                )
                reply = await fetch(http, "POST", realm, data=form)
            else:
                headers = basic_header(creds) if creds is not None and creds.password else {}
                if creds is not None and creds.username and headers:
                    params["account"] = creds.username
                reply = await fetch(http, "GET", realm, headers=headers, params=params)
    except httpx.TimeoutException as exc:
        return TokenResult(
            "error", f"the token realm {realm} did not answer in time", details=(describe(exc),)
        )
    except httpx.HTTPError as exc:
        why = "is not trusted (TLS)" if is_cert_error(exc) else "cannot be reached"
        return TokenResult("error", f"the token realm {realm} {why}", details=(describe(exc),))
    if 300 <= reply.status < 400:
        return TokenResult(
            "error",
            f"the token realm {realm} redirects ({reply.status}) to {reply.header('location')[:200]}",
            details=(
                "Clients do not carry credentials through redirects; point the realm at the final URL.",
            ),
        )
    if reply.status in (401, 403):
        return TokenResult(
            "rejected",
            f"the token service rejects the credentials ({reply.status})",
            details=(f"body: {reply.text(200)}",),
        )
    if reply.status != 200:
        return TokenResult(
            "error",
            f"the token realm {realm} answers {reply.status}",
            details=(f"body: {reply.text(200)}",),
        )
    try:
        doc = json.loads(reply.body.decode("utf-8", "replace"))
    except ValueError:
        return TokenResult(
            "error",
            f"the token realm {realm} does not answer JSON",
            details=(f"body: {reply.text(120)}",),
        )
    if not isinstance(doc, dict):
        return TokenResult("error", f"the token realm {realm} answers JSON without a token")
    token = doc.get("token") or doc.get("access_token")
    for key in ("token", "access_token", "refresh_token"):
        if isinstance(doc.get(key), str):
            ctx.redactor.add(doc[key])
    if not isinstance(token, str) or not token:
        return TokenResult("error", f"the token realm {realm} answers JSON without a token")
    return TokenResult("token", "the token service issued a token", token)


async def _basic_check(
    ctx: ProbeContext, registry: str, disc: Discovery, creds: Creds | None
) -> ProbeResult:
    facts = {"auth_scheme": "Basic"}
    if creds is None or not creds.password:
        return result(
            "anonymous_denied",
            f"{registry} wants Basic credentials and none are stored",
            facts=facts,
        )
    async with client(ctx, registry) as http:
        try:
            reply = await fetch(
                http, "GET", base_url(registry, disc.scheme) + "/v2/", headers=basic_header(creds)
            )
        except httpx.HTTPError as exc:
            return unknown(f"{registry} did not answer the authenticated /v2/", describe(exc))
    if reply.status == 200:
        return result(
            "push_allowed",
            f"{registry} accepts the stored credentials (Basic)",
            "With Basic auth (htpasswd) the registry gives every valid user the same rights; a "
            "proxy in front may still forbid writes (registry.upload tells).",
            facts=dict(facts, granted="push,pull"),
        )
    if reply.status == 401:
        return result(
            "rejected",
            f"{registry} rejects the stored credentials (401)",
            f"user: {creds.username or '(none)'}",
            facts=facts,
        )
    if reply.status == 403:
        return result(
            "pull_only", f"{registry} knows the user but forbids access (403)", facts=facts
        )
    return unknown(f"{registry} answered {reply.status} to the authenticated /v2/")


async def _bearer_check(
    ctx: ProbeContext,
    registry: str,
    disc: Discovery,
    challenge: Challenge,
    creds: Creds | None,
    repository: str,
) -> ProbeResult:
    facts = {"auth_scheme": "Bearer", "realm": challenge.realm[:500]}
    if creds is not None and creds.registry_token and not creds.password:
        return unknown(
            "the stored credential is a registry token; its grants cannot be read",
        )
    scope = f"repository:{repository}:push,pull" if repository else ""
    tok = await exchange_token(ctx, registry, challenge, scope, creds)
    if tok.outcome == "refused_to_send":
        return unknown(tok.summary, *tok.details)
    if tok.outcome == "error":
        return result("token_service_error", tok.summary, *tok.details, facts=facts)
    if tok.outcome == "rejected":
        if creds is None:
            return result(
                "anonymous_denied",
                f"the token service refuses anonymous access ({registry})",
                *tok.details,
                facts=facts,
            )
        return result("rejected", tok.summary, *tok.details, facts=facts)
    claims = jwt_claims(tok.token)
    if claims is None:
        return await _opaque_token(ctx, registry, disc, tok.token, creds, facts)
    if not repository:
        return unknown("a token was issued; without a repository its grants cannot be checked")
    actions = granted_actions(claims, repository)
    facts["granted"] = ",".join(actions) or "none"
    who = f"user {creds.username}" if creds is not None and creds.username else "anonymous"
    if creds is None:
        return result(
            "anonymous_denied",
            f"no credentials stored: an anonymous token for {repository} grants {facts['granted']}",
            facts=facts,
        )
    if "push" in actions or "*" in actions:
        return result(
            "push_allowed",
            f"{who} may push to {repository} (token grants {facts['granted']})",
            facts=facts,
        )
    return result(
        "pull_only",
        f"{who} is accepted but may not push to {repository} (token grants {facts['granted']})",
        facts=facts,
    )


async def _opaque_token(
    ctx: ProbeContext,
    registry: str,
    disc: Discovery,
    token: str,
    creds: Creds | None,
    facts: dict[str, str],
) -> ProbeResult:
    """A token that is not a JWT: check it opens /v2/; grants stay unknown."""
    async with client(ctx, registry) as http:
        try:
            reply = await fetch(
                http,
                "GET",
                base_url(registry, disc.scheme) + "/v2/",
                headers={"Authorization": f"Bearer {token}"},
            )
        except httpx.HTTPError as exc:
            return unknown(f"{registry} did not answer with the token", describe(exc))
    if reply.status == 401:
        return result("rejected", f"{registry} rejects the issued token", facts=facts)
    if creds is None:
        return result(
            "anonymous_denied", "no credentials stored (anonymous token only)", facts=facts
        )
    return result(
        "unknown",
        "the credentials are accepted; the token is opaque, so push rights cannot be read",
        facts=facts,
    )


@probe("auth.check")
async def check(
    ctx: ProbeContext, registry: str, repository: str = "", client: str = ""
) -> ProbeResult:
    """Try the stored credentials the way the client would."""
    disc = await discover(ctx, registry)
    if disc.reply is None:
        why = "its certificate is not trusted" if disc.cert_error else "it does not answer"
        return unknown(f"cannot check credentials: {why}", disc.https_error, disc.http_error)
    reply = disc.reply
    if reply.status == 200:
        return result("no_auth", f"{registry} answers /v2/ without credentials")
    if reply.status != 401:
        return unknown(f"{registry} answers /v2/ with {reply.status}, not 401")
    challenge = pick_challenge(parse_challenges(reply.header("www-authenticate")))
    if challenge is None:
        return unknown(f"{registry} answers 401 without a WWW-Authenticate challenge")
    found = await find_credentials(ctx, registry, client)
    creds = found.creds if found.outcome == "present" else None
    if found.outcome in ("helper_missing", "helper_failed", "config_invalid"):
        return unknown(f"credentials cannot be read: {found.summary}", *found.details)
    if challenge.scheme == "basic":
        return await _basic_check(ctx, registry, disc, creds)
    if challenge.scheme == "bearer":
        return await _bearer_check(ctx, registry, disc, challenge, creds, repository)
    return unknown(f"{registry} asks for an unsupported auth scheme {challenge.scheme!r}")
