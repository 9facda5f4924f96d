"""Run every benchmark and print one table; exit 1 when a target fails or was not measured.

Each ``bench_*.py`` runs in its own process (so one's imports, caches and memory do not
colour another's figures) and hands its figures back as JSON. A script that crashes is
reported as NOT MEASURED with the end of its error output.

Usage: ``python benchmarks/run.py [--quick] [NAME ...]``
(NAME: startup, matcher, tui, diagnose, questions, accuracy; default all; ``--quick`` runs
fewer repetitions for a smoke test; the figures in README come from a full run.)
``accuracy`` is ``benchmarks/accuracy.py`` (the matcher on real texts from public issue
threads), whose Markdown rows are read into the same table.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import UNMEASURED, Figure, failed, table  # noqa: E402

HERE = Path(__file__).resolve().parent
BENCHMARKS = ("startup", "matcher", "tui", "diagnose", "questions", "accuracy")


def run_accuracy() -> tuple[str, list[Figure], float]:
    """``accuracy.py``: its Markdown rows ``| figure | a/b = NN% | NN% |`` as figures."""
    title = "Matcher accuracy on real texts from public issue threads"
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, str(HERE / "accuracy.py")], capture_output=True, check=False
    )
    seconds = time.perf_counter() - started
    figures = []
    for line in proc.stdout.decode("utf-8", "replace").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 3 or cells[0] in ("figure", "") or set(cells[1]) <= set("-"):
            continue
        name, value, target = cells
        verdict = "info"
        if target.endswith("%") and value.endswith("%"):
            ok = float(value.rsplit("=", 1)[-1].strip(" %")) >= float(target.strip(" %"))
            verdict, target = ("pass" if ok else "FAIL"), f">= {target}"
        figures.append(Figure(name, value, target, verdict))
    if not figures or (proc.returncode != 0 and not failed(figures)):
        tail = proc.stderr.decode("utf-8", "replace").strip().splitlines()[-3:]
        why = f"accuracy.py exited {proc.returncode}: " + " | ".join(tail)
        figures.append(Figure("accuracy benchmark", "-", "", UNMEASURED, why))
    return title, figures, seconds


def run_one(name: str, quick: bool) -> tuple[str, list[Figure], float]:
    """Run ``bench_<name>.py``; its title, figures and wall time."""
    if name == "accuracy":
        return run_accuracy()
    argv = [sys.executable, str(HERE / f"bench_{name}.py"), "--json"]
    if quick:
        argv.append("--quick")
    started = time.perf_counter()
    proc = subprocess.run(argv, capture_output=True, check=False)
    seconds = time.perf_counter() - started
    try:
        doc = json.loads(proc.stdout.decode().strip().splitlines()[-1])
        return doc["title"], [Figure(**f) for f in doc["figures"]], seconds
    except (IndexError, ValueError, KeyError, TypeError):
        tail = proc.stderr.decode("utf-8", "replace").strip().splitlines()[-3:]
        why = f"bench_{name}.py exited {proc.returncode}: " + " | ".join(tail)
        return name, [Figure(f"{name} benchmark", "-", "", UNMEASURED, why)], seconds


def _load() -> str:
    """The 1-minute load average: other work on the machine makes every figure worse."""
    try:
        return f"{os.getloadavg()[0]:.1f}"
    except OSError:
        return "unknown"


def _commit() -> str:
    try:
        out = subprocess.run(
            ["git", "-C", str(HERE.parent), "describe", "--always", "--dirty"],
            capture_output=True,
            check=True,
        )
        return out.stdout.decode().strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def _compile_package() -> None:
    """Byte-compile the wizard first, as pip does at install (an editable install does not)."""
    import compileall

    import wizard

    compileall.compile_dir(os.path.dirname(wizard.__file__), quiet=2)


def main() -> int:
    """Run the selected benchmarks, print every table, then the verdict."""
    args = sys.argv[1:]
    quick = "--quick" in args
    names = [a for a in args if not a.startswith("-")] or list(BENCHMARKS)
    unknown = [n for n in names if n not in BENCHMARKS]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}")
        return 2
    print(
        f"registry-wizard benchmarks: commit {_commit()}, Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, {platform.machine()}{' (quick run)' if quick else ''}, "
        f"load average {_load()} at the start\n"
    )
    _compile_package()
    everything: list[Figure] = []
    for name in names:
        title, figures, seconds = run_one(name, quick)
        everything += figures
        print(table(f"== {title} ({seconds:.0f} s, load average {_load()} after)", figures))
        print(flush=True)
    bad = [f for f in everything if f.verdict in ("FAIL", UNMEASURED)]
    if bad:
        print(f"{len(bad)} target(s) not met or not measured:")
        for f in bad:
            print(f"  - {f.name}: {f.value} (target {f.target or '-'}) {f.verdict}")
    else:
        print("every target met")
    return 1 if failed(everything) else 0


if __name__ == "__main__":
    raise SystemExit(main())
