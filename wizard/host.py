"""Every path and environment lookup of the local machine, in one overridable place.

Probes never call ``os.environ`` or open ``/etc/...`` directly: they ask a :class:`Host`.
``--root DIR`` (and tests) point every system path under a temporary directory, and the
environment can be replaced as a whole.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Host:
    """The machine as the probes see it.

    Attributes:
        root: prefix for system paths (``/`` normally; a temporary directory in tests).
        env: the environment variables the probes may read.
        home: the user's home directory (for ``~/.docker``, ``~/.config``).
    """

    root: Path = Path("/")
    env: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    home: Path = field(default_factory=Path.home)

    @classmethod
    def from_root(
        cls, root: str | os.PathLike[str] | None, env: Mapping[str, str] | None = None
    ) -> Host:
        """A host whose system paths live under ``root`` (``None`` for the real machine)."""
        environ = dict(os.environ if env is None else env)
        home = Path(environ.get("HOME") or Path.home())
        if root is None:
            return cls(Path("/"), environ, home)
        return cls(Path(root), environ, home)

    def system(self, path: str) -> Path:
        """An absolute system path (``/etc/docker/daemon.json``) under the root."""
        return self.root / path.lstrip("/")

    def getenv(self, name: str, default: str = "") -> str:
        """An environment variable (empty string when unset)."""
        return self.env.get(name, default)

    def getenv_any(self, *names: str) -> tuple[str, str]:
        """The first set variable among ``names`` (Go checks upper then lower case)."""
        for name in names:
            value = self.env.get(name)
            if value:
                return name, value
        return "", ""

    # -- well-known places --------------------------------------------------------
    @property
    def daemon_json(self) -> Path:
        """dockerd's configuration file."""
        return self.system("/etc/docker/daemon.json")

    @property
    def rootless_daemon_json(self) -> Path:
        """Rootless dockerd's configuration file."""
        xdg = self.getenv("XDG_CONFIG_HOME") or str(self.home / ".config")
        return Path(xdg) / "docker" / "daemon.json"

    def docker_certs_dir(self, registry: str) -> Path:
        """``/etc/docker/certs.d/<host:port>``."""
        return self.system("/etc/docker/certs.d") / registry

    def containers_certs_dir(self, registry: str) -> Path:
        """``/etc/containers/certs.d/<host:port>`` (podman, buildah, skopeo)."""
        return self.system("/etc/containers/certs.d") / registry

    @property
    def docker_config_dir(self) -> Path:
        """``$DOCKER_CONFIG`` or ``~/.docker``."""
        value = self.getenv("DOCKER_CONFIG")
        return Path(value) if value else self.home / ".docker"

    @property
    def docker_config(self) -> Path:
        """The docker CLI's ``config.json``."""
        return self.docker_config_dir / "config.json"

    @property
    def systemd_dropins(self) -> Path:
        """``/etc/systemd/system/docker.service.d`` (proxy drop-ins live here)."""
        return self.system("/etc/systemd/system/docker.service.d")

    @property
    def docker_host(self) -> str:
        """``$DOCKER_HOST`` or the default socket under the root."""
        return self.getenv("DOCKER_HOST") or f"unix://{self.system('/var/run/docker.sock')}"

    @property
    def ca_bundle_paths(self) -> list[Path]:
        """System CA bundles, most common first."""
        return [
            self.system("/etc/ssl/certs/ca-certificates.crt"),
            self.system("/etc/pki/tls/certs/ca-bundle.crt"),
            self.system("/etc/ssl/cert.pem"),
        ]

    @property
    def path_dirs(self) -> list[Path]:
        """``$PATH`` entries (for finding ``docker-credential-*`` helpers)."""
        return [Path(p) for p in self.getenv("PATH").split(os.pathsep) if p]

    def which(self, program: str) -> Path | None:
        """The first executable ``program`` on ``$PATH``."""
        for d in self.path_dirs:
            candidate = d / program
            if candidate.is_file() and os.access(candidate, os.X_OK):
                return candidate
        return None
