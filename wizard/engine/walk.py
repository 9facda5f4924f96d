"""One diagnosis as a state machine: current node, facts, history, back.

The walk is pure and synchronous. At a probe node it *asks* for a probe run
(:meth:`Walk.pending_probe`) and is *given* the result (:meth:`Walk.feed`); at a question it
answers itself when an option's ``when`` matches the facts, else waits for
:meth:`Walk.answer`. The TUI and ``diagnose`` run the probes and feed the results back.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from wizard.engine import facts as factlib
from wizard.engine.errors import WalkError
from wizard.engine.model import Node, Option, ProbeCall, ProbeResult, Tree
from wizard.engine.render import placeholders, render_args

MAX_STEPS = 200
"""A walk longer than this is a loop in the tree; it stops with an error."""


def _call_args(
    probe: str, templates: Mapping[str, str], facts: Mapping[str, str]
) -> tuple[dict[str, str], list[str]]:
    """A probe's arguments from facts; a missing fact blocks only a *required* argument.

    An optional argument whose fact is unknown is simply left out (the probe has a default).
    """
    from wizard.engine.probe_specs import SPECS

    args, _ = render_args(templates, facts)
    spec = SPECS.get(probe)
    required = set(spec.args) if spec is not None else set(templates)
    missing: list[str] = []
    for key, template in templates.items():
        if key in required:
            missing += [
                n for n, _f in placeholders(template) if not facts.get(n) and n not in missing
            ]
    return args, missing


@dataclass(frozen=True)
class Step:
    """One node passed: what was found or answered there, and what was learned."""

    node: str
    kind: str
    outcome: str = ""
    answer: str = ""
    summary: str = ""
    details: tuple[str, ...] = ()
    learned: Mapping[str, str] = field(default_factory=dict)
    auto: bool = False
    call: ProbeCall | None = None
    duration: float = 0.0


@dataclass
class _Snapshot:
    node: str
    facts: dict[str, str]


class Walk:
    """A walk through the tree from a start node."""

    def __init__(self, tree: Tree, start: str, facts: Mapping[str, str] | None = None) -> None:
        if start not in tree:
            raise WalkError(f"unknown start node {start!r}")
        self.tree = tree
        self.start = start
        self.current: str = start
        self.facts: dict[str, str] = factlib.merge({}, facts or {})
        self.history: list[Step] = []
        self._undo: list[_Snapshot] = []

    # -- state -------------------------------------------------------------------
    @property
    def node(self) -> Node:
        """The node the walk is at."""
        return self.tree[self.current]

    @property
    def done(self) -> bool:
        """Whether a solution was reached."""
        return self.node.kind == "solution"

    @property
    def solution(self) -> Node | None:
        """The solution node, once reached."""
        return self.node if self.done else None

    def pending_probe(self) -> ProbeCall | None:
        """The probe to run now (arguments filled from facts), or None."""
        node = self.node
        if node.kind != "probe" or node.call is None:
            return None
        args, _missing = _call_args(node.call.probe, node.call.args, self.facts)
        return ProbeCall(node.call.probe, args)

    def missing_facts(self) -> list[str]:
        """Facts the current probe needs but the walk does not have."""
        node = self.node
        if node.kind != "probe" or node.call is None:
            return []
        _args, missing = _call_args(node.call.probe, node.call.args, self.facts)
        return missing

    def auto_option(self) -> Option | None:
        """The option the facts answer, at a question."""
        node = self.node
        if node.kind != "question":
            return None
        for option in node.options:
            if option.when and all(self.facts.get(k) == v for k, v in option.when.items()):
                return option
        return None

    # -- moves -------------------------------------------------------------------
    def _move(self, step: Step, target: str, learned: Mapping[str, str]) -> None:
        if len(self.history) >= MAX_STEPS:
            raise WalkError(f"more than {MAX_STEPS} steps: the tree loops at {self.current!r}")
        self._undo.append(_Snapshot(self.current, dict(self.facts)))
        self.facts = factlib.merge(self.facts, learned)
        self.history.append(step)
        self.current = target

    def feed(self, result: ProbeResult, call: ProbeCall | None = None) -> None:
        """Give the result of the pending probe; moves along its outcome's branch."""
        node = self.node
        if node.kind != "probe":
            raise WalkError(f"{node.id} is not a probe node")
        target = node.branches.get(result.outcome)
        if target is None:
            raise WalkError(f"{node.id}: outcome {result.outcome!r} has no branch")
        step = Step(
            node=node.id,
            kind="probe",
            outcome=result.outcome,
            summary=result.summary,
            details=tuple(result.details),
            learned=dict(result.facts),
            call=call or self.pending_probe(),
            duration=result.duration,
        )
        self._move(step, target, result.facts)

    def answer(self, option_id: str, *, auto: bool = False) -> None:
        """Answer the current question."""
        node = self.node
        if node.kind != "question":
            raise WalkError(f"{node.id} is not a question")
        option = node.option(option_id)
        if option is None:
            choices = ", ".join(o.id for o in node.options)
            raise WalkError(f"{node.id} has no option {option_id!r} (choose from: {choices})")
        step = Step(
            node=node.id,
            kind="question",
            answer=option.id,
            summary=option.label.en,
            learned=dict(option.set),
            auto=auto,
        )
        self._move(step, option.next, option.set)

    def advance_auto(self) -> bool:
        """Answer the current question from facts if possible; True if it moved."""
        option = self.auto_option()
        if option is None:
            return False
        self.answer(option.id, auto=True)
        return True

    def back(self) -> bool:
        """Undo steps up to the last question a person answered (or to the start).

        Probe results and automatic answers in between are undone too: stopping at a probe
        node would only re-run it and arrive at the same place again.
        Returns False when there was nothing to undo.
        """
        if not self._undo:
            return False
        while self._undo:
            snap = self._undo.pop()
            step = self.history.pop()
            self.current, self.facts = snap.node, snap.facts
            if step.kind == "question" and not step.auto:
                break
        return True

    @property
    def human_steps(self) -> int:
        """How many questions a person answered in this walk."""
        return sum(1 for s in self.history if s.kind == "question" and not s.auto)

    # -- look-ahead ----------------------------------------------------------------
    def lookahead(self, depth: int = 6) -> list[ProbeCall]:
        """Probe calls the walk will likely need soon whose arguments are known now.

        Follows every branch and option from the current node, ``depth`` probe or
        question nodes deep. Write probes are never included. Used to start independent
        probes concurrently, so a registry that never answers costs one timeout.
        """
        from wizard.engine.probe_specs import SPECS

        calls: list[ProbeCall] = []
        seen: set[str] = set()
        frontier = [(self.current, 0)]
        while frontier:
            nid, level = frontier.pop(0)
            if nid in seen or level > depth:
                continue
            seen.add(nid)
            node = self.tree[nid]
            if node.kind == "probe" and node.call is not None:
                spec = SPECS.get(node.call.probe)
                args, missing = _call_args(node.call.probe, node.call.args, self.facts)
                if spec is not None and not spec.writes and not missing:
                    call = ProbeCall(node.call.probe, args)
                    if call not in calls:
                        calls.append(call)
            frontier.extend((s, level + 1) for s in node.successors())
        return calls

    def verify_calls(self) -> list[tuple[ProbeCall, tuple[str, ...]]]:
        """The solution's verify probes with their arguments, and the outcomes that mean fixed."""
        node = self.solution
        if node is None:
            return []
        out = []
        for spec in node.verify:
            args, missing = _call_args(spec.probe, spec.args, self.facts)
            if not missing and (args or not spec.args):
                out.append((ProbeCall(spec.probe, args), spec.expect))
        return out
