"""The catalogue of probes: names, arguments, outcomes, facts they provide.

This is the contract between the tree (which names probes and branches on outcomes) and
:mod:`wizard.probes` (which implements them). The validator checks every probe node
against it, and a test checks that every spec has an implementation and vice versa.

Every probe has the outcome ``unknown``: it could not tell (no daemon, no permission,
timed out before an answer, a fact it needs is missing). A tree branch must handle it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType


@dataclass(frozen=True)
class ProbeSpec:
    """What a probe takes, what it can conclude and what facts it may learn."""

    name: str
    doc: str
    args: tuple[str, ...]
    optional: tuple[str, ...]
    outcomes: tuple[str, ...]
    provides: tuple[str, ...] = ()
    writes: bool = False
    outcome_docs: Mapping[str, str] = field(default_factory=dict)


def _spec(
    name: str,
    doc: str,
    args: tuple[str, ...],
    outcomes: dict[str, str],
    *,
    optional: tuple[str, ...] = (),
    provides: tuple[str, ...] = (),
    writes: bool = False,
) -> ProbeSpec:
    docs = dict(outcomes)
    docs.setdefault("unknown", "the probe could not tell")
    return ProbeSpec(
        name=name,
        doc=doc,
        args=args,
        optional=optional,
        outcomes=tuple(docs),
        provides=provides,
        writes=writes,
        outcome_docs=MappingProxyType(docs),
    )


SPECS: Mapping[str, ProbeSpec] = MappingProxyType(
    {
        s.name: s
        for s in (
            _spec(
                "dns.resolve",
                "Resolve the registry host name the way the client would.",
                ("host",),
                {
                    "resolved": "the name resolves",
                    "nxdomain": "the name does not exist (no such host)",
                    "literal": "the host is an IP address; nothing to resolve",
                },
                provides=("addresses", "resolver"),
            ),
            _spec(
                "tcp.connect",
                "Open a TCP connection to the registry port.",
                ("host",),
                {
                    "open": "something accepts connections",
                    "refused": "nothing listens there (connection refused)",
                    "timeout": "no answer at all: packets are dropped",
                    "unreachable": "no route to the host or network",
                },
                optional=("port", "registry"),
                provides=("port",),
            ),
            _spec(
                "tls.inspect",
                "Speak TLS to the registry port; read the chain, names, dates; check trust "
                "against the system store and certs.d.",
                ("host",),
                {
                    "ok": "TLS works and the certificate is trusted and valid for the name",
                    "plain_http": "the port answers plain HTTP, not TLS",
                    "untrusted": "the certificate chain is not trusted by this machine",
                    "name_mismatch": "the certificate does not cover the name or IP used",
                    "expired": "the certificate has expired",
                    "not_yet_valid": "the certificate is not valid yet (or the clock is behind)",
                    "client_cert_required": "the server asks for a client certificate",
                    "handshake_failed": "the TLS handshake fails for another reason",
                    "no_connection": "no TCP connection could be made",
                    "no_answer": "TCP connects but nothing answers the TLS handshake in time",
                },
                optional=("port", "registry"),
                provides=(
                    "cert_names",
                    "cert_issuer",
                    "cert_not_after",
                    "cert_not_before",
                    "ca_file",
                    "port",
                ),
            ),
            _spec(
                "certs.dir",
                "Look at <root>/etc/docker/certs.d/<host:port>/ and "
                "<root>/etc/containers/certs.d/<host:port>/ with the clients' file rules.",
                ("registry",),
                {
                    "ca_present": "a *.crt CA file is there",
                    "ca_misnamed": "a CA was saved as *.cert (clients read it as a client certificate)",
                    "wrong_key": "a certs.d directory exists for another spelling of the registry",
                    "missing": "no certs.d directory or CA for this registry",
                    "other_engine": "the CA is only in the certs.d of another engine (docker vs "
                    "podman/skopeo), which the named client does not read",
                },
                optional=("client",),
                provides=("certs_dir", "ca_file"),
            ),
            _spec(
                "registry.ping",
                "GET /v2/ (HTTPS first, then HTTP) and read the API version and the auth challenge.",
                ("registry",),
                {
                    "ok": "the registry API answers 200 without credentials (over HTTPS)",
                    "auth_basic": "401 with a Basic challenge (over HTTPS)",
                    "auth_bearer": "401 with a Bearer (token) challenge (over HTTPS)",
                    "plain_http_only": "only plain HTTP answers (HTTPS does not); the plain-HTTP "
                    "answer is a working registry (200 or 401; facts status, auth_scheme)",
                    "tls_error": "HTTPS fails with a certificate or handshake error",
                    "forbidden": "403 before any credentials (over HTTPS or plain HTTP)",
                    "bad_gateway": "502, 503 or 504 from a reverse proxy (over HTTPS or plain HTTP)",
                    "server_error": "another 5xx (over HTTPS or plain HTTP)",
                    "not_registry": "an HTTP server that is not a registry API",
                    "no_connection": "no connection (refused, unreachable, no such host)",
                    "timeout": "connected but no answer in time",
                },
                provides=(
                    "scheme",
                    "auth_scheme",
                    "realm",
                    "service",
                    "server",
                    "clock_skew",
                    "status",
                ),
            ),
            _spec(
                "auth.credentials",
                "Find the credentials the client would send for the registry: DOCKER_CONFIG or "
                "~/.docker/config.json auths, credsStore, credHelpers (through the real helper).",
                ("registry",),
                {
                    "present": "credentials are stored for this registry",
                    "missing": "nothing is stored for this registry",
                    "other_spelling": "nothing for this exact host:port, but credentials for "
                    "another spelling of the same host (localhost vs 127.0.0.1, another port)",
                    "helper_missing": "the configured docker-credential-* helper is not installed",
                    "helper_failed": "the helper exists but fails or has no entry",
                    "config_invalid": "the client config file is not valid JSON",
                },
                optional=("client",),
                provides=("cred_source", "cred_helper", "config_path", "username"),
            ),
            _spec(
                "auth.check",
                "Try the stored credentials: Basic against /v2/, or the Bearer token exchange for "
                "repository:<name>:push,pull and the actions the token grants.",
                ("registry",),
                {
                    "push_allowed": "credentials work and push is granted",
                    "pull_only": "credentials work but only pull is granted",
                    "rejected": "the registry or token service rejects the credentials",
                    "anonymous_denied": "no credentials stored and the registry needs them",
                    "no_auth": "the registry needs no authentication",
                    "token_service_error": "the token realm is unreachable, untrusted or broken",
                },
                optional=("repository", "client"),
                provides=("granted", "realm", "auth_scheme"),
            ),
            _spec(
                "registry.upload",
                "WRITE PROBE: start a blob upload (POST /v2/<repo>/blobs/uploads/), optionally "
                "send a chunk, then cancel it. Runs only with the user's consent.",
                ("registry", "repository"),
                {
                    "accepted": "the registry accepts uploads",
                    "unauthorized": "401: credentials needed or rejected",
                    "denied": "403: the account or a proxy forbids writing",
                    "read_only": "405: the registry is in read-only mode",
                    "storage_error": "500: the storage backend failed",
                    "body_too_large": "413: a proxy rejects the request body",
                    "server_error": "another error from the server",
                    "not_permitted": "write probes are not allowed in this run",
                },
                optional=("size",),
                provides=("storage_error", "body_limit", "status", "method"),
                writes=True,
            ),
            _spec(
                "daemon.config",
                "Read the daemon.json dockerd uses (<root>/etc/docker/daemon.json, the rootless "
                "~/.config/docker/daemon.json, or the unit's --config-file): JSON syntax with line "
                "and column in dockerd's words, unknown keys, keys also given as a flag, bad "
                "values; then compare insecure-registries, mirrors and proxies with the running "
                "daemon's GET /info on the DOCKER_HOST unix socket.",
                (),
                {
                    "ok": "daemon.json is valid and matches the running daemon (or no daemon to compare)",
                    "missing": "there is no daemon.json",
                    "invalid": "daemon.json is not valid JSON or has unknown or conflicting keys",
                    "not_loaded": "daemon.json differs from what the running daemon uses",
                },
                optional=("registry",),
                provides=("daemon_json", "json_error", "insecure_registries", "daemon_problem"),
            ),
            _spec(
                "daemon.insecure",
                "Is the registry in insecure-registries, in daemon.json and in the running daemon?",
                ("registry",),
                {
                    "listed": "configured and loaded",
                    "listed_not_loaded": "in daemon.json but the running daemon does not have it",
                    "not_listed": "not configured",
                    "config_invalid": "daemon.json cannot be read",
                },
                provides=("insecure_registries", "daemon_json"),
            ),
            _spec(
                "daemon.running",
                "Is the container engine reachable on its socket (DOCKER_HOST)?",
                (),
                {
                    "running": "the engine answers",
                    "not_running": "no socket or nothing answers on it",
                    "no_permission": "the socket exists but this user may not use it",
                },
                provides=("platform",),
            ),
            _spec(
                "proxy.settings",
                "Which proxy the client and the daemon use for the registry (environment, "
                "daemon.json proxies, systemd drop-ins, ~/.docker/config.json), with Go's NO_PROXY rules.",
                ("host",),
                {
                    "direct": "no proxy is configured",
                    "proxied": "requests to the registry go through a proxy",
                    "bypassed": "a proxy is configured but NO_PROXY covers the registry",
                    "not_in_daemon": "the shell has a proxy for the registry but dockerd, "
                    "which does the push, has none",
                },
                optional=("port", "client", "registry"),
                provides=("proxy", "no_proxy", "proxy_source"),
            ),
            _spec(
                "proxy.reachable",
                "Connect to the proxy and ask it to CONNECT to the registry.",
                ("proxy", "host"),
                {
                    "ok": "the proxy tunnels to the registry",
                    "refused": "nothing listens at the proxy address",
                    "timeout": "the proxy does not answer",
                    "auth_required": "the proxy wants credentials (407)",
                    "forbidden": "the proxy refuses the tunnel (403, port not allowed)",
                    "bad_gateway": "the proxy cannot reach the registry",
                    "not_tls": "the proxy URL says https:// but the proxy does not speak TLS",
                },
                optional=("port", "registry"),
            ),
            _spec(
                "reference.parse",
                "Check the image reference against the reference grammar (``image``, or the "
                "raw ``image_ref`` from the paste when it does not parse).",
                (),
                {
                    "valid": "the reference is valid and names a registry",
                    "uppercase": "the repository has uppercase letters",
                    "invalid": "the reference breaks the grammar (fact reference_problem says "
                    "how: empty_part, bad_tag or other)",
                    "docker_hub": "no registry host: the push goes to Docker Hub",
                },
                optional=("image", "image_ref"),
                provides=("registry", "repository", "tag", "reference_problem"),
            ),
            _spec(
                "clock.skew",
                "Compare this machine's clock with the registry's Date header.",
                ("registry",),
                {
                    "ok": "clocks agree within a minute",
                    "skewed": "clocks differ by more than a minute",
                },
                provides=("clock_skew",),
            ),
            _spec(
                "replication.compare",
                "HEAD the tag's manifest on every endpoint (comma-separated host:port list) at "
                "once, with the client's TLS trust and credentials, and compare "
                "Docker-Content-Digest.",
                ("image", "endpoints"),
                {
                    "consistent": "every endpoint has the same digest",
                    "diverged": "endpoints answer different digests",
                    "missing_on_some": "some endpoints do not have the tag yet",
                },
                provides=("digest",),
            ),
            _spec(
                "git.remote",
                "Read the push remote of the working tree at repo_dir (default: the current "
                "directory) and the proxy git uses for it (http.<url>.proxy, http.proxy, curl's "
                "environment variables, no_proxy); credentials in URLs are redacted.",
                (),
                {
                    "https": "the remote is HTTPS",
                    "https_proxied": "the remote is HTTPS and git uses a proxy for it",
                    "ssh": "the remote uses SSH",
                    "no_repo": "not a git working tree",
                },
                optional=("repo_dir",),
                provides=("git_remote", "git_host", "proxy"),
            ),
            _spec(
                "ci.tag_filter",
                "Evaluate the tag filters of .github/workflows/*.yml (GitHub glob semantics) and "
                ".gitlab-ci.yml (rules, only/except) for the pushed tag (default: the "
                "repository's newest tag).",
                (),
                {
                    "matches": "the tag matches a filter: the pipeline should run",
                    "no_match": "no filter matches the tag: the pipeline will not run",
                    "no_filter": "the configuration runs on every tag",
                    "no_config": "no CI configuration found",
                },
                optional=("repo_dir", "tag"),
                provides=("ci_file", "ci_system", "tag_filter"),
            ),
        )
    }
)
"""Every probe, by name."""
