"""``registry-wizard serve`` in a real headless Chromium: the browser shows the paste screen.

The server is the real command (textual-serve, bound to 127.0.0.1); the browser is
Debian's ``chromium`` with every host name mapped to NOTFOUND except loopback (the page
links a web font, which must not make the test ask a DNS resolver). Chromium is driven
over the DevTools protocol: it loads the page, and the test reads the terminal output the
page receives over its websocket until the paste screen's title arrives.
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import aiohttp
import pytest

from wizard.ui.serve import app_command

CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking")
NEEDLES = ("Paste the error text", "Registry (host[:port], optional)")
"""What the paste screen shows: the text area's title and the registry field."""
NO_DNS = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"
ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])")


def free_port() -> int:
    """A port the OS says is free now (textual-serve cannot take port 0)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(predicate, timeout: float, what: str):  # noqa: ANN001, ANN201
    """Poll ``predicate`` until it returns something truthy."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def stop(proc: subprocess.Popen) -> None:
    """Stop a process group we started, by its PID."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(5)


def test_app_command_runs_this_python_module() -> None:
    """Each tab runs this interpreter's ``-m wizard`` with the flags, shell-quoted."""
    command = app_command(["--lang", "en", "--tree-dir", "/x y"])
    assert command.startswith(sys.executable)
    assert "-m wizard --lang en --tree-dir '/x y'" in command


def test_serve_binds_localhost_by_default() -> None:
    """``serve`` without --host binds 127.0.0.1."""
    from wizard.cli import build_parser

    args = build_parser().parse_args(["serve"])
    assert args.host == "127.0.0.1"
    assert args.port == 8000


async def _page_output(debug_port: int, url: str, needles: tuple[str, ...], wait: float) -> str:
    """Load ``url`` in the browser and collect terminal output until every needle shows."""
    async with aiohttp.ClientSession() as session:
        async with session.get(f"http://127.0.0.1:{debug_port}/json/list") as resp:
            targets = await resp.json()
        page = next(t for t in targets if t["type"] == "page")
        async with session.ws_connect(page["webSocketDebuggerUrl"], max_msg_size=0) as ws:
            ids = iter(range(1, 1000))

            async def send(method: str, **params: object) -> None:
                await ws.send_str(json.dumps({"id": next(ids), "method": method, "params": params}))

            await send("Network.enable")
            await send("Page.enable")
            await send("Page.navigate", url=url)
            received = ""
            loop = asyncio.get_running_loop()
            deadline = loop.time() + wait
            while loop.time() < deadline:
                try:
                    msg = await ws.receive(timeout=max(0.1, deadline - loop.time()))
                except TimeoutError:
                    break
                if msg.type != aiohttp.WSMsgType.TEXT:
                    break
                event = json.loads(msg.data)
                if event.get("method") != "Network.webSocketFrameReceived":
                    continue
                frame = event["params"]["response"]
                data = frame["payloadData"]
                if frame.get("opcode") == 2:
                    data = base64.b64decode(data).decode("utf-8", "replace")
                received += data
                if all(needle in ANSI.sub("", received) for needle in needles):
                    return ANSI.sub("", received)
            return ANSI.sub("", received)


@pytest.mark.servers
@pytest.mark.slow
def test_browser_shows_the_paste_screen(tmp_path: Path) -> None:
    """A real headless Chromium opens the served wizard and receives the paste screen."""
    chromium = shutil.which("chromium")
    assert chromium, "Debian's chromium package is required (.ci/run installs it)"
    port = free_port()
    env = {**os.environ, "HOME": str(tmp_path), "COLUMNS": "100", "LINES": "30"}
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "wizard", "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=env,
        start_new_session=True,
    )
    browser = None
    try:
        url = f"http://127.0.0.1:{port}/"

        def server_up() -> bool:
            assert server.poll() is None, server.stdout.read().decode() if server.stdout else ""
            with socket.socket() as sock:
                return sock.connect_ex(("127.0.0.1", port)) == 0

        wait_for(server_up, 20, "the wizard server")
        profile = tmp_path / "chromium"
        browser = subprocess.Popen(  # noqa: S603
            [
                chromium,
                *CHROMIUM_FLAGS,
                NO_DNS,
                "--remote-debugging-port=0",
                "--remote-debugging-address=127.0.0.1",
                f"--user-data-dir={profile}",
                "--window-size=1200,800",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
            start_new_session=True,
        )
        port_file = profile / "DevToolsActivePort"
        debug_port = int(
            wait_for(
                lambda: port_file.exists() and port_file.read_text().split("\n")[0].strip(),
                30,
                "Chromium's DevTools port",
            )
        )
        screen = asyncio.run(_page_output(debug_port, url, NEEDLES, 45))
        for needle in NEEDLES:
            assert needle in screen
    finally:
        if browser is not None:
            stop(browser)
        stop(server)
    assert server.poll() is not None
