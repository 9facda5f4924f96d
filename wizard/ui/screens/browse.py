"""Provides :class:`BrowseScreen`: the whole tree by area, each node readable."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Footer, Header, Static, Tree
from textual.widgets.tree import TreeNode

from wizard.ui.keys import localize_bindings
from wizard.ui.plain import visible
from wizard.ui.screens.base import WizardScreen
from wizard.ui.strings import _
from wizard.ui.widgets.node_view import node_text

KIND_ICONS = {"question": "?", "probe": "⚡", "solution": "✔"}


class BrowseScreen(WizardScreen[None]):
    """Browse mode: areas on the left, the highlighted node on the right."""

    DEFAULT_CSS = """
    #browse { height: 1fr; }
    #browse-tree {
        width: 2fr; min-width: 30; max-width: 60;
        border-right: vkey $primary-muted;
    }
    #browse-view { width: 3fr; padding: 0 1; }
    """

    BINDINGS = [
        Binding("escape", "back", _("key.back")),
        Binding("slash", "search", _("key.search")),
    ]
    """| Key | Action |
    | up/down, enter | Move through the tree, open or close an area. |
    | / or ctrl+p | Search titles, explanations and examples. |
    | escape | Leave browse mode. |
    """

    def __init__(self, node: str | None = None) -> None:
        super().__init__()
        self.initial = node
        """The node to show first."""
        self._tree_nodes: dict[str, TreeNode[str]] = {}

    def compose(self) -> ComposeResult:
        """The tree and the node view."""
        yield Header()
        with Horizontal(id="browse"):
            yield Tree(Text(_("browse.title", self.lang)), id="browse-tree")
            with VerticalScroll(id="browse-view"):
                yield Static(Text(_("browse.hint", self.lang), style="dim"), id="node-view")
        yield Footer()

    def on_mount(self) -> None:
        """Fill the tree: one branch per area, nodes in file order."""
        localize_bindings(self, self.app.lang)  # type: ignore[attr-defined]
        tree = self.app.decision_tree  # type: ignore[attr-defined]
        widget = self.query_one(Tree)
        widget.show_root = False
        widget.guide_depth = 2
        seen: set[str] = set()
        for area in tree.areas:
            if not area.nodes:
                continue
            branch = widget.root.add(
                Text(visible(area.title.get(self.lang)), style="bold"), expand=False
            )
            for nid in area.nodes:
                self._add(branch, nid)
                seen.add(nid)
        rest = [nid for nid in tree.nodes if nid not in seen]
        if rest:
            branch = widget.root.add(Text("other", style="bold"), expand=False)
            for nid in rest:
                self._add(branch, nid)
        widget.focus()
        if self.initial:
            self.call_after_refresh(self.select, self.initial)

    def _add(self, branch: TreeNode[str], nid: str) -> None:
        node = self.app.decision_tree[nid]  # type: ignore[attr-defined]
        label = Text(f"{KIND_ICONS.get(node.kind, '·')} ", style="dim")
        label.append(visible(node.title.get(self.lang)))
        self._tree_nodes[nid] = branch.add_leaf(label, data=nid)

    def select(self, nid: str) -> None:
        """Move the cursor to a node and show it."""
        target = self._tree_nodes.get(nid)
        if target is None:
            return
        widget = self.query_one(Tree)
        if target.parent is not None:
            target.parent.expand()
        self.show(nid)

        def move() -> None:
            # after the expansion's lines exist
            widget.move_cursor(target)
            widget.scroll_to_node(target, animate=False)

        self.call_after_refresh(move)

    def show(self, nid: str) -> None:
        """Show one node."""
        tree = self.app.decision_tree  # type: ignore[attr-defined]
        self.query_one("#node-view", Static).update(node_text(tree, tree[nid], self.lang))
        self.query_one("#browse-view", VerticalScroll).scroll_home(animate=False)

    @on(Tree.NodeHighlighted)
    def _highlighted(self, event: Tree.NodeHighlighted[str]) -> None:
        if event.node.data:
            self.show(event.node.data)

    def action_search(self) -> None:
        """Open the command palette (it searches the tree)."""
        self.app.action_command_palette()

    def action_back(self) -> None:
        """Leave browse mode."""
        self.dismiss()
