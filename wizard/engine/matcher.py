"""Pasted text -> ranked start nodes, suspect categories and facts.

Real pastes are whole CI logs: tens of MB, ANSI colours, CRLF, log prefixes
(``time="..." level=fatal msg="..."``, ``#12 ERROR:``, ``##[error]``), quotes escaped by
JSON-in-logs, bytes that are not UTF-8. The matcher works on UTF-8 *bytes*:

1. :func:`normalize` removes terminal escapes, unifies line ends and unescapes ``\\"``
   and ``\\n`` (linear passes in C over 1 MiB pieces cut at newlines, so a 50 MB paste
   costs one normalised copy, not one per step; escapes from 64 KiB pieces, or with
   numpy when they are dense, see :mod:`wizard.engine.escapes`);
2. one scan finds which of all the tree's patterns occur anywhere (one pass over the
   text, whatever the number of patterns): Hyperscan for a large paste when its
   databases are ready (:mod:`wizard.engine.prefilter`), else an RE2 *set* holding each
   pattern with its counted repetitions made unbounded (:func:`~wizard.engine.rx.unbounded`,
   a superset that keeps the set's DFA small on long lines). Either reports a superset,
   so every hit is confirmed by step 3;
3. only the patterns that occurred are searched again with RE2, from the end of the text
   first (side by side on a large paste), for their evidence line and named groups.

Every tree pattern is RE2, so the time is linear in the size of the paste. The three
fixed terminal-escape patterns of :func:`normalize` run on Python's ``re`` (its ``sub``
loops in C, where RE2's Python ``sub`` loops in Python, once per escape): they are built of
possessive loops over disjoint byte classes, so they cannot backtrack either.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

import re2

from wizard.engine import escapes as escape_arrays
from wizard.engine import facts as factlib
from wizard.engine import prefilter as prefilter_mod
from wizard.engine import rx
from wizard.engine.errors import FactError
from wizard.engine.lanes import in_lanes
from wizard.engine.model import Tree

T = TypeVar("T")
R = TypeVar("R")

TAIL_WINDOW = 256 << 10
"""Evidence is looked for in the last 256 KiB first: the fatal error is at the end."""

EVIDENCE_WINDOWS = (4 << 10, 32 << 10, TAIL_WINDOW)
"""The tail windows searched in turn for a pattern's last match (see :func:`_last_match`)."""

HINT_BEFORE = 64 << 10
"""How far before Hyperscan's first match end the search for a first match starts."""

EVIDENCE_CONTEXT = 240
"""At most this many bytes of line on each side of a match are kept as evidence."""

MAX_CANDIDATES = 10

MAX_EVIDENCE_MATCH = 4 * EVIDENCE_CONTEXT
"""A longer match is shown as its first and last halves of this many bytes, joined by …"""

_CSI = rb"\x1b\[[0-?]*[ -/]*[@-~]"
# an OSC ends with BEL or ESC \, or (unterminated) at the end of its line: a log cut in
# the middle of a window title must not lose every line after it
_OSC = rb"\x1b\][^\x07\x1b\n]*(?:\x07|\x1b\\)?"
_ESC = rb"\x1b[@-Z\\-_]"
# the same three, with possessive loops (the classes they loop over are disjoint from what
# follows, so possessive and greedy match alike; possessive makes backtracking impossible)
_OSC_RX = re.compile(rb"\x1b\][^\x07\x1b\n]*+(?:\x07|\x1b\\)?")
_CSI_RX = re.compile(rb"\x1b\[[0-?]*+[ -/]*+[@-~]")
_ESC_RX = re.compile(rb"\x1b[@-Z\\-_]")

_ESCAPED = re.compile(rb"\\(.)", re.DOTALL)

ESCAPE_CHUNK = 64 << 10
"""Terminal escapes are removed from pieces of about this size (see :func:`_without`)."""

