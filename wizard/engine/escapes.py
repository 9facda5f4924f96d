"""Terminal escapes removed from large, escape-dense text with array operations (numpy).

The matcher removes three kinds of escape sequences, each with a regex substitution
(:mod:`wizard.engine.matcher`): OSC (``ESC ] ... BEL`` or ``ESC ] ... ESC \\``, or to the end of the line), CSI
(``ESC [`` parameters, intermediates, one final byte) and two-byte ``ESC X``. Python's
``re.sub`` costs 45-65 ns per match however it is fed, so a line with an escape every
three or four bytes normalises at 45-50 MB/s at best. Here each step is a few passes of
numpy over the whole text (searches on sorted positions, no per-match Python): 10 MB of
such a line in about 40 ms, plus numpy's import (55 ms) the first time.

Each function gives exactly the bytes of the matcher's substitution with the same
pattern (tests compare them on generated text). They rely on what the patterns share:
every match starts at an ESC and holds no other ESC (but the ``ESC \\`` ending an OSC,
which is never a match's start), so the matches are independent of each other and can
all be found at once, by where each one ends.
"""

from __future__ import annotations

from typing import Any

from wizard.engine.optional import importable

ESC, BEL, NEWLINE = 0x1B, 0x07, 0x0A


def available() -> bool:
    """Whether numpy can be imported."""
    return importable("numpy")


def without_osc(data: bytes) -> bytes:
    """``re.sub(rb"\\x1b\\][^\\x07\\x1b\\n]*+(?:\\x07|\\x1b\\\\)?", b"", data)``."""
    np, a = _array(data)
    starts = _starts(np, a, ord("]"))
    if not starts.size:
        return data
    stops = np.flatnonzero((a == BEL) | (a == ESC) | (a == NEWLINE))
    body_end = _first_at_or_after(np, stops, starts + 2, a.size)
    ends = body_end.copy()
    inside = body_end < a.size
    bell = np.zeros(starts.size, dtype=bool)
    bell[inside] = a[body_end[inside]] == BEL
    ends[bell] += 1
    st = np.zeros(starts.size, dtype=bool)
    has_next = inside & ~bell & (body_end + 1 < a.size)
    st[has_next] = a[body_end[has_next] + 1] == ord("\\")
    ends[st] += 2
    return _cut(np, a, starts, ends)


def without_csi(data: bytes) -> bytes:
    """``re.sub(rb"\\x1b\\[[0-?]*+[ -/]*+[@-~]", b"", data)``."""
    np, a = _array(data)
    starts = _starts(np, a, ord("["))
    if not starts.size:
        return data
    after_parameters = _skip(np, a, starts + 2, 0x30, 0x3F)
    final = _skip(np, a, after_parameters, 0x20, 0x2F)
    ok = final < a.size
    ok[ok] = (a[final[ok]] >= 0x40) & (a[final[ok]] <= 0x7E)
    return _cut(np, a, starts[ok], final[ok] + 1)


def without_esc(data: bytes) -> bytes:
    """``re.sub(rb"\\x1b[@-Z\\\\-_]", b"", data)``."""
    np, a = _array(data)
    escapes = np.flatnonzero(a[:-1] == ESC)
    if not escapes.size:
        return data
    second = a[escapes + 1]
    ok = ((second >= 0x40) & (second <= 0x5A)) | ((second >= 0x5C) & (second <= 0x5F))
    starts = escapes[ok]
    return _cut(np, a, starts, starts + 2)


def _array(data: bytes) -> tuple[Any, Any]:
    import numpy as np

    return np, np.frombuffer(data, dtype=np.uint8)


def _starts(np: Any, a: Any, second: int) -> Any:
    """Positions of ESC followed by ``second``."""
    return np.flatnonzero((a[:-1] == ESC) & (a[1:] == second))


SKIP_STEPS = 16
"""Runs of parameter or intermediate bytes are stepped over this many bytes at a time
for all sequences at once; the few longer ones are then found by search."""


def _skip(np: Any, a: Any, at: Any, low: int, high: int) -> Any:
    """For each offset in ``at``, the first offset from it whose byte is not in [low, high]."""
    position = at.astype(np.int64)
    moving = np.arange(position.size)
    for _ in range(SKIP_STEPS):
        moving = moving[position[moving] < a.size]
        byte = a[position[moving]]
        moving = moving[(byte >= low) & (byte <= high)]
        if not moving.size:
            return position
        position[moving] += 1
    stops = np.flatnonzero((a < low) | (a > high))
    position[moving] = _first_at_or_after(np, stops, position[moving], a.size)
    return position


def _first_at_or_after(np: Any, positions: Any, at: Any, none: int) -> Any:
    """For each offset in ``at``, the first of the sorted ``positions`` not before it."""
    index = np.searchsorted(positions, at)
    found = np.full(at.size, none, dtype=np.int64)
    inside = index < positions.size
    found[inside] = positions[index[inside]]
    return found


def _cut(np: Any, a: Any, starts: Any, ends: Any) -> bytes:
    """The bytes of ``a`` outside the (disjoint) ranges ``[starts, ends)``."""
    if not starts.size:
        return a.tobytes()
    change = np.zeros(a.size + 1, dtype=np.int8)
    change[starts] += 1  # the starts are distinct, so are the ends: no index repeats
    change[ends] -= 1
    removed = np.cumsum(change[:-1], dtype=np.int8).astype(bool)
    return a[~removed].tobytes()
