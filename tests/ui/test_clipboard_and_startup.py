"""Copying through a native clipboard tool, and what the first screen imports."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


def _fake_tool(bin_dir: Path, name: str, sink: Path, code: int = 0) -> None:
    tool = bin_dir / name
    tool.write_text(f"#!/bin/sh\n/bin/cat > {sink}\nexit {code}\n")
    tool.chmod(0o755)


def test_native_tools_and_copy_for_real(tmp_path) -> None:
    """Run in a subprocess (no autouse patch): a failing tool is skipped, the next used."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    bad, good = tmp_path / "bad.txt", tmp_path / "good.txt"
    _fake_tool(bin_dir, "xclip", bad, code=1)
    _fake_tool(bin_dir, "xsel", good)
    env = {**os.environ, "PATH": str(bin_dir), "DISPLAY": ":0"}
    env.pop("WAYLAND_DISPLAY", None)
    code = (
        "from wizard.ui.clipboard import native_copy, native_tools;"
        "print([t[0] for t in native_tools()]);"
        "print(native_copy('docker login r.lan:5000'))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout.split("\n")
    assert out[0] == "['xclip', 'xsel']"
    assert out[1] == "xsel"
    assert good.read_text() == "docker login r.lan:5000"


def test_no_tool_without_a_display(tmp_path) -> None:
    """X tools are not tried without DISPLAY (they would hang or fail)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    _fake_tool(bin_dir, "xclip", tmp_path / "x.txt")
    env = {"PATH": str(bin_dir), "HOME": str(tmp_path)}
    code = "from wizard.ui.clipboard import native_copy; print(native_copy('x'))"
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "None"


@pytest.mark.parametrize("heavy", ["httpx", "wizard.probes.runner", "wizard.engine.matcher"])
def test_first_screen_does_not_import_heavy_modules(heavy) -> None:
    """The paste screen's import path leaves probes, httpx and the matcher for later."""
    code = (
        "import sys;"
        "from wizard.cli import build_parser, _load;"
        "tree = _load(build_parser().parse_args([]));"
        "from wizard.ui.app import make_app;"
        "from wizard.ui.screens.paste import PasteScreen;"
        "app = make_app(tree, error=None, facts={}, root=None, timeout=4, lang='en');"
        "app.get_default_screen();"
        f"print({heavy!r} in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_plain_start_skips_the_fact_checks() -> None:
    """`registry-wizard` without flags reaches App.run without RE2, the fact checks, json.

    They cost about 6 ms of the first screen; with --registry the checks load (and check it).
    """
    code = (
        "import sys, textual.app;"
        "textual.app.App.run = lambda self, *a, **k: None;"
        "from wizard.cli import main;"
        "main(sys.argv[1:]);"
        "print('re2' in sys.modules, 'wizard.engine.facts' in sys.modules, 'json' in sys.modules)"
    )
    plain = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert plain.stdout.split() == ["False", "False", "False"]
    flagged = subprocess.run(
        [sys.executable, "-c", code, "--registry", "127.0.0.1:5000"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert flagged.stdout.split()[:2] == ["True", "True"]
