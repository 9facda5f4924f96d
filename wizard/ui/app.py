"""Provides :class:`WizardApp` and :func:`make_app`, the factory the CLI and tests call.

The app holds the tree and the walk's dependencies (a probe-runner factory, a clock) and
moves between screens: paste -> candidates (when ambiguous) -> walk -> solution, plus
browse mode from anywhere. Heavy modules (the matcher, httpx through the probes) are
imported only when a walk starts, so the first screen appears as fast as Textual allows.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import App
from textual.binding import Binding
from textual.screen import Screen

from wizard.engine.errors import WizardError
from wizard.ui import restore_gc
from wizard.ui.search import NodeSearch
from wizard.ui.strings import _

if TYPE_CHECKING:
    from wizard.engine.matcher import Matcher, MatchResult
    from wizard.engine.model import Tree
    from wizard.probes.runner import ProbeRunner

TRIAGE_NODE = "triage.start"
"""Where a walk begins when nothing is recognised."""

RunnerFactory = Callable[[], "ProbeRunner"]
Clock = Callable[[], datetime]

DARK_THEME = "textual-dark"
LIGHT_THEME = "textual-light"


class WizardApp(App[None]):
    """The interactive wizard."""

    CSS_PATH = "wizard.tcss"
    TITLE = "registry-wizard"
    COMMANDS = App.COMMANDS | {NodeSearch}
    BINDINGS = [
        Binding("q", "quit", _("key.quit"), priority=False),
        Binding("question_mark", "help", _("key.help")),
        Binding("ctrl+t", "toggle_theme", _("key.theme")),
    ]
    """| Key | Action |
    | q, ctrl+q | Quit (q only where no text field has the focus). |
    | ? | Help for the current screen. |
    | ctrl+t | Switch between the dark and the light theme. |
    | ctrl+p | Command palette: search the tree, change theme. |
    """

    def __init__(
        self,
        tree: Tree | Callable[[], Tree],
        *,
        error: bytes | None = None,
        facts: Mapping[str, str] | None = None,
        root: str | None = None,
        timeout: float = 4.0,
        lang: str = "en",
        runner_factory: RunnerFactory | None = None,
        clock: Clock | None = None,
        export_dir: str | Path | None = None,
        autostart: bool = True,
    ) -> None:
        super().__init__()
        lazy = callable(tree)
        self._tree: Tree | None = None if lazy else tree  # type: ignore[assignment]
        self._tree_loader: Callable[[], Tree] | None = tree if lazy else None  # type: ignore[assignment]
        self.error = error
        """The error text given on the command line, if any."""
        self.initial_facts: dict[str, str] = dict(facts or {})
        """Facts from flags (``--registry``, ``--image``)."""
        self.root = root
        """``--root``: where machine files are read."""
        self.timeout = timeout
        """Seconds per probe."""
        self.lang = lang
        """Interface and tree language."""
        self.runner_factory = runner_factory or self._default_runner
        """Makes the probe runner of one walk (tests inject fake probes here)."""
        self.clock: Clock = clock or (lambda: datetime.now(UTC))
        """The time for reports (fixed in tests)."""
        self.export_dir = Path(export_dir) if export_dir is not None else Path.cwd()
        """Where exported reports go."""
        self.autostart = autostart
        """Whether an error given on the command line starts the walk at once."""
        self.sub_title = _("app.subtitle", lang)
        self._matcher: Matcher | None = None
        self.last_match: MatchResult | None = None
        """The last paste's match (for the report)."""
        self.last_text: str = ""
        """The last pasted text (for the report)."""

    # -- dependencies --------------------------------------------------------------
    def _default_runner(self) -> ProbeRunner:
        from wizard.host import Host
        from wizard.probes import ProbeContext, ProbeRunner

        ctx = ProbeContext(host=Host.from_root(self.root), timeout=self.timeout)
        return ProbeRunner(ctx)

    @property
    def decision_tree(self) -> Tree:
        """The decision tree (loaded on first use when the app was given a loader)."""
        if self._tree is None:
            assert self._tree_loader is not None
            self._tree = self._tree_loader()
        return self._tree

    @property
    def matcher(self) -> Matcher:
        """The tree's matcher, compiled on first use."""
        if self._matcher is None:
            from wizard.engine.matcher import Matcher

            self._matcher = Matcher(self.decision_tree)
        return self._matcher

    # -- screens -------------------------------------------------------------------
    def run(self, *args: Any, **kwargs: Any) -> None:  # noqa: D102 - App.run
        try:
            return super().run(*args, **kwargs)
        finally:
            restore_gc()

    def on_mount(self) -> None:
        """The app's own keys in the interface language."""
        from wizard.ui.keys import localize_bindings

        localize_bindings(self, self.lang)

    def on_ready(self) -> None:
        """The first frame is on screen: load the tree (if lazy), collect garbage again.

        A tree that does not load ends the app with the error and exit code 1, as the
        command line does for every other command.
        """
        restore_gc()
        try:
            self.decision_tree  # noqa: B018 - load now, while the user reads
        except WizardError as exc:
            self.exit(return_code=1, message=tree_error_message(exc))
            return
        from wizard.ui.screens.paste import PasteScreen

        if isinstance(self.screen, PasteScreen):
            self.screen.tree_ready()

    def get_default_screen(self) -> Screen:
        """The paste screen is the base of the stack (filled when the command line gave text)."""
        from wizard.ui.screens.paste import PasteScreen

        return PasteScreen()

    def begin(self, text: str, facts: Mapping[str, str]) -> None:
        """Match ``text`` and open the candidates or the walk.

        Args:
            text: the pasted text (may be empty: then the general triage).
            facts: facts from the registry and image fields (they beat the paste's).
        """
        match = self.matcher.match(text) if text.strip() else None
        self.last_match, self.last_text = match, text
        known = dict(match.facts) if match else {}
        known.update(facts)
        if match is None or not match.candidates:
            self.open_walk(self.triage_node(), known)
        elif match.ambiguous:
            from wizard.ui.screens.candidates import CandidatesScreen

            self.push_screen(CandidatesScreen(match, known))
        else:
            self.open_walk(match.candidates[0].node, known)

    def triage_node(self) -> str:
        """The general triage's start node."""
        if TRIAGE_NODE in self.decision_tree:
            return TRIAGE_NODE
        entries = [n.id for n in self.decision_tree.starts() if n.entry]
        return entries[0] if entries else self.decision_tree.starts()[0].id

    def open_walk(self, start: str, facts: Mapping[str, str]) -> None:
        """Start a walk at ``start`` with a fresh probe runner."""
        from wizard.engine.walk import Walk
        from wizard.ui.screens.walk import WalkScreen

        walk = Walk(self.decision_tree, start, facts)
        self.push_screen(WalkScreen(walk, self.runner_factory()))

    def open_browse(self, node: str | None = None) -> None:
        """Open browse mode (at ``node``), or move an open browser there."""
        from wizard.ui.screens.browse import BrowseScreen

        if isinstance(self.screen, BrowseScreen):
            if node:
                self.screen.select(node)
            return
        self.push_screen(BrowseScreen(node))

    # -- actions -------------------------------------------------------------------
    def action_help(self) -> None:
        """Show help for the current screen."""
        from wizard.ui.dialogs.help import HelpDialog

        if isinstance(self.screen, HelpDialog):
            return
        self.push_screen(HelpDialog(self.screen))

    def action_toggle_theme(self) -> None:
        """Switch between dark and light."""
        self.theme = LIGHT_THEME if self.theme == DARK_THEME else DARK_THEME

    def copy_text(self, text: str) -> None:
        """Copy through OSC 52, then a native clipboard tool (in a thread)."""
        self.copy_to_clipboard(text)
        self._native_copy(text)

    def _native_copy(self, text: str) -> None:
        from wizard.ui.clipboard import native_copy

        def run() -> None:
            how = native_copy(text)
            if how:
                message = _("sol.copied", self.lang, how=f"OSC 52 + {how}")
            else:
                message = _("sol.copied_osc", self.lang)
            self.call_from_thread(self.notify, message, markup=False, timeout=4)

        self.run_worker(run, thread=True, group="clipboard", exit_on_error=False)


