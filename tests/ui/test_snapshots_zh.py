"""Snapshots of the main screens in Chinese (``--lang zh``).

The frozen test tree carries a Chinese catalogue (tests/ui/tree/i18n/zh/), so every text
on screen is Chinese but commands and quoted error texts, which stay as tools print them.
"""

from __future__ import annotations

import pytest

from tests.ui.conftest import settle
from tests.ui.test_pilot import AMBIGUOUS, DOCKER_HTTP, NO_CLIENT_HTTP
from tests.ui.test_snapshots import LITERAL_PASTE, SIZES


@pytest.mark.parametrize("size", SIZES)
def test_paste_screen_zh(snap_compare, make_app, size) -> None:
    """You should see the paste screen in Chinese: title, intro, field labels, the
    status line ("已识别" ...) and the footer keys in Chinese; the pasted log unchanged."""
    app, _probes = make_app(error=LITERAL_PASTE, facts={"registry": "127.0.0.1:5000"}, lang="zh")
    app.autostart = False
    assert snap_compare(app, terminal_size=size, run_before=settle)


def test_candidates_screen_zh(snap_compare, make_app) -> None:
    """You should see the ranked candidates with Chinese titles and headings; the
    evidence lines are the pasted English text."""
    app, _probes = make_app(error=AMBIGUOUS, lang="zh")
    assert snap_compare(app, terminal_size=(120, 40), run_before=settle)


def test_walk_screen_question_zh(snap_compare, make_app) -> None:
    """You should see the node screen at the client question in Chinese: explanation,
    the check row, the question and its two options, the path and facts headings."""
    app, _probes = make_app(error=NO_CLIENT_HTTP, lang="zh")
    assert snap_compare(app, terminal_size=(120, 40), run_before=settle)


@pytest.mark.parametrize("size", SIZES)
def test_solution_screen_zh(snap_compare, make_app, size) -> None:
    """You should see the diagnosis in Chinese, the platform tabs and command titles in
    Chinese, and the commands themselves unchanged (insecure-registries, the registry)."""
    app, _probes = make_app(error=DOCKER_HTTP, lang="zh")
    assert snap_compare(app, terminal_size=size, run_before=settle)


def test_browse_screen_zh(snap_compare, make_app) -> None:
    """You should see browse mode in Chinese: area titles, the node's title,
    explanation and section headings; commands and examples as written."""
    app, _probes = make_app(lang="zh")

    async def run_before(pilot) -> None:  # noqa: ANN001
        await settle(pilot)
        pilot.app.open_browse("tls.http.fix_dockerd")
        await settle(pilot)

    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)
