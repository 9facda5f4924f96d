"""The walk state machine over small in-memory trees."""

from __future__ import annotations

import pytest

from wizard.engine.errors import WalkError
from wizard.engine.loader import build_file, parse_yaml
from wizard.engine.model import ProbeResult, Tree

TREE = """
area: t
title: T
nodes:
  - id: t.start
    kind: probe
    title: start
    explain: x
    match: ['boom']
    probe: registry.ping
    args: {registry: '{{registry}}'}
    branches: {ok: t.q, auth_basic: t.q, auth_bearer: t.q, plain_http_only: t.fix, tls_error: t.q,
               forbidden: t.q, bad_gateway: t.q, server_error: t.q, not_registry: t.q,
               no_connection: t.q, timeout: t.q, unknown: t.q}
  - id: t.q
    kind: question
    title: q
    explain: x
    question: which?
    options:
      - {id: a, label: A, next: t.fix, when: {client: docker}}
      - {id: b, label: B, next: t.q2, set: {client: podman}}
  - id: t.q2
    kind: question
    title: q2
    explain: x
    question: really?
    options:
      - {id: yes, label: Yes, next: t.fix}
  - id: t.fix
    kind: solution
    category: tls.http_registry
    title: fix
    explain: x
    commands: [{platform: any, run: 'echo {{registry}}'}]
    verify: [{probe: registry.ping, args: {registry: '{{registry}}'}, expect: [ok]}]
    examples: [{text: boom, source: test}]
"""


@pytest.fixture
def small_tree():
    _area, nodes, _ex, problems = build_file(parse_yaml(TREE, "t.yaml"), "t.yaml")
    assert problems == []
    return Tree(nodes={n.id: n for n in nodes})


def test_probe_then_question_then_back(small_tree):
    from wizard.engine.walk import Walk

    walk = Walk(small_tree, "t.start", {"registry": "r.example:5000"})
    call = walk.pending_probe()
    assert call.probe == "registry.ping" and call.args == {"registry": "r.example:5000"}
    walk.feed(ProbeResult("ok", "200"))
    assert walk.current == "t.q" and walk.auto_option() is None
    walk.answer("b")
    assert walk.facts["client"] == "podman" and walk.current == "t.q2"
    walk.answer("yes")
    assert walk.done and walk.solution.id == "t.fix"
    assert walk.back() and walk.current == "t.q2"
    assert walk.back() and walk.current == "t.q" and "client" not in walk.facts


def test_auto_answer_from_facts(small_tree):
    from wizard.engine.walk import Walk

    walk = Walk(small_tree, "t.start", {"registry": "r:1", "client": "docker"})
    walk.feed(ProbeResult("ok", "200"))
    assert walk.advance_auto() and walk.done and walk.history[-1].auto


def test_back_skips_probe_steps_to_the_start(small_tree):
    from wizard.engine.walk import Walk

    walk = Walk(small_tree, "t.start", {"registry": "r:1"})
    walk.feed(ProbeResult("plain_http_only", "http"))
    assert walk.done
    assert walk.back() and walk.current == "t.start" and not walk.back()


def test_bad_moves_raise(small_tree):
    from wizard.engine.walk import Walk

    walk = Walk(small_tree, "t.start", {})
    with pytest.raises(WalkError):
        walk.answer("a")
    with pytest.raises(WalkError):
        walk.feed(ProbeResult("no-such-outcome", ""))
    assert walk.missing_facts() == ["registry"]


def test_lookahead_lists_resolvable_calls(small_tree):
    from wizard.engine.walk import Walk

    walk = Walk(small_tree, "t.start", {"registry": "r:1"})
    assert [c.probe for c in walk.lookahead()] == ["registry.ping"]


def test_verify_calls_of_the_solution(small_tree):
    from wizard.engine.walk import Walk

    walk = Walk(small_tree, "t.fix", {"registry": "r:1"})
    [(call, expect)] = walk.verify_calls()
    assert call.args == {"registry": "r:1"} and expect == ("ok",)


def test_an_unknown_optional_argument_does_not_block_the_probe():
    """Regression: auth.check's optional repository blocked the probe when unknown."""
    from wizard.engine.walk import _call_args

    args, missing = _call_args(
        "auth.check",
        {"registry": "{{registry}}", "repository": "{{repository}}"},
        {"registry": "r:1"},
    )
    assert args == {"registry": "r:1"} and missing == []
    args, missing = _call_args(
        "auth.check", {"registry": "{{registry}}", "repository": "{{repository}}"}, {}
    )
    assert missing == ["registry"]
