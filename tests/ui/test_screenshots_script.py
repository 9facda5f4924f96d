"""``scripts/screenshots.py`` still produces every README screenshot."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "screenshots.py"
NAMES = {"paste", "candidates", "node", "solution", "browse", "help"}


def test_screenshot_script_writes_every_screen(tmp_path) -> None:
    """Each screen becomes an SVG showing that screen (checked by a word it must show)."""
    subprocess.run(
        [sys.executable, str(SCRIPT), "--out", str(tmp_path), "--size", "80x24"],
        check=True,
        capture_output=True,
        timeout=120,
    )
    assert {p.stem for p in tmp_path.glob("*.svg")} == NAMES
    words = {
        "paste": "Paste",
        "candidates": "Matched",
        "node": "Path",
        "solution": "Diagnosis",
        "browse": "Commands",
        "help": "Keys",
    }
    for name, word in words.items():
        svg = (tmp_path / f"{name}.svg").read_text()
        assert svg.startswith("<svg") and word in svg.replace("&#160;", " "), name
