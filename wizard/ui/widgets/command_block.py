"""Provides :class:`CommandBlock`: one command, selectable on screen, with a copy button."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Label, Static

from wizard.ui.plain import visible
from wizard.ui.strings import _


class CommandBlock(Vertical):
    """A titled command with its own Copy button; the text itself can be selected."""

    DEFAULT_CSS = """
    CommandBlock { height: auto; margin: 0 0 1 0; }
    CommandBlock > Horizontal { height: auto; }
    CommandBlock .command-title { width: 1fr; padding: 0 1; color: $text-muted; }
    CommandBlock .command-text { padding: 0 1; background: $surface; color: $text; }
    CommandBlock Button { min-width: 8; height: 1; border: none; margin: 0 1; }
    """

    @dataclass
    class CopyRequested(Message):
        """The user asked to copy this block's text."""

        text: str

    def __init__(self, title: str, text: str, *, lang: str = "en", id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.title = title
        """What the command does (or the platform)."""
        self.text = text
        """The command, already rendered and redacted."""
        self.lang = lang

    def compose(self) -> ComposeResult:
        """A title line with the button, then the command."""
        with Horizontal():
            yield Label(Text(visible(self.title)), classes="command-title")
            yield Button(Text(_("sol.copy", self.lang)), classes="copy", compact=True)
        yield Static(Text(visible(self.text)), classes="command-text")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        """Ask the screen to copy this command."""
        event.stop()
        self.post_message(self.CopyRequested(self.text))
