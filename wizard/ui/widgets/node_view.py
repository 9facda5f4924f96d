"""Provides :func:`node_text`: everything a node says, as plain text, for browse mode."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text

from wizard.engine.model import PLATFORM_TITLES, Node, Tree
from wizard.engine.probe_specs import SPECS
from wizard.engine.taxonomy import CATEGORIES
from wizard.ui.plain import prose, visible
from wizard.ui.strings import _


def _head(text: Text, title: str) -> None:
    text.append(f"\n{title}\n", style="bold underline")


def _labs(node: Node) -> list:
    """Lab scenarios that reproduce this solution's cause (see ``registry-wizard lab``)."""
    from wizard.lab.scenarios import labs_for

    return labs_for(node.category, node.lab)[:4]


def node_text(tree: Tree, node: Node, lang: str = "en") -> Text:
    """The node's title, explanation and kind-specific parts (examples, commands, ...).

    Args:
        tree: the tree (for the titles of linked nodes).
        node: the node to show.
        lang: language.
    """
    text = Text()
    text.append(visible(node.title.get(lang)) + "\n", style="bold")
    text.append(
        f"{node.id}  ·  {_('browse.kind', lang)}: {_('kind.' + node.kind, lang)}", style="dim"
    )
    if node.category:
        cat = CATEGORIES.get(node.category)
        label = f"{node.category} ({cat.get(lang)})" if cat else node.category
        text.append(f"  ·  {_('browse.category', lang)}: {label}", style="dim")
    text.append("\n\n")
    text.append(visible(prose(node.explain.get(lang))) + "\n")

    def title_of(nid: str) -> str:
        return tree[nid].title.get(lang) if nid in tree else nid

    if node.kind == "question":
        _head(text, _("browse.question", lang))
        text.append(visible(node.question.get(lang)) + "\n")
        for n, option in enumerate(node.options, 1):
            text.append(f"  {n}. {visible(option.label.get(lang))}")
            text.append(f"  → {visible(title_of(option.next))}\n", style="dim")
    elif node.kind == "probe" and node.call is not None:
        _head(text, _("browse.probe", lang))
        spec = SPECS.get(node.call.probe)
        args = " ".join(f"{k}={v}" for k, v in node.call.args.items())
        text.append(f"  {node.call.probe} {visible(args)}\n", style="bold")
        if spec is not None:
            text.append(f"  {spec.doc}\n", style="dim")
        _head(text, _("browse.branches", lang))
        for outcome, target in node.branches.items():
            doc = spec.outcome_docs.get(outcome, "") if spec else ""
            text.append(f"  {outcome}", style="bold")
            text.append(f" ({doc})" if doc else "", style="dim")
            text.append(f" → {visible(title_of(target))}\n")
    elif node.kind == "solution":
        _head(text, _("browse.commands", lang))
        for command in node.commands:
            platform = PLATFORM_TITLES.get(command.platform)
            text.append(f"  [{platform.get(lang) if platform else command.platform}]", style="bold")
            if command.title.en:
                text.append(" " + visible(command.title.get(lang)), style="dim")
            text.append("\n")
            for line in command.run.rstrip().splitlines():
                text.append(f"    {visible(line)}\n", style="cyan")
        if node.verify:
            _head(text, _("browse.verify", lang))
            for call in node.verify:
                args = " ".join(f"{k}={v}" for k, v in call.args.items())
                text.append(f"  {call.probe} {visible(args)} → {', '.join(call.expect)}\n")
        labs = _labs(node)
        if labs:
            _head(text, _("browse.lab", lang))
            text.append(f"  {_('browse.lab_hint', lang)}\n", style="dim")
            for scenario in labs:
                text.append(f"  registry-wizard lab start {scenario.name}", style="cyan")
                # lab titles are written in English only; other languages show the command
                text.append(f"  {visible(scenario.title)}\n" if lang == "en" else "\n", style="dim")
        if node.examples:
            _head(text, _("browse.examples", lang))
            for example in node.examples:
                for line in example.text.strip().splitlines():
                    text.append(f"  {visible(line)}\n", style="italic")
                text.append(
                    f"    {_('browse.source', lang)}: {visible(example.source)}\n", style="dim"
                )
    text.append(
        f"\n{_('browse.file', lang)} {Path(node.location.file).name}:{node.location.line}",
        style="dim",
    )
    return text
