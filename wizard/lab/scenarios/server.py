"""Server-side scenarios: read-only mode, unwritable storage, and nginx in front.

The registries speak plain HTTP on loopback and the push uses ``--dest-tls-verify=false``;
nginx blocks are the real-infra.md scenario 9 configurations (body limit, writes
forbidden, dead upstream).
"""

from __future__ import annotations

import os
from pathlib import Path

from wizard.lab.scenarios import Setup, push, scenario
from wizard.lab.scenarios.auth import client_env
from wizard.lab.servers import Lab, LabError

PROXY_HEADERS = (
    "proxy_set_header Host $http_host; proxy_set_header X-Forwarded-Proto $scheme; "
    "proxy_request_buffering off;"
)


def _plain_setup(lab: Lab, registry: str, *, extra_bytes: int = 0) -> Setup:
    """A push of lab/hello:v1 to a plain-HTTP ``registry`` with an empty client config."""
    env, config = client_env(lab)
    ref = f"{registry}/lab/hello:v1"
    return Setup(
        registry,
        ref,
        push(lab, ref, tls_verify=False, authfile=config, extra_bytes=extra_bytes),
        env=env,
        push_shell=f"skopeo copy --dest-tls-verify=false oci:IMAGE docker://{ref}",
    )


@scenario(
    "server-read-only",
    category="server.storage",
    title="The registry is in read-only maintenance mode",
    broken="storage.maintenance.readonly.enabled is true: reads work, every write gets 405.",
    hint="Switch read-only mode off in the registry's config.yml and restart it.",
)
def read_only(lab: Lab) -> Setup:
    reg = lab.registry(readonly=True)
    return _plain_setup(lab, reg.hostport)


@scenario(
    "server-storage-unwritable",
    category="server.storage",
    title="The registry cannot write its storage directory",
    broken="The registry runs as nobody; its rootdirectory belongs to root (0755).",
    hint="Read the registry log (or allow the write probe) for the errno, then chown the "
    "storage to the registry's user.",
)
def storage_unwritable(lab: Lab) -> Setup:
    if os.geteuid() != 0:
        raise LabError("this scenario runs the registry as nobody: it needs root")
    data = lab.path("rootdata")
    data.chmod(0o755)  # root-owned, not writable by nobody
    reg = lab.registry(as_user="nobody", data_dir=data)
    return _plain_setup(lab, reg.hostport)


@scenario(
    "server-nginx-body-limit",
    category="server.body_too_large",
    title="nginx in front rejects layers over 1 KiB",
    broken="nginx proxies /v2/ with client_max_body_size 1k.",
    hint="Set client_max_body_size 0 (and proxy_request_buffering off) for /v2/.",
)
def nginx_body_limit(lab: Lab) -> Setup:
    upstream = lab.registry()
    ng = lab.nginx(
        [
            "server { listen {listen}; client_max_body_size 1k; "
            f"location /v2/ {{ {PROXY_HEADERS} proxy_pass {upstream.url}; }} }}"
        ]
    )
    registry = f"127.0.0.1:{ng.ports[0]}"
    return _plain_setup(lab, registry, extra_bytes=64 << 10)


@scenario(
    "server-nginx-writes-forbidden",
    category="auth.permission_denied",
    title="nginx in front forbids every write",
    broken="nginx returns 403 for anything but GET and HEAD on /v2/.",
    hint="The registry is fine: change the proxy's access rules for the write methods.",
)
def nginx_writes_forbidden(lab: Lab) -> Setup:
    upstream = lab.registry()
    ng = lab.nginx(
        [
            "server { listen {listen}; client_max_body_size 0; location /v2/ { "
            "if ($request_method !~ ^(GET|HEAD)$) { return 403; } "
            f"{PROXY_HEADERS} proxy_pass {upstream.url}; }} }}"
        ]
    )
    registry = f"127.0.0.1:{ng.ports[0]}"
    return _plain_setup(lab, registry)


@scenario(
    "server-nginx-dead-upstream",
    category="server.error",
    title="nginx in front, the registry behind it is down",
    broken="nginx proxies /v2/ to a port where nothing listens: every request gets 502.",
    hint="Start the registry (or fix proxy_pass) and read nginx's error.log.",
)
def nginx_dead_upstream(lab: Lab) -> Setup:
    dead = _dead_port()
    ng = lab.nginx(
        [
            "server { listen {listen}; location /v2/ { "
            f"{PROXY_HEADERS} proxy_pass http://127.0.0.1:{dead}; }} }}"
        ]
    )
    registry = f"127.0.0.1:{ng.ports[0]}"
    return _plain_setup(lab, registry)


def _dead_port() -> int:
    from wizard.lab.servers import free_port

    return free_port()  # nothing listens there once the probe socket is closed


@scenario(
    "server-nginx-tls-no-forwarded-proto",
    category="server.error",
    title="nginx ends TLS but does not tell the registry the scheme",
    broken="nginx terminates TLS and proxies to a plain registry, replacing the inherited "
    "X-Forwarded-Proto: upload URLs come back as http:// to the TLS port.",
    hint="Pass proxy_set_header X-Forwarded-Proto $scheme (and Host) in the /v2/ location.",
)
def nginx_tls_no_forwarded_proto(lab: Lab) -> Setup:
    upstream = lab.registry()
    good = lab.certs.good
    ng = lab.nginx(
        [
            "server { listen {listen} ssl; "
            f"ssl_certificate {good.crt}; ssl_certificate_key {good.key}; "
            "client_max_body_size 0; location /v2/ { proxy_set_header Host $http_host; "
            f"proxy_pass {upstream.url}; }} }}"
        ]
    )
    registry = f"localhost:{ng.ports[0]}"
    cert_dir = lab.path("certdir")
    (cert_dir / "ca.crt").write_bytes(Path(lab.certs.ca.crt).read_bytes())
    root = lab.path("root")
    trusted = root / "etc/containers/certs.d" / registry
    trusted.mkdir(parents=True)
    (trusted / "ca.crt").write_bytes(Path(lab.certs.ca.crt).read_bytes())
    env, config = client_env(lab)
    ref = f"{registry}/lab/hello:v1"
    argv = push(lab, ref, cert_dir=cert_dir, authfile=config, extra_bytes=64 << 10)
    return Setup(
        registry,
        ref,
        argv,
        env=env,
        root=root,
        push_shell=f"skopeo copy --dest-cert-dir CERTDIR oci:IMAGE docker://{ref}",
    )
