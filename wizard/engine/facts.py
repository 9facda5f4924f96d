"""Fact names, what a valid value of each looks like, and facts derived from others.

A fact is a named string. Facts come from the paste (matcher), from flags, from answers
and from probes. Values that reach a command are checked here first, so a paste cannot
smuggle ``; rm -rf /`` into a command as a "registry".
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from urllib.parse import urlsplit, urlunsplit

from wizard.engine import reference
from wizard.engine.errors import FactError
from wizard.engine.rx import compile_str

MAX_FACT_LENGTH = 1024

_HOST_RE = rf"(?:{reference.DOMAIN_NAME}|\[[a-fA-F0-9:.]+\])"
_REGISTRY_RE = rf"{_HOST_RE}(?::[0-9]{{1,5}})?"

FACTS: Mapping[str, str] = {
    # what the push was about
    "registry": "registry host[:port] as written in the image reference",
    "host": "registry host name or IP address, without port",
    "port": "registry TCP port",
    "image": "the full image reference that was pushed",
    "image_ref": "the image reference as written in the paste, even when it does not parse",
    "reference_problem": "how an image reference breaks the grammar: empty_part, bad_tag, other",
    "repository": "repository path inside the registry (no host, no tag)",
    "tag": "image tag",
    "digest": "manifest digest",
    "status": "HTTP status code the client reported",
    "method": "HTTP method of the failing request",
    "stage": "push stage that failed: ping, auth, blob-upload, blob-put, manifest",
    "url": "URL the client reported (credentials removed)",
    "client": "which client printed the text: docker, buildkit, podman, skopeo, ...",
    "platform": "where the engine runs: linux, docker-desktop, rootless, podman, kubernetes",
    "mode": "what the wizard was asked to do: verify (replay a solution's checks)",
    # network, TLS
    "addresses": "IP addresses the host resolves to",
    "resolver": "DNS server the client asked",
    "scheme": "scheme the registry answers on: https or http",
    "cert_names": "names and IPs the server certificate is valid for",
    "cert_issuer": "issuer of the server certificate",
    "cert_not_after": "expiry of the server certificate (UTC)",
    "cert_not_before": "start of validity of the server certificate (UTC)",
    "clock_skew": "seconds between this machine's clock and the registry's Date header",
    "ca_file": "CA file found for the registry",
    "certs_dir": "certs.d directory for the registry",
    # auth
    "auth_scheme": "Basic or Bearer, from the WWW-Authenticate challenge",
    "realm": "token service URL or Basic realm",
    "service": "token service name",
    "username": "user name of the stored credentials (never the password)",
    "cred_source": "where credentials come from: auths, credsStore, credHelpers",
    "cred_helper": "name of the credential helper (docker-credential-NAME)",
    "config_path": "path of the client config file that was read",
    "granted": "actions the token grants for the repository",
    "vendor": "registry product recognised from the text: ecr, gcp, acr, ghcr, gitlab, harbor, quay, dockerhub",
    # daemon, proxy
    "daemon_json": "path of daemon.json",
    "json_error": "where daemon.json fails to parse (line and column)",
    "insecure_registries": "insecure-registries from daemon.json",
    "daemon_problem": "what dockerd refuses in daemon.json: syntax, unknown_key, flag_conflict, bad_value",
    "proxy": "proxy URL in use (credentials removed)",
    "no_proxy": "NO_PROXY value in force",
    "proxy_source": "where the proxy setting comes from",
    # server
    "body_limit": "largest request body the server accepted",
    "server": "Server header of the answering HTTP server",
    "storage_error": "storage error the registry reported",
    # replication, git, ci
    "endpoints": "registry endpoints compared for replication",
    "git_remote": "git remote URL (credentials removed)",
    "git_host": "git server host",
    "git_proxy_problem": "what the proxy did to git's request: unreachable, auth, refused",
    "ci_file": "CI configuration file",
    "ci_system": "CI system: github, gitlab",
    "tag_filter": "tag filter of the CI configuration",
    "repo_dir": "path of the git working tree",
}
"""Every fact the tree and the probes may use, with what it means."""


def _plain(value: str) -> str:
    if "\n" in value or "\r" in value or "\x00" in value:
        raise FactError("contains a line break or NUL")
    if len(value) > MAX_FACT_LENGTH:
        raise FactError(f"longer than {MAX_FACT_LENGTH} characters")
    if any(ord(c) < 32 or ord(c) == 127 for c in value):
        raise FactError("contains control characters")
    return value


def _host(value: str) -> str:
    if value.startswith("-") or not compile_str(_HOST_RE).fullmatch(value):
        raise FactError(f"{value!r} is not a host name or IP address")
    if value.startswith("["):
        try:
            ipaddress.IPv6Address(value[1:-1])
        except ValueError as exc:
            raise FactError(f"{value!r} is not an IPv6 address") from exc
    return value


def _registry(value: str) -> str:
    if value.startswith("-") or not compile_str(_REGISTRY_RE).fullmatch(value):
        raise FactError(f"{value!r} is not a registry host[:port]")
    host, port = split_registry(value)
    _host(host)
    if port:
        _port(port)
    return value


def _port(value: str) -> str:
    if not value.isdigit() or not 0 < int(value) < 65536:
        raise FactError(f"{value!r} is not a TCP port")
    return str(int(value))


def _image(value: str) -> str:
    if value.startswith("-"):
        raise FactError(f"{value!r} is not an image reference")
    try:
        reference.parse(value)
    except reference.ReferenceError as exc:
        raise FactError(f"{value!r} is not an image reference: {exc}") from exc
    return value


def _repository(value: str) -> str:
    if not compile_str(reference.PATH).fullmatch(value):
        raise FactError(f"{value!r} is not a repository path")
    return value


def _tag(value: str) -> str:
    if not compile_str(reference.TAG).fullmatch(value):
        raise FactError(f"{value!r} is not a tag")
    return value


def _status(value: str) -> str:
    if not (len(value) == 3 and value.isdigit()):
        raise FactError(f"{value!r} is not an HTTP status")
    return value


def _url(value: str) -> str:
    return strip_userinfo(_plain(value))


VALIDATORS = {
    "registry": _registry,
    "host": _host,
    "port": _port,
    "image": _image,
    "repository": _repository,
    "tag": _tag,
    "status": _status,
    "url": _url,
    "proxy": _url,
    "git_remote": _url,
    "realm": _url,
}


def validate(name: str, value: str) -> str:
    """The normalised value, or :class:`FactError` saying why it cannot be a ``name``."""
    if not isinstance(value, str):
        raise FactError(f"{name}: expected text")
    value = _plain(value.strip())
    if not value:
        raise FactError(f"{name}: empty")
    check = VALIDATORS.get(name)
    try:
        return check(value) if check else value
    except FactError as exc:
        raise FactError(f"{name}: {exc}") from None


def strip_userinfo(url: str) -> str:
    """Remove ``user:password@`` from a URL (a proxy URL may carry credentials)."""
    if "@" not in url:
        return url
    try:
        parts = urlsplit(url)
    except ValueError:
        return url.rsplit("@", 1)[-1]
    if not parts.netloc or "@" not in parts.netloc:
        return url
    host = parts.netloc.rsplit("@", 1)[1]
    return urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))


def split_registry(registry: str) -> tuple[str, str]:
    """``host:port`` -> (host, port); port is "" when absent. Handles ``[::1]:5000``."""
    if registry.startswith("["):
        host, _, rest = registry.partition("]")
        return host + "]", rest[1:] if rest.startswith(":") else ""
    host, sep, port = registry.rpartition(":")
    if sep and port.isdigit():
        return host, port
    return registry, ""


def derive(facts: Mapping[str, str]) -> dict[str, str]:
    """Facts that follow from others, for names not already known.

    ``image`` gives ``registry``, ``repository``, ``tag``, ``digest``; ``registry``
    gives ``host`` and ``port``.
    """
    out: dict[str, str] = {}
    image = facts.get("image")
    if image:
        try:
            ref = reference.parse(image)
        except reference.ReferenceError:
            ref = None
        if ref is not None:
            out.setdefault("registry", ref.domain)
            out.setdefault("repository", ref.path)
            if ref.tag:
                out.setdefault("tag", ref.tag)
            if ref.digest:
                out.setdefault("digest", ref.digest)
    registry = facts.get("registry") or out.get("registry")
    if registry:
        host, port = split_registry(registry)
        out.setdefault("host", host)
        if port:
            out.setdefault("port", port)
    return {k: v for k, v in out.items() if k not in facts}


def merge(facts: Mapping[str, str], new: Mapping[str, str]) -> dict[str, str]:
    """``facts`` updated with the valid values of ``new``, plus what follows from them.

    Invalid values in ``new`` are dropped silently: a paste or a server is not trusted
    to provide well-formed facts. Use :func:`validate` to reject flag values loudly.
    """
    out = dict(facts)
    for name, value in new.items():
        try:
            out[name] = validate(name, value)
        except FactError:
            continue
    # a new registry invalidates host/port derived from an old one
    if "registry" in new and "registry" in out:
        host, port = split_registry(out["registry"])
        out["host"] = host
        if port:
            out["port"] = port
        else:
            out.pop("port", None)
    out.update(derive(out))
    return out
