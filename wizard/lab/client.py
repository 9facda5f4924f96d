"""Clients against lab servers: tiny OCI images, real skopeo pushes, hermetic namespaces.

A push runs the real skopeo (containers/image, the same Go code as podman and buildah),
hermetically: ``--insecure-policy`` (no trust policy from the machine), its own authfile
(a missing one means anonymous, G11), a HOME of its own. When a scenario needs private
name resolution, the command runs in a private mount namespace with its own
``/etc/hosts`` and ``/etc/resolv.conf`` bind-mounted (``unshare -m``, needs root), so the
machine's resolver is never asked.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
from dataclasses import dataclass
from pathlib import Path

from wizard.lab.servers import LabError, require

PUSH_TIMEOUT = 60


def make_image(out: Path, extra_bytes: int = 0, tag: str = "latest") -> Path:
    """Write a one-layer OCI image layout under ``out``; random bytes make it unique."""
    blobs = out / "blobs" / "sha256"
    blobs.mkdir(parents=True, exist_ok=True)

    def put(data: bytes) -> str:
        digest = hashlib.sha256(data).hexdigest()
        (blobs / digest).write_bytes(data)
        return "sha256:" + digest

    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tf:
        for name, data in (
            ("hello.txt", b"hello from registry-wizard lab\n"),
            ("random.bin", os.urandom(16 + extra_bytes)),
        ):
            info = tarfile.TarInfo(name)
            info.size, info.mtime, info.mode = len(data), 0, 0o644
            tf.addfile(info, io.BytesIO(data))
    tar = raw.getvalue()
    layer = gzip.compress(tar, mtime=0)
    config = json.dumps(
        {
            "architecture": "amd64",
            "os": "linux",
            "config": {"Cmd": ["/hello.txt"]},
            "rootfs": {"type": "layers", "diff_ids": ["sha256:" + hashlib.sha256(tar).hexdigest()]},
        }
    ).encode()
    manifest = json.dumps(
        {
            "schemaVersion": 2,
            "mediaType": "application/vnd.oci.image.manifest.v1+json",
            "config": {
                "mediaType": "application/vnd.oci.image.config.v1+json",
                "digest": put(config),
                "size": len(config),
            },
            "layers": [
                {
                    "mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
                    "digest": put(layer),
                    "size": len(layer),
                }
            ],
        }
    ).encode()
    digest = put(manifest)
    (out / "oci-layout").write_text(json.dumps({"imageLayoutVersion": "1.0.0"}))
    (out / "index.json").write_text(
        json.dumps(
            {
                "schemaVersion": 2,
                "manifests": [
                    {
                        "mediaType": "application/vnd.oci.image.manifest.v1+json",
                        "digest": digest,
                        "size": len(manifest),
                        "annotations": {"org.opencontainers.image.ref.name": tag},
                    }
                ],
            }
        )
    )
    return out


def push_argv(
    image_dir: Path,
    ref: str,
    *,
    tls_verify: bool = True,
    cert_dir: Path | None = None,
    authfile: Path | None = None,
    timeout: int = 30,
) -> list[str]:
    """The skopeo command that pushes the OCI layout ``image_dir`` to ``docker://ref``."""
    argv = [require("skopeo"), "--insecure-policy", "--command-timeout", f"{timeout}s", "copy"]
    if not tls_verify:
        argv.append("--dest-tls-verify=false")
    if cert_dir is not None:
        argv += ["--dest-cert-dir", str(cert_dir)]
    argv += ["--dest-authfile", str(authfile or image_dir.parent / "no-such-authfile.json")]
    argv += [f"oci:{image_dir}:latest", f"docker://{ref}"]
    return argv


def hermetic_argv(
    argv: list[str], *, hosts: Path | None = None, resolv_conf: Path | None = None
) -> list[str]:
    """Wrap ``argv`` to run in a private mount namespace with its own hosts/resolv.conf."""
    if hosts is None and resolv_conf is None:
        return argv
    if os.geteuid() != 0:
        raise LabError("private name resolution needs root (unshare -m and bind mounts)")
    require("unshare")
    script = 'set -e; [ -n "$1" ] && mount --bind "$1" /etc/hosts; [ -n "$2" ] && mount --bind "$2" /etc/resolv.conf; shift 2; exec "$@"'
    return [
        "unshare",
        "-m",
        "--propagation",
        "private",
        "sh",
        "-c",
        script,
        "sh",
        str(hosts or ""),
        str(resolv_conf or ""),
        *argv,
    ]


@dataclass(frozen=True)
class Ran:
    """A finished command."""

    argv: list[str]
    returncode: int
    stdout: str
    stderr: str

    @property
    def terminal(self) -> str:
        """What a person saw: progress and messages on stdout, then the error on stderr."""
        return (self.stdout + "\n" + self.stderr).strip()


def run(
    argv: list[str],
    *,
    env: dict[str, str] | None = None,
    hosts: Path | None = None,
    resolv_conf: Path | None = None,
    timeout: float = PUSH_TIMEOUT,
    cwd: Path | None = None,
) -> Ran:
    """Run a command (hermetically when hosts/resolv_conf are given), capture its output."""
    full = hermetic_argv(argv, hosts=hosts, resolv_conf=resolv_conf)
    proc = subprocess.run(
        full,
        capture_output=True,
        env={**os.environ, **(env or {})},
        timeout=timeout,
        stdin=subprocess.DEVNULL,
        cwd=cwd,
    )
    return Ran(
        argv,
        proc.returncode,
        proc.stdout.decode("utf-8", "replace"),
        proc.stderr.decode("utf-8", "replace"),
    )


def hosts_file(path: Path, names: dict[str, str]) -> Path:
    """A hosts file: localhost entries plus ``name -> address`` lines."""
    lines = ["127.0.0.1 localhost", "::1 localhost ip6-localhost"]
    lines += [f"{addr} {name}" for name, addr in names.items()]
    path.write_text("\n".join(lines) + "\n")
    return path


def diagnose_argv(
    error_file: Path,
    *,
    registry: str | None,
    image: str | None,
    root: Path | None = None,
    timeout: float = 4.0,
    extra: list[str] | None = None,
) -> list[str]:
    """``registry-wizard diagnose --format json`` for a captured error."""
    argv = [
        sys.executable,
        "-m",
        "wizard",
        "diagnose",
        "--format",
        "json",
        "--error-file",
        str(error_file),
        "--timeout",
        f"{timeout:g}",
    ]
    if registry:
        argv += ["--registry", registry]
    if image:
        argv += ["--image", image]
    if root is not None:
        argv += ["--root", str(root)]
    return argv + list(extra or [])
