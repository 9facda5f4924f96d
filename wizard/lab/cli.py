"""``registry-wizard lab list | start NAME | stop [NAME]``: break a registry, then fix it.

``start`` runs the scenario's real servers on loopback, prints the push that fails, what
is broken and what to try, and stays in the foreground: Ctrl-C (or ``lab stop`` from
another terminal) stops every process it started. A state file under the lab directory
records the PIDs, so ``stop`` works by PID too.
"""

from __future__ import annotations

import json
import os
import shlex
import signal
import sys
import tempfile
import time
from pathlib import Path

from wizard.lab.client import hermetic_argv
from wizard.lab.scenarios import SCENARIOS, Setup, load_all
from wizard.lab.servers import Lab, LabError

STATE_FILE = "lab-state.json"


def lab_home() -> Path:
    """Where labs keep their files: ``$REGISTRY_WIZARD_LAB_DIR`` or a per-user temp dir."""
    base = os.environ.get("REGISTRY_WIZARD_LAB_DIR")
    return (
        Path(base) if base else Path(tempfile.gettempdir()) / f"registry-wizard-lab-{os.getuid()}"
    )


def cmd_list() -> int:
    """Print every lab."""
    load_all()
    width = max(len(n) for n in SCENARIOS) if SCENARIOS else 10
    for sc in sorted(SCENARIOS.values(), key=lambda s: (s.area, s.name)):
        print(f"{sc.name:<{width}}  {sc.category:<28} {sc.title}")
    return 0


def _shell(setup: Setup) -> str:
    env = " ".join(f"{k}={shlex.quote(v)}" for k, v in setup.env.items())
    argv = hermetic_argv(setup.push, hosts=setup.hosts, resolv_conf=setup.resolv_conf)
    return (env + " " if env else "") + shlex.join(argv)


def _diagnose_shell(setup: Setup) -> str:
    argv = ["registry-wizard", "diagnose", "--registry", setup.registry]
    if setup.image:
        argv += ["--image", setup.image]
    if setup.root:
        argv += ["--root", str(setup.root)]
    argv += setup.diagnose_args + ["--error-file", "push-error.txt"]
    env = " ".join(f"{k}={shlex.quote(v)}" for k, v in setup.env.items())
    line = shlex.join(hermetic_argv(argv, hosts=setup.hosts, resolv_conf=setup.resolv_conf))
    return (env + " " if env else "") + line


def cmd_start(name: str, *, hold: bool = True) -> int:
    """Start a lab and hold it until interrupted."""
    load_all()
    sc = SCENARIOS.get(name)
    if sc is None:
        print(
            f"registry-wizard: error: no lab named {name!r} (see `registry-wizard lab list`)",
            file=sys.stderr,
        )
        return 2
    workdir = lab_home() / name
    state = workdir / STATE_FILE
    if state.exists() and _alive(json.loads(state.read_text()).get("pid", 0)):
        print(
            f"registry-wizard: error: lab {name} is already running (registry-wizard lab stop {name})",
            file=sys.stderr,
        )
        return 2
    workdir.mkdir(parents=True, exist_ok=True)
    lab = Lab(workdir / f"run-{int(time.time())}")
    stop = {"now": False}

    def on_signal(signum: int, _frame: object) -> None:
        stop["now"] = True

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    try:
        setup = sc.setup(lab)
        state.write_text(json.dumps({"pid": os.getpid(), "children": lab.pids, "name": name}))
        print(f"Lab {name}: {sc.title}")
        print(f"  What is broken: {sc.broken}")
        print(f"  Registry: {setup.registry}")
        print("\nThis push fails (try it):\n")
        print(f"  {_shell(setup)}\n")
        print(f"What to try: {sc.hint}\n")
        print("Ask the wizard (save what the push printed first: append > push-error.txt 2>&1):\n")
        print(f"  {_diagnose_shell(setup)}\n")
        print(
            "Press Ctrl-C, or run `registry-wizard lab stop " + name + "`, to stop every process.",
            flush=True,
        )
        while hold and not stop["now"]:
            time.sleep(0.2)
    except LabError as exc:
        print(f"registry-wizard: error: {exc}", file=sys.stderr)
        return 2
    finally:
        lab.stop()
        state.unlink(missing_ok=True)
    print(f"Lab {name} stopped.")
    return 0


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def cmd_stop(name: str | None) -> int:
    """Stop one running lab, or all of them."""
    home = lab_home()
    states = [home / name / STATE_FILE] if name else sorted(home.glob(f"*/{STATE_FILE}"))
    stopped = 0
    for state in states:
        if not state.exists():
            continue
        info = json.loads(state.read_text())
        for pid in [info.get("pid", 0), *info.get("children", [])]:
            if _alive(pid):
                os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + 5
        while _alive(info.get("pid", 0)) and time.monotonic() < deadline:
            time.sleep(0.05)
        state.unlink(missing_ok=True)
        stopped += 1
        print(f"stopped lab {info.get('name', state.parent.name)}")
    if not stopped:
        print("no lab is running" if not name else f"lab {name} is not running")
    return 0
