"""CI tag filters, evaluated without a CI server: GitHub Actions globs and GitLab rules.

GitHub Actions ``on.push.tags`` / ``tags-ignore`` use "filter patterns" (GitHub docs,
"Filter pattern cheat sheet"), which are NOT shell globs and NOT regular expressions:

* ``*`` zero or more characters except ``/``; ``**`` zero or more of any character;
* ``?`` zero or one of the PRECEDING character; ``+`` one or more of the preceding one
  (so ``v[0-9]+.[0-9]+`` is a valid glob where ``.`` is a literal dot);
* ``[...]`` one character from the list or ranges (``a-z``, ``A-Z``, ``0-9``);
* ``!`` first in a pattern negates it: patterns are applied in order, a later ``!``
  pattern removes what earlier ones matched, a later positive one adds it back;
* ``\\`` escapes the next character.

GitLab ``rules: - if:`` compares ``$CI_COMMIT_TAG`` with ``=~ /re/`` (RE2 syntax, as
GitLab itself uses), ``==``, ``!=`` and plain truthiness; ``only:``/``except:`` take
``tags``, ``branches`` and ``/regex/`` refs.

Everything here is pure (RE2 for the regular expressions, no I/O).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import re2

from wizard.engine.rx import options


class FilterError(ValueError):
    """A filter pattern or rule this module cannot evaluate."""


def glob_to_regex(pattern: str) -> str:
    """The RE2 regular expression (anchored) of a GitHub Actions filter pattern."""
    atoms: list[str] = []
    i = 0
    n = len(pattern)
    while i < n:
        c = pattern[i]
        if c == "*":
            if i + 1 < n and pattern[i + 1] == "*":
                atoms.append(".*")
                i += 2
            else:
                atoms.append("[^/]*")
                i += 1
            continue
        if c in "?+":
            if not atoms or atoms[-1] in (".*", "[^/]*") or atoms[-1][-1:] in "?+":
                atoms.append("\\" + c)  # nothing sensible to repeat: a literal
            else:
                atoms[-1] = f"(?:{atoms[-1]}){c}"
            i += 1
            continue
        if c == "[":
            end = pattern.find("]", i + 1)
            if end == -1:
                raise FilterError(f"unclosed '[' in filter pattern {pattern!r}")
            body = pattern[i + 1 : end]
            if not body or any(not (ch.isalnum() or ch == "-") for ch in body):
                raise FilterError(
                    f"'[{body}]' in {pattern!r}: only letters, digits and ranges are allowed"
                )
            atoms.append(f"[{body}]")
            i = end + 1
            continue
        if c == "\\" and i + 1 < n:
            atoms.append(re2.escape(pattern[i + 1]))
            i += 2
            continue
        atoms.append(re2.escape(c))
        i += 1
    return "".join(atoms)


def glob_match(pattern: str, name: str) -> bool:
    """Whether ``name`` matches one (positive) GitHub filter pattern."""
    try:
        regex = re2.compile(glob_to_regex(pattern), options())
    except re2.error as exc:
        raise FilterError(f"filter pattern {pattern!r} does not compile: {exc}") from None
    return regex.fullmatch(name) is not None


def filters_match(patterns: Sequence[str], name: str) -> bool:
    """GitHub's ordered include/exclude evaluation of ``tags:`` (with ``!`` patterns)."""
    included = False
    for raw in patterns:
        pattern = str(raw)
        if pattern.startswith("!"):
            if included and glob_match(pattern[1:], name):
                included = False
        elif not included and glob_match(pattern, name):
            included = True
    return included


def ignore_match(patterns: Sequence[str], name: str) -> bool:
    """Whether ``tags-ignore`` excludes ``name`` (any pattern matching excludes it)."""
    return any(glob_match(str(p), name) for p in patterns)


def looks_like_regex(pattern: str) -> bool:
    """A hint: the pattern was written as a regular expression, not a GitHub glob."""
    return any(t in pattern for t in ("^", "$", "\\d", ".*", "(", "|", "{"))


