"""Provides :class:`CandidatesScreen`: the ranked causes when the text is ambiguous."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Footer, Header, Label, OptionList, Static
from textual.widgets.option_list import Option

from wizard.engine.matcher import Candidate, MatchResult
from wizard.engine.model import Tree
from wizard.engine.redact import Redactor
from wizard.engine.rx import compile_str
from wizard.ui.keys import localize_bindings
from wizard.ui.plain import visible
from wizard.ui.screens.base import WizardScreen
from wizard.ui.strings import _

TRIAGE_OPTION = "__triage__"


def highlight_evidence(tree: Tree, candidate: Candidate) -> Text:
    """The candidate's evidence lines with the parts its patterns matched highlighted."""
    text = Text()
    patterns = tree[candidate.node].match if candidate.node in tree else ()
    for line in candidate.evidence:
        shown = visible(Redactor()(line))
        row = Text("› " + shown + "\n")
        for pattern in patterns:
            try:
                regex = compile_str(pattern.regex)
            except Exception:  # noqa: BLE001 - a pattern RE2 refused is no reason to fail
                continue
            for m in regex.finditer(shown):
                if m.end() > m.start():
                    row.stylize("bold reverse", 2 + m.start(), 2 + m.end())
        text.append_text(row)
    return text


def facts_text(facts: Mapping[str, str], redact: Callable[[str], str] | None = None) -> Text:
    """``name: value`` lines, literally, each value redacted."""
    redact = redact or Redactor()
    text = Text()
    for name, value in sorted(facts.items()):
        text.append(f"{name}: ", style="bold")
        text.append(visible(redact(value)) + "\n")
    return text


class CandidatesScreen(WizardScreen[None]):
    """Pick one of the ranked causes, or start the general triage."""

    DEFAULT_CSS = """
    #cand-intro { padding: 0 1; color: $text-muted; }
    #cand-list { height: auto; max-height: 45%; margin: 1 1 0 1; }
    #cand-detail { height: 1fr; }
    #cand-evidence-box { width: 2fr; padding: 0 1; }
    #cand-facts-box { width: 1fr; min-width: 24; padding: 0 1; }
    """

    BINDINGS = [
        *(Binding(str(n), f"pick({n})", _("key.pick"), show=False) for n in range(1, 10)),
        Binding("t", "triage", _("key.triage")),
        Binding("escape,backspace", "back", _("key.back")),
        Binding("b", "browse", _("key.browse")),
    ]
    """| Key | Action |
    | 1-9, enter | Pick a cause. |
    | t | Start the general triage instead. |
    | escape | Back to the paste screen. |
    | b | Browse the tree. |
    """

    def __init__(self, match: MatchResult, facts: Mapping[str, str]) -> None:
        super().__init__()
        self.match = match
        """What the matcher found."""
        self.facts = dict(facts)
        """Facts from the paste and the fields."""

    def compose(self) -> ComposeResult:
        """Intro, the ranked list, evidence and facts."""
        lang = self.lang
        yield Header()
        yield Static(Text(_("cand.intro", lang)), id="cand-intro")
        options = []
        for n, cand in enumerate(self.match.candidates[:9], 1):
            prompt = Text(f"{n}. ", style="bold")
            node = (
                self.app.decision_tree[cand.node] if cand.node in self.app.decision_tree else None
            )  # type: ignore[attr-defined]
            prompt.append(visible(node.title.get(lang) if node is not None else cand.title))
            prompt.append(f"  {cand.category}  {cand.score:g}", style="dim")
            options.append(Option(prompt, id=cand.node))
        options.append(
            Option(Text("t. " + _("cand.triage", lang), style="italic"), id=TRIAGE_OPTION)
        )
        yield OptionList(*options, id="cand-list")
        with Horizontal(id="cand-detail"):
            with VerticalScroll(id="cand-evidence-box"):
                yield Label(Text(_("cand.evidence", lang)), classes="heading")
                yield Static("", id="cand-evidence")
            with VerticalScroll(id="cand-facts-box"):
                yield Label(Text(_("cand.facts", lang)), classes="heading")
                yield Static(facts_text(self.facts) or _("cand.no_facts", lang), id="cand-facts")
        yield Footer()

    def on_mount(self) -> None:
        """Focus the list on the best candidate."""
        localize_bindings(self, self.app.lang)  # type: ignore[attr-defined]
        options = self.query_one(OptionList)
        options.focus()
        options.highlighted = 0
        self._show(0)

    def _show(self, index: int | None) -> None:
        box = self.query_one("#cand-evidence", Static)
        if index is None or index >= len(self.match.candidates):
            box.update("")
            return
        box.update(highlight_evidence(self.app.decision_tree, self.match.candidates[index]))  # type: ignore[attr-defined]

    @on(OptionList.OptionHighlighted)
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show(event.option_index)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_id == TRIAGE_OPTION:
            self.action_triage()
        elif event.option_id:
            self.app.open_walk(event.option_id, self.facts)  # type: ignore[attr-defined]

    def action_pick(self, n: int) -> None:
        """Pick the n-th candidate."""
        if 1 <= n <= min(9, len(self.match.candidates)):
            self.app.open_walk(self.match.candidates[n - 1].node, self.facts)  # type: ignore[attr-defined]

    def action_triage(self) -> None:
        """Start the general triage with the facts found."""
        self.app.open_walk(self.app.triage_node(), self.facts)  # type: ignore[attr-defined]

    def action_back(self) -> None:
        """Back to the paste screen."""
        self.dismiss()

    def action_browse(self) -> None:
        """Open browse mode."""
        self.app.open_browse()  # type: ignore[attr-defined]
