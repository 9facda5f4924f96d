"""The tree as a Mermaid or Graphviz (dot) graph, grouped by area."""

from __future__ import annotations

from wizard.engine.model import Node, Tree

_SHAPES_MERMAID = {"question": ('{"', '"}'), "probe": ('[/"', '"/]'), "solution": ('(["', '"])')}
_SHAPES_DOT = {"question": "diamond", "probe": "parallelogram", "solution": "box"}


def _safe_id(node_id: str) -> str:
    return "n_" + "".join(c if c.isalnum() else "_" for c in node_id)


def _label(node: Node) -> str:
    text = node.title.en.replace('"', "'").replace("\n", " ")
    if node.kind == "solution":
        text += f" · {node.category}"
    return text


def _edges(node: Node) -> list[tuple[str, str]]:
    if node.kind == "question":
        return [(o.id, o.next) for o in node.options]
    return list(node.branches.items())


def mermaid(tree: Tree) -> str:
    """A Mermaid flowchart (one subgraph per area)."""
    lines = ["flowchart TD"]
    for area in tree.areas:
        lines.append(f'  subgraph {_safe_id(area.id)}["{area.title.en or area.id}"]')
        for nid in area.nodes:
            node = tree[nid]
            left, right = _SHAPES_MERMAID[node.kind]
            lines.append(f"    {_safe_id(nid)}{left}{_label(node)}{right}")
        lines.append("  end")
    for node in tree.nodes.values():
        for label, target in _edges(node):
            lines.append(f"  {_safe_id(node.id)} -->|{label}| {_safe_id(target)}")
    return "\n".join(lines)


def dot(tree: Tree) -> str:
    """A Graphviz digraph (one cluster per area)."""
    lines = ["digraph registry_wizard {", "  rankdir=LR;", "  node [fontsize=10];"]
    for area in tree.areas:
        lines.append(f"  subgraph cluster_{_safe_id(area.id)} {{")
        lines.append(f'    label="{(area.title.en or area.id)}";')
        for nid in area.nodes:
            node = tree[nid]
            lines.append(
                f'    {_safe_id(nid)} [shape={_SHAPES_DOT[node.kind]}, label="{_label(node)}"];'
            )
        lines.append("  }")
    for node in tree.nodes.values():
        for label, target in _edges(node):
            lines.append(f'  {_safe_id(node.id)} -> {_safe_id(target)} [label="{label}"];')
    lines.append("}")
    return "\n".join(lines)