def tree_error_message(exc: WizardError) -> str:
    """The one-screen message for a tree that does not load."""
    problems = [str(p) for p in getattr(exc, "problems", ())]
    lines = [f"registry-wizard: {p}" for p in problems[:50]]
    if len(problems) > 50:
        lines.append(f"registry-wizard: … and {len(problems) - 50} more")
    if problems:
        lines.append(
            "registry-wizard: error: the decision tree is invalid "
            "(run `registry-wizard tree validate`)"
        )
    else:
        lines.append(f"registry-wizard: error: {exc}")
    return "\n".join(lines)


def make_app(
    tree: Tree | Callable[[], Tree],
    *,
    error: bytes | None,
    facts: Mapping[str, str],
    root: str | None,
    timeout: float,
    lang: str,
    runner_factory: RunnerFactory | None = None,
    clock: Clock | None = None,
    export_dir: str | Path | None = None,
) -> WizardApp:
    """The wizard app for a tree and the command line's inputs.

    Args:
        tree: the loaded decision tree, or a function that loads it (then the paste
            screen is drawn first and the tree loads right after).
        error: the error text (``--error``/``--error-file``), if given.
        facts: facts from ``--registry`` and ``--image``.
        root: ``--root`` for machine files.
        timeout: seconds per probe.
        lang: ``en`` or ``zh``.
        runner_factory: makes a :class:`~wizard.probes.runner.ProbeRunner` per walk (tests
            inject fake probes); by default real probes with ``root`` and ``timeout``.
        clock: the current time for reports (tests fix it).
        export_dir: where reports are written (default: the current directory).
    """
    return WizardApp(
        tree,
        error=error,
        facts=facts,
        root=root,
        timeout=timeout,
        lang=lang,
        runner_factory=runner_factory,
        clock=clock,
        export_dir=export_dir,
    )
