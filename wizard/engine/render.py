"""Command templates: ``{{fact}}`` placeholders, each value shell-quoted.

A template is shell text with placeholders:

* ``{{registry}}``: the value, quoted with :func:`shlex.quote` (a bare word when it is
  already safe, ``'...'`` otherwise), so it is always exactly one shell word;
* ``{{registry|json}}``: the value as a JSON string, for use inside a quoted heredoc.

A value with a line break or NUL is refused; so is a value of a typed fact (host, image,
port...) that is not valid for its type. A missing fact renders as ``<name>`` and the
command is marked incomplete, so it cannot run by accident (``<`` is a redirection).
"""

from __future__ import annotations

import json
import shlex
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from wizard.engine.errors import FactError, RenderError
from wizard.engine.facts import validate
from wizard.engine.rx import compile_str

PLACEHOLDER_RE = r"\{\{\s*([a-z][a-z0-9_]*)\s*(?:\|\s*(json))?\s*\}\}"


def placeholders(template: str) -> Iterator[tuple[str, str]]:
    """(fact, filter) for every placeholder; filter is "" or "json"."""
    for m in compile_str(PLACEHOLDER_RE).finditer(template):
        yield m.group(1), m.group(2) or ""


def quoted_placeholders(template: str) -> Iterator[str]:
    """Names of unfiltered placeholders that sit inside single or double quotes.

    Quoting an already quoted value breaks it, so the validator refuses these.
    Heredoc bodies are skipped (they are not shell-parsed when the delimiter is quoted).
    """
    for line in _shell_lines(template):
        quote = ""
        i = 0
        while i < len(line):
            c = line[i]
            if quote:
                if c == quote:
                    quote = ""
                elif c == "\\" and quote == '"':
                    i += 1
            elif c in "'\"":
                quote = c
            elif c == "\\":
                i += 1
            elif c == "#" and (i == 0 or line[i - 1].isspace()):
                break
            if quote and line.startswith("{{", i):
                m = compile_str(PLACEHOLDER_RE).match(line[i:])
                if m and not m.group(2):
                    yield m.group(1)
            i += 1


def _shell_lines(template: str) -> Iterator[str]:
    heredoc_end: str | None = None
    for line in template.splitlines():
        if heredoc_end is not None:
            if line.strip() == heredoc_end:
                heredoc_end = None
            continue
        m = compile_str(r"<<-?\s*'?\"?([A-Za-z_]+)'?\"?").search(line)
        if m:
            heredoc_end = m.group(1)
            line = line[: m.start()]
        yield line


@dataclass(frozen=True)
class Rendered:
    """A rendered command."""

    text: str
    missing: tuple[str, ...] = ()

    @property
    def complete(self) -> bool:
        """Whether every placeholder had a value."""
        return not self.missing


def _value(name: str, facts: Mapping[str, str]) -> str | None:
    value = facts.get(name)
    if value is None or value == "":
        return None
    try:
        return validate(name, value)
    except FactError as exc:
        raise RenderError(f"refusing to put {name} into a command: {exc}") from None


def render(template: str, facts: Mapping[str, str]) -> Rendered:
    """Fill a template, quoting every value.

    Raises:
        RenderError: a value is not safe or not valid for its fact.
    """
    missing: list[str] = []

    def fill(m) -> str:  # noqa: ANN001 - re2 match object
        name, flt = m.group(1), m.group(2)
        value = _value(name, facts)
        if value is None:
            if name not in missing:
                missing.append(name)
            return f"<{name}>"
        if flt == "json":
            return json.dumps(value)
        return shlex.quote(value)

    text = compile_str(PLACEHOLDER_RE).sub(fill, template)
    return Rendered(text=text, missing=tuple(missing))


def render_args(
    args: Mapping[str, str], facts: Mapping[str, str]
) -> tuple[dict[str, str], list[str]]:
    """Probe arguments: placeholders replaced by raw values (no shell quoting).

    Returns the arguments that could be filled and the names of missing facts.
    """
    out: dict[str, str] = {}
    missing: list[str] = []
    for key, template in args.items():
        names = [n for n, _ in placeholders(template)]
        absent = [n for n in names if not facts.get(n)]
        if absent:
            missing.extend(a for a in absent if a not in missing)
            continue
        out[key] = compile_str(PLACEHOLDER_RE).sub(lambda m: facts[m.group(1)], template)
    return out, missing
