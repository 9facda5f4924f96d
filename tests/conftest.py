"""Shared fixtures: the built-in tree, a matcher, isolation from the machine."""

from __future__ import annotations

import pytest

from wizard.engine.loader import load_tree
from wizard.engine.matcher import Matcher

FIXTURES = __import__("pathlib").Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def tree():
    """The built-in decision tree, validated."""
    return load_tree(validate=True)


@pytest.fixture(scope="session")
def matcher(tree):
    """A matcher over the built-in tree."""
    return Matcher(tree)


@pytest.fixture(autouse=True)
def _isolate_env(monkeypatch, tmp_path):
    """No test sees the developer's tree dirs, docker config or proxies."""
    for var in (
        "REGISTRY_WIZARD_TREE_DIR",
        "DOCKER_CONFIG",
        "DOCKER_HOST",
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "NO_PROXY",
        "http_proxy",
        "https_proxy",
        "no_proxy",
        "ALL_PROXY",
        "all_proxy",
    ):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    (tmp_path / "home").mkdir(exist_ok=True)