DENSE_MIN, DENSE_EVERY = 1 << 20, 12
"""From this size, a text with an escape every this many bytes or fewer loses its
escapes through :mod:`wizard.engine.escapes` (numpy): no log is that dense, but a hostile
paste is, and ``re.sub`` pays per match."""

LONG_LINE = 64 << 10
"""A paste with a line this long (no real log line is) is scanned by several smaller sets."""

SPLIT_SETS = 8
# From this size on the sets scan a paste side by side, one thread each (RE2 releases the
# GIL while it scans): on 1 MB of CI log the first scan of a fresh matcher, which builds
# the DFAs, drops from 17 ms to 10 ms on two cores. Below it a thread costs more than it saves.
PARALLEL_MIN = 256 << 10

PREFILTER_MIN = 1 << 20
"""From this size on a paste is scanned by Hyperscan when it is installed and its databases
are compiled (see :meth:`Matcher._prefiltered`); below it RE2's set costs a few ms at most."""

NORMALIZE_PIECE = 1 << 20
""":func:`normalize` works on pieces of about this size, each ending with a newline."""


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
    out = _normalized(data)
    return out if isinstance(out, bytes) else bytes(out)


def _normalized(data: str | bytes) -> bytes | bytearray:
    """:func:`normalize` without the final copy: the paste itself when nothing changes.

    The steps run one after another on the whole text in the original; here they run on
    pieces that end just after a newline, which gives the same bytes: no step deletes a
    newline or matches across one (OSC escapes, which may hold a carriage return, are
    removed from the whole text first). Memory: the paste plus one normalised copy (a
    single line longer than a piece is processed whole, its escapes in pieces).
    """
    data = to_bytes(data)
    escapes, returns, backslashes = b"\x1b" in data, b"\r" in data, b"\\" in data
    if not (escapes or returns or backslashes):
        return data
    if escapes and b"\x1b]" in data:
        data = _without(_OSC_RX, data, before_st=False)
        escapes = b"\x1b" in data
    size = len(data)
    first_end = data.find(b"\n", NORMALIZE_PIECE)
    if first_end == -1 or first_end + 1 >= size:
        return _normalize_piece(data, escapes, returns, backslashes)
    out = bytearray()
    start = 0
    while start < size:
        end = data.find(b"\n", start + NORMALIZE_PIECE)
        end = size if end == -1 else end + 1
        out += _normalize_piece(data[start:end], escapes, returns, backslashes)
        start = end
    return out


def _normalize_piece(data: bytes, escapes: bool, returns: bool, backslashes: bool) -> bytes:
    """The steps of :func:`normalize` after the OSC escapes, on one piece."""
    if escapes and b"\x1b" in data:
        if b"\x1b[" in data:
            data = _without(_CSI_RX, data)
        if b"\x1b" in data:
            data = _without(_ESC_RX, data)
    if returns and b"\r" in data:
        data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    if backslashes and b"\\" in data:
        # each replace scans the whole piece: run only those whose escape occurs. The
        # escapes are read in one pass (findall: fast while backslashes are rare, one
        # object per escape) or, when they are dense, by one search per kind; a backslash
        # pair can hide an overlapping escape, so with one present every step runs.
        if data.count(b"\\") * DENSE_EVERY < len(data):
            kinds = set(_ESCAPED.findall(data))
        else:
            kinds = {k for k in (b"\\", b'"', b"r", b"n", b"t") if b"\\" + k in data}
        if b"\\" in kinds:
            kinds = {b"\\", b'"', b"r", b"n", b"t"}
            data = data.replace(b'\\\\\\"', b'"')
        if b'"' in kinds:
            data = data.replace(b'\\"', b'"')
        if b"r" in kinds:
            data = data.replace(b"\\r\\n", b"\n")
        if b"n" in kinds:
            data = data.replace(b"\\n", b"\n")
        if b"t" in kinds:
            data = data.replace(b"\\t", b"\t")
    return data


