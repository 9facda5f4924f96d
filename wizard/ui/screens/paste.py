"""Provides :class:`PasteScreen`: paste the error, optionally the registry and image."""

from __future__ import annotations

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.timer import Timer
from textual.widgets import Footer, Header, Input, Static, TextArea

from wizard.engine.errors import WizardError
from wizard.ui.keys import localize_bindings
from wizard.ui.plain import decode, original, visible
from wizard.ui.screens.base import WizardScreen
from wizard.ui.strings import _

SHOWN_LIMIT = 256 << 10
"""At most this many characters of a given error text are shown (the end of it)."""


class PasteArea(TextArea):
    """A text area that keeps terminal control characters visible, never live."""

    async def _on_paste(self, event: events.Paste) -> None:
        if self.read_only:
            return
        from wizard.engine.redact import Redactor

        shown = visible(Redactor()(event.text))
        if result := self._replace_via_keyboard(shown, *self.selection):
            self.move_cursor(result.end_location)
            self.focus()
        event.stop()


class PasteScreen(WizardScreen[None]):
    """The first screen: a focused text area, two optional fields, a key to start."""

    DEFAULT_CSS = """
    #paste { padding: 0 1; }
    #paste-intro { color: $text-muted; margin: 0 0 1 0; }
    #paste-text { height: 1fr; min-height: 5; }
    #paste-fields { height: auto; margin: 1 0 0 0; }
    #paste-fields Input { width: 1fr; }
    #paste-status { height: auto; min-height: 1; margin: 0 1; }
    """

    BINDINGS = [
        Binding("ctrl+s", "start", _("key.start"), priority=True),
        Binding("ctrl+b", "browse", _("key.browse")),
        Binding("f1", "app.help", _("key.help")),
    ]
    """| Key | Action |
    | ctrl+s | Match the text and start the diagnosis. |
    | ctrl+b | Browse the decision tree. |
    | f1 | Help (``?`` types into the text area here). |
    """

    MATCH_DELAY = 0.4
    """Seconds after the last keystroke before the status line re-matches the text."""

    def __init__(self) -> None:
        super().__init__()
        self._timer: Timer | None = None
        self._given: tuple[str, str] | None = None
        """The command line's text as shown (redacted, visible) and as given."""

    def _title(self, cand) -> str:  # noqa: ANN001 - a matcher Candidate
        """The candidate's title in the interface language (the matcher reports English)."""
        tree = getattr(self.app, "decision_tree", None)
        try:
            return tree[cand.node].title.get(self.lang) if tree is not None else cand.title
        except (KeyError, TypeError):
            return cand.title

    def compose(self) -> ComposeResult:
        """Intro, text area, fields, status, buttons."""
        lang = self.lang
        yield Header()
        with Vertical(id="paste"):
            yield Static(Text(_("paste.intro", lang)), id="paste-intro")
            area = PasteArea(id="paste-text", soft_wrap=True, show_line_numbers=False)
            area.border_title = _("paste.title", lang)
            yield area
            with Horizontal(id="paste-fields"):
                yield Input(placeholder=_("paste.registry", lang), id="registry")
                yield Input(placeholder=_("paste.image", lang), id="image")
            yield Static("", id="paste-status")
        yield Footer()

    def on_mount(self) -> None:
        """Fill from the command line, focus the text area, start when text was given."""
        localize_bindings(self, self.app.lang)  # type: ignore[attr-defined]
        app = self.app
        area = self.query_one(PasteArea)
        facts = app.initial_facts  # type: ignore[attr-defined]
        self.query_one("#registry", Input).value = facts.get("registry", "")
        self.query_one("#image", Input).value = facts.get("image", "")
        error = app.error  # type: ignore[attr-defined]
        area.focus()
        if error:
            from wizard.engine.redact import Redactor

            given = decode(error)
            tail = given
            if len(given) > SHOWN_LIMIT:
                # a whole CI log is matched in full, but only its end is put on screen
                cut = given.find("\n", len(given) - SHOWN_LIMIT)
                tail = given[cut + 1 if cut != -1 else len(given) - SHOWN_LIMIT :]
                hidden = len(given) - len(tail)
                tail = _("paste.truncated", self.lang, size=f"{hidden / 1e6:.1f} MB") + "\n" + tail
            shown = visible(Redactor()(tail))
            self._given = (shown, given)
            area.load_text(shown)
            # The app calls :meth:`tree_ready` once the first frame is drawn and the tree
            # is loaded: then the text is matched (and the walk starts).

    def tree_ready(self) -> None:
        """The tree is loaded: match the command line's text and start when asked to."""
        if self._given is None:
            return
        self.update_status()
        if self.app.autostart:  # type: ignore[attr-defined]
            self.action_start()

    # -- matching as you type ----------------------------------------------------------
    @on(TextArea.Changed)
    def _text_changed(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(self.MATCH_DELAY, self.update_status)

    def text(self) -> str:
        """The text to match: the command line's own while unchanged, else the area's."""
        shown = self.query_one(PasteArea).text
        if self._given is not None and shown == self._given[0]:
            return self._given[1]
        return original(shown)

    def update_status(self) -> None:
        """Say what the text is recognised as."""
        text = self.text()
        status = self.query_one("#paste-status", Static)
        if not text.strip():
            status.update("")
            return
        match = self.app.matcher.match(text)  # type: ignore[attr-defined]
        best = match.best
        if best is None:
            status.update(Text(_("paste.unmatched", self.lang), style="yellow"))
        else:
            text = Text(
                _(
                    "paste.matched",
                    self.lang,
                    title=visible(self._title(best)),
                    category=best.category,
                ),
                style="green",
            )
            if "registry" not in match.facts and not self.query_one("#registry", Input).value:
                text.append("\n" + _("paste.no_registry", self.lang), style="yellow")
            status.update(text)

    # -- starting ----------------------------------------------------------------------
    def _facts(self) -> dict[str, str] | None:
        from wizard.engine import facts as factlib

        out: dict[str, str] = {}
        for field in ("registry", "image"):
            value = self.query_one(f"#{field}", Input).value.strip()
            if not value:
                continue
            try:
                out[field] = factlib.validate(field, value)
            except WizardError as exc:
                self.query_one("#paste-status", Static).update(
                    Text(_("paste.bad_fact", self.lang, field=field, error=str(exc)), style="red")
                )
                return None
        return out

    def action_start(self) -> None:
        """Match the text and open the next screen."""
        if self.app.screen is not self:
            return
        facts = self._facts()
        if facts is None:
            return
        self.app.begin(self.text(), facts)  # type: ignore[attr-defined]

    def action_browse(self) -> None:
        """Open browse mode."""
        self.app.open_browse()  # type: ignore[attr-defined]

    @on(Input.Submitted)
    def _field_submitted(self) -> None:
        self.action_start()
