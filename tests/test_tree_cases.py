"""Scenario cases written next to each tree file (semgrep-style fixtures).

A case gives a start node, facts, probe outcomes (by node id or by probe name; any
probe not listed answers ``unknown``) and answers, and names the leaf the walk must
reach. Questions are answered from facts first, as in a real walk.
"""

from __future__ import annotations

import pytest

from wizard.engine.loader import load_tree
from wizard.engine.model import ProbeResult
from wizard.engine.walk import Walk

_TREE = load_tree()
CASES = [
    pytest.param(area.id, case, id=f"{area.id}:{case.get('name', i)}")
    for area in _TREE.areas
    for i, case in enumerate(area.cases)
]


def run_case(tree, case) -> Walk:
    walk = Walk(tree, case["start"], case.get("facts") or {})
    outcomes = case.get("outcomes") or {}
    answers = case.get("answers") or {}
    for _ in range(100):
        node = walk.node
        if node.kind == "solution":
            break
        if node.kind == "probe":
            outcome = outcomes.get(node.id) or outcomes.get(node.call.probe) or "unknown"
            walk.feed(ProbeResult(outcome, f"case says {outcome}"))
        elif node.id in answers:
            walk.answer(answers[node.id])
        elif not walk.advance_auto():
            pytest.fail(f"case stops at question {node.id}: give an answer")
    return walk


@pytest.mark.parametrize(("area", "case"), CASES)
def test_case_reaches_its_leaf(tree, area, case):
    walk = run_case(tree, case)
    assert walk.current == case["expect"], [
        s.node + ":" + (s.outcome or s.answer) for s in walk.history
    ]


def test_every_area_with_solutions_has_cases(tree):
    offenders = [
        a.id for a in tree.areas if any(tree[n].kind == "solution" for n in a.nodes) and not a.cases
    ]
    assert offenders == []
