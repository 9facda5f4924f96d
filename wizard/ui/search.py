"""Provides :class:`NodeSearch`: the command palette searches the whole tree.

Titles are matched fuzzily; explanations, questions, option labels and example error
texts by substring (so pasting a fragment of an error finds the node it belongs to).
Choosing a hit opens the node in browse mode.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.markup import escape

if TYPE_CHECKING:
    from wizard.engine.model import Node


def haystack(node: Node) -> str:
    """Every searchable text of a node (all languages), lower-cased."""
    parts = [node.id, node.title.all(), node.explain.all(), node.question.all()]
    parts += [o.label.all() for o in node.options]
    parts += [e.text for e in node.examples]
    return "\n".join(parts).lower()


class NodeSearch(Provider):
    """Search titles, explanations and examples of every node."""

    def _nodes(self) -> list[Node]:
        tree = getattr(self.app, "decision_tree", None)
        return list(tree.nodes.values()) if tree is not None else []

    def _open(self, node_id: str) -> None:
        self.app.open_browse(node_id)  # type: ignore[attr-defined]

    async def discover(self) -> Hits:
        """Solutions first, so an empty palette lists what the wizard knows."""
        for node in self._nodes():
            if node.kind == "solution":
                yield DiscoveryHit(
                    Content(node.title.en),
                    partial(self._open, node.id),
                    text=node.title.en,
                    help=escape(f"{node.category} · {node.id}"),
                )

    async def search(self, query: str) -> Hits:
        """Fuzzy over titles, substring over explanations and examples."""
        matcher = self.matcher(query)
        needle = query.strip().lower()
        for node in self._nodes():
            title = node.title.en
            score = matcher.match(title)
            display = matcher.highlight(title)
            if score <= 0 and needle and needle in haystack(node):
                score, display = 0.3, Content(title)
            if score > 0:
                yield Hit(
                    score,
                    display,
                    partial(self._open, node.id),
                    text=title,
                    help=escape(f"{node.kind} · {node.id}"),
                )
