"""Pilot tests: each screen's behaviour with fake probes (instant, deterministic)."""

from __future__ import annotations

import asyncio

from textual.widgets import Input, OptionList, Static, TextArea

from tests.ui.conftest import settle
from tests.ui.fakes import HTTP_OUTCOMES
from wizard.ui.dialogs.help import HelpDialog
from wizard.ui.messages import ProbeFinished
from wizard.ui.screens.browse import BrowseScreen
from wizard.ui.screens.candidates import CandidatesScreen
from wizard.ui.screens.paste import PasteArea, PasteScreen
from wizard.ui.screens.solution import SolutionScreen
from wizard.ui.screens.walk import WalkScreen
from wizard.ui.widgets.command_block import CommandBlock
from wizard.ui.widgets.probe_row import ProbeRow

DOCKER_HTTP = (
    'Error response from daemon: Get "https://127.0.0.1:5000/v2/": '
    "http: server gave HTTP response to HTTPS client"
)
NO_CLIENT_HTTP = 'Get "https://127.0.0.1:5000/v2/": http: server gave HTTP response to HTTPS client'
AMBIGUOUS = (
    'Get "https://127.0.0.1:5000/v2/": http: server gave HTTP response to HTTPS client\n'
    "unauthorized: authentication required"
)


def shown(widget: Static) -> str:
    """The plain text a Static shows."""
    content = widget.render()
    return getattr(content, "plain", str(content))


# --- paste screen --------------------------------------------------------------------------
async def test_paste_screen_focuses_the_text_area_and_q_types(make_app) -> None:
    """The first screen has the text area focused; q goes into it instead of quitting."""
    app, _probes = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, PasteScreen)
        assert isinstance(app.focused, TextArea)
        await pilot.press("q")
        assert app.is_running
        assert app.query_one(PasteArea).text == "q"


async def test_markup_and_ansi_in_a_paste_are_shown_literally(make_app) -> None:
    """``[bold]x[/]`` stays text and ANSI escapes become visible control pictures."""
    app, _probes = make_app(error="hello [bold]x[/] \x1b[31mred\x1b[0m", facts={})
    app.autostart = False
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = app.query_one(PasteArea).text
        assert "[bold]x[/]" in text
        assert "\x1b" not in text
        assert "␛[31mred␛[0m" in text


async def test_pasting_redacts_and_shows_controls(make_app) -> None:
    """A terminal paste is redacted and its escapes are shown, never interpreted."""
    from textual import events

    app, _probes = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        area = app.query_one(PasteArea)
        await area._on_paste(events.Paste("docker login -p hunter2secret r.lan\x1b[0m"))
        await pilot.pause()
        assert "hunter2secret" not in area.text
        assert "␛[0m" in area.text


async def test_error_flag_opens_filled_and_walks_without_keys(make_app) -> None:
    """--error and --registry: the walk runs its probes by itself to the solution."""
    app, probes = make_app(error=DOCKER_HTTP, facts={"registry": "127.0.0.1:5000"})
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, SolutionScreen)
        assert [name for name, _args in probes.calls][:1] == ["tls.inspect"]
        assert ("daemon.insecure", {"registry": "127.0.0.1:5000"}) in probes.calls
        commands = "\n".join(c["text"] for c in app.screen.commands())
        assert "insecure-registries" in commands
        assert '"127.0.0.1:5000"' in commands
        paste = app.screen_stack[0]
        assert isinstance(paste, PasteScreen)
        assert "server gave HTTP response" in paste.query_one(PasteArea).text


async def test_bad_registry_field_is_refused(make_app) -> None:
    """A registry value that is not host[:port] is reported, nothing starts."""
    app, _probes = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.query_one("#registry", Input).value = "not a host!"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PasteScreen)
        assert "registry" in shown(app.query_one("#paste-status", Static))


