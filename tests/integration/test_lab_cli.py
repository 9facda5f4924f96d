"""`registry-wizard lab`: list, start a real broken registry, reproduce, stop, nothing left."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
import time

from wizard.lab.cli import STATE_FILE
from wizard.lab.servers import alive


def wizard(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "wizard", *args], capture_output=True, text=True, env=env, timeout=60
    )


def test_lab_list_names_every_scenario():
    from wizard.lab.scenarios import load_all

    out = wizard("lab", "list", env=dict(os.environ)).stdout
    for name in load_all():
        assert name in out


def test_unknown_lab_is_a_clear_error(tmp_path):
    proc = wizard(
        "lab", "start", "no-such-lab", env={**os.environ, "REGISTRY_WIZARD_LAB_DIR": str(tmp_path)}
    )
    assert proc.returncode == 2 and "no lab named 'no-such-lab'" in proc.stderr


def test_lab_start_reproduces_and_stop_cleans_up(tmp_path):
    env = {**os.environ, "REGISTRY_WIZARD_LAB_DIR": str(tmp_path)}
    lab = subprocess.Popen(
        [sys.executable, "-m", "wizard", "lab", "start", "tls-plain-http"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    try:
        lines = []
        for line in lab.stdout:
            lines.append(line)
            if line.startswith("Press Ctrl-C"):
                break
        text = "".join(lines)
        push_line = next(ln.strip() for ln in lines if "skopeo" in ln and "copy" in ln)
        pushed = subprocess.run(shlex.split(push_line), capture_output=True, text=True, timeout=60)
        assert pushed.returncode != 0
        assert "server gave HTTP response to HTTPS client" in pushed.stderr
        assert "registry-wizard diagnose --registry" in text
        state = json.loads((tmp_path / "tls-plain-http" / STATE_FILE).read_text())
        children = state["children"]
        assert children
        assert wizard("lab", "stop", "tls-plain-http", env=env).returncode == 0
        assert lab.wait(10) == 0
    finally:
        if lab.poll() is None:
            lab.kill()
            lab.wait()
    deadline = time.monotonic() + 5
    left = children
    while left and time.monotonic() < deadline:
        left = [p for p in children if alive(p)]
        time.sleep(0.05)
    assert left == []


def test_a_missing_server_program_says_how_to_install_it(tmp_path, monkeypatch, capsys):
    """Without docker-registry installed, `lab start` names the package and stops cleanly."""
    import shutil

    from wizard.lab import cli as lab_cli

    real_which = shutil.which
    monkeypatch.setattr(
        shutil,
        "which",
        lambda name, **kw: None if name == "docker-registry" else real_which(name, **kw),
    )
    monkeypatch.setenv("REGISTRY_WIZARD_LAB_DIR", str(tmp_path))
    assert lab_cli.cmd_start("tls-plain-http", hold=False) == 2
    err = capsys.readouterr().err
    assert "docker-registry is not installed: sudo apt-get install docker-registry" in err
    assert not (tmp_path / "tls-plain-http" / STATE_FILE).exists()