_VECTORIZED = {
    _OSC_RX: escape_arrays.without_osc,
    _CSI_RX: escape_arrays.without_csi,
    _ESC_RX: escape_arrays.without_esc,
}


def _without(regex: re.Pattern[bytes], data: bytes, *, before_st: bool = True) -> bytes:
    """``regex.sub(b"", data)`` for an escape pattern, on pieces cut just before an ESC.

    Each match of the three escape patterns starts at an ESC and holds no other ESC
    (but an OSC's ``ESC \\`` terminator, which is why ``before_st=False`` never cuts
    there), so no match crosses such a cut: the pieces give the same bytes as the whole.
    ``re.sub`` keeps one object per piece between matches until it joins them; on a line
    dense with escapes (one every few bytes, 10 MB) that is millions of objects in memory
    never touched before, and the whole text took 0.3-0.9 s where pieces of 64 KiB take
    0.1 s.
    """
    size = len(data)
    if size <= 2 * ESCAPE_CHUNK:
        return regex.sub(b"", data)
    if (
        size >= DENSE_MIN
        and data.count(b"\x1b") * DENSE_EVERY >= size
        and escape_arrays.available()
    ):
        return _VECTORIZED[regex](bytes(data))
    parts = []
    start = 0
    while start < size:
        cut = data.find(b"\x1b", start + ESCAPE_CHUNK)
        while not before_st and cut != -1 and data[cut + 1 : cut + 2] == b"\\":
            cut = data.find(b"\x1b", cut + 1)
        end = size if cut == -1 else cut
        parts.append(regex.sub(b"", data[start:end]))
        start = end
    return b"".join(parts)


def _decode(chunk: bytes) -> str:
    """Printable text: invalid UTF-8 replaced, other unprintable characters (not tabs) as spaces."""
    text = chunk.decode("utf-8", "replace")
    if not text.isprintable():  # C-level: a table for the few distinct offenders
        text = text.translate({ord(c): " " for c in set(text) if c != "\t" and not c.isprintable()})
    return text.strip()


def _evidence(data: bytes, start: int, end: int) -> str:
    line_start = data.rfind(b"\n", max(0, start - EVIDENCE_CONTEXT), start) + 1
    if line_start == 0:
        line_start = max(0, start - EVIDENCE_CONTEXT)
    line_end = data.find(b"\n", end, end + EVIDENCE_CONTEXT)
    if line_end == -1:
        line_end = min(len(data), end + EVIDENCE_CONTEXT)
    if end - start > MAX_EVIDENCE_MATCH:  # a match of megabytes on a hostile line
        half = MAX_EVIDENCE_MATCH // 2
        head = _decode(data[line_start : start + half])
        return f"{head} … {_decode(data[end - half : line_end])}"
    return _decode(data[line_start:line_end])


def _last_match(
    regex: re2._Regexp, data: bytes | bytearray, hint: int | None = None
) -> tuple[int, int, dict[str, str]] | None:
    """The last match in the smallest tail window that has one, else the first match anywhere.

    ``hint`` (from Hyperscan) is an offset at or before the end of the first match: the
    search for it then starts :data:`HINT_BEFORE` bytes earlier, and from the start of
    the text only if nothing is found there.

    The windows grow from the end (:data:`EVIDENCE_WINDOWS`): every match found costs the
    extraction of its groups, and on a hostile line full of a pattern's words a 256 KiB
    window holds thousands of matches where a 4 KiB one holds a few. The search starts at
    an offset of the whole text (not a slice), so ``^`` and ``\\b`` see the real text
    before the window.
    """
    size = len(data)
    last = None
    start = 0
    for window in EVIDENCE_WINDOWS:
        start = max(0, size - window)
        for m in regex.finditer(data, start):
            last = m
        if last is not None or start == 0:
            break
    if last is None and start:
        if hint is not None and hint > HINT_BEFORE:
            last = regex.search(data, hint - HINT_BEFORE)
        if last is None:
            last = regex.search(data)
    if last is None:
        return None
    groups = {}
    for k, v in last.groupdict().items():
        if v:
            value = _decode(v)
            if len(value) <= factlib.MAX_FACT_LENGTH:  # longer ones fail validation anyway
                groups[k.decode() if isinstance(k, bytes) else k] = value
    start, end = last.span()
    return start, end, groups