async def test_empty_paste_with_registry_starts_the_triage(make_app) -> None:
    """No text but a registry: the general triage runs (unknown probe -> question)."""
    app, probes = make_app(outcomes={})
    async with app.run_test(size=(80, 24)) as pilot:
        app.query_one("#registry", Input).value = "r.lan:5000"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, WalkScreen)
        assert app.screen.walk.current == "triage.area"
        row = app.screen.query_one(ProbeRow)
        assert row.status == "unknown"


# --- candidates screen -----------------------------------------------------------------------
async def test_ambiguous_text_lists_candidates_with_evidence(make_app) -> None:
    """Two causes match about equally: the candidates screen ranks them with evidence."""
    app, _probes = make_app(error=AMBIGUOUS)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CandidatesScreen)
        options = screen.query_one(OptionList)
        assert options.option_count == len(screen.match.candidates) + 1  # and the triage
        assert len(screen.match.candidates) >= 2
        evidence = screen.query_one("#cand-evidence", Static).render()
        assert "server gave HTTP response to HTTPS client" in evidence.plain
        assert any("reverse" in repr(span.style) for span in evidence.spans)
        assert "127.0.0.1:5000" in shown(screen.query_one("#cand-facts", Static))


async def test_candidate_picked_by_number_and_triage_by_t(make_app) -> None:
    """2 starts the second cause; escape returns; t starts the general triage."""
    app, _probes = make_app(error=AMBIGUOUS, outcomes={})
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        second = app.screen.match.candidates[1].node
        await pilot.press("2")
        await settle(pilot)
        assert isinstance(app.screen, (WalkScreen, SolutionScreen))
        assert app.screen.walk.start == second
        while not isinstance(app.screen, CandidatesScreen):
            await pilot.press("escape")
            await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        assert app.screen.walk.start == "triage.start"


# --- node (walk) screen ----------------------------------------------------------------------
async def test_question_waits_for_a_key_and_back_undoes(make_app) -> None:
    """A probe node moves on by itself; a question waits; 1 answers; escape undoes it."""
    app, _probes = make_app(error=NO_CLIENT_HTTP)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, WalkScreen)
        assert screen.walk.current == "tls.http.client"
        rows = list(screen.query(ProbeRow))
        assert [r.status for r in rows] == ["fail"]
        assert "plain HTTP" in rows[0].render_text().plain
        path = shown(screen.query_one("#path", Static))
        assert "plain_http" in path and "Which client pushed?" in path
        await pilot.press("1")
        await settle(pilot)
        assert isinstance(app.screen, SolutionScreen)
        assert app.screen.walk.solution.id == "tls.http.fix_dockerd"
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
        assert screen.walk.current == "tls.http.client"
        assert screen.walk.human_steps == 0


async def test_click_answers_and_details_toggle(make_app) -> None:
    """Clicking an option answers; d shows every check's details."""
    app, _probes = make_app(error=NO_CLIENT_HTTP)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("d")
        await pilot.pause()
        row = app.screen.query_one(ProbeRow)
        assert row.expanded
        assert "got: HTTP/1.1 400 Bad Request" in row.render_text().plain
        options = app.screen.query_one("#options", OptionList)
        options.highlighted = 1
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.walk.solution.id == "tls.http.fix_podman"


async def test_running_probe_shows_a_row_and_leaving_cancels_it(make_app) -> None:
    """A slow probe shows a running row; escape leaves, cancels it, and nothing moves."""
    app, probes = make_app(error=NO_CLIENT_HTTP, delay=30)
    messages: list[object] = []
    async with app.run_test(size=(80, 24), message_hook=messages.append) as pilot:
        await pilot.pause()
        await pilot.pause(0.1)
        screen = app.screen
        assert isinstance(screen, WalkScreen)
        row = screen.query_one(ProbeRow)
        assert row.status == "running"
        assert app.is_running  # the UI answers while the probe runs
        runner = screen.runner
        tasks = list(runner._tasks.values())
        assert tasks
        await pilot.press("escape")
        await pilot.pause()
        await asyncio.sleep(0.05)
        assert isinstance(app.screen, PasteScreen)
        assert all(t.cancelled() or t.done() for t in tasks)
        assert not [m for m in messages if isinstance(m, ProbeFinished)]


