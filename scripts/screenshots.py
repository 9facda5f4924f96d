#!/usr/bin/env python3
"""Regenerate ``screenshots/*.svg``: every screen of the wizard over the real tree.

Run from the repository root: ``python scripts/screenshots.py [--size 100x32]``.
Probes are the deterministic fakes of the UI tests (no network, same pictures on every
machine); the clock is fixed, cursors do not blink and nothing animates.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from textual.pilot import Pilot  # noqa: E402
from textual.widgets import Input, TextArea  # noqa: E402

from tests.ui.fakes import FIXED_NOW, HTTP_OUTCOMES, FakeProbes, runner_factory  # noqa: E402
from wizard.engine.loader import load_tree  # noqa: E402
from wizard.engine.matcher import Matcher  # noqa: E402
from wizard.engine.model import Tree  # noqa: E402
from wizard.ui.app import WizardApp  # noqa: E402

DOCKER_HTTP = (
    "$ docker push 127.0.0.1:5000/team/app:1.4\n"
    "The push refers to repository [127.0.0.1:5000/team/app]\n"
    'Error response from daemon: Get "https://127.0.0.1:5000/v2/": '
    "http: server gave HTTP response to HTTPS client\n"
)
NO_CLIENT_HTTP = 'Get "https://127.0.0.1:5000/v2/": http: server gave HTTP response to HTTPS client'
AMBIGUOUS_CANDIDATES = (
    NO_CLIENT_HTTP + '\n"insecure-registries": ["127.0.0.1:5000"]',
    NO_CLIENT_HTTP + "\nunauthorized: authentication required",
    "x509: certificate signed by unknown authority\nunauthorized: authentication required",
)

Action = Callable[[Pilot], Awaitable[None]]


@dataclass(frozen=True)
class Shot:
    """One screenshot: a file name, the app's input and what to do before the shot."""

    name: str
    error: str | None
    facts: dict[str, str]
    action: Action | None = None
    autostart: bool = True


async def settle(pilot: Pilot) -> None:
    """Wait for every worker and redraw."""
    for _ in range(2):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def open_browse(pilot: Pilot) -> None:
    """Browse mode at the dockerd solution."""
    app = pilot.app
    assert isinstance(app, WizardApp)
    target = next(
        (n.id for n in app.decision_tree.solutions() if n.category == "tls.http_registry"),
        None,
    )
    app.open_browse(target)
    await settle(pilot)


async def press_help(pilot: Pilot) -> None:
    """The help dialog."""
    await pilot.press("question_mark")
    await settle(pilot)


def ambiguous_text(tree: Tree) -> str:
    """A paste the real tree finds ambiguous (falls back to the first candidate)."""
    matcher = Matcher(tree)
    for text in AMBIGUOUS_CANDIDATES:
        if matcher.match(text).ambiguous:
            return text
    return AMBIGUOUS_CANDIDATES[0]


def shots(tree: Tree) -> list[Shot]:
    """Every screen, in README order."""
    registry = {"registry": "127.0.0.1:5000"}
    return [
        Shot("paste", DOCKER_HTTP, registry, autostart=False),
        Shot("candidates", ambiguous_text(tree), {}),
        Shot("node", NO_CLIENT_HTTP, {}),
        Shot("solution", DOCKER_HTTP, registry),
        Shot("browse", None, {}, action=open_browse),
        Shot("help", DOCKER_HTTP, registry, action=press_help),
    ]


async def take(tree: Tree, shot: Shot, size: tuple[int, int], out: Path) -> Path:
    """Run the app headless, do the shot's action, write the SVG."""
    app = WizardApp(
        tree,
        error=shot.error.encode() if shot.error else None,
        facts=shot.facts,
        runner_factory=runner_factory(FakeProbes(HTTP_OUTCOMES)),
        clock=lambda: FIXED_NOW,
        export_dir=out,
    )
    app.autostart = shot.autostart
    app.animation_level = "none"
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        if shot.action is not None:
            await shot.action(pilot)
        svg = app.export_screenshot(title=f"registry-wizard: {shot.name}")
    path = out / f"{shot.name}.svg"
    path.write_text(svg, encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    """Write every screenshot; print the paths."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="100x32", help="terminal size COLSxROWS")
    parser.add_argument("--out", default=str(ROOT / "screenshots"), help="output directory")
    args = parser.parse_args(argv)
    cols, rows = (int(v) for v in args.size.lower().split("x"))
    Input._toggle_cursor = lambda self: None  # type: ignore[method-assign]
    TextArea._toggle_cursor_blink_visible = lambda self: None  # type: ignore[method-assign]
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    tree = load_tree()
    for shot in shots(tree):
        print(asyncio.run(take(tree, shot, (cols, rows), out)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
