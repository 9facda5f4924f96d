"""The validator on deliberately broken trees: file, line and node in every message.

Like Sigma's negative fixtures, each directory under tests/fixtures/trees/ breaks one rule.
"""

from __future__ import annotations

import pytest

from tests.conftest import FIXTURES
from wizard.engine.loader import load_dirs
from wizard.engine.validate import validate_tree

TREES = FIXTURES / "trees"


def problems_of(name: str) -> list[str]:
    tree, problems = load_dirs([TREES / name])
    return [str(p) for p in problems + validate_tree(tree)]


def test_valid_fixture_has_no_problems():
    assert problems_of("valid_min") == []


@pytest.mark.parametrize(
    ("fixture", "expected"),
    [
        ("invalid_yaml", "bad.yaml:5: invalid YAML: did not find expected"),
        ("wrong_shape", "list.yaml:1: a tree file must be a mapping"),
        ("unknown_key", "team.yaml:8: [team.mirror.start] unknown key 'colour'"),
        ("dangling", "[team.mirror.start] branch 'valid' leads to unknown node 'team.nowhere'"),
        ("unreachable", "team.yaml:29: [team.orphan] unreachable"),
        ("no_exit", "[team.a] no way out"),
        (
            "branch_cover",
            "[team.mirror.start] branches miss outcome(s) of reference.parse: uppercase, docker_hub",
        ),
        ("branch_cover", "branches name outcome(s) reference.parse does not have: nonsense"),
        (
            "bad_pattern",
            "team.yaml:9: [team.mirror.start] pattern does not compile as a linear-time (RE2)",
        ),
        ("bad_category", "[team.fix] category 'server.haunted' is not in the taxonomy"),
        ("no_examples", "[team.fix] a solution needs examples"),
        ("unknown_fact", "[team.fix] command uses fact 'imaeg' that nothing provides"),
        ("password_flag", "[team.fix] a password on a command line"),
        ("alias_bomb", "bomb.yaml:1: anchors and aliases are not allowed"),
        ("binary", "blob.yaml: binary file, not YAML"),
        ("duplicate_id", "team2.yaml:4: [team.mirror.start] duplicate node id (first defined at"),
    ],
)
def test_each_broken_tree_is_reported_precisely(fixture, expected):
    problems = problems_of(fixture)
    assert any(expected in p for p in problems), "\n".join(problems)


def test_all_problems_are_reported_in_one_run():
    problems = problems_of("branch_cover")
    assert len(problems) >= 2


def test_builtin_tree_is_valid(tree):
    assert validate_tree(tree) == []


def test_schema_json_is_up_to_date():
    """decision_tree/schema.json is generated from the catalogues; regenerate when they change."""
    import json

    from wizard.engine.loader import builtin_tree_dir
    from wizard.engine.schema import schema

    committed = json.loads((builtin_tree_dir() / "schema.json").read_text())
    assert committed == schema(), "run: python -m wizard.engine.schema > decision_tree/schema.json"
