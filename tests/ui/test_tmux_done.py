"""The issue's done-criterion, end to end in a real terminal (tmux) with real probes.

A real plain-HTTP ``docker-registry`` on loopback; ``registry-wizard --error <Docker's
"server gave HTTP response to HTTPS client"> --registry <it>`` in a tmux pane reaches the
fix that names ``insecure-registries`` and that registry with no key pressed; the pasted
markup shows literally; ``q`` quits with exit code 0. Machine files are read under an
empty ``--root`` and HOME is a temporary directory, so nothing of this machine leaks in.
"""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from wizard.lab.servers import Lab

WIZARD = Path(sys.executable).with_name("registry-wizard")


def _capture(session: str) -> str:
    return subprocess.run(
        ["tmux", "capture-pane", "-p", "-J", "-t", session],
        capture_output=True,
        text=True,
        check=False,
    ).stdout


def _wait_for(session: str, needles: tuple[str, ...], timeout: float) -> str:
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = _capture(session)
        if all(n in screen for n in needles):
            return screen
        time.sleep(0.1)
    size = subprocess.run(
        ["tmux", "display", "-p", "-t", session, "#{window_width}x#{window_height}"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    raise AssertionError(f"never saw {needles} on the {size} screen:\n{screen}")


@pytest.mark.servers
@pytest.mark.slow
def test_plain_http_registry_reaches_the_fix_with_no_key(tmp_path) -> None:
    """Real registry, real probes, real terminal: the fix appears by itself."""
    assert shutil.which("tmux"), "tmux is required (.ci/run installs it)"
    session = f"rw-done-{tmp_path.name}"[:40]
    root = tmp_path / "root"
    root.mkdir()
    with Lab(tmp_path / "lab") as lab:
        registry = lab.registry()
        hostport = registry.hostport
        error = (
            f'Error response from daemon: Get "https://{hostport}/v2/": '
            "http: server gave HTTP response to HTTPS client [bold]x[/]"
        )
        command = shlex.join(
            [str(WIZARD), "--error", error, "--registry", hostport, "--root", str(root)]
        )
        done = tmp_path / "exit"
        # A detached tmux session can report the default 80x24 to a program that starts
        # right away; COLUMNS/LINES pin the size the app reads at start.
        shell = (
            f"COLUMNS=120 LINES=60 HOME={shlex.quote(str(tmp_path))} {command}; "
            f"echo $? > {shlex.quote(str(done))}"
        )
        subprocess.run(
            ["tmux", "new-session", "-d", "-s", session, "-x", "120", "-y", "60", shell],
            check=True,
        )
        try:
            screen = _wait_for(session, ("insecure-registries", f'"{hostport}"', "Diagnosis"), 30)
            assert "plain_http" in screen  # the real tls.inspect decided
            subprocess.run(["tmux", "send-keys", "-t", session, "escape"], check=True)
            subprocess.run(["tmux", "send-keys", "-t", session, "escape"], check=True)
            paste = _wait_for(session, ("Paste the error text",), 10)
            assert "[bold]x[/]" in paste
            subprocess.run(["tmux", "send-keys", "-t", session, "C-q"], check=True)
            deadline = time.monotonic() + 10
            while not done.exists() and time.monotonic() < deadline:
                time.sleep(0.1)
            assert done.read_text().strip() == "0"
        finally:
            subprocess.run(["tmux", "kill-session", "-t", session], check=False)
