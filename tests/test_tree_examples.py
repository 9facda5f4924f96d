"""Tree data tests, in the style of detection-rule corpora.

* every ``examples`` entry of every solution goes through the matcher and must rank the
  solution's category first;
* corpus-wide invariants, each collecting every offender before one assertion.
"""

from __future__ import annotations

import pytest

from wizard.engine.loader import load_tree
from wizard.engine.taxonomy import CATEGORIES

_TREE = load_tree()
EXAMPLES = [
    pytest.param(node.id, node.category, ex.text, id=f"{node.id}#{i}")
    for node in _TREE.solutions()
    for i, ex in enumerate(node.examples)
]


@pytest.mark.parametrize(("node_id", "category", "text"), EXAMPLES)
def test_example_ranks_its_category_first(matcher, node_id, category, text):
    result = matcher.match(text)
    got = result.suspects[:3]
    assert result.suspects and result.suspects[0] == category, (
        f"{node_id}: expected {category}, got {got}"
    )


def test_every_solution_has_three_examples_with_sources(tree):
    offenders = [
        f"{n.id} ({n.location})"
        for n in tree.solutions()
        if len(n.examples) < 3 or any(not ex.source.strip() for ex in n.examples)
    ]
    assert offenders == []


def test_examples_are_not_shared_between_categories(tree):
    """One text cannot be evidence for two different causes."""
    seen: dict[str, str] = {}
    offenders = []
    for node in tree.solutions():
        for ex in node.examples:
            other = seen.setdefault(ex.text.strip(), node.category)
            if other != node.category:
                offenders.append(f"{node.id}: {ex.text[:60]!r} also an example of {other}")
    assert offenders == []


def test_every_node_explains_itself(tree):
    offenders = [n.id for n in tree.nodes.values() if len(n.explain.en.split()) < 12]
    assert offenders == []


def test_start_nodes_name_their_suspects(tree):
    offenders = [n.id for n in tree.starts() if n.match and not tree.suspects_of(n.id)]
    assert offenders == []


def test_solution_categories_are_in_the_taxonomy(tree):
    assert [n.id for n in tree.solutions() if n.category not in CATEGORIES] == []


def test_every_taxonomy_category_has_solutions(tree):
    """Issue 3: a solution for every category of shared/taxonomy.md, most of them several."""
    counts = {cat: 0 for cat in CATEGORIES}
    for node in tree.solutions():
        counts[node.category] += 1
    assert [cat for cat, n in counts.items() if n == 0] == []
    assert sum(1 for n in counts.values() if n >= 2) >= len(CATEGORIES) * 2 // 3
