"""Snapshots of every screen at 80x24 and 120x40 (pytest-textual-snapshot).

Deterministic by construction: the frozen test tree, fake probes (instant, fixed
results), a fixed clock, no cursor blink, no animation, every worker finished before the
shot, and nothing machine-specific (hostnames, durations, paths) on screen.
Review a changed SVG in ``snapshot_report.html`` before ``pytest --snapshot-update``.
"""

from __future__ import annotations

import pytest

from tests.ui.conftest import settle
from tests.ui.test_pilot import AMBIGUOUS, DOCKER_HTTP, NO_CLIENT_HTTP

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]

LITERAL_PASTE = (
    "$ docker push 127.0.0.1:5000/team/app:1.4\n"
    "The push refers to repository [127.0.0.1:5000/team/app]\n"
    "shown as typed: [bold]x[/] and \x1b[31mred\x1b[0m\n"
    'Get "https://127.0.0.1:5000/v2/": http: server gave HTTP response to HTTPS client\n'
)


@pytest.mark.parametrize("size", SIZES)
def test_paste_screen(snap_compare, make_app, size) -> None:
    """You should see the paste screen filled with a docker push log (the markup
    ``[bold]x[/]`` and the ANSI escapes shown literally, as ``␛[31m``), the registry field
    filled, the status line "Recognised: ..." and the footer with ^s Diagnose."""
    app, _probes = make_app(error=LITERAL_PASTE, facts={"registry": "127.0.0.1:5000"})
    app.autostart = False
    assert snap_compare(app, terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", SIZES)
def test_candidates_screen(snap_compare, make_app, size) -> None:
    """You should see the ranked candidates (plain HTTP first, then credentials), the
    triage option last, the first candidate's evidence with the matched part in reverse
    video, and the facts found (registry 127.0.0.1:5000, host, port)."""
    app, _probes = make_app(error=AMBIGUOUS)
    assert snap_compare(app, terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", SIZES)
def test_walk_screen_question(snap_compare, make_app, size) -> None:
    """You should see the node screen at "Which client pushed?": its explanation, one
    failed check (tls.inspect: plain_http, with its summary), the question with options
    1 and 2, and on the right the path so far and the facts."""
    app, _probes = make_app(error=NO_CLIENT_HTTP)
    assert snap_compare(app, terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", SIZES)
def test_solution_screen(snap_compare, make_app, size) -> None:
    """You should see the diagnosis "Mark the registry as insecure in dockerd", why (the
    path with each check's summary), the platform tabs with Linux active, and the Linux
    command block naming insecure-registries and "127.0.0.1:5000", with a Copy button."""
    app, _probes = make_app(error=DOCKER_HTTP)
    assert snap_compare(app, terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", SIZES)
def test_browse_screen(snap_compare, make_app, size) -> None:
    """You should see browse mode: the areas on the left with TLS expanded and the
    dockerd solution highlighted, and on the right that node's explanation, commands
    (templates with {{registry|json}}), verify probe and examples."""
    app, _probes = make_app()

    async def run_before(pilot) -> None:  # noqa: ANN001
        await settle(pilot)
        pilot.app.open_browse("tls.http.fix_dockerd")
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_help_dialog(snap_compare, make_app, size) -> None:
    """You should see the help dialog over the solution screen: what the wizard does,
    the keys of the solution screen (copy, platform, verify, export, back ...) and a
    Close button."""
    app, _probes = make_app(error=DOCKER_HTTP)
    assert snap_compare(app, terminal_size=size, run_before=settle, press=["question_mark"])