async def test_missing_probes_give_unknown_and_the_walk_goes_on(make_app) -> None:
    """Probes not implemented (or missing facts) give ``unknown``, never a dead end."""
    app, _probes = make_app(error=DOCKER_HTTP, outcomes={})
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, SolutionScreen)
        assert all(s.outcome == "unknown" for s in app.screen.walk.history if s.kind == "probe")


async def test_server_strings_are_plain_text(make_app) -> None:
    """A probe summary with markup and escapes is shown literally."""
    outcomes = {"tls.inspect": ("plain_http", "server said [red]hi[/] \x1b[2J", ())}
    app, _probes = make_app(error=NO_CLIENT_HTTP, outcomes=outcomes)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        text = app.screen.query_one(ProbeRow).render_text().plain
        assert "[red]hi[/]" in text
        assert "\x1b" not in text


# --- solution screen -------------------------------------------------------------------------
async def test_solution_commands_platforms_and_copy(make_app, monkeypatch) -> None:
    """Commands per platform, p switches, each block and c copy through OSC 52."""
    app, _probes = make_app(error=DOCKER_HTTP)
    copied: list[str] = []
    monkeypatch.setattr(app, "copy_to_clipboard", copied.append)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SolutionScreen)
        assert screen.platform == "linux"
        blocks = list(screen.query(CommandBlock))
        assert len(blocks) == 1 and "systemctl restart docker" in blocks[0].text
        await pilot.click(f"#{blocks[0].id} Button")
        await settle(pilot)
        assert copied == [blocks[0].text]
        await pilot.press("p")
        await settle(pilot)
        assert screen.platform == "docker-desktop"
        assert "Apply & restart" in screen.query_one(CommandBlock).text
        await pilot.press("c")
        await settle(pilot)
        assert "Apply & restart" in copied[-1]


async def test_verify_reruns_the_verify_probes(make_app) -> None:
    """v re-runs daemon.insecure afresh and says whether the fix worked."""
    app, probes = make_app(error=DOCKER_HTTP)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        before = len(probes.calls)
        await pilot.press("v")
        await settle(pilot)
        assert len(probes.calls) == before + 1
        assert probes.calls[-1][0] == "daemon.insecure"
        assert "Not fixed yet" in shown(app.screen.query_one("#verify-status", Static))
        probes.update(
            make_app(outcomes={**HTTP_OUTCOMES, "daemon.insecure": ("listed", "listed", ())})[1]
        )
        await pilot.press("v")
        await settle(pilot)
        assert "Fixed" in shown(app.screen.query_one("#verify-status", Static))


async def test_export_writes_a_redacted_report(make_app, tmp_path) -> None:
    """e writes a Markdown report (secrets masked) and says where."""
    error = DOCKER_HTTP + "\nlogin: docker login -p s3cretpassw0rd 127.0.0.1:5000"
    app, _probes = make_app(error=error)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        path = app.screen.exported
        assert path is not None and path.parent == tmp_path
        report = path.read_text()
        assert "# registry-wizard report" in report
        assert "insecure-registries" in report
        assert "s3cretpassw0rd" not in report
        assert str(path) in shown(app.screen.query_one("#export-status", Static))


# --- browse, search, help, theme, quit ---------------------------------------------------------
async def test_browse_shows_areas_and_nodes(make_app) -> None:
    """ctrl+b opens the tree by area; a node shows its examples and commands."""
    app, _probes = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+b")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, BrowseScreen)
        screen.select("tls.http.fix_dockerd")
        await pilot.pause()
        view = shown(screen.query_one("#node-view", Static))
        assert "Examples" in view and "Commands" in view
        assert "{{registry|json}}" in view
        await pilot.press("escape")
        assert isinstance(app.screen, PasteScreen)


