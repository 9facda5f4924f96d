"""The catalogue of broken setups, shared by ``registry-wizard lab`` and the integration tests.

A scenario starts real servers in a :class:`~wizard.lab.servers.Lab` and returns a
:class:`Setup`: the failing push command and what ``diagnose`` is given (the registry, the
image, machine files under ``root``, environment). :func:`reproduce` runs the push, and
:func:`diagnose` feeds what the client really printed to ``registry-wizard diagnose``.

Register a scenario in the module of its area (``scenarios/tls.py`` ...)::

    @scenario("tls-plain-http", category="tls.http_registry", title=..., broken=..., hint=...)
    def plain_http(lab: Lab) -> Setup: ...
"""

from __future__ import annotations

import importlib
import json
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from wizard.lab.client import Ran, diagnose_argv, make_image, push_argv, run
from wizard.lab.servers import Lab


@dataclass
class Setup:
    """What a scenario's setup returns.

    Attributes:
        registry: the registry as the client addressed it (``host:port``).
        image: the full reference pushed.
        push: the failing command's argv (usually a skopeo push from :func:`push`).
        env: environment for the push and for diagnose (DOCKER_CONFIG, HTTPS_PROXY, ...).
        root: directory given to ``diagnose --root`` (machine files: daemon.json, certs.d).
        hosts: private /etc/hosts for push and diagnose (names -> 127.0.0.1).
        resolv_conf: private /etc/resolv.conf (an NXDOMAIN responder on 127.0.0.1).
        diagnose_args: extra diagnose arguments (never --answer).
        timeout: diagnose's --timeout.
        push_shell: the push command as a person would type it (for the lab).
    """

    registry: str
    image: str
    push: list[str]
    env: dict[str, str] = field(default_factory=dict)
    root: Path | None = None
    hosts: Path | None = None
    resolv_conf: Path | None = None
    diagnose_args: list[str] = field(default_factory=list)
    timeout: float = 4.0
    push_shell: str = ""


@dataclass(frozen=True)
class Scenario:
    """A broken setup and the diagnosis it must get."""

    name: str
    title: str
    category: str
    broken: str
    hint: str
    setup: Callable[[Lab], Setup]
    area: str = ""


SCENARIOS: dict[str, Scenario] = {}
"""Every registered scenario, by name."""


def scenario(
    name: str, *, category: str, title: str, broken: str, hint: str
) -> Callable[[Callable[[Lab], Setup]], Callable[[Lab], Setup]]:
    """Register a scenario setup function."""

    def register(fn: Callable[[Lab], Setup]) -> Callable[[Lab], Setup]:
        if name in SCENARIOS:
            raise ValueError(f"scenario {name!r} registered twice")
        area = fn.__module__.rsplit(".", 1)[-1]
        SCENARIOS[name] = Scenario(name, title, category, broken, hint, fn, area)
        return fn

    return register


def load_all() -> dict[str, Scenario]:
    """Import every scenario module; returns the catalogue."""
    import wizard.lab.scenarios as package

    for info in pkgutil.iter_modules(package.__path__):
        if not info.name.startswith("_"):
            importlib.import_module(f"wizard.lab.scenarios.{info.name}")
    return SCENARIOS


def labs_for(category: str, name: str = "") -> list[Scenario]:
    """The labs that teach a root cause: the one named ``name``, else those of ``category``."""
    catalogue = load_all()
    if name and name in catalogue:
        return [catalogue[name]]
    return sorted((s for s in catalogue.values() if s.category == category), key=lambda s: s.name)


def push(lab: Lab, ref: str, *, extra_bytes: int = 0, **kwargs: object) -> list[str]:
    """A skopeo push of a fresh, unique tiny image to ``ref`` (see :func:`push_argv`)."""
    image = make_image(lab.path("image") / "oci", extra_bytes=extra_bytes)
    return push_argv(image, ref, **kwargs)  # type: ignore[arg-type]


def reproduce(setup: Setup) -> Ran:
    """Run the failing push; returns what the client printed."""
    return run(setup.push, env=setup.env, hosts=setup.hosts, resolv_conf=setup.resolv_conf)


@dataclass(frozen=True)
class Diagnosis:
    """What ``registry-wizard diagnose --format json`` answered."""

    returncode: int
    doc: dict
    stderr: str
    seconds: float

    @property
    def category(self) -> str | None:
        """The diagnosed category, if a diagnosis was reached."""
        diag = self.doc.get("diagnosis")
        return diag.get("category") if diag else None


def diagnose(lab: Lab, setup: Setup, error_text: str) -> Diagnosis:
    """Run ``registry-wizard diagnose`` on what the client printed (no --answer)."""
    import time

    error_file = lab.path("diagnose") / "error.txt"
    error_file.write_text(error_text)
    argv = diagnose_argv(
        error_file,
        registry=setup.registry,
        image=setup.image,
        root=setup.root,
        timeout=setup.timeout,
        extra=setup.diagnose_args,
    )
    started = time.monotonic()
    ran = run(argv, env=setup.env, hosts=setup.hosts, resolv_conf=setup.resolv_conf, timeout=120)
    seconds = time.monotonic() - started
    try:
        doc = json.loads(ran.stdout) if ran.stdout.strip() else {}
    except json.JSONDecodeError:
        doc = {"unparsable": ran.stdout[:2000]}
    return Diagnosis(ran.returncode, doc, ran.stderr, seconds)
