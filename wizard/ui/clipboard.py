"""Copying text: OSC 52 through the terminal first, then a native clipboard tool.

OSC 52 works over SSH and in most modern terminals but fails silently in others, so the
wizard also pipes the text to the first native tool it finds (``wl-copy``, ``xclip``,
``xsel``, ``pbcopy``, ``clip.exe``). The text always stays selectable on screen too.
"""

from __future__ import annotations

import os
import shutil
import subprocess

TOOLS: tuple[tuple[str, ...], ...] = (
    ("wl-copy",),
    ("xclip", "-selection", "clipboard"),
    ("xsel", "--clipboard", "--input"),
    ("pbcopy",),
    ("clip.exe",),
)
"""Native clipboard commands, tried in order (each reads the text on stdin)."""


def native_tools() -> list[tuple[str, ...]]:
    """The tools that exist here and have a display to talk to."""
    found = []
    for argv in TOOLS:
        name = argv[0]
        if name == "wl-copy" and not os.environ.get("WAYLAND_DISPLAY"):
            continue
        if name in ("xclip", "xsel") and not os.environ.get("DISPLAY"):
            continue
        if shutil.which(name):
            found.append(argv)
    return found


def native_copy(text: str, timeout: float = 2.0) -> str | None:
    """Copy with the first native tool that succeeds; its name, or None.

    Blocking (a subprocess): call it from a thread worker.
    """
    for argv in native_tools():
        try:
            done = subprocess.run(  # noqa: S603 - fixed argv, text on stdin
                argv, input=text.encode(), timeout=timeout, check=False, capture_output=True
            )
        except (OSError, subprocess.TimeoutExpired):
            continue
        if done.returncode == 0:
            return argv[0]
    return None
