"""A start node of every area of the real, shipped tree walks to a solution in the UI.

Probes are absent (the runner answers ``unknown``, as it does before a probe exists) and
every question is answered with its first option: the UI must never dead-end, crash or
show a blank screen on the real tree's content.
"""

from __future__ import annotations

import pytest

from tests.ui.conftest import settle
from tests.ui.fakes import FIXED_NOW, FakeProbes, runner_factory
from wizard.engine.loader import load_tree
from wizard.ui.app import WizardApp
from wizard.ui.screens.paste import PasteScreen
from wizard.ui.screens.solution import SolutionScreen
from wizard.ui.screens.walk import WalkScreen

MAX_ANSWERS = 40


@pytest.mark.slow
async def test_every_start_node_reaches_a_solution(tmp_path) -> None:
    """From each area's first start node, unknown probes and first answers end at a solution."""
    tree = load_tree()
    starts: dict[str, str] = {}
    for node in tree.starts():
        starts.setdefault(node.area or node.id.split(".")[0], node.id)
    app = WizardApp(
        tree,
        error=None,
        facts={},
        runner_factory=runner_factory(FakeProbes({})),
        clock=lambda: FIXED_NOW,
        export_dir=tmp_path,
    )
    app.animation_level = "none"
    stuck = []
    async with app.run_test(size=(80, 24)) as pilot:
        for start in starts.values():
            app.open_walk(start, {"registry": "r.lan:5000", "image": "r.lan:5000/team/app:1"})
            await settle(pilot)
            for _ in range(MAX_ANSWERS):
                if isinstance(app.screen, SolutionScreen):
                    break
                assert isinstance(app.screen, WalkScreen), start
                await pilot.press("1")
                await settle(pilot)
            if not isinstance(app.screen, SolutionScreen):
                stuck.append(start)
            else:
                assert app.screen.commands() or not app.screen.node.commands
            while not isinstance(app.screen, PasteScreen):
                app.pop_screen()
                await pilot.pause()
    assert len(starts) >= 3
    assert not stuck


async def test_a_solution_matched_straight_from_the_paste_says_so_under_why(tmp_path) -> None:
    """No probe ran and no question was asked: "Why" says the paste decided, not "nothing"."""
    tree = load_tree()
    app = WizardApp(
        tree,
        error=(
            "unauthorized: unauthorized to access repository: myapp/mysql, action: push: "
            "unauthorized to access repository: myapp/mysql, action: push"
        ),
        facts={},
        runner_factory=runner_factory(FakeProbes({})),
        clock=lambda: FIXED_NOW,
        export_dir=tmp_path,
    )
    app.animation_level = "none"
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, SolutionScreen)
        assert app.screen.node.id == "auth.permission_denied.harbor"
        assert app.screen._why().plain.startswith("The pasted text points straight at this cause")


def test_the_path_names_generic_outcomes_in_the_ui_language() -> None:
    """In Chinese, "→ unknown" reads 未知; a probe's own outcome names stay identifiers."""
    from wizard.engine.model import ProbeResult
    from wizard.engine.walk import Walk
    from wizard.ui.widgets.path_view import path_text

    tree = load_tree()
    walk = Walk(tree, "auth.unauthorized.start", {})
    assert walk.node.kind == "probe"
    walk.feed(ProbeResult(outcome="unknown", summary="no registry to ask"))
    assert "→ 未知" in path_text(walk, "zh").plain
    assert "→ unknown" in path_text(walk, "en").plain
