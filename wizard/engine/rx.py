"""RE2 compilation shared by the matcher, the reference grammar and the validator.

RE2 runs in time linear in the input and has no backreferences or look-around, so no
pattern in the tree can backtrack catastrophically. Patterns are compiled as bytes: the
matcher works on UTF-8 bytes so a 50 MB paste is never copied per pattern.
"""

from __future__ import annotations

import functools
import re

import re2

MAX_PATTERN_LENGTH = 2000
"""Longer patterns are refused: they are a sign of something pasted by mistake."""


def options() -> re2.Options:
    """RE2 options: quiet (errors are raised, not logged) and a bounded DFA budget."""
    opts = re2.Options()
    opts.log_errors = False
    opts.max_mem = 64 << 20
    return opts


@functools.lru_cache(maxsize=4096)
def compile_bytes(pattern: str) -> re2._Regexp:
    """Compile a str pattern for matching UTF-8 bytes. Raises ``re2.error``."""
    if len(pattern) > MAX_PATTERN_LENGTH:
        raise re2.error(f"pattern longer than {MAX_PATTERN_LENGTH} characters")
    return re2.compile(pattern.encode("utf-8"), options())


@functools.lru_cache(maxsize=256)
def compile_str(pattern: str) -> re2._Regexp:
    """Compile a pattern for matching short str values (facts, references)."""
    return re2.compile(pattern, options())


def check(pattern: str) -> str | None:
    """None when the pattern compiles under RE2, else the reason it does not."""
    try:
        compile_bytes(pattern)
    except re2.error as exc:
        msg = exc.args[0] if exc.args else str(exc)
        if isinstance(msg, bytes):
            msg = msg.decode("utf-8", "replace")
        return str(msg)
    return None


_REPEAT = re.compile(r"\{(\d+)(?:,(\d*))?\}")


def unbounded(pattern: str) -> str:
    """The pattern with every counted repetition made unbounded: ``{m,n}`` -> ``*`` or ``+``.

    Used for the matcher's RE2 *set* only. ``X{0,200}`` makes the set's DFA follow up to
    200 positions at once for that pattern alone; across a few hundred patterns and a
    hostile line this explodes its states (and time). ``X*`` is one position. The result
    matches a superset of what the original matches (``X{m,n}`` is a subset of ``X+`` when
    m >= 1, of ``X*`` when m = 0), and the matcher confirms every set hit with the exact
    pattern, so nothing changes but the speed. Anything this scanner does not understand
    returns the pattern unchanged.
    """
    return _relax(pattern)[0]


def surely_compiles(pattern: str) -> bool:
    """Whether the exact pattern compiles when its :func:`unbounded` form does.

    True for patterns of at most 500 characters whose counted repetitions are not nested
    and add up to at most 1000 (each bound checked by :func:`unbounded`): a few hundred
    thousand program instructions at most, far below RE2's budget. Only nested or huge
    repetitions can make RE2 refuse a pattern whose unbounded form it accepts; the
    matcher compiles those exactly at start-up so that a bad one still fails there.
    """
    return _relax(pattern)[1]


@functools.lru_cache(maxsize=4096)
def _relax(pattern: str) -> tuple[str, bool]:
    """(:func:`unbounded` form, :func:`surely_compiles`) in one scan."""
    if "{" not in pattern:
        return pattern, True
    out: list[str] = []
    groups: list[bool] = []  # per open group: does it contain a counted repetition?
    closed_had_rep = nested = False
    total = 0
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        after_group, closed_had_rep = closed_had_rep, False
        if c == "\\":
            end = _escape_end(pattern, i)
            if end is None:
                return pattern, True
            out.append(pattern[i:end])
            i = end
        elif c == "[":
            end = _class_end(pattern, i)
            if end is None:
                return pattern, True
            out.append(pattern[i:end])
            i = end
        elif c == "{" and i > 0 and (m := _REPEAT.match(pattern, i)):
            low, high = int(m.group(1)), m.group(2)
            if pattern[i - 1] in "(|" or low > 1000 or (high and not low <= int(high) <= 1000):
                return pattern, True  # not a valid repetition: RE2's verdict stays as it is
            out.append("*" if low == 0 else "+")
            total += int(high) if high else low
            nested = nested or after_group
            groups = [True] * len(groups)
            i = m.end()
        else:
            if c == "(":
                groups.append(False)
            elif c == ")" and groups:
                closed_had_rep = groups.pop()
            out.append(c)
            i += 1
    return "".join(out), len(pattern) <= 500 and not nested and total <= 1000


def _escape_end(pattern: str, i: int) -> int | None:
    """End of the escape starting at ``pattern[i] == '\\'``."""
    if i + 1 >= len(pattern):
        return None
    nxt = pattern[i + 1]
    if nxt == "Q":
        end = pattern.find("\\E", i + 2)
        return len(pattern) if end == -1 else end + 2
    if nxt in "xpP" and pattern.startswith("{", i + 2):
        end = pattern.find("}", i + 3)
        return None if end == -1 else end + 1
    return i + 2


def _class_end(pattern: str, i: int) -> int | None:
    """End of the character class starting at ``pattern[i] == '['``."""
    j, n = i + 1, len(pattern)
    if j < n and pattern[j] == "^":
        j += 1
    if j < n and pattern[j] == "]":
        j += 1
    while j < n and pattern[j] != "]":
        if pattern[j] == "\\":
            end = _escape_end(pattern, j)
            if end is None:
                return None
            j = end
        elif pattern.startswith("[:", j):
            end = pattern.find(":]", j + 2)
            if end == -1:
                return None
            j = end + 2
        else:
            j += 1
    return None if j >= n else j + 1
