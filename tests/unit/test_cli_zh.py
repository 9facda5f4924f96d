"""Every help text of the command line has a Chinese version."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

from wizard.cli import build_parser
from wizard.cli_zh import HELP_ZH


def _texts(parser: argparse.ArgumentParser):
    for attr in ("description", "epilog"):
        value = getattr(parser, attr)
        if value:
            yield " ".join(value.split())
    for action in parser._actions:
        if action.help and action.help is not argparse.SUPPRESS:
            yield action.help
        if isinstance(action, argparse._SubParsersAction):
            for choice in action._choices_actions:
                if choice.help:
                    yield choice.help
            for sub in set(action.choices.values()):
                yield from _texts(sub)


def test_every_help_text_is_translated():
    missing = sorted({t for t in _texts(build_parser()) if t not in HELP_ZH})
    assert missing == []


def test_help_in_chinese_from_the_locale():
    env = {**os.environ, "LANG": "zh_CN.UTF-8"}
    env.pop("LC_ALL", None)
    out = subprocess.run(
        [sys.executable, "-m", "wizard", "--help"], capture_output=True, text=True, env=env
    ).stdout
    assert out.startswith("用法：") and "显示本帮助并退出" in out


def test_lang_flag_beats_the_locale():
    env = {**os.environ, "LANG": "zh_CN.UTF-8"}
    out = subprocess.run(
        [sys.executable, "-m", "wizard", "--lang", "en", "--help"],
        capture_output=True,
        text=True,
        env=env,
    ).stdout
    assert out.startswith("usage: ")


def test_lang_before_the_subcommand_is_kept():
    """Regression: `registry-wizard --lang zh lab list` printed English (the subcommand's
    default overwrote the top-level value)."""
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "wizard",
            "--lang",
            "zh",
            "diagnose",
            "--start",
            "triage.area",
            "--registry",
            "r:1",
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "LANG": "C"},
    ).stdout
    assert out.startswith("路径")
