"""Make untrusted text inert for a terminal: no escape sequences, no control characters.

Server headers, error bodies, certificate fields and pastes may carry ANSI/OSC escapes
(which could retitle the terminal, write to the clipboard or hide text). Everything the
wizard prints that it did not write itself goes through :func:`inert`. Rich markup is a
separate matter: the UI renders such text with markup disabled.
"""

from __future__ import annotations

from wizard.engine.rx import compile_str

_ESCAPES = r"\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b\[[0-?]*[ -/]*[@-~]|\x1b[@-Z\\-_]|\x9b[0-?]*[ -/]*[@-~]"
_CONTROLS = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]"


def inert(text: str, *, keep_newlines: bool = True) -> str:
    """``text`` without terminal escape sequences and control characters.

    Tabs stay; carriage returns become newlines; newlines stay unless
    ``keep_newlines`` is false (then they become spaces).
    """
    if not text:
        return text
    text = compile_str(_ESCAPES).sub("", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = compile_str(_CONTROLS).sub("", text)
    if not keep_newlines:
        text = text.replace("\n", " ")
    return text
