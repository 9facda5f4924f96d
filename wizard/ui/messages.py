"""Messages shared between screens and widgets (past-tense dataclasses)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from wizard.engine.model import ProbeCall, ProbeResult


@dataclass
class ProbeFinished(Message):
    """A probe run by a screen's worker came back.

    Attributes:
        call: the probe and its arguments.
        result: what it found (already redacted by the runner).
        generation: the screen's walk generation when the probe started; a result from an
            older generation (the user went back meanwhile) is ignored.
    """

    call: ProbeCall
    result: ProbeResult
    generation: int


@dataclass
class VerifyFinished(Message):
    """The verify probes of a solution came back.

    Attributes:
        results: each verify call with its expected outcomes and its result.
    """

    results: list[tuple[ProbeCall, tuple[str, ...], ProbeResult]]


@dataclass
class NodeChosen(Message):
    """A node was picked (search palette, candidate list): open it."""

    node: str
