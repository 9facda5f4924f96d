"""Provides :class:`WalkScreen`: the node screen, where the walk runs.

At a probe node the screen runs the probe in a worker and shows a live row; when the
result comes back (a :class:`~wizard.ui.messages.ProbeFinished`), the walk moves on by
itself. At a question it waits for 1-9 or a click, unless the facts answer it. The path
so far stays visible on the side. Leaving the screen cancels its probes.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Footer, Header, Label, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState

from wizard.engine.errors import WalkError
from wizard.engine.model import ProbeCall, ProbeResult
from wizard.engine.walk import Step, Walk
from wizard.probes.runner import ProbeRunner
from wizard.ui.keys import localize_bindings
from wizard.ui.messages import ProbeFinished
from wizard.ui.plain import prose, visible
from wizard.ui.screens.base import WizardScreen
from wizard.ui.screens.candidates import facts_text
from wizard.ui.strings import _
from wizard.ui.widgets.path_view import PathView
from wizard.ui.widgets.probe_row import ProbeRow


class WalkScreen(WizardScreen[None]):
    """One walk: the current node's explanation, live checks, the question, the path."""

    DEFAULT_CSS = """
    #walk { height: 1fr; }
    #walk-main { width: 2fr; padding: 0 1; }
    #walk-side {
        width: 1fr; min-width: 26; max-width: 48; padding: 0 1;
        border-left: vkey $primary-muted;
    }
    #node-title { margin: 1 0 0 0; color: $accent; }
    #node-explain { margin: 1 0 0 0; }
    #probes { height: auto; }
    #question { margin: 1 0 0 0; }
    #options { height: auto; max-height: 12; margin: 1 0 1 0; }
    """

    BINDINGS = [
        *(Binding(str(n), f"answer({n})", "Answer", show=False) for n in range(1, 10)),
        Binding("0", "answer(10)", "Answer", show=False),
        Binding("escape,backspace", "back", _("key.back")),
        Binding("d", "details", _("key.details")),
        Binding("b", "browse", _("key.browse")),
    ]
    """| Key | Action |
    | 1-9, 0, click | Answer the question (0 is the tenth answer). |
    | escape, backspace | Undo the last answer (or leave when there is none). |
    | d | Show or hide the details of every check. |
    | b | Browse the tree. |
    """

    def __init__(self, walk: Walk, runner: ProbeRunner) -> None:
        super().__init__()
        self.walk = walk
        """The walk this screen moves."""
        self.runner = runner
        """Runs this walk's probes (cancelled when the screen goes)."""
        self.generation = 0
        """Bumped on every ``back``: results of probes started before are ignored."""
        self.pending: ProbeRow | None = None
        """The row of the probe running now."""

    def compose(self) -> ComposeResult:
        """Main column (node, checks, question) and the side column (path, facts)."""
        lang = self.lang
        yield Header()
        with Horizontal(id="walk"):
            with VerticalScroll(id="walk-main"):
                yield Static("", id="node-title")
                yield Static("", id="node-explain")
                yield Label(Text(_("node.probes", lang)), classes="heading", id="probes-heading")
                yield Vertical(id="probes")
                yield Static("", id="question")
                yield OptionList(id="options")
            with VerticalScroll(id="walk-side"):
                yield Label(Text(_("node.path", lang)), classes="heading")
                yield PathView(id="path")
                yield Label(Text(_("node.facts", lang)), classes="heading")
                yield Static("", id="facts")
        yield Footer()

    def on_mount(self) -> None:
        """Start moving."""
        localize_bindings(self, self.app.lang)  # type: ignore[attr-defined]
        self.proceed()

    def on_unmount(self) -> None:
        """Leaving the screen cancels its probes."""
        self.runner.cancel_all()

    # -- the loop ------------------------------------------------------------------------
    def proceed(self) -> None:
        """Move the walk as far as it goes without a person, then show where it is."""
        try:
            self._proceed()
        except WalkError as exc:  # a loop or a broken branch in a (team) tree
            self._show_node()
            self.query_one("#question", Static).update(Text(str(exc), style="bold red"))
            self.query_one("#question", Static).display = True

    def _proceed(self) -> None:
        walk = self.walk
        while True:
            node = walk.node
            if node.kind == "solution":
                self._show_node()
                self._open_solution()
                return
            if node.kind == "question":
                if walk.advance_auto():
                    continue
                self._show_node()
                self._show_question()
                return
            call = walk.pending_probe()
            missing = walk.missing_facts()
            if call is None or missing:
                probe = node.call.probe if node.call else "probe"
                result = ProbeResult(
                    "unknown",
                    _("node.missing", self.lang, probe=probe, facts=", ".join(missing) or "?"),
                )
                self._add_row(call or ProbeCall(probe), result)
                walk.feed(result, call)
                continue
            self._show_node()
            self.runner.prefetch(walk.lookahead())
            self.pending = self._add_row(call, None)
            self.run_probe(call, self.generation)
            return

    @work(exclusive=True, group="probes", exit_on_error=False)
    async def run_probe(self, call: ProbeCall, generation: int) -> None:
        """Run one probe off the UI and post its result."""
        result = await self.runner.run(call)
        self.post_message(ProbeFinished(call, result, generation))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A probe worker that failed (a bug) becomes an ``unknown`` result, not a hang."""
        if event.state is not WorkerState.ERROR or event.worker.group != "probes":
            return
        if self.pending is not None:
            call = self.pending.call
            summary = f"{call.probe} failed: {event.worker.error}"
            self.post_message(ProbeFinished(call, ProbeResult("unknown", summary), self.generation))

    @on(ProbeFinished)
    def _probe_finished(self, event: ProbeFinished) -> None:
        if event.generation != self.generation or self.walk.pending_probe() != event.call:
            return
        if self.pending is not None:
            # A new row rather than the running one changed in place: its height grows
            # (verdict and summary), and a fresh mount is laid out reliably.
            done = ProbeRow(event.call, lang=self.lang)
            done.finish(event.result)
            self.query_one("#probes", Vertical).mount(done, after=self.pending)
            self.pending.remove()
            self.pending = None
        self.walk.feed(event.result, event.call)
        self.proceed()

    # -- showing ------------------------------------------------------------------------
    def _show_node(self) -> None:
        node = self.walk.node
        lang = self.lang
        self.query_one("#node-title", Static).update(
            Text(visible(node.title.get(lang)), style="bold")
        )
        self.query_one("#node-explain", Static).update(Text(visible(prose(node.explain.get(lang)))))
        self.query_one("#path", PathView).show(self.walk, lang)
        self.query_one("#facts", Static).update(
            facts_text(self.walk.facts, self.runner.ctx.redactor)
        )
        self.query_one("#probes-heading").display = bool(self.query("#probes ProbeRow"))
        question = self.query_one("#question", Static)
        options = self.query_one("#options", OptionList)
        question.display = options.display = False
        self.sub_title = node.id

    def _show_question(self) -> None:
        node = self.walk.node
        lang = self.lang
        question = self.query_one("#question", Static)
        text = Text(visible(node.question.get(lang)), style="bold")
        text.append("\n" + _("node.question_keys", lang, n=min(9, len(node.options))), style="dim")
        question.update(text)
        options = self.query_one("#options", OptionList)
        options.clear_options()
        for n, option in enumerate(node.options, 1):
            prompt = Text(f"{n % 10}. " if n <= 10 else "   ", style="bold")
            prompt.append(visible(option.label.get(lang)))
            options.add_option(Option(prompt, id=option.id))
        question.display = options.display = True
        options.highlighted = 0
        options.focus()

    def _add_row(self, call: ProbeCall, result: ProbeResult | None) -> ProbeRow:
        row = ProbeRow(call, lang=self.lang)
        if result is not None:
            row.finish(result)
        self.query_one("#probes", Vertical).mount(row)
        self.query_one("#probes-heading").display = True
        return row

    def _rebuild_rows(self) -> None:
        box = self.query_one("#probes", Vertical)
        box.remove_children()
        self.pending = None
        for step in self.walk.history:
            if step.kind == "probe":
                box.mount(self._row_for(step))

    def _row_for(self, step: Step) -> ProbeRow:
        row = ProbeRow(step.call or ProbeCall(step.node), lang=self.lang)
        row.finish(
            ProbeResult(step.outcome, step.summary, step.details, step.learned, step.duration)
        )
        return row

    def _open_solution(self) -> None:
        from wizard.ui.screens.solution import SolutionScreen

        self.runner.cancel_all()
        self.app.push_screen(SolutionScreen(self.walk, self.runner), self._solution_closed)

    def _solution_closed(self, result: str | None) -> None:
        if self.walk.human_steps:
            self._step_back()
        else:
            self._leave()

    # -- actions ------------------------------------------------------------------------
    @on(OptionList.OptionSelected, "#options")
    def _option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_id:
            self._answer(event.option_id)

    def action_answer(self, n: int) -> None:
        """Answer with the n-th option."""
        node = self.walk.node
        if node.kind == "question" and 1 <= n <= len(node.options):
            self._answer(node.options[n - 1].id)

    def _answer(self, option_id: str) -> None:
        if self.walk.node.kind != "question":
            return
        self.walk.answer(option_id)
        self.proceed()

    def action_back(self) -> None:
        """Undo the last answer; with none, leave the walk."""
        if self.walk.human_steps:
            self._step_back()
        else:
            self._leave()

    def _step_back(self) -> None:
        self.generation += 1
        self.workers.cancel_group(self, "probes")
        self.walk.back()
        self._rebuild_rows()
        self.proceed()

    def _leave(self) -> None:
        self.generation += 1
        self.workers.cancel_group(self, "probes")
        self.runner.cancel_all()
        self.dismiss()

    def action_details(self) -> None:
        """Show or hide the details of every check."""
        rows = list(self.query(ProbeRow))
        expand = not all(row.expanded for row in rows)
        for row in rows:
            row.expanded = expand

    def action_browse(self) -> None:
        """Open browse mode at the current node."""
        self.app.open_browse(self.walk.current)  # type: ignore[attr-defined]
