"""The TLS trust a container client has for one registry, as an ``ssl.SSLContext``.

Clients trust the system CA store plus the registry's own ``certs.d/<host:port>/``
directory: ``*.crt`` files are CA roots, a ``*.cert`` + ``*.key`` pair is a client
certificate (docker and containers/image use the same rules). Every path goes through
:class:`~wizard.host.Host`, so ``--root`` and tests point them elsewhere.
"""

from __future__ import annotations

import ssl
from pathlib import Path

from wizard.host import Host


def certs_dirs(host: Host, registry: str) -> list[Path]:
    """The certs.d directories that exist for ``registry`` (system ones, then rootless)."""
    xdg = Path(host.getenv("XDG_CONFIG_HOME") or host.home / ".config")
    dirs = [
        host.docker_certs_dir(registry),
        host.containers_certs_dir(registry),
        xdg / "containers" / "certs.d" / registry,  # rootless podman, buildah, skopeo
        xdg / "docker" / "certs.d" / registry,  # rootless dockerd
    ]
    return [d for d in dirs if d.is_dir()]


def trust_context(host: Host, registry: str, *, verify: bool = True) -> ssl.SSLContext:
    """An ``SSLContext`` trusting what the client trusts for ``registry``.

    Args:
        host: the machine (system CA bundles and certs.d under its root).
        registry: ``host[:port]`` exactly as in the image reference.
        verify: False for a context that checks nothing (reading a Date header only).
    """
    ctx = ssl.create_default_context(ssl.Purpose.SERVER_AUTH, cafile=None)
    if not verify:
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        return ctx
    if str(host.root) == "/":
        ctx.load_default_certs()
    else:
        for bundle in host.ca_bundle_paths:
            if bundle.is_file():
                _load_ca(ctx, bundle)
                break
    for directory in certs_dirs(host, registry):
        for entry in sorted(directory.iterdir()):
            if entry.suffix == ".crt" and entry.is_file():
                _load_ca(ctx, entry)
            elif entry.suffix == ".cert" and entry.with_suffix(".key").is_file():
                try:
                    ctx.load_cert_chain(entry, entry.with_suffix(".key"))
                except (ssl.SSLError, OSError):
                    pass  # the TLS probe reports broken client certificates
    return ctx


def _load_ca(ctx: ssl.SSLContext, path: Path) -> None:
    try:
        ctx.load_verify_locations(cafile=str(path))
    except (ssl.SSLError, OSError, ValueError):
        pass  # an unreadable CA file simply adds no trust, as for the clients
