"""Pasted text -> ranked start nodes, suspect categories and facts.

Real pastes are whole CI logs: tens of MB, ANSI colours, CRLF, log prefixes
(``time="..." level=fatal msg="..."``, ``#12 ERROR:``, ``##[error]``), quotes escaped by
JSON-in-logs, bytes that are not UTF-8. The matcher works on UTF-8 *bytes*:

1. :func:`normalize` removes terminal escapes, unifies line ends and unescapes ``\\"``
   and ``\\n`` (each a single linear pass in C);
2. one RE2 *set* scan finds which of all the tree's patterns occur anywhere (one pass over
   the text, whatever the number of patterns);
3. only the patterns that occurred are searched again, from the end of the text first,
   for their evidence line and named groups.

Every pattern is RE2, so the time is linear in the size of the paste.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import re2

from wizard.engine import facts as factlib
from wizard.engine import rx
from wizard.engine.errors import FactError
from wizard.engine.model import Tree

TAIL_WINDOW = 256 << 10
"""Evidence is looked for in the last 256 KiB first: the fatal error is at the end."""

EVIDENCE_CONTEXT = 240
"""At most this many bytes of line on each side of a match are kept as evidence."""

MAX_CANDIDATES = 10

_CSI = rb"\x1b\[[0-?]*[ -/]*[@-~]"
_OSC = rb"\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"
_ESC = rb"\x1b[@-Z\\-_]"


@dataclass(frozen=True)
class Candidate:
    """A start node the paste points at."""

    node: str
    category: str
    score: float
    title: str
    evidence: tuple[str, ...]
    suspects: tuple[str, ...]
    position: float = 0.0

    def as_json(self) -> dict[str, object]:
        """The design.md JSON shape of a candidate."""
        return {
            "node": self.node,
            "category": self.category,
            "score": self.score,
            "title": self.title,
            "evidence": list(self.evidence),
        }


@dataclass(frozen=True)
class MatchResult:
    """Everything the matcher found in one paste."""

    candidates: tuple[Candidate, ...]
    suspects: tuple[str, ...]
    facts: Mapping[str, str] = field(default_factory=dict)

    @property
    def best(self) -> Candidate | None:
        """The top candidate, if any."""
        return self.candidates[0] if self.candidates else None

    @property
    def ambiguous(self) -> bool:
        """Whether a person should choose: nothing matched, or the top two are close."""
        if not self.candidates:
            return True
        if len(self.candidates) == 1:
            return False
        first, second = self.candidates[0].score, self.candidates[1].score
        return second >= 0.8 * first and self.candidates[0].category != self.candidates[1].category

    def as_json(self) -> dict[str, object]:
        """The design.md JSON shape of ``match --json``."""
        return {
            "suspects": list(self.suspects),
            "candidates": [c.as_json() for c in self.candidates],
            "facts": dict(self.facts),
        }


def to_bytes(text: str | bytes) -> bytes:
    """UTF-8 bytes of a paste (str with lone surrogates is replaced, not refused)."""
    if isinstance(text, bytes):
        return text
    return text.encode("utf-8", "replace")


def normalize(data: str | bytes) -> bytes:
    """Remove terminal escapes, unify line ends, unescape JSON-in-log quoting."""
    data = to_bytes(data)
    if b"\x1b" in data:
        for pattern in (_OSC, _CSI, _ESC):
            data = re2.compile(pattern, rx.options()).sub(b"", data)
    if b"\r" in data:
        data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    if b"\\" in data:
        data = (
            data.replace(b'\\\\\\"', b'"')
            .replace(b'\\"', b'"')
            .replace(b"\\r\\n", b"\n")
            .replace(b"\\n", b"\n")
            .replace(b"\\t", b"\t")
        )
    return data


def _decode(chunk: bytes) -> str:
    text = chunk.decode("utf-8", "replace")
    return "".join(c if c.isprintable() or c == "\t" else " " for c in text).strip()


def _evidence(data: bytes, start: int, end: int) -> str:
    line_start = data.rfind(b"\n", max(0, start - EVIDENCE_CONTEXT), start) + 1
    if line_start == 0:
        line_start = max(0, start - EVIDENCE_CONTEXT)
    line_end = data.find(b"\n", end, end + EVIDENCE_CONTEXT)
    if line_end == -1:
        line_end = min(len(data), end + EVIDENCE_CONTEXT)
    return _decode(data[line_start:line_end])


def _last_match(regex: re2._Regexp, data: bytes) -> tuple[int, int, dict[str, str]] | None:
    """The last match in the tail window, else the first match anywhere."""
    offset = max(0, len(data) - TAIL_WINDOW)
    last = None
    for m in regex.finditer(data[offset:] if offset else data):
        last = m
    if last is None and offset:
        last = regex.search(data)
        offset = 0
    if last is None:
        return None
    groups = {
        (k.decode() if isinstance(k, bytes) else k): _decode(v)
        for k, v in last.groupdict().items()
        if v
    }
    start, end = last.span()
    return start + offset, end + offset, groups


@dataclass(frozen=True)
class _Entry:
    kind: str  # "node" or "extractor"
    index: int  # node order or extractor order
    node: str
    weight: float
    regex: str
    sets: Mapping[str, str]


class Matcher:
    """Compiled patterns of a tree; :meth:`match` ranks a paste against them."""

    def __init__(self, tree: Tree) -> None:
        self.tree = tree
        self._entries: list[_Entry] = []
        starts = tree.starts()
        for order, node in enumerate(starts):
            for pattern in node.match:
                self._entries.append(
                    _Entry("node", order, node.id, pattern.weight, pattern.regex, {})
                )
        for order, extractor in enumerate(tree.extractors):
            self._entries.append(
                _Entry("extractor", order, "", 0.0, extractor.regex, extractor.set)
            )
        options = rx.options()
        options.max_mem = 256 << 20
        self._set = re2.Set.SearchSet(options)
        for entry in self._entries:
            self._set.Add(entry.regex.encode("utf-8"))
        self._set.Compile()

    def match(self, text: str | bytes, *, limit: int = MAX_CANDIDATES) -> MatchResult:
        """Rank the tree's start nodes for ``text`` and extract facts."""
        data = normalize(text)
        if not data.strip():
            return MatchResult((), (), {})
        hits = sorted(self._set.Match(data) or ())
        scores: dict[str, float] = {}
        evidence: dict[str, list[tuple[int, str]]] = {}
        positions: dict[str, int] = {}
        node_groups: dict[str, dict[str, str]] = {}
        extracted: list[tuple[int, int, dict[str, str]]] = []
        for index in hits:
            entry = self._entries[index]
            found = _last_match(rx.compile_bytes(entry.regex), data)
            if found is None:  # the set and the single regex disagree: trust the regex
                continue
            start, end, groups = found
            if entry.kind == "extractor":
                extracted.append((entry.index, end, {**groups, **entry.sets}))
                continue
            scores[entry.node] = scores.get(entry.node, 0.0) + entry.weight
            positions[entry.node] = max(positions.get(entry.node, 0), end)
            evidence.setdefault(entry.node, []).append((start, _evidence(data, start, end)))
            for k, v in groups.items():
                node_groups.setdefault(entry.node, {}).setdefault(k, v)
        size = len(data)
        ranked = []
        for node_id, raw in scores.items():
            pos = positions[node_id] / size
            recency = 0.9 + 0.1 * pos if size > 4096 else 1.0
            ranked.append((round(raw * recency, 3), pos, node_id))
        order = {n.id: i for i, n in enumerate(self.tree.starts())}
        ranked.sort(key=lambda r: (-r[0], -r[1], order[r[2]]))
        candidates = []
        for score, pos, node_id in ranked[:limit]:
            node = self.tree[node_id]
            suspects = tuple(self.tree.suspects_of(node_id))
            lines: list[str] = []
            for _start, line in sorted(evidence[node_id]):
                if line not in lines:
                    lines.append(line)
            candidates.append(
                Candidate(
                    node=node_id,
                    category=suspects[0] if suspects else "",
                    score=score,
                    title=node.title.en,
                    evidence=tuple(lines),
                    suspects=suspects,
                    position=round(pos, 4),
                )
            )
        suspects_all: list[str] = []
        for cand in candidates:
            for cat in cand.suspects:
                if cat not in suspects_all:
                    suspects_all.append(cat)
        facts = self._facts(
            extracted, node_groups.get(candidates[0].node, {}) if candidates else {}
        )
        return MatchResult(tuple(candidates), tuple(suspects_all), facts)

    @staticmethod
    def _facts(
        extracted: list[tuple[int, int, dict[str, str]]], best_groups: Mapping[str, str]
    ) -> dict[str, str]:
        chosen: dict[str, str] = {}

        def take(name: str, value: str) -> None:
            if name in chosen:
                return
            try:
                chosen[name] = factlib.validate(name, value)
            except FactError:
                pass  # a paste is not trusted to give well-formed facts

        # the top candidate's own captures first, then extractors in file order
        for k, v in best_groups.items():
            take(k, v)
        for _order, _end, values in sorted(extracted, key=lambda e: (e[0], -e[1])):
            for k, v in values.items():
                take(k, v)
        chosen.update(factlib.derive(chosen))
        return {k: chosen[k] for k in sorted(chosen)}
