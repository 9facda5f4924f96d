"""Loading: libyaml-safe, no YAML 1.1 booleans, duplicate keys refused, team dirs added."""

from __future__ import annotations

import pytest

from tests.conftest import FIXTURES
from wizard.engine.errors import TreeError, TreeFileError, TreeValidationError
from wizard.engine.loader import load_tree, parse_yaml


def test_yes_no_on_off_stay_strings():
    data = parse_yaml("a: yes\nb: no\nc: on\nd: true\n", "x.yaml")
    assert data == {"a": "yes", "b": "no", "c": "on", "d": True}


def test_duplicate_keys_are_refused_with_line():
    with pytest.raises(TreeFileError) as info:
        parse_yaml("a: 1\nb: 2\na: 3\n", "x.yaml")
    assert info.value.line == 3 and "duplicate key 'a'" in info.value.reason


def test_python_tags_are_refused():
    with pytest.raises(TreeFileError):
        parse_yaml("a: !!python/object/apply:os.system ['true']\n", "x.yaml")


def test_team_tree_dir_is_added_to_the_builtin(tree):
    combined = load_tree([FIXTURES / "trees" / "valid_min"], validate=True)
    assert "team.fix" in combined and "tls.http_registry.start" in combined
    assert len(combined.nodes) == len(tree.nodes) + 2


def test_env_variable_adds_tree_dirs(monkeypatch):
    monkeypatch.setenv("REGISTRY_WIZARD_TREE_DIR", str(FIXTURES / "trees" / "valid_min"))
    assert "team.fix" in load_tree()


def test_missing_tree_dir_is_an_error(tmp_path):
    with pytest.raises(TreeError, match="not a directory"):
        load_tree([tmp_path / "nope"])


def test_broken_team_tree_raises_with_every_problem():
    with pytest.raises(TreeValidationError) as info:
        load_tree([FIXTURES / "trees" / "branch_cover"], validate=True)
    assert len(info.value.problems) >= 2
