"""The ``clock.skew`` probe: this machine's clock against the registry's ``Date`` header."""

from __future__ import annotations

from wizard.engine.model import ProbeResult
from wizard.probes._regclient import clock_skew, discover
from wizard.probes.base import ProbeContext, probe, result, unknown

SKEW_LIMIT = 60.0
"""Seconds of clock difference that still count as agreeing."""


@probe("clock.skew")
async def skew(ctx: ProbeContext, registry: str) -> ProbeResult:
    """Compare the registry's Date header with this machine's clock.

    TLS is not verified here (only a Date header is read, nothing is sent): a skewed
    clock is itself a reason certificates look expired.
    """
    disc = await discover(ctx, registry, verify=False)
    if disc.reply is None:
        return unknown(f"{registry} did not answer /v2/", disc.https_error, disc.http_error)
    value = clock_skew(disc.reply)
    if value is None:
        return unknown(f"{registry} sent no usable Date header")
    facts = {"clock_skew": f"{value:g}"}
    when = "ahead of" if value > 0 else "behind"
    if abs(value) > SKEW_LIMIT:
        return result(
            "skewed",
            f"the registry's clock is {abs(value):g} s {when} this machine's",
            f"Date: {disc.reply.header('date')[:64]}",
            facts=facts,
        )
    return result(
        "ok",
        f"clocks agree (difference {abs(value):g} s)",
        f"Date: {disc.reply.header('date')[:64]}",
        facts=facts,
    )
