"""The decision tree and the probe protocol as frozen dataclasses.

A tree is a set of nodes, each one of three kinds:

* ``question``: a text and options; each option leads to a node. An option may carry
  ``when`` (facts that answer it automatically) and ``set`` (facts it establishes).
* ``probe``: names a probe of :mod:`wizard.engine.probe_specs` with argument templates;
  every outcome the probe declares leads to a node (``branches``), exactly.
* ``solution``: a leaf with a taxonomy ``category``, commands per platform, ``verify``
  probe calls and ``examples`` of real error text.

Nodes that can start a walk carry ``match`` patterns (RE2 syntax, with named groups that
capture facts) or ``entry: true``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

from wizard.engine.text import EMPTY, Text

NodeKind = Literal["question", "probe", "solution"]

PLATFORMS: tuple[str, ...] = ("any", "linux", "docker-desktop", "rootless", "podman", "kubernetes")
"""Where a command applies. ``linux`` means Docker Engine on Linux with systemd."""

PLATFORM_TITLES: Mapping[str, Text] = MappingProxyType(
    {
        "any": Text("Any platform", "所有平台"),
        "linux": Text("Linux (Docker Engine, systemd)", "Linux（Docker Engine，systemd）"),
        "docker-desktop": Text("Docker Desktop", "Docker Desktop"),
        "rootless": Text("Rootless Docker", "Rootless Docker"),
        "podman": Text("Podman / Buildah / Skopeo", "Podman / Buildah / Skopeo"),
        "kubernetes": Text("Kubernetes / CI runner", "Kubernetes / CI 运行器"),
    }
)


def frozen(mapping: Mapping[str, str] | None = None) -> Mapping[str, str]:
    """A read-only copy of a mapping (for frozen dataclasses)."""
    return MappingProxyType(dict(mapping or {}))


@dataclass(frozen=True)
class Location:
    """Where something was defined: file (as given) and 1-based line."""

    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


NOWHERE = Location("<memory>", 0)


@dataclass(frozen=True)
class Pattern:
    """A match pattern of a start node."""

    regex: str
    weight: float = 1.0
    location: Location = NOWHERE


@dataclass(frozen=True)
class Option:
    """One answer to a question."""

    id: str
    label: Text
    next: str
    when: Mapping[str, str] = field(default_factory=frozen)
    set: Mapping[str, str] = field(default_factory=frozen)
    location: Location = NOWHERE


@dataclass(frozen=True)
class Command:
    """A command template for one platform."""

    platform: str
    run: str
    title: Text = EMPTY
    location: Location = NOWHERE


@dataclass(frozen=True)
class ProbeCallSpec:
    """A probe named in the tree with argument templates (``{{fact}}`` placeholders)."""

    probe: str
    args: Mapping[str, str] = field(default_factory=frozen)
    expect: tuple[str, ...] = ()
    location: Location = NOWHERE


@dataclass(frozen=True)
class Example:
    """A real error text that must lead the matcher to this solution's category."""

    text: str
    source: str
    location: Location = NOWHERE


@dataclass(frozen=True)
class Node:
    """A node of the decision tree (see the module docstring for the kinds)."""

    id: str
    kind: NodeKind
    title: Text
    explain: Text
    location: Location = NOWHERE
    area: str = ""
    match: tuple[Pattern, ...] = ()
    entry: bool = False
    suspects: tuple[str, ...] = ()
    # question
    question: Text = EMPTY
    options: tuple[Option, ...] = ()
    # probe
    call: ProbeCallSpec | None = None
    branches: Mapping[str, str] = field(default_factory=frozen)
    # solution
    category: str = ""
    commands: tuple[Command, ...] = ()
    verify: tuple[ProbeCallSpec, ...] = ()
    examples: tuple[Example, ...] = ()
    lab: str = ""

    @property
    def is_start(self) -> bool:
        """Whether a walk may begin here."""
        return bool(self.match) or self.entry

    def successors(self) -> tuple[str, ...]:
        """Every node id this node leads to, in declaration order."""
        if self.kind == "question":
            return tuple(o.next for o in self.options)
        if self.kind == "probe":
            return tuple(self.branches.values())
        return ()

    def option(self, option_id: str) -> Option | None:
        """The option with this id, if any."""
        return next((o for o in self.options if o.id == option_id), None)


@dataclass(frozen=True)
class Area:
    """One tree file: an area of failures (tls, auth, ...)."""

    id: str
    title: Text
    file: str
    nodes: tuple[str, ...]
    cases: tuple[Mapping[str, object], ...] = ()


@dataclass(frozen=True)
class FactExtractor:
    """A tree-wide pattern that extracts facts from any paste (not tied to a node)."""

    regex: str
    set: Mapping[str, str] = field(default_factory=frozen)
    location: Location = NOWHERE


@dataclass(frozen=True)
class Tree:
    """A loaded decision tree: nodes by id, areas, and tree-wide fact extractors."""

    nodes: Mapping[str, Node]
    areas: tuple[Area, ...] = ()
    extractors: tuple[FactExtractor, ...] = ()

    def __getitem__(self, node_id: str) -> Node:
        return self.nodes[node_id]

    def __contains__(self, node_id: object) -> bool:
        return node_id in self.nodes

    def starts(self) -> list[Node]:
        """Nodes a walk may begin at."""
        return [n for n in self.nodes.values() if n.is_start]

    def solutions(self) -> list[Node]:
        """Every leaf."""
        return [n for n in self.nodes.values() if n.kind == "solution"]

    def reachable_categories(self, node_id: str) -> list[str]:
        """Categories of the solutions reachable from a node, nearest first."""
        seen: set[str] = set()
        cats: list[str] = []
        queue = [node_id]
        while queue:
            nid = queue.pop(0)
            if nid in seen or nid not in self.nodes:
                continue
            seen.add(nid)
            node = self.nodes[nid]
            if node.kind == "solution" and node.category not in cats:
                cats.append(node.category)
            queue.extend(node.successors())
        return cats

    def suspects_of(self, node_id: str) -> list[str]:
        """The categories a start node stands for, most likely first."""
        node = self.nodes[node_id]
        if node.kind == "solution":
            return [node.category]
        if node.suspects:
            return list(node.suspects)
        return self.reachable_categories(node_id)


ProbeOutcome = str


@dataclass(frozen=True)
class ProbeCall:
    """A probe with its arguments resolved from facts, ready to run."""

    probe: str
    args: Mapping[str, str] = field(default_factory=frozen)

    @property
    def key(self) -> tuple[str, tuple[tuple[str, str], ...]]:
        """A hashable identity, for caching and de-duplication."""
        return (self.probe, tuple(sorted(self.args.items())))

    def __hash__(self) -> int:
        return hash(self.key)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ProbeCall) and self.key == other.key


@dataclass(frozen=True)
class ProbeResult:
    """What a probe found.

    Attributes:
        outcome: one of the probe's declared outcomes (``unknown`` when it cannot tell).
        summary: one line for a person, never containing a secret.
        details: further lines, shown on demand.
        facts: facts learned (names from :mod:`wizard.engine.facts`).
        duration: seconds the probe took.
    """

    outcome: ProbeOutcome
    summary: str
    details: tuple[str, ...] = ()
    facts: Mapping[str, str] = field(default_factory=frozen)
    duration: float = 0.0
