"""Moves a walk forward with live probes: the loop shared by ``diagnose`` and the TUI.

At each probe node the driver first starts, concurrently, every read-only probe the walk
may need soon (:meth:`~wizard.engine.walk.Walk.lookahead`), then waits for the one it
needs now. A registry that never answers therefore costs about one timeout in total.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Literal

from wizard.engine.model import ProbeResult
from wizard.engine.walk import Step, Walk
from wizard.probes.runner import ProbeRunner

Stop = Literal["solution", "question"]


async def advance(
    walk: Walk,
    runner: ProbeRunner,
    answers: Mapping[str, str] | None = None,
    on_step: Callable[[Step], None] | None = None,
    *,
    prefetch: bool = True,
) -> Stop:
    """Run probes and apply answers until a solution or an unanswered question.

    Args:
        walk: the walk to move.
        runner: runs and caches probes.
        answers: ``node id -> option id`` given up front (``--answer``).
        on_step: called after every step (the TUI shows progress with it).
        prefetch: start likely probes concurrently (off only in tests of the loop).
    """
    answers = dict(answers or {})
    while True:
        node = walk.node
        if node.kind == "solution":
            return "solution"
        if node.kind == "question":
            if node.id in answers:
                walk.answer(answers.pop(node.id))
            elif not walk.advance_auto():
                return "question"
        else:
            if prefetch:
                runner.prefetch(walk.lookahead())
            call = walk.pending_probe()
            missing = walk.missing_facts()
            if call is None or missing:
                result = ProbeResult(
                    "unknown",
                    f"cannot run {node.call.probe if node.call else 'probe'}: "
                    f"{', '.join(missing) or 'no probe'} not known",
                )
            else:
                result = await runner.run(call)
            walk.feed(result, call)
        if on_step is not None:
            on_step(walk.history[-1])
