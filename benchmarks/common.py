"""Shared helpers of the benchmark scripts: figures, the result table, timing, commands.

Every script of ``benchmarks/`` measures some figures and hands them to :func:`report`,
which prints one table (figure, value, target, verdict) or, with ``--json``, one JSON
document that ``benchmarks/run.py`` collects. A script exits 1 when a target fails and
also when a figure could not be measured: a figure nobody measured is not a pass.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
"""The checkout the benchmarks live in."""

PASS, FAIL, INFO, UNMEASURED = "pass", "FAIL", "info", "NOT MEASURED"


@dataclass
class Figure:
    """One measured figure.

    Attributes:
        name: what was measured, in words.
        value: the figure as printed (unit included).
        target: the target as printed ("" for figures that only inform).
        verdict: ``pass``, ``FAIL``, ``info`` or ``NOT MEASURED``.
        note: how it was measured or why it could not be.
    """

    name: str
    value: str
    target: str = ""
    verdict: str = INFO
    note: str = ""


def check(
    name: str, value: float, fmt: str, limit: float, *, at_least: bool = False, note: str = ""
) -> Figure:
    """A figure with a numeric target: ``value <= limit`` (or ``>=`` with ``at_least``)."""
    ok = value >= limit if at_least else value <= limit
    sign = ">=" if at_least else "<="
    return Figure(
        name, fmt.format(value), f"{sign} {fmt.format(limit)}", PASS if ok else FAIL, note
    )


def info(name: str, value: str, note: str = "") -> Figure:
    """A figure that only informs (no target)."""
    return Figure(name, value, "", INFO, note)


def unmeasured(name: str, target: str, why: str) -> Figure:
    """A figure that could not be measured, and why; it counts as a failure."""
    return Figure(name, "-", target, UNMEASURED, why)


def failed(figures: Sequence[Figure]) -> bool:
    """Whether any target failed or any targeted figure was not measured."""
    return any(f.verdict in (FAIL, UNMEASURED) for f in figures)


def table(title: str, figures: Sequence[Figure]) -> str:
    """The figures as a fixed-width text table."""
    rows = [("figure", "value", "target", "result")] + [
        (f.name, f.value, f.target, f.verdict) for f in figures
    ]
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    lines = [title, ""]
    for i, row in enumerate(rows):
        lines.append("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
        if i == 0:
            lines.append("  ".join("-" * w for w in widths))
    notes = [f"  [{f.name}] {f.note}" for f in figures if f.note]
    if notes:
        lines += ["", "notes:", *notes]
    return "\n".join(lines)


def report(title: str, figures: Sequence[Figure], argv: Sequence[str] | None = None) -> int:
    """Print the figures (a table, or JSON with ``--json``); the exit code of the script."""
    args = sys.argv[1:] if argv is None else argv
    if "--json" in args:
        print(json.dumps({"title": title, "figures": [asdict(f) for f in figures]}))
    else:
        print(table(title, figures))
    return 1 if failed(figures) else 0


def quick() -> bool:
    """Whether ``--quick`` was given (fewer repetitions, for a smoke run)."""
    return "--quick" in sys.argv[1:] or os.environ.get("BENCH_QUICK") == "1"


# -- timing ---------------------------------------------------------------------------
def median_time(fn: Callable[[], object], repeat: int, warmup: int = 1) -> float:
    """Median wall time of ``fn()`` in seconds, after ``warmup`` untimed calls."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def run_timed(
    argv: Sequence[str],
    *,
    env: dict[str, str] | None = None,
    input: bytes | None = None,
    timeout: float = 120,
) -> tuple[float, subprocess.CompletedProcess[bytes]]:
    """Run a command to completion; its wall time in seconds and the completed process."""
    t0 = time.perf_counter()
    proc = subprocess.run(
        argv, env=env, input=input, capture_output=True, timeout=timeout, check=False
    )
    return time.perf_counter() - t0, proc


# -- the program under test -----------------------------------------------------------
def wizard_argv() -> list[str]:
    """How to start ``registry-wizard`` with the interpreter running the benchmarks."""
    script = Path(sys.executable).parent / "registry-wizard"
    if script.exists():
        return [str(script)]
    found = shutil.which("registry-wizard")
    return [found] if found else [sys.executable, "-m", "wizard"]


def clean_env(**extra: str) -> dict[str, str]:
    """The environment for a child: ours, without variables that change the wizard."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("REGISTRY_WIZARD_")}
    env.pop("PYTHONPROFILEIMPORTTIME", None)
    # measure what users run: modules compiled once (pip compiles at install), not a
    # source compile at every start because this shell forbids writing bytecode
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update(extra)
    return env
