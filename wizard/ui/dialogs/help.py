"""Provides :class:`HelpDialog`: what the wizard does and the keys of the current screen."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Static

from wizard.ui.keys import localize_bindings
from wizard.ui.strings import _


def keys_text(screen: Screen, lang: str = "en") -> Text:
    """The key bindings active on ``screen`` (screen and app), one per line."""
    text = Text()
    seen: set[str] = set()
    for active in screen.active_bindings.values():
        binding = active.binding
        if active.node is not screen and active.node is not screen.app:
            continue  # a focused widget's own keys (scrolling, editing)
        if not binding.description or binding.description in seen:
            continue
        seen.add(binding.description)
        shown = screen.app.get_key_display(binding)
        text.append(f"  {shown:<12}", style="bold")
        text.append(binding.description + "\n")
    return text


class HelpDialog(ModalScreen[None]):
    """Help for the screen below."""

    DEFAULT_CSS = """
    HelpDialog { align: center middle; }
    #help {
        width: 76;
        max-width: 100%;
        height: auto;
        max-height: 90%;
        border: round $accent;
        background: $panel;
        padding: 0 1;
    }
    #help Static { margin: 0 0 1 0; }
    """

    BINDINGS = [Binding("escape,q,question_mark", "close", _("key.close"))]

    def __init__(self, screen: Screen) -> None:
        super().__init__()
        self.below = screen
        """The screen the help is about."""

    def compose(self) -> ComposeResult:
        """Intro, keys, mouse, a close button."""
        lang = self.app.lang  # type: ignore[attr-defined]
        with VerticalScroll(id="help"):
            yield Static(Text(_("help.intro", lang)))
            yield Static(Text(_("help.keys", lang), style="bold underline"))
            yield Static(keys_text(self.below, lang))
            yield Static(Text(_("help.mouse", lang)))
            yield Button(Text(_("key.close", lang)), id="close", compact=True)

    def on_mount(self) -> None:
        """Border title."""
        localize_bindings(self, self.app.lang)  # type: ignore[attr-defined]
        self.query_one("#help").border_title = _("help.title", self.app.lang)  # type: ignore[attr-defined]

    def on_button_pressed(self) -> None:
        """Close."""
        self.dismiss()

    def action_close(self) -> None:
        """Close."""
        self.dismiss()