# ---------------------------------------------------------------------------- GitLab
@dataclass(frozen=True)
class RuleVerdict:
    """How a GitLab ``if:`` expression evaluates for a tag pipeline."""

    value: bool | None  # None: cannot evaluate
    reason: str = ""


_TAG_VARS = ("$CI_COMMIT_TAG", "$CI_COMMIT_REF_NAME", "$CI_COMMIT_REF_SLUG")


def gitlab_regex_match(literal: str, value: str) -> bool:
    """``value =~ /re/flags`` the GitLab way (RE2, ``i`` flag supported)."""
    literal = literal.strip().strip("\"'")
    if not (literal.startswith("/") and literal.rfind("/") > 0):
        raise FilterError(f"not a /regex/: {literal!r}")
    end = literal.rfind("/")
    body, flags = literal[1:end], literal[end + 1 :]
    if flags and set(flags) - {"i"}:
        raise FilterError(f"unsupported regex flags {flags!r}")
    prefix = "(?i)" if "i" in flags else ""
    try:
        return re2.compile(prefix + body, options()).search(value) is not None
    except re2.error as exc:
        raise FilterError(f"regex {literal!r} does not compile: {exc}") from None


def _tag_pipeline_vars(tag: str) -> dict[str, str | None]:
    """Predefined variables of a tag pipeline (None: unset)."""
    return {
        "$CI_COMMIT_TAG": tag or None,
        "$CI_COMMIT_REF_NAME": tag or None,
        "$CI_COMMIT_REF_SLUG": tag or None,
        "$CI_COMMIT_BRANCH": None,
        "$CI_MERGE_REQUEST_IID": None,
        "$CI_PIPELINE_SOURCE": "push",
    }


def _atom(expr: str, tag: str) -> bool | None:
    expr = expr.strip()
    while expr.startswith("(") and expr.endswith(")"):
        expr = expr[1:-1].strip()
    known = _tag_pipeline_vars(tag)
    var = next((v for v in sorted(known, key=len, reverse=True) if expr.startswith(v)), None)
    if var is None:
        return None
    value = known[var]
    rest = expr[len(var) :].strip()
    if not rest:
        return bool(value)
    op, operand = rest[:2], rest[2:].strip()
    if op in ("==", "!="):
        same = value is None if operand == "null" else operand.strip("\"'") == (value or "")
        if operand != "null" and value is None:
            same = False
        return same if op == "==" else not same
    if op in ("=~", "!~"):
        hit = value is not None and gitlab_regex_match(operand, value)
        if value is None:
            gitlab_regex_match(operand, "")  # still refuse a regex RE2 cannot compile
        return hit if op == "=~" else not hit
    return None


def _split_top(expr: str, sep: str) -> list[str]:
    parts, depth, start, i, in_re = [], 0, 0, 0, False
    while i < len(expr):
        c = expr[i]
        if c == "/" and (in_re or expr[:i].rstrip().endswith(("=~", "!~"))):
            in_re = not in_re
        elif not in_re and c == "(":
            depth += 1
        elif not in_re and c == ")":
            depth -= 1
        elif not in_re and depth == 0 and expr.startswith(sep, i):
            parts.append(expr[start:i])
            start = i + len(sep)
            i += len(sep)
            continue
        i += 1
    parts.append(expr[start:])
    return parts


def gitlab_if(expr: str, tag: str) -> RuleVerdict:
    """Evaluate a GitLab ``rules: if:`` expression for a pipeline of ``tag``."""
    try:
        any_unknown = False
        for alternative in _split_top(expr, "||"):
            values = [_atom(a, tag) for a in _split_top(alternative, "&&")]
            if all(v is True for v in values):
                return RuleVerdict(True)
            if any(v is None for v in values) and not any(v is False for v in values):
                any_unknown = True
        if any_unknown:
            return RuleVerdict(None, f"cannot evaluate {expr!r} without the CI server")
        return RuleVerdict(False)
    except FilterError as exc:
        return RuleVerdict(None, str(exc))


def mentions_tag(expr: str) -> bool:
    """Whether a GitLab ``if:`` looks at the tag at all."""
    return any(v in expr for v in _TAG_VARS)
