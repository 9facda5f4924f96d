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
    out: list[str] = []
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\":
            end = _escape_end(pattern, i)
            if end is None:
                return pattern
            out.append(pattern[i:end])
            i = end
        elif c == "[":
            end = _class_end(pattern, i)
            if end is None:
                return pattern
            out.append(pattern[i:end])
            i = end
        elif c == "{" and i > 0 and (m := _REPEAT.match(pattern, i)):
            low, high = int(m.group(1)), m.group(2)
            if pattern[i - 1] in "(|" or low > 1000 or (high and not low <= int(high) <= 1000):
                return pattern  # not a valid repetition: leave RE2's verdict unchanged
            out.append("*" if low == 0 else "+")
            i = m.end()
        else:
            out.append(c)
            i += 1
    return "".join(out)


def surely_compiles(pattern: str) -> bool:
    """Whether the exact pattern compiles when its :func:`unbounded` form does.

    True for patterns of at most 500 characters with at most one counted repetition
    (whose bounds, at most 1000, :func:`unbounded` checked): at most 500 x 1000 program
    instructions, far below RE2's budget. Only nested, many or huge repetitions can make
    RE2 refuse a pattern whose unbounded form it accepts; those are compiled at start-up.
    """
    return len(pattern) <= 500 and len(_REPEAT.findall(pattern)) <= 1


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
