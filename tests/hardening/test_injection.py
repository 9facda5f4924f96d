"""Terminal, markup and shell injection through pastes, flags and server strings."""

from __future__ import annotations

import asyncio
import json
import shlex

import pytest

from wizard.diagnose import diagnose
from wizard.engine.inert import inert
from wizard.engine.model import ProbeResult
from wizard.probes.base import result

HOSTILE = "\x1b]0;pwned\x07\x1b[2J\x1b]52;c;ZWNobyBoaQ==\x07[bold red]x[/]\x9b31m\r\x00end"


def test_inert_removes_every_escape_and_control():
    out = inert(HOSTILE)
    assert "\x1b" not in out and "\x07" not in out and "\x9b" not in out and "\x00" not in out
    assert "[bold red]x[/]" in out and out.endswith("end")


async def _hostile_probe(ctx, **args) -> ProbeResult:
    return result(
        "plain_http", f"server said {HOSTILE}", f"detail {HOSTILE}", facts={"server": HOSTILE}
    )


@pytest.mark.parametrize("fmt", ["text", "json", "markdown"])
def test_server_strings_reach_no_output_as_escapes(tree, fmt):
    text = 'Get "https://10.1.2.3:5000/v2/": http: server gave HTTP response to HTTPS client'
    probes = {name: _hostile_probe for name in ("tls.inspect", "daemon.insecure", "registry.ping")}
    outcome = asyncio.run(
        diagnose(
            tree,
            error=text + HOSTILE,
            facts={"client": "docker"},
            fmt=fmt,
            probes=probes,
            probe_timeout=1,
        )
    )
    assert (
        "\x1b" not in outcome.output
        and "\x07" not in outcome.output
        and "\x00" not in outcome.output
    )
    if fmt == "json":
        json.loads(outcome.output)


def test_hostile_registry_flag_never_reaches_a_command(tree):
    from wizard.cli import main

    for value in [
        "r;reboot",
        "$(reboot):5000",
        "-oProxyCommand=x",
        "r\nreboot",
        "reg\u0430stry:5000",
    ]:
        assert (
            main(["diagnose", "--registry", value, "--start", "tls.http_registry.fix_dockerd"]) == 2
        )


def test_commands_from_paste_facts_parse_to_intended_words(tree, matcher):
    """A registry smuggled in a paste is dropped, not quoted into a command."""
    text = (
        "pinging container registry `reboot`:5000: http: server gave HTTP response to HTTPS client"
    )
    facts = matcher.match(text).facts
    outcome = asyncio.run(
        diagnose(
            tree,
            error=text,
            fmt="json",
            probes={},
            probe_timeout=1,
            answers={"tls.http_registry.client": "docker"},
        )
    )
    doc = json.loads(outcome.output)
    assert "registry" not in facts
    for cmd in doc["commands"]:
        assert "reboot" not in cmd["text"]
        for line in cmd["text"].splitlines():
            if line.strip() and not line.lstrip().startswith("#") and "<<" not in line:
                shlex.split(line, comments=True)
