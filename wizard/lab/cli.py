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
from wizard.lab.servers import Lab, LabError, alive

STATE_FILE = "lab-state.json"

WORDS_ZH = {
    "Lab": "实验",
    "What is broken": "哪里坏了",
    "Registry": "仓库",
    "This push fails (try it):": "这次推送会失败（试一试）：",
    "What to try": "可以尝试",
    "Ask the wizard (save what the push printed first: append > push-error.txt 2>&1):": (
        "让向导来诊断（先保存推送的输出：在命令末尾加上 > push-error.txt 2>&1）："
    ),
    "Press Ctrl-C, or run `registry-wizard lab stop {name}`, to stop every process.": (
        "按 Ctrl-C，或运行 `registry-wizard lab stop {name}`，即可停止所有进程。"
    ),
    "Lab {name} stopped.": "实验 {name} 已停止。",
    "stopped lab {name}": "已停止实验 {name}",
    "no lab is running": "没有正在运行的实验",
    "lab {name} is not running": "实验 {name} 没有在运行",
}
"""The lab's own words in Chinese (scenario texts come from :mod:`wizard.lab.scenarios_zh`)."""


def _w(text: str, lang: str, **values: str) -> str:
    out = WORDS_ZH.get(text, text) if lang == "zh" else text
    return out.format(**values) if values else out


def _texts(sc, lang: str) -> tuple[str, str, str]:  # noqa: ANN001 - a Scenario
    """A scenario's title, what is broken and the hint, in ``lang`` when translated."""
    if lang == "zh":
        try:
            from wizard.lab.scenarios_zh import SCENARIOS_ZH
        except ImportError:  # pragma: no cover - ships with the package
            SCENARIOS_ZH = {}
        zh = SCENARIOS_ZH.get(sc.name)
        if zh:
            return zh["title"], zh["broken"], zh["hint"]
    return sc.title, sc.broken, sc.hint


def lab_home() -> Path:
    """Where labs keep their files: ``$REGISTRY_WIZARD_LAB_DIR`` or a per-user temp dir."""
    base = os.environ.get("REGISTRY_WIZARD_LAB_DIR")
    return (
        Path(base) if base else Path(tempfile.gettempdir()) / f"registry-wizard-lab-{os.getuid()}"
    )


def cmd_list(lang: str = "en") -> int:
    """Print every lab."""
    load_all()
    width = max(len(n) for n in SCENARIOS) if SCENARIOS else 10
    for sc in sorted(SCENARIOS.values(), key=lambda s: (s.area, s.name)):
        print(f"{sc.name:<{width}}  {sc.category:<28} {_texts(sc, lang)[0]}")
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


def cmd_start(name: str, *, hold: bool = True, lang: str = "en") -> int:
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
    if state.exists() and alive(json.loads(state.read_text()).get("pid", 0)):
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

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        setup = sc.setup(lab)
        state.write_text(json.dumps({"pid": os.getpid(), "children": lab.pids, "name": name}))
        title, broken, hint = _texts(sc, lang)
        print(f"{_w('Lab', lang)} {name}: {title}")
        print(f"  {_w('What is broken', lang)}: {broken}")
        print(f"  {_w('Registry', lang)}: {setup.registry}")
        print("\n" + _w("This push fails (try it):", lang) + "\n")
        print(f"  {_shell(setup)}\n")
        print(f"{_w('What to try', lang)}: {hint}\n")
        print(
            _w(
                "Ask the wizard (save what the push printed first: append > push-error.txt 2>&1):",
                lang,
            )
            + "\n"
        )
        print(f"  {_diagnose_shell(setup)}\n")
        print(
            _w(
                "Press Ctrl-C, or run `registry-wizard lab stop {name}`, to stop every process.",
                lang,
                name=name,
            ),
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
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    print(_w("Lab {name} stopped.", lang, name=name))
    return 0


def cmd_stop(name: str | None, lang: str = "en") -> int:
    """Stop one running lab, or all of them."""
    home = lab_home()
    states = [home / name / STATE_FILE] if name else sorted(home.glob(f"*/{STATE_FILE}"))
    stopped = 0
    for state in states:
        if not state.exists():
            continue
        info = json.loads(state.read_text())
        for pid in [info.get("pid", 0), *info.get("children", [])]:
            if alive(pid):
                os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + 5
        while alive(info.get("pid", 0)) and time.monotonic() < deadline:
            time.sleep(0.05)
        state.unlink(missing_ok=True)
        stopped += 1
        print(_w("stopped lab {name}", lang, name=info.get("name", state.parent.name)))
    if not stopped:
        print(
            _w("no lab is running", lang)
            if not name
            else _w("lab {name} is not running", lang, name=name)
        )
    return 0