def _compile_set(patterns: list[bytes]) -> re2.Set:
    options = rx.options()
    options.max_mem = 256 << 20
    pattern_set = re2.Set.SearchSet(options)
    for pattern in patterns:
        pattern_set.Add(pattern)
    pattern_set.Compile()
    return pattern_set


def _has_long_line(data: bytes | bytearray) -> bool:
    """Whether some window of :data:`LONG_LINE` bytes has no newline (about 1 ms per 50 MB)."""
    for start in range(0, len(data) - LONG_LINE + 1, LONG_LINE):
        if data.find(b"\n", start, start + LONG_LINE) == -1:
            return True
    return False


def _cpus() -> int:
    """The processors this process may run on (a container's or taskset's limit included)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def _in_lanes(items: Sequence[T], work: Callable[[T], R], *, parallel: bool) -> list[R]:
    """:func:`~wizard.engine.lanes.in_lanes` on one thread per processor when ``parallel``."""
    return in_lanes(items, work, workers=_cpus() if parallel else 1)


def _match_sets(sets: Sequence[re2.Set], data: bytes | bytearray) -> list[list[int]]:
    """Each set's matching pattern indexes in ``data``; side by side for a large paste."""
    return _in_lanes(sets, lambda s: list(s.Match(data) or ()), parallel=len(data) >= PARALLEL_MIN)


@dataclass(frozen=True)
class _Entry:
    kind: str  # "node" or "extractor"
    index: int  # node order or extractor order
    node: str
    weight: float
    regex: str
    sets: Mapping[str, str]


def _loops(pattern: str) -> bool:
    """Whether a pattern loops within or across lines (``[^\n]{0,N}``, ``\n``, ``(?s)``)."""
    return "[^\\n]" in pattern or "\\n" in pattern or "(?s)" in pattern or "(?m)" in pattern


