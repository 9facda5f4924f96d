"""The wheel carries the tree: install it in a fresh venv and run from elsewhere."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    [whl] = out.glob("registry_wizard-*.whl")
    return whl


def test_wheel_contains_the_tree(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert "wizard/decision_tree/tls.yaml" in names
    assert "wizard/decision_tree/schema.json" in names
    assert not any(n.startswith("tests/") for n in names)


@pytest.mark.slow
def test_installed_wheel_runs_from_another_directory(wheel, tmp_path):
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    py = env_dir / "bin" / "python"
    site = Path(
        subprocess.check_output(
            [str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], text=True
        ).strip()
    )
    # the dependencies come from the test environment (a plain path entry: its .pth files,
    # such as an editable install of this repository, are not processed)
    deps = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (site / "_deps.pth").write_text("\n".join(sorted(deps)) + "\n")
    subprocess.run(
        [str(py), "-m", "pip", "install", "--no-deps", "--no-index", "-q", str(wheel)],
        check=True,
        capture_output=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    for cmd in (
        [str(env_dir / "bin" / "registry-wizard"), "--help"],
        [str(py), "-m", "wizard", "--help"],
        [str(env_dir / "bin" / "registry-wizard"), "tree", "validate"],
    ):
        proc = subprocess.run(cmd, cwd=elsewhere, capture_output=True, env=env, timeout=60)
        assert proc.returncode == 0, (cmd, proc.stderr)
    proc = subprocess.run(
        [str(py), "-c", "import wizard, sys; print(wizard.__file__)"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        env=env,
    )
    assert str(env_dir) in proc.stdout
