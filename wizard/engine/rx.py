"""RE2 compilation shared by the matcher, the reference grammar and the validator.

RE2 runs in time linear in the input and has no backreferences or look-around, so no
pattern in the tree can backtrack catastrophically. Patterns are compiled as bytes: the
matcher works on UTF-8 bytes so a 50 MB paste is never copied per pattern.
"""

from __future__ import annotations

import functools

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
