"""The reference for the TUI's first-screen figure: a bare Textual app showing one Static."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Static

MARKER = "bare textual app ready"


class Bare(App[None]):
    """Nothing but a Static."""

    def compose(self) -> ComposeResult:
        """One line of text."""
        yield Static(MARKER)


if __name__ == "__main__":
    Bare().run()
