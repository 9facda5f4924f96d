"""Provides :class:`ProbeRow`: one live check, from spinner to pass/fail with details."""

from __future__ import annotations

from typing import Literal

from rich.text import Text
from textual.events import Click
from textual.reactive import reactive
from textual.timer import Timer
from textual.widgets import Static

from wizard.engine.i18n import probe_line
from wizard.engine.model import ProbeCall, ProbeResult
from wizard.ui.plain import visible
from wizard.ui.strings import _

Status = Literal["running", "pass", "fail", "unknown"]

PASS_OUTCOMES = frozenset(
    {
        "accepted",
        "ca_present",
        "consistent",
        "direct",
        "https",
        "listed",
        "matches",
        "no_auth",
        "no_filter",
        "ok",
        "open",
        "present",
        "push_allowed",
        "resolved",
        "running",
        "valid",
    }
)
"""Outcomes that mean "this part works"; every other decided outcome is a finding."""

SPINNER = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"
ICONS: dict[Status, str] = {"running": "…", "pass": "✔", "fail": "✘", "unknown": "?"}


def status_of(outcome: str, expect: tuple[str, ...] | None = None) -> Status:
    """Pass, fail or unknown for an outcome (against ``expect`` when given).

    Args:
        outcome: the probe's outcome.
        expect: for verify probes, the outcomes that mean "fixed".
    """
    if outcome == "unknown":
        return "unknown"
    if expect is not None:
        return "pass" if outcome in expect else "fail"
    return "pass" if outcome in PASS_OUTCOMES else "fail"


def describe(call: ProbeCall) -> str:
    """``probe arg=value ...`` for a row's label."""
    args = " ".join(f"{k}={v}" for k, v in sorted(call.args.items()))
    return f"{call.probe} {args}".strip()


class ProbeRow(Static, can_focus=True):
    """One check: a spinner while it runs, then its verdict, outcome and summary.

    Enter, space or a click shows or hides the details the probe gave.
    """

    BINDINGS = [("enter,space", "toggle", "Details")]
    """| Key | Action |
    | enter, space | Show or hide the details. |
    """

    DEFAULT_CSS = """
    ProbeRow { height: auto; padding: 0 1; }
    ProbeRow:focus { background: $boost; }
    ProbeRow.-pass .icon { color: $success; }
    """

    status: reactive[Status] = reactive("running", layout=True)
    """Where the check is: running, pass, fail or unknown."""
    expanded: reactive[bool] = reactive(False, layout=True)
    """Whether the details are shown."""
    frame: reactive[int] = reactive(0)
    """Spinner frame while running."""

    def __init__(
        self,
        call: ProbeCall,
        *,
        lang: str = "en",
        expect: tuple[str, ...] | None = None,
        id: str | None = None,  # noqa: A002 - Textual's name
    ) -> None:
        super().__init__(id=id)
        self._timer: Timer | None = None
        self.result: ProbeResult | None = None
        self.call = call
        """The probe and its arguments."""
        self.lang = lang
        """Language of the interface texts."""
        self.expect = expect
        """For verify rows: the outcomes that mean the fix worked."""
        """The result, once it came back."""

    def on_mount(self) -> None:
        """Start the spinner (unless animations are off)."""
        if self.result is None and self.app.animation_level != "none":
            self._timer = self.set_interval(0.1, self._spin)
        self._refresh()

    def _spin(self) -> None:
        self.frame = (self.frame + 1) % len(SPINNER)

    def finish(self, result: ProbeResult) -> None:
        """Show the probe's verdict."""
        self.result = result
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self.status = status_of(result.outcome, self.expect)

    def action_toggle(self) -> None:
        """Show or hide the details."""
        self.expanded = not self.expanded

    def on_click(self, event: Click) -> None:
        """A click shows or hides the details."""
        event.stop()
        self.action_toggle()

    def watch_status(self, old: Status, new: Status) -> None:
        """Restyle and redraw."""
        self.remove_class(f"-{old}")
        self.add_class(f"-{new}")
        self._refresh()

    def watch_expanded(self) -> None:
        """Redraw with or without details."""
        self._refresh()

    def watch_frame(self) -> None:
        """Redraw the spinner."""
        self._refresh()

    def _refresh(self) -> None:
        # The height changes with the verdict and the details: drop the cached one.
        self.clear_cached_dimensions()
        self.update(self.render_text())

    def render_text(self) -> Text:
        """The row as plain (markup-free) text."""
        status = self.status
        styles = {
            "running": "bold",
            "pass": "bold green",
            "fail": "bold red",
            "unknown": "bold yellow",
        }
        icon = SPINNER[self.frame] if status == "running" and self._timer else ICONS[status]
        text = Text()
        text.append(f"{icon} ", style=styles[status])
        text.append(visible(describe(self.call)), style="bold")
        if self.result is None:
            text.append("  " + _("probe.running", self.lang), style="dim")
            return text
        text.append("  ")
        label = _("probe." + status, self.lang)
        if self.result.outcome != status:
            label += f" · {self.result.outcome}"
        text.append(label, style=styles[status])
        text.append("\n  ")
        line, moved = probe_line(
            self.call.probe, self.result.outcome, self.result.summary, self.lang
        )
        details = (*moved, *self.result.details)
        text.append(visible(line))
        if self.expanded:
            for detail in details or ("(no details)",):
                text.append("\n    ")
                text.append(visible(detail), style="dim")
        elif details:
            text.append(" ▸", style="dim")
        return text
