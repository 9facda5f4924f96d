"""Provides :class:`SolutionScreen`: the diagnosis, why, the commands, verify and export."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Footer, Header, Label, Static, Tab, Tabs

from wizard.engine.model import PLATFORM_TITLES
from wizard.engine.report import markdown_report, platforms_of, rendered_commands
from wizard.engine.taxonomy import CATEGORIES
from wizard.engine.walk import Walk
from wizard.probes.runner import ProbeRunner
from wizard.ui.keys import localize_bindings
from wizard.ui.messages import VerifyFinished
from wizard.ui.plain import prose, visible
from wizard.ui.screens.base import WizardScreen
from wizard.ui.strings import _
from wizard.ui.widgets.command_block import CommandBlock
from wizard.ui.widgets.path_view import path_text
from wizard.ui.widgets.probe_row import ProbeRow, status_of

PREFERRED_PLATFORMS = ("linux", "any")
"""The platform shown first when the solution has several."""


def default_platform(platforms: list[str]) -> str | None:
    """The platform to show first."""
    for name in PREFERRED_PLATFORMS:
        if name in platforms:
            return name
    return platforms[0] if platforms else None


class SolutionScreen(WizardScreen[str]):
    """The end of a walk. Dismisses with ``"back"`` when the user goes back."""

    DEFAULT_CSS = """
    #solution { padding: 0 1; }
    #sol-title { margin: 1 0 0 0; color: $success; }
    #sol-explain { margin: 1 0 0 0; }
    #platforms { margin: 0; }
    #commands { height: auto; }
    #sol-buttons { height: auto; margin: 0 0 1 0; }
    #sol-buttons Button { margin: 0 2 0 0; }
    #verify-rows { height: auto; }
    #verify-status, #export-status { height: auto; }
    """

    BINDINGS = [
        Binding("c", "copy_all", _("key.copy")),
        Binding("p", "next_platform", _("key.platform")),
        Binding("v", "verify", _("key.verify")),
        Binding("e", "export", _("key.export")),
        Binding("escape,backspace", "back", _("key.back")),
        Binding("b", "browse", _("key.browse")),
    ]
    """| Key | Action |
    | c | Copy every command shown (each block also has its own Copy button). |
    | p | Next platform. |
    | v | Re-run the verify checks: did the fix work? |
    | e | Export a redacted Markdown report. |
    | escape | Back to the last question (or leave the walk). |
    """

    def __init__(self, walk: Walk, runner: ProbeRunner) -> None:
        super().__init__()
        self.walk = walk
        """The finished walk."""
        self.runner = runner
        """Runs the verify probes."""
        node = walk.solution
        assert node is not None, "a solution screen needs a finished walk"
        self.node = node
        self.platforms = [p for p in platforms_of(node) if p != "any"] or platforms_of(node)
        """Platforms the solution has commands for (``any`` goes with every one)."""
        self.platform = default_platform(self.platforms)
        """The platform shown."""
        self.exported: Path | None = None
        """Where the last report was written."""

    @property
    def redactor(self):  # noqa: ANN201 - Redactor
        """The walk's redactor (knows every secret a probe read)."""
        return self.runner.ctx.redactor

    def compose(self) -> ComposeResult:
        """Diagnosis, why, platform switch, commands, verify and export."""
        lang = self.lang
        node = self.node
        yield Header()
        with VerticalScroll(id="solution"):
            title = Text(_("sol.diagnosis", lang) + ": ", style="bold")
            title.append(visible(node.title.get(lang)), style="bold")
            category = CATEGORIES.get(node.category)
            title.append(f"\n{node.category}", style="dim")
            if category:
                title.append(f" · {category.get(lang)}", style="dim")
            yield Static(title, id="sol-title")
            yield Static(
                Text(visible(self.redactor(prose(node.explain.get(lang))))), id="sol-explain"
            )
            yield Label(Text(_("sol.why", lang)), classes="heading")
            yield Static(self._why(), id="sol-why")
            yield Label(Text(_("sol.fix", lang)), classes="heading")
            if len(self.platforms) > 1:
                yield Tabs(
                    *(Tab(self._platform_title(p), id=f"platform-{p}") for p in self.platforms),
                    active=f"platform-{self.platform}",
                    id="platforms",
                )
            yield Vertical(id="commands")
            with Horizontal(id="sol-buttons"):
                yield Button(
                    Text(_("sol.verify", lang)), id="verify", compact=True, variant="primary"
                )
                yield Button(Text(_("sol.export", lang)), id="export", compact=True)
            yield Vertical(id="verify-rows")
            yield Static("", id="verify-status")
            yield Static("", id="export-status")
        yield Footer()

    async def on_mount(self) -> None:
        """Show the commands of the first platform."""
        localize_bindings(self, self.app.lang)  # type: ignore[attr-defined]
        self.sub_title = self.node.id
        await self._show_commands()

    def on_unmount(self) -> None:
        """Leaving the screen cancels the verify probes."""
        self.runner.cancel_all()

    def _platform_title(self, platform: str) -> str:
        title = PLATFORM_TITLES.get(platform)
        return title.get(self.lang) if title else platform

    def _why(self) -> Text:
        return path_text(self.walk, self.lang, current=False, summaries=self.redactor)

    # -- commands -----------------------------------------------------------------------
    def commands(self) -> list[dict[str, str]]:
        """The commands shown now (rendered, quoted, redacted)."""
        return rendered_commands(self.walk, self.redactor, self.platform)

    async def _show_commands(self) -> None:
        box = self.query_one("#commands", Vertical)
        await box.remove_children()
        shown = self.commands()
        titles = {c.platform: c.title for c in self.node.commands}
        blocks = []
        for n, command in enumerate(shown):
            title = titles.get(command["platform"])
            label = (
                title.get(self.lang)
                if title and title.en
                else self._platform_title(command["platform"])
            )
            blocks.append(CommandBlock(label, command["text"], lang=self.lang, id=f"command-{n}"))
        if not blocks:
            await box.mount(Static(Text(_("sol.no_commands", self.lang))))
        else:
            await box.mount_all(blocks)

    @on(Tabs.TabActivated, "#platforms")
    async def _platform_changed(self, event: Tabs.TabActivated) -> None:
        platform = (event.tab.id or "").removeprefix("platform-")
        if platform and platform != self.platform:
            self.platform = platform
            await self._show_commands()

    def action_next_platform(self) -> None:
        """Show the next platform's commands."""
        if len(self.platforms) < 2 or self.platform is None:
            return
        index = (self.platforms.index(self.platform) + 1) % len(self.platforms)
        self.query_one("#platforms", Tabs).active = f"platform-{self.platforms[index]}"

    @on(CommandBlock.CopyRequested)
    def _copy_block(self, event: CommandBlock.CopyRequested) -> None:
        self.app.copy_text(event.text)  # type: ignore[attr-defined]

    def action_copy_all(self) -> None:
        """Copy every command shown."""
        text = "\n".join(c["text"].rstrip("\n") for c in self.commands())
        if text:
            self.app.copy_text(text + "\n")  # type: ignore[attr-defined]

    # -- verify -------------------------------------------------------------------------
    @on(Button.Pressed, "#verify")
    async def _verify_pressed(self) -> None:
        await self.action_verify()

    async def action_verify(self) -> None:
        """Re-run the solution's verify probes."""
        calls = self.walk.verify_calls()
        status = self.query_one("#verify-status", Static)
        rows = self.query_one("#verify-rows", Vertical)
        await rows.remove_children()
        if not calls:
            status.update(Text(_("sol.verify_none", self.lang), style="yellow"))
            return
        status.update(Text(_("sol.verify_running", self.lang), style="dim"))
        await rows.mount_all(
            ProbeRow(call, lang=self.lang, expect=expect) for call, expect in calls
        )
        self.run_verify(calls)

    @work(exclusive=True, group="verify", exit_on_error=False)
    async def run_verify(self, calls: list) -> None:  # noqa: ANN001 - (ProbeCall, expect) pairs
        """Run the verify probes afresh (no cached result) and post the results."""
        import asyncio

        for call, _expect in calls:
            self.runner.forget(call)
        results = await asyncio.gather(*(self.runner.run(call) for call, _expect in calls))
        self.post_message(
            VerifyFinished([(c, e, r) for (c, e), r in zip(calls, results, strict=True)])
        )

    @on(VerifyFinished)
    def _verify_finished(self, event: VerifyFinished) -> None:
        failing = unknown = 0
        box = self.query_one("#verify-rows", Vertical)
        running = list(box.query(ProbeRow))
        for n, (call, expect, result) in enumerate(event.results):
            # A new row rather than the running one changed in place (reliable relayout).
            done = ProbeRow(call, lang=self.lang, expect=expect)
            done.finish(result)
            if n < len(running):
                box.mount(done, after=running[n])
                running[n].remove()
            else:
                box.mount(done)
            status = status_of(result.outcome, expect)
            failing += status == "fail"
            unknown += status == "unknown"
        if failing:
            text = Text(_("sol.verify_bad", self.lang, n=failing), style="bold red")
        elif unknown:
            text = Text(_("sol.verify_unknown", self.lang, n=unknown), style="bold yellow")
        else:
            text = Text(_("sol.verify_ok", self.lang), style="bold green")
        self.query_one("#verify-status", Static).update(text)

    # -- export -------------------------------------------------------------------------
    @on(Button.Pressed, "#export")
    def _export_pressed(self) -> None:
        self.action_export()

    def action_export(self) -> None:
        """Write a redacted Markdown report and say where."""
        app = self.app
        now = app.clock()  # type: ignore[attr-defined]
        report = markdown_report(
            self.walk,
            self.redactor,
            lang=self.lang,
            platform=self.platform,
            error_text=app.last_text,  # type: ignore[attr-defined]
            now=now,
        )
        folder: Path = app.export_dir  # type: ignore[attr-defined]
        path = folder / f"registry-wizard-report-{now.strftime('%Y%m%d-%H%M%S')}.md"
        status = self.query_one("#export-status", Static)
        try:
            path.write_text(report, encoding="utf-8")
        except OSError as exc:
            status.update(Text(_("sol.export_failed", self.lang, error=str(exc)), style="red"))
            return
        self.exported = path
        message = _("sol.exported", self.lang, path=str(path))
        status.update(Text(message, style="green"))
        app.notify(message, markup=False, timeout=6)

    # -- navigation ---------------------------------------------------------------------
    def action_back(self) -> None:
        """Back to the walk (which undoes the last answer, or leaves)."""
        self.dismiss("back")

    def action_browse(self) -> None:
        """Open this solution in browse mode."""
        self.app.open_browse(self.node.id)  # type: ignore[attr-defined]
