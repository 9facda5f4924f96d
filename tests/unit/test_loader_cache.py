"""The parse cache of the loader: a shortcut that is never a correctness risk."""

from __future__ import annotations

import json
import os

import pytest

from tests.conftest import FIXTURES
from wizard.engine import loader
from wizard.engine.errors import TreeValidationError
from wizard.engine.loader import load_files, load_tree, tree_files

TEAM = FIXTURES / "trees" / "valid_min"


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """An empty cache directory of our own."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv(loader.NO_CACHE_ENV, raising=False)
    return tmp_path / "xdg" / "registry-wizard" / f"tree-v{loader.CACHE_FORMAT}"


@pytest.fixture
def team(tmp_path):
    """A writable copy of a small valid team tree."""
    d = tmp_path / "team"
    d.mkdir()
    for f in (p for p in TEAM.iterdir() if p.is_file()):
        (d / f.name).write_bytes(f.read_bytes())
    return d


def _entries(cache_dir):
    return sorted(cache_dir.glob("*.json")) if cache_dir.is_dir() else []


def _no_yaml(monkeypatch):
    """Make any YAML parse fail loudly: what loads now came from the cache."""

    def refuse(text, file):
        raise AssertionError(f"parsed {file} although it was cached")

    monkeypatch.setattr(loader, "parse_yaml", refuse)


def test_cached_load_equals_a_fresh_parse_with_lines(cache, monkeypatch):
    files = tree_files(loader.tree_dirs())
    fresh, problems = load_files(files)
    assert not problems or all(p.file for p in problems)
    assert len(_entries(cache)) == len(files)
    _no_yaml(monkeypatch)
    cached, cached_problems = load_files(files)
    assert cached == fresh
    assert cached_problems == problems
    some = next(n for n in cached.nodes.values() if n.match)
    assert some.location.line > 1 and some.match[0].location.line > some.location.line


def test_changed_file_invalidates_its_entry(cache, team, monkeypatch):
    path = next(team.glob("*.yaml"))
    first = load_tree([team], builtin=False)
    text = path.read_text()
    assert "Team" in text or "team" in text
    st = path.stat()
    # same size, same mtime: only the content differs (the hard case for a stat key)
    changed = text.replace("team.fix", "team.fiX")
    assert len(changed) == len(text) and changed != text
    path.write_text(changed)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert path.stat().st_size == st.st_size and path.stat().st_mtime_ns == st.st_mtime_ns
    second = load_tree([team], builtin=False)
    assert "team.fix" in first and "team.fiX" in second and "team.fix" not in second


def test_a_file_that_became_invalid_is_reported_not_served_from_cache(cache, team):
    path = next(team.glob("*.yaml"))
    load_tree([team], builtin=False)
    path.write_text(path.read_text() + "\nnodes: []\n")  # a duplicate key
    with pytest.raises(TreeValidationError, match="problem"):
        load_tree([team], builtin=False)


@pytest.mark.parametrize(
    "garbage",
    [
        b"",
        b"\x00\xff not json",
        b'{"key": 1, "data": 2}',
        b"[1, 2, 3]",
        b'{"key": {}, "data": {"l": "x", "e": 5}}',
        b'["wrong key", {"\\u0000": [1, [2]], "area": "x"}]',
        b'[1, {"area": "x"}]',
        b"{" * 100000,
    ],
)
def test_corrupt_cache_is_ignored_and_rewritten(cache, team, garbage):
    expected = load_tree([team], builtin=False)
    entries = _entries(cache)
    assert entries
    for entry in entries:
        entry.write_bytes(garbage)
    assert load_tree([team], builtin=False) == expected
    for entry in entries:
        json.loads(entry.read_text())  # rewritten whole


def test_corrupt_entry_with_the_right_key_but_bad_shape_is_ignored(cache, team):
    expected = load_tree([team], builtin=False)
    for entry in _entries(cache):
        doc = json.loads(entry.read_text())
        doc[1] = {"\x00": [1, ["not a line"]], "area": "x"}
        entry.write_text(json.dumps(doc))
    assert load_tree([team], builtin=False) == expected


def test_unwritable_cache_does_not_matter(tmp_path, team, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert "team.fix" in load_tree([team], builtin=False)


def test_cache_can_be_turned_off(cache, team, monkeypatch):
    monkeypatch.setenv(loader.NO_CACHE_ENV, "1")
    load_tree([team], builtin=False)
    assert _entries(cache) == []


def test_content_json_cannot_represent_is_not_cached(cache, tmp_path):
    d = tmp_path / "dated"
    d.mkdir()
    (d / "x.yaml").write_text("area: x\ntitle: X\nwhen: 2024-01-01\nnodes: []\n")
    load_files(tree_files([d]))
    assert _entries(cache) == []


def test_a_mapping_with_a_nul_key_is_not_cached(cache, tmp_path):
    d = tmp_path / "nul"
    d.mkdir()
    (d / "x.yaml").write_text('area: x\ntitle: X\nodd: {"\\0": 1}\nnodes: []\n')
    load_files(tree_files([d]))
    assert _entries(cache) == []
