"""Untrusted text (pastes, server strings, probe output) made safe to show.

Text from outside is never parsed as Rich or Textual markup: it becomes a
:class:`rich.text.Text` with no markup. Terminal control characters (ESC and the rest of
C0/C1, except tab and newline) are replaced by their visible Unicode "control pictures",
so an ANSI escape shows literally as ``␛[31m`` instead of reaching the terminal.
"""

from __future__ import annotations

import unicodedata

from rich.text import Text

_PICTURES = {c: chr(0x2400 + c) for c in range(0x20)}
_PICTURES[0x7F] = "\u2421"
_KEEP = {0x09, 0x0A}
_TABLE = {c: p for c, p in _PICTURES.items() if c not in _KEEP}
_TABLE.update({c: "\ufffd" for c in range(0x80, 0xA0)})
_TABLE[0x0D] = ""  # CR: line ends are unified, a lone CR would move the cursor
_REVERSE = {ord(p): c for c, p in _PICTURES.items() if c not in _KEEP}


def visible(text: str) -> str:
    """``text`` with control characters shown as control pictures (tab, newline kept)."""
    return text.translate(_TABLE)


def original(text: str) -> str:
    """Undo :func:`visible` for matching (control pictures back to control characters)."""
    return text.translate(_REVERSE)


def plain(text: str, style: str = "") -> Text:
    """A Rich text that shows ``text`` literally: no markup, no control characters."""
    return Text(visible(text), style=style, no_wrap=False)


def decode(data: bytes | str | None) -> str:
    """A paste as a string (bytes that are not UTF-8 become U+FFFD)."""
    if data is None:
        return ""
    if isinstance(data, bytes):
        return data.decode("utf-8", "replace")
    return data


def _wide(char: str) -> bool:
    """Whether ``char`` is East Asian wide or full-width (CJK text and its punctuation)."""
    return unicodedata.east_asian_width(char) in ("W", "F")


def prose(text: str) -> str:
    """Reflow a tree text: lines of a paragraph joined, so the terminal wraps them.

    Paragraphs (separated by blank lines) stay apart; lines that start a list item or are
    indented (commands, quoted output) keep their own line.
    """
    out: list[str] = []
    for paragraph in text.strip().split("\n\n"):
        lines: list[str] = []
        for line in paragraph.splitlines():
            starts_item = line.startswith((" ", "\t", "- ", "* ", "$ ", "#"))
            after_literal = bool(lines) and lines[-1].startswith((" ", "\t", "$ ", "#"))
            if lines and not starts_item and not after_literal:
                head, tail = lines[-1].rstrip(), line.strip()
                # Chinese is written without spaces: a line break between two CJK
                # characters (or CJK punctuation) joins without one
                glue = "" if head and tail and _wide(head[-1]) and _wide(tail[0]) else " "
                lines[-1] = head + glue + tail
            else:
                lines.append(line.rstrip())
        out.append("\n".join(lines))
    return "\n\n".join(out)
