"""Probe ``certs.dir``: the certs.d directories for a registry, with the clients' file rules.

dockerd reads ``/etc/docker/certs.d/<registry>/``; podman, buildah and skopeo
(containers/image) read ``/etc/containers/certs.d/<registry>/`` and, rootless,
``~/.config/containers/certs.d/<registry>/``; rootless dockerd reads
``~/.config/docker/certs.d/<registry>/``. ``<registry>`` is the host[:port] exactly as
written in the image reference. In each directory: ``*.crt`` files are CA roots,
``*.cert`` + ``*.key`` pairs are client certificates, and a ``*.cert`` without its
``*.key`` is an error ("missing key ca.key for client certificate ca.cert").
"""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass, field
from pathlib import Path

from wizard.engine.facts import split_registry
from wizard.engine.model import ProbeResult
from wizard.probes.base import ProbeContext, probe, result, unknown

MAX_ENTRIES = 2000
"""Directory entries looked at, at most, per certs.d tree."""


@dataclass
class CertsDir:
    """What one ``certs.d/<registry>`` directory holds."""

    path: Path
    cas: list[Path] = field(default_factory=list)
    client_pairs: list[tuple[Path, Path]] = field(default_factory=list)
    lone_certs: list[Path] = field(default_factory=list)
    unreadable: bool = False


DOCKER_CLIENTS = {"docker"}
CONTAINERS_CLIENTS = {"podman", "skopeo", "buildah"}


def certs_roots(ctx: ProbeContext, client: str = "") -> list[Path]:
    """The certs.d trees ``client`` reads (every tree when the client is not known)."""
    xdg = ctx.host.getenv("XDG_CONFIG_HOME") or str(ctx.host.home / ".config")
    docker = [ctx.host.system("/etc/docker/certs.d"), Path(xdg) / "docker" / "certs.d"]
    containers = [ctx.host.system("/etc/containers/certs.d"), Path(xdg) / "containers" / "certs.d"]
    if client in DOCKER_CLIENTS:
        return docker
    if client in CONTAINERS_CLIENTS:
        return containers
    return [docker[0], containers[0], containers[1], docker[1]]


def read_dir(path: Path) -> CertsDir | None:
    """The contents of one certs.d directory (``None`` when it does not exist)."""
    if not path.is_dir():
        return None
    found = CertsDir(path)
    try:
        names = sorted(os.listdir(path))[:MAX_ENTRIES]
    except OSError:
        found.unreadable = True
        return found
    for name in names:
        full = path / name
        if name.endswith(".crt"):
            found.cas.append(full)
        elif name.endswith(".cert"):
            key = path / (name[: -len(".cert")] + ".key")
            if key.exists():
                found.client_pairs.append((full, key))
            else:
                found.lone_certs.append(full)
    return found


def dirs_for(ctx: ProbeContext, registry: str, client: str = "") -> list[CertsDir]:
    """Every existing certs.d directory ``client`` reads for ``registry`` (exact spelling)."""
    if not registry or "/" in registry or registry in {".", ".."}:
        return []
    out = []
    for root in certs_roots(ctx, client):
        got = read_dir(root / registry)
        if got is not None:
            out.append(got)
    return out


def _loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def same_registry(a: str, b: str) -> bool:
    """Whether two spellings may mean the same registry (for the ``wrong_key`` hint)."""
    if a == b:
        return False
    ha, pa = split_registry(a)
    hb, pb = split_registry(b)
    pa, pb = pa or "443", pb or "443"
    if pa != pb and not (ha.lower() == hb.lower()):
        return False
    if ha.lower() == hb.lower():
        return True  # same host, other or missing port
    return pa == pb and _loopback(ha) and _loopback(hb)


def other_spellings(ctx: ProbeContext, registry: str, client: str = "") -> list[Path]:
    """certs.d directories that exist for another spelling of ``registry``."""
    out = []
    for root in certs_roots(ctx, client):
        try:
            names = sorted(os.listdir(root))[:MAX_ENTRIES]
        except OSError:
            continue
        out.extend(root / n for n in names if same_registry(registry, n) and (root / n).is_dir())
    return out


@probe("certs.dir")
async def certs_dir(ctx: ProbeContext, registry: str, client: str = "") -> ProbeResult:
    """ca_present / ca_misnamed / wrong_key / other_engine / missing for ``registry``.

    With ``client`` (docker; podman, skopeo, buildah) only the trees that client reads
    count, and a CA found only in the other engine's tree is ``other_engine``.
    """
    if "/" in registry:
        return unknown(f"{registry!r} is not a registry host[:port]")
    found = dirs_for(ctx, registry, client)
    details = []
    for d in found:
        details.append(
            f"{d.path}: {len(d.cas)} CA file(s) (*.crt), {len(d.client_pairs)} client "
            f"pair(s) (*.cert + *.key), {len(d.lone_certs)} *.cert without *.key"
        )
    misnamed = [c for d in found for c in d.lone_certs]
    if misnamed:
        first = misnamed[0]
        key = first.name[: -len(".cert")] + ".key"
        return result(
            "ca_misnamed",
            f"{first} has no {key}: clients read *.cert as a client certificate, a CA must "
            "end in .crt",
            *details,
            facts={"certs_dir": str(first.parent), "ca_file": str(first)},
        )
    cas = [c for d in found for c in d.cas]
    if cas:
        return result(
            "ca_present",
            f"CA file {cas[0]} is in place for {registry}",
            *details,
            facts={"certs_dir": str(cas[0].parent), "ca_file": str(cas[0])},
        )
    if any(d.unreadable for d in found):
        return unknown(f"cannot read the certs.d directory for {registry}", *details)
    if client in DOCKER_CLIENTS | CONTAINERS_CLIENTS:
        elsewhere = [c for d in dirs_for(ctx, registry) for c in d.cas]
        if elsewhere:
            reads = ", ".join(str(r) for r in certs_roots(ctx, client))
            return result(
                "other_engine",
                f"the CA for {registry} is in {elsewhere[0].parent}, which {client} does not "
                f"read (it reads {reads})",
                *details,
                facts={"certs_dir": str(elsewhere[0].parent), "ca_file": str(elsewhere[0])},
            )
    others = other_spellings(ctx, registry, client)
    if others:
        return result(
            "wrong_key",
            f"certs.d has {others[0].name} but the image reference says {registry}: the "
            "directory name must be the registry exactly as written",
            *details,
            *(f"found: {p}" for p in others),
            facts={"certs_dir": str(others[0])},
        )
    where = ", ".join(str(r / registry) for r in certs_roots(ctx, client)[:2])
    summary = f"no CA for {registry} in certs.d ({where})"
    if found:
        summary = f"certs.d directory for {registry} exists but holds no *.crt CA file"
    return result(
        "missing",
        summary,
        *details,
        facts={"certs_dir": str(found[0].path)} if found else {},
    )
