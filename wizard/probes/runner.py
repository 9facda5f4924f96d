"""Runs probes: a hard timeout each, results cached, independent probes concurrent.

A probe that raises, times out or returns an outcome it does not declare becomes
``unknown``; the runner never lets an exception out. Results are redacted and made inert
(no terminal escapes) before anyone sees them.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import replace

from wizard.engine.inert import inert
from wizard.engine.model import ProbeCall, ProbeResult, frozen
from wizard.engine.probe_specs import SPECS
from wizard.probes.base import PROBES, ProbeContext, ProbeFn

GRACE = 0.5
"""Seconds beyond the probe timeout before the runner cancels a probe itself."""


class ProbeRunner:
    """Runs and caches probe calls for one walk."""

    def __init__(self, ctx: ProbeContext, probes: dict[str, ProbeFn] | None = None) -> None:
        if probes is None:
            from wizard.probes import load_all

            load_all()
            probes = PROBES
        self.ctx = ctx
        self.probes = probes
        self._tasks: dict[ProbeCall, asyncio.Task[ProbeResult]] = {}

    def start(self, call: ProbeCall) -> asyncio.Task[ProbeResult]:
        """Start (or find already started) the call; returns its task."""
        task = self._tasks.get(call)
        if task is None:
            task = asyncio.ensure_future(self._run(call))
            self._tasks[call] = task
        return task

    def prefetch(self, calls: list[ProbeCall]) -> None:
        """Start read-only calls in the background, to have their results ready."""
        for call in calls:
            spec = SPECS.get(call.probe)
            if spec is not None and not spec.writes:
                self.start(call)

    async def run(self, call: ProbeCall) -> ProbeResult:
        """The result of the call (running it if it has not run)."""
        return await asyncio.shield(self.start(call))

    def forget(self, call: ProbeCall) -> None:
        """Drop a cached result, so the next run asks again (verify after a fix)."""
        task = self._tasks.pop(call, None)
        if task is not None and not task.done():
            task.cancel()

    def cancel_all(self) -> None:
        """Cancel every running probe (leaving a screen)."""
        for task in self._tasks.values():
            if not task.done():
                task.cancel()
        self._tasks.clear()

    async def _run(self, call: ProbeCall) -> ProbeResult:
        spec = SPECS.get(call.probe)
        fn = self.probes.get(call.probe)
        started = time.monotonic()
        if spec is None or fn is None:
            res = ProbeResult("unknown", f"no probe named {call.probe}")
        else:
            missing = [a for a in spec.args if not call.args.get(a)]
            if missing:
                res = ProbeResult(
                    "unknown", f"cannot run {call.probe}: {', '.join(missing)} not known"
                )
            elif spec.writes and not self.ctx.allow_write:
                res = ProbeResult(
                    "not_permitted" if "not_permitted" in spec.outcomes else "unknown",
                    "write probe not allowed (use --allow-write-probes, or say yes in the wizard)",
                )
            else:
                res = await self._guarded(fn, call)
                if res.outcome not in spec.outcomes:
                    res = ProbeResult(
                        "unknown", f"{call.probe} gave an undeclared outcome {res.outcome!r}"
                    )
        redact = self.ctx.redactor
        return replace(
            res,
            summary=inert(redact(res.summary), keep_newlines=False),
            details=tuple(inert(redact(d)) for d in res.details),
            facts=frozen({k: inert(redact(v), keep_newlines=False) for k, v in res.facts.items()}),
            duration=round(time.monotonic() - started, 3),
        )

    async def _guarded(self, fn: ProbeFn, call: ProbeCall) -> ProbeResult:
        try:
            async with asyncio.timeout(self.ctx.timeout + GRACE):
                return await fn(self.ctx, **dict(call.args))
        except TimeoutError:
            return ProbeResult("unknown", f"{call.probe} timed out after {self.ctx.timeout:g} s")
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # noqa: BLE001 - a probe bug must not end the walk
            return ProbeResult("unknown", f"{call.probe} failed: {type(exc).__name__}: {exc}")
