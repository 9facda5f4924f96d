"""wizard.engine and wizard.probes never import Textual or Rich (checked in a fresh process)."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEADLESS = [
    "wizard.engine.loader",
    "wizard.engine.validate",
    "wizard.engine.matcher",
    "wizard.engine.walk",
    "wizard.engine.render",
    "wizard.engine.redact",
    "wizard.engine.report",
    "wizard.engine.graph",
    "wizard.probes",
    "wizard.drive",
    "wizard.diagnose",
    "wizard.cli",
]


@pytest.mark.parametrize("module", HEADLESS)
def test_headless_modules_do_not_import_the_ui(module):
    code = (
        f"import {module}, sys; "
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')); "
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_engine_does_no_network_or_process_io():
    code = (
        "import wizard.engine.loader, wizard.engine.validate, wizard.engine.matcher, wizard.engine.walk, "
        "wizard.engine.report, sys; "
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('httpx', 'httpcore', 'ssl', 'socket', 'asyncio', 'subprocess')); "
        "print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_match_does_not_import_textual_or_httpx():
    code = (
        "import sys, runpy; sys.argv = ['registry-wizard', 'match', '--json', 'x509: certificate signed by unknown authority']; "
        "import wizard.cli; rc = wizard.cli.main(sys.argv[1:]); "
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich', 'httpx')); "
        "print('BAD:' + ','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().endswith("BAD:")
