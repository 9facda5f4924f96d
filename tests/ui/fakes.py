"""Deterministic, instant fake probes for the UI tests and the screenshot script.

A :class:`FakeProbes` answers each probe name with a fixed result (or ``unknown``), so
a walk through the real tree is the same on every run, with no network and no clock.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime

from wizard.engine.model import ProbeResult, frozen
from wizard.probes.base import ProbeContext
from wizard.probes.runner import ProbeRunner

FIXED_NOW = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)
"""The clock of every test."""

HTTP_ERROR = (
    'Error response from daemon: Get "https://127.0.0.1:5000/v2/": '
    "http: server gave HTTP response to HTTPS client"
)
"""The Docker plain-HTTP error (registry on loopback)."""

HTTP_OUTCOMES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "tls.inspect": (
        "plain_http",
        "127.0.0.1:5000 answers plain HTTP, not TLS",
        ("sent a TLS ClientHello", "got: HTTP/1.1 400 Bad Request"),
    ),
    "daemon.insecure": (
        "not_listed",
        "127.0.0.1:5000 is not in insecure-registries",
        ("daemon.json: /etc/docker/daemon.json (missing)",),
    ),
}
"""Fake results for the plain-HTTP walk."""


class FakeProbes(dict):
    """``probe name -> async fn`` returning fixed results; every call is recorded."""

    def __init__(
        self,
        outcomes: Mapping[str, tuple[str, str, tuple[str, ...]]],
        *,
        facts: Mapping[str, Mapping[str, str]] | None = None,
        delay: float = 0.0,
    ) -> None:
        super().__init__()
        self.calls: list[tuple[str, dict[str, str]]] = []
        for name, (outcome, summary, details) in outcomes.items():
            self[name] = self._make(
                name, outcome, summary, details, (facts or {}).get(name, {}), delay
            )

    def _make(self, name, outcome, summary, details, learned, delay):  # noqa: ANN001, ANN202
        async def fake(ctx: ProbeContext, **args: str) -> ProbeResult:
            self.calls.append((name, dict(args)))
            if delay:
                import asyncio

                await asyncio.sleep(delay)
            return ProbeResult(outcome, summary, tuple(details), frozen(learned))

        return fake


def runner_factory(probes: Mapping[str, object]):  # noqa: ANN201
    """A factory of runners using only ``probes`` (missing probes give ``unknown``)."""

    def make() -> ProbeRunner:
        return ProbeRunner(ProbeContext(timeout=2.0), probes=probes)  # type: ignore[arg-type]

    return make
