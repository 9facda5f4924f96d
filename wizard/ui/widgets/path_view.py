"""Provides :class:`PathView`: the steps a walk has taken, newest last."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.widgets import Static

from wizard.engine.i18n import probe_line
from wizard.engine.walk import Walk
from wizard.ui.plain import visible
from wizard.ui.strings import _
from wizard.ui.widgets.probe_row import ICONS, status_of


def path_text(
    walk: Walk,
    lang: str = "en",
    *,
    current: bool = True,
    summaries: Callable[[str], str] | None = None,
) -> Text:
    """The walk's history as text: one line per step, with its outcome or answer.

    Args:
        walk: the walk.
        lang: language.
        current: add the node the walk is at as the last line.
        summaries: when given, each probe step's summary follows it, passed through this
            (the redactor).
    """
    text = Text()
    tree = walk.tree
    for n, step in enumerate(walk.history, 1):
        title = tree[step.node].title.get(lang) if step.node in tree else step.node
        if step.kind == "probe":
            status = status_of(step.outcome)
            style = {"pass": "green", "fail": "red", "unknown": "yellow"}[status]
            text.append(f"{n}. {ICONS[status]} ", style=style)
            text.append(visible(title))
            # pass/fail/unknown read as words in the UI's language; others are identifiers
            shown = step.outcome
            if step.outcome in ("pass", "fail", "unknown"):
                shown = _(f"probe.{step.outcome}", lang)
            text.append(f" → {shown}\n", style=style)
            if summaries is not None and step.summary:
                probe = step.call.probe if step.call else ""
                line, _moved = probe_line(probe, step.outcome, step.summary, lang)
                text.append("   " + visible(summaries(line)) + "\n", style="dim")
        else:
            option = tree[step.node].option(step.answer) if step.node in tree else None
            label = option.label.get(lang) if option else step.answer
            text.append(f"{n}. {'⚙' if step.auto else '›'} ", style="cyan")
            text.append(visible(title))
            text.append(" → ", style="cyan")
            text.append(visible(label) + "\n", style="cyan")
    if current:
        text.append(f"{len(walk.history) + 1}. ● ", style="bold")
        text.append(visible(walk.node.title.get(lang)), style="bold")
    elif not walk.history:
        text.append(_("node.path_empty", lang), style="dim")
    text.rstrip()
    return text


class PathView(Static):
    """The path so far (updated with :meth:`show`)."""

    DEFAULT_CSS = """
    PathView { height: auto; }
    """

    def show(self, walk: Walk, lang: str = "en") -> None:
        """Redraw for the walk's current state."""
        self.update(path_text(walk, lang))
