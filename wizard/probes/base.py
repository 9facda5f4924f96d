"""The probe protocol: context, registration, and helpers every probe uses."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field

from wizard.engine.model import ProbeResult, frozen
from wizard.engine.probe_specs import SPECS
from wizard.engine.redact import Redactor
from wizard.host import Host

DEFAULT_TIMEOUT = 4.0
"""Seconds a probe may take, unless ``--timeout`` says otherwise."""

MAX_BODY = 64 << 10
"""Bytes of a response body a probe reads at most."""


@dataclass
class ProbeContext:
    """What every probe may use.

    Attributes:
        host: paths and environment of the machine (``--root``).
        timeout: seconds for one probe, all network steps included.
        allow_write: whether write probes (a cancelled test upload) may run.
        redactor: every secret a probe reads is registered here, so nothing shows it.
    """

    host: Host = field(default_factory=lambda: Host.from_root(None))
    timeout: float = DEFAULT_TIMEOUT
    allow_write: bool = False
    redactor: Redactor = field(default_factory=Redactor)


ProbeFn = Callable[..., Awaitable[ProbeResult]]

PROBES: dict[str, ProbeFn] = {}
"""Implementations by probe name (filled by :func:`probe` as modules are imported)."""


def probe(name: str) -> Callable[[ProbeFn], ProbeFn]:
    """Register an implementation for the spec ``name``."""
    if name not in SPECS:
        raise KeyError(f"no probe spec named {name!r}")

    def register(fn: ProbeFn) -> ProbeFn:
        PROBES[name] = fn
        return fn

    return register


def result(
    outcome: str,
    summary: str,
    *details: str,
    facts: Mapping[str, str] | None = None,
) -> ProbeResult:
    """A :class:`ProbeResult` (``duration`` is filled in by the runner)."""
    return ProbeResult(
        outcome=outcome, summary=summary, details=tuple(details), facts=frozen(facts)
    )


def unknown(summary: str, *details: str) -> ProbeResult:
    """The probe could not tell."""
    return result("unknown", summary, *details)