async def test_search_finds_nodes_by_example_text(make_app) -> None:
    """The palette provider finds a node from a fragment of an example error."""
    from wizard.ui.search import NodeSearch

    app, _probes = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        provider = NodeSearch(app.screen)
        hits = [hit async for hit in provider.search("trying to reuse blob")]
        assert [h.text for h in hits] == ["Mark the registry insecure in registries.conf"]
        hits[0].command()
        await pilot.pause()
        assert isinstance(app.screen, BrowseScreen)


async def test_help_theme_and_quit(make_app) -> None:
    """? shows help with this screen's keys; ctrl+t switches theme; q quits elsewhere."""
    app, _probes = make_app(error=DOCKER_HTTP)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpDialog)
        keys = "\n".join(shown(s) for s in app.screen.query(Static))
        assert "Verify" in keys and "Export" in keys
        await pilot.press("escape")
        dark = app.theme
        await pilot.press("ctrl+t")
        assert app.theme != dark
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_paste_status_asks_for_the_registry_when_the_text_has_none(make_app) -> None:
    """Recognised text without a registry address: the status line asks for the field."""
    app, _probes = make_app(error="unauthorized: authentication required")
    app.autostart = False
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        status = shown(app.query_one("#paste-status", Static))
        assert "Recognised" in status
        assert "Registry field" in status


async def test_mouse_clicks_a_row_open_and_an_answer(make_app) -> None:
    """A click on a check shows its details; a click on the second answer picks it."""
    app, _probes = make_app(error=NO_CLIENT_HTTP)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert await pilot.click(ProbeRow)
        await pilot.pause()
        assert app.screen.query_one(ProbeRow).expanded
        assert await pilot.click("#options", offset=(4, 2))  # border, then line 2
        await settle(pilot)
        assert isinstance(app.screen, SolutionScreen)
        assert app.screen.walk.solution.id == "tls.http.fix_podman"


async def test_a_crashing_runner_becomes_unknown_not_a_hang(make_app, monkeypatch) -> None:
    """If the probe worker itself fails, the row says unknown and the walk goes on."""
    from wizard.probes.runner import ProbeRunner

    async def boom(self, call):  # noqa: ANN001, ANN202
        raise RuntimeError("runner bug")

    monkeypatch.setattr(ProbeRunner, "run", boom)
    app, _probes = make_app(error=NO_CLIENT_HTTP)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, WalkScreen)
        assert app.screen.walk.current == "tls.http.client"
        row = app.screen.query_one(ProbeRow)
        assert row.status == "unknown"
        assert "runner bug" in row.render_text().plain


async def test_lazy_tree_loads_after_the_first_frame(ui_tree) -> None:
    """Given a loader, the paste screen is drawn first and the tree loads right after."""
    from wizard.ui.app import make_app

    loads: list[str] = []

    def loader():  # noqa: ANN202
        loads.append("loaded")
        return ui_tree

    app = make_app(loader, error=None, facts={}, root=None, timeout=2, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PasteScreen)
        assert loads == ["loaded"]
        assert app.decision_tree is ui_tree


async def test_a_tree_that_does_not_load_ends_the_app_with_code_1() -> None:
    """A broken tree: the app exits with the CLI's message and exit code 1."""
    from wizard.engine.errors import TreeError
    from wizard.ui.app import make_app

    def loader():  # noqa: ANN202
        raise TreeError("no tree files (*.yaml) in /nowhere")

    app = make_app(loader, error=None, facts={}, root=None, timeout=2, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
    assert app.return_code == 1


async def test_a_huge_log_shows_its_end_and_is_matched_whole(make_app) -> None:
    """A 3 MB CI log puts only its last 256 KiB on screen; the match uses all of it."""
    from wizard.ui.screens.paste import SHOWN_LIMIT

    log = (
        "#7 RUN make all  ok\n" * 150_000
        + 'Get "https://127.0.0.1:5000/v2/": http: server gave HTTP response to HTTPS client\n'
    )
    app, _probes = make_app(error=log, facts={})
    app.autostart = False
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        shown = app.query_one(PasteArea).text
        assert len(shown) < SHOWN_LIMIT + 200
        assert shown.startswith("[… the first") and "server gave HTTP response" in shown
        assert screen.text() == log
