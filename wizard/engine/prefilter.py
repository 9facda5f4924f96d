"""Which of the tree's patterns occur in a large paste: one Hyperscan pass, exact bounds.

Why not RE2's set for everything: RE2 builds the states of its DFA while it scans. On
real logs a few thousand states cover everything, but on a hostile line (megabytes of the
patterns' own words and host-like runs, no newline) nearly every byte needs a new state,
each costing microseconds for a set of 421 patterns: 25 MB/s at best, however the set is
split. Hyperscan (the Vectorscan fork, statically linked in the ``hyperscan`` wheel)
compiles the patterns ahead of time into literal matchers and small automata, counted
repetitions included: 65-150 MB/s on those lines, about 900 MB/s on CI logs. Its compile
takes about half a second, so the compiled database is cached on disk next to the tree's
parse cache (keyed by the patterns, the library version and this module's rules).

Hyperscan is used as a *prefilter*: every pattern it reports is searched again with RE2
(the tree's regex dialect) for its evidence and groups, as after RE2's set. It must not
miss a pattern that RE2 finds. Hyperscan here works on bytes; RE2 on UTF-8 characters,
so a character class or ``[^\\n]{0,300}`` counts characters there and bytes here. The
difference is removed by deleting every UTF-8 continuation byte (0x80-0xBF) from the text
*and* from the patterns (:func:`hs_pattern`, :func:`hs_text`): each character is then one
byte, its lead byte, which every negated class and ``.`` match as RE2 matches the whole
character. Two letters outside ASCII fold to ASCII letters under RE2's ``(?i)``, the Kelvin
sign (K) and the long s (ſ): case-insensitive patterns also take their lead bytes where RE2
could fold (:func:`_with_folds`). Patterns whose ``(?i)`` would fold other non-ASCII letters
are left to RE2 (none in the built-in tree). Bytes that are not UTF-8 become newlines (RE2
matches none of them). Every change only ever adds to what Hyperscan can match, so it
reports a superset of RE2's patterns; RE2 decides.

The module imports ``hyperscan`` lazily; without it (no wheel for the platform)
:func:`load` returns None and the matcher uses RE2's set alone.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path

from wizard.engine.lanes import in_lanes
from wizard.engine.optional import importable
from wizard.engine.rx import _class_end, _escape_end

RULES_VERSION = "3"
"""Bump when :func:`hs_pattern` or the flags change: cached databases are then rebuilt."""

_CONTINUATION = bytes(range(0x80, 0xC0))
_FOLDED = {"k": "[kK\\xe2]", "K": "[kK\\xe2]", "s": "[sS\\xc5]", "S": "[sS\\xc5]"}
_GROUP_OPENING = re.compile(r"\(\?(?:P?<\w+>|[imsU-]*[:)])")
_REPLACEMENT = "\ufffd".encode()
_CHARACTER_ESCAPES = re.compile(r"(?<!\\)(?:\\\\)*\\(?:C|[pP]|x\{|x[89a-fA-F])")


def hs_pattern(regex: str) -> bytes | None:
    """The pattern Hyperscan scans for, or None when it cannot stand in for RE2's.

    Non-ASCII characters lose their continuation bytes, as the text does (:func:`hs_text`);
    ASCII syntax is unchanged. A case-insensitive pattern with non-ASCII letters is refused:
    RE2 would fold them, the byte-mode scanner cannot.
    """
    if "(?i" in regex and any(ord(c) > 127 and c.lower() != c.upper() for c in regex):
        return None
    if _CHARACTER_ESCAPES.search(regex):
        return None  # \C (one byte), \p{..} and \x{..}/\x80+ (characters) differ in bytes
    if "(?i" in regex:
        folded = _with_folds(regex)
        if folded is None:
            return None
        regex = folded
    return regex.encode("utf-8").translate(None, _CONTINUATION)


def _with_folds(regex: str) -> str | None:
    """A case-insensitive pattern that also takes the Kelvin sign for k and the long s for s.

    RE2 folds both to ASCII letters (``(?i)k``, ``(?i)[a-z]``, ``(?i)\\w`` match them),
    yet ``\\b`` counts them as non-letters. In the text they stay what they become with
    their continuation bytes gone (0xE2, 0xC5: non-letters here too); the pattern takes
    those bytes wherever RE2 could fold: at each literal k and s, in every positive class
    and for ``\\w``. Other characters with those lead bytes only add false reports.
    None when the pattern holds what this does not read (``\\Q...\\E``).
    """
    if "\\Q" in regex:
        return None
    out: list[str] = []
    i, n = 0, len(regex)
    while i < n:
        c = regex[i]
        if c == "\\":
            end = _escape_end(regex, i)
            if end is None:
                return None
            token = regex[i:end]
            out.append("[\\w\\xe2\\xc5]" if token == "\\w" else token)
            i = end
        elif c == "[":
            end = _class_end(regex, i)
            if end is None:
                return None
            token = regex[i:end]
            out.append(token if token.startswith("[^") else token[:-1] + "\\xe2\\xc5]")
            i = end
        elif c == "(" and (group := _GROUP_OPENING.match(regex, i)):
            out.append(group.group(0))  # names and flags are not letters to fold
            i = group.end()
        else:
            out.append(_FOLDED.get(c, c))
            i += 1
    return "".join(out)


def hs_text(data: bytes | bytearray) -> bytes | bytearray:
    """The paste as Hyperscan sees it: one byte per character (ASCII pastes unchanged).

    Bytes that are not UTF-8 become newlines first: RE2 matches no such byte with ``.``
    or any class, so no match of its crosses one, and as a newline it stops the
    ``[^\\n]`` loops here too (fewer false reports to search again). This needs the
    decoder's U+FFFD to mean "not UTF-8"; in a paste holding a real U+FFFD they become
    ``?`` instead. Either way none is left to lose with the continuation bytes: a lost
    byte would join two words that RE2's ``\\b`` sees apart.
    """
    if data.isascii():
        return data
    try:
        data.decode("utf-8")  # valid UTF-8 (most non-ASCII pastes): nothing to mark
    except UnicodeDecodeError:
        pass
    else:
        return data.translate(None, _CONTINUATION)
    if _REPLACEMENT not in data:
        text = data.decode("utf-8", "replace")
        if "\ufffd" in text:
            data = text.replace("\ufffd", "\n").encode("utf-8")
    else:  # a real U+FFFD: bad bytes become "?" (not a letter either), not line ends
        data = data.decode("utf-8", "surrogateescape").encode("utf-8", "replace")
    return data.translate(None, _CONTINUATION)


PARTS = 2
"""The patterns are compiled into this many databases, scanned side by side (Hyperscan
releases the interpreter lock while it scans): on two cores a hostile 10 MB line takes
68 ms instead of 123."""


class Prefilter:
    """Compiled Hyperscan databases for a list of patterns."""

    def __init__(self, databases: Sequence[object], covered: frozenset[int]) -> None:
        self._databases = list(databases)
        self._lock = threading.Lock()  # one scratch space per database: one scan at a time
        self.covered = covered
        """Indexes of the patterns in the databases (the others must be scanned otherwise)."""

    def scan(self, data: bytes | bytearray, *, side_by_side: bool = True) -> dict[int, int]:
        """Covered patterns that (may) occur in ``data``: index -> end of the first match.

        The end is an offset in the text as Hyperscan saw it, which is never longer than
        ``data``: the first match in ``data`` ends there or later.
        """
        with self._lock:
            return self._scan(hs_text(data), side_by_side)

    def _scan(self, text: bytes | bytearray, side_by_side: bool) -> dict[int, int]:
        found: dict[int, int] = {}

        def on_match(index: int, _start: int, end: int, _flags: int, _ctx: object) -> None:
            found.setdefault(index, end)  # dict.setdefault is atomic under the GIL

        def scan(database: object) -> None:
            database.scan(text, match_event_handler=on_match)  # type: ignore[attr-defined]

        in_lanes(self._databases, scan, workers=len(self._databases) if side_by_side else 1)
        return found


def available() -> bool:
    """Whether the ``hyperscan`` module can be imported."""
    return importable("hyperscan")


def load(
    patterns: Sequence[str], cache_dir: Path | None, *, compile_missing: bool = True
) -> Prefilter | None:
    """The prefilter for ``patterns``: from the cache, else compiled (and cached).

    None when Hyperscan is not installed or compiles nothing, or when the databases are
    not cached and ``compile_missing`` is false. Reading or writing the cache never fails
    the caller: a damaged or foreign entry is compiled again.
    """
    if not available():
        return None
    import hyperscan

    converted, key = _prepared(tuple(patterns), hyperscan.__version__)
    path = cache_dir / f"hyperscan-{key}.db" if cache_dir is not None else None
    if path is not None:
        cached = _read(hyperscan, path)
        if cached is not None:
            return cached
    if not compile_missing:
        return None
    compiled = _compile(hyperscan, converted)
    if compiled is None:
        return None
    databases, covered = compiled
    if path is not None:
        _write(path, _entry([hyperscan.dumpb(db) for db in databases], covered))
    return Prefilter(databases, covered)


_FLAGS_NAMES = ("HS_FLAG_SINGLEMATCH", "HS_FLAG_ALLOWEMPTY")


def _flags(hyperscan: object) -> int:
    flags = 0
    for name in _FLAGS_NAMES:
        flags |= getattr(hyperscan, name)
    return flags


def _compile(hyperscan, converted: list[bytes | None]):  # noqa: ANN001, ANN202 - the module
    """(databases, covered indexes), leaving out what Hyperscan refuses; None if nothing."""
    ids = [i for i, p in enumerate(converted) if p is not None]

    def build(which: list[int]) -> object:
        database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
        database.compile(
            expressions=[converted[i] for i in which], ids=which, flags=_flags(hyperscan)
        )
        return database

    databases, covered = [], []
    for part in (ids[n::PARTS] for n in range(PARTS)):
        try:
            databases.append(build(part))
        except hyperscan.error:
            # one pattern (or more) is refused and the error does not say which
            part = [i for i in part if _builds(build, hyperscan, i)]
            if not part:
                continue
            databases.append(build(part))
        covered += part
    return (databases, frozenset(covered)) if databases else None


def _builds(build, hyperscan, index: int) -> bool:  # noqa: ANN001
    try:
        build([index])
    except hyperscan.error:
        return False
    return True


@functools.lru_cache(maxsize=4)
def _prepared(patterns: tuple[str, ...], version: str) -> tuple[list[bytes | None], str]:
    """The patterns as Hyperscan takes them, and their cache key (the same tree's patterns
    come back with every large paste while the databases are not cached)."""
    converted = [hs_pattern(p) for p in patterns]
    return converted, _key(version, converted)


def _key(version: str, converted: list[bytes | None]) -> str:
    digest = hashlib.sha256(f"{RULES_VERSION}\0{version}\0".encode())
    for pattern in converted:
        digest.update(b"\1" if pattern is None else b"\2" + pattern)
        digest.update(b"\0")
    return digest.hexdigest()[:32]


def _entry(blobs: list[bytes], covered: frozenset[int]) -> bytes:
    """The cache file: a header line (covered indexes; blob sizes; SHA-256), then the blobs.

    The digest keeps a damaged file (a full disk, a crash mid-write on a file system
    without atomic rename) from reaching Hyperscan's deserializer, which is C: such an
    entry is compiled again instead.
    """
    body = b"".join(blobs)
    header = ";".join(
        (
            ",".join(map(str, sorted(covered))),
            ",".join(str(len(b)) for b in blobs),
            hashlib.sha256(body).hexdigest(),
        )
    )
    return header.encode() + b"\n" + body


def _read(hyperscan, path: Path) -> Prefilter | None:  # noqa: ANN001 - the module
    try:
        raw = path.read_bytes()
        header, _, body = raw.partition(b"\n")
        covered_text, sizes_text, digest = header.decode().split(";")
        covered = frozenset(int(i) for i in covered_text.split(","))
        sizes = [int(n) for n in sizes_text.split(",")]
        if sum(sizes) != len(body) or hashlib.sha256(body).hexdigest() != digest:
            return None
        databases, offset = [], 0
        for size in sizes:
            database = hyperscan.loadb(body[offset : offset + size], mode=hyperscan.HS_MODE_BLOCK)
            database.scratch = hyperscan.Scratch(database)
            databases.append(database)
            offset += size
    except (OSError, ValueError, UnicodeDecodeError, hyperscan.error):
        return None
    return Prefilter(databases, covered)


def _write(path: Path, content: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".hyperscan-")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(content)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError:
        pass  # a read-only or full cache directory: compile again next time
