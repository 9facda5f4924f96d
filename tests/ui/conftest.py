"""UI test fixtures: a frozen test tree, fake probes, a fixed clock, no blinking.

The UI tests use their own small tree (``tests/ui/tree``) so that snapshots change only
when the interface does, not whenever the real tree's wording improves.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
import textual
from textual.widgets import Input, TextArea

from tests.ui.fakes import FIXED_NOW, HTTP_OUTCOMES, FakeProbes, runner_factory
from wizard.engine.loader import load_tree
from wizard.engine.model import Tree
from wizard.ui import clipboard
from wizard.ui.app import WizardApp

TREE_DIR = Path(__file__).parent / "tree"
TEXTUAL_VERSION = "8.2.8"
"""Snapshots were made with this Textual; another version redraws differently."""


def pytest_configure(config: pytest.Config) -> None:
    """Refuse to rewrite snapshots with another Textual version (they would all churn)."""
    if config.getoption("--snapshot-update", default=False) and (
        textual.__version__ != TEXTUAL_VERSION
    ):
        raise pytest.UsageError(
            f"snapshots belong to textual {TEXTUAL_VERSION}, this is {textual.__version__}"
        )


@pytest.fixture(scope="session")
def ui_tree() -> Tree:
    """The frozen UI test tree (not re-validated: a probe gaining an outcome must not break UI tests)."""
    return load_tree([TREE_DIR], builtin=False)


@pytest.fixture(autouse=True)
def _no_blink_no_clipboard(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cursors do not blink (a wall-clock timer) and no native clipboard tool runs."""
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)
    monkeypatch.setattr(TextArea, "_toggle_cursor_blink_visible", lambda self: None)
    monkeypatch.setattr(clipboard, "native_tools", lambda: [])


MakeApp = Callable[..., tuple[WizardApp, FakeProbes]]


@pytest.fixture
def make_app(ui_tree: Tree, tmp_path: Path) -> MakeApp:
    """Build a wizard over the test tree with fake probes, a fixed clock, no animation.

    Returns a function ``(error=None, facts=None, outcomes=HTTP_OUTCOMES, delay=0.0,
    probe_facts=None) -> (app, probes)``.
    """

    def make(
        error: str | bytes | None = None,
        facts: Mapping[str, str] | None = None,
        outcomes: Mapping[str, tuple[str, str, tuple[str, ...]]] = HTTP_OUTCOMES,
        delay: float = 0.0,
        probe_facts: Mapping[str, Mapping[str, str]] | None = None,
        lang: str = "en",
    ) -> tuple[WizardApp, FakeProbes]:
        probes = FakeProbes(outcomes, facts=probe_facts, delay=delay)
        data = error.encode() if isinstance(error, str) else error
        app = WizardApp(
            ui_tree,
            error=data,
            facts=dict(facts or {}),
            timeout=2.0,
            lang=lang,
            runner_factory=runner_factory(probes),
            clock=lambda: FIXED_NOW,
            export_dir=tmp_path,
        )
        app.animation_level = "none"
        return app, probes

    return make


async def settle(pilot) -> None:  # noqa: ANN001 - Pilot
    """Let every worker finish and the screen catch up."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