class Matcher:
    """Compiled patterns of a tree; :meth:`match` ranks a paste against them."""

    def __init__(self, tree: Tree, *, prefilter: bool = True) -> None:
        """Compile the tree's patterns.

        Args:
            tree: the decision tree.
            prefilter: whether pastes of :data:`PREFILTER_MIN` bytes and more are scanned
                by Hyperscan (:mod:`wizard.engine.prefilter`) when it is installed; RE2's
                set otherwise (tests compare the two).
        """
        self.tree = tree
        self._use_prefilter = prefilter
        self._prefilter: prefilter_mod.Prefilter | None = None
        self._prefilter_refused = False
        self._uncovered: tuple[list[int], re2.Set] | None = None
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
        self._set_patterns: list[bytes] = []
        for entry in self._entries:
            relaxed = rx.unbounded(entry.regex)
            if relaxed != entry.regex and not rx.surely_compiles(entry.regex):
                rx.compile_bytes(entry.regex)  # a bad pattern still fails here, as before
            self._set_patterns.append(relaxed.encode("utf-8"))
        # Patterns that loop inside a line ([^\n]{0,300} and the like) multiply the
        # states of a set's DFA as a varied log goes by; in a set of their own they cost
        # a fraction (1 MB of CI log, first scan: 29 ms in one set, 17 ms in two).
        looping = [i for i, e in enumerate(self._entries) if _loops(e.regex)]
        plain = [i for i in range(len(self._entries)) if i not in set(looping)]
        self._sets = [
            (group, _compile_set([self._set_patterns[i] for i in group]))
            for group in (plain, looping)
            if group
        ]
        self._split: list[tuple[list[int], re2.Set]] | None = None

    def _scan(self, data: bytes | bytearray) -> dict[int, int | None]:
        """Entries whose pattern (may) occur in ``data``, in index order: index -> a hint.

        The hint, from Hyperscan only, is an offset at or before the end of the first
        match (see :func:`_last_match`); RE2's set cannot say where it found anything.

        A large paste goes through Hyperscan when it is there (:meth:`_prefiltered`).
        Otherwise one or two RE2 sets hold every pattern with its counted repetitions
        made unbounded. A paste with a line of :data:`LONG_LINE` bytes or more is scanned by
        :data:`SPLIT_SETS` smaller sets instead of one: on one endless line the states of
        a single set's DFA multiply across patterns; several smaller DFAs stay small.
        """
        if self._use_prefilter and len(data) >= PREFILTER_MIN:
            found = self._prefiltered(data)
            if found is not None:
                return found
        if not _has_long_line(data):
            sets = self._sets
        else:
            if self._split is None:
                size = -(-len(self._set_patterns) // SPLIT_SETS) or 1
                self._split = [
                    (
                        list(range(start, min(start + size, len(self._set_patterns)))),
                        _compile_set(self._set_patterns[start : start + size]),
                    )
                    for start in range(0, len(self._set_patterns), size)
                ]
            sets = self._split
        found = _match_sets([compiled for _group, compiled in sets], data)
        hits = sorted(
            group[i] for (group, _compiled), hits in zip(sets, found, strict=True) for i in hits
        )
        return dict.fromkeys(hits)

    def _prefiltered(self, data: bytes | bytearray) -> dict[int, int | None] | None:
        """Entries found by Hyperscan (and RE2 for any pattern it refused); None without it.

        Compiling the databases takes about 0.7 s, once per tree (then they are cached):
        more than RE2's set spends on the largest ordinary log (150 MB/s), so a paste only
        compiles them when RE2 would be slow on it, that is when it has a line of
        :data:`LONG_LINE` bytes or more; otherwise it uses them only when already cached.
        """
        if self._prefilter is None:
            if self._prefilter_refused or not prefilter_mod.available():
                return None
            from wizard.engine.loader import cache_dir

            long_line = _has_long_line(data)
            patterns = [entry.regex for entry in self._entries]
            self._prefilter = prefilter_mod.load(patterns, cache_dir(), compile_missing=long_line)
            if self._prefilter is None:
                self._prefilter_refused = long_line  # compiled nothing: do not try again
                return None
            rest = [i for i in range(len(patterns)) if i not in self._prefilter.covered]
            if rest:
                self._uncovered = (rest, _compile_set([self._set_patterns[i] for i in rest]))
        hits: dict[int, int | None] = dict(self._prefilter.scan(data))
        if self._uncovered is not None:
            group, compiled = self._uncovered
            hits.update(dict.fromkeys(group[i] for i in compiled.Match(data) or ()))
        return {i: hits[i] for i in sorted(hits)}

    def match(self, text: str | bytes, *, limit: int = MAX_CANDIDATES) -> MatchResult:
        """Rank the tree's start nodes for ``text`` and extract facts."""
        data = _normalized(text)
        if not data or data.isspace():  # `not data.strip()` without copying 50 MB
            return MatchResult((), (), {})
        found_at = self._scan(data)
        scores: dict[str, float] = {}
        evidence: dict[str, list[tuple[int, str]]] = {}
        positions: dict[str, int] = {}
        node_groups: dict[str, dict[str, str]] = {}
        extracted: list[tuple[int, int, dict[str, str]]] = []
        # every hit searched again with its own regex (side by side on a large paste:
        # on a hostile one, hundreds of searches, some through the whole text)
        located = _in_lanes(
            list(found_at.items()),
            lambda hit: _last_match(rx.compile_bytes(self._entries[hit[0]].regex), data, hit[1]),
            parallel=len(data) >= PARALLEL_MIN,
        )
        for index, found in zip(found_at, located, strict=True):
            entry = self._entries[index]
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
