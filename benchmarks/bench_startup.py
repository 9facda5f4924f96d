"""Cold start: ``registry-wizard match`` and ``--help`` against ``python -c "import yaml, httpx"``.

Each command is a fresh process (interpreter start-up included), run round-robin with the
baseline so that machine noise hits all of them alike; the figures are medians. The tree
cache lives in a temporary ``XDG_CACHE_HOME``: it is filled by one untimed run first
(what every run after the first sees); the time of a run with an empty cache is printed
for information. Whether Textual (or httpx, rich) was imported is read from
``python -X importtime`` of the real console script.

Usage: ``python benchmarks/bench_startup.py [--quick] [--json]``
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (  # noqa: E402
    Figure,
    check,
    clean_env,
    info,
    quick,
    report,
    run_timed,
    wizard_argv,
)

ERROR = (
    'Error response from daemon: Get "https://registry.internal:5000/v2/": '
    "x509: certificate signed by unknown authority"
)
MAX_RATIO = 1.5


def _script_argv(args: list[str], *, importtime: bool = False) -> list[str]:
    """The console script run by our interpreter (so ``-X importtime`` can be added)."""
    wiz = wizard_argv()
    flags = ["-X", "importtime"] if importtime else []
    if len(wiz) == 1:
        return [sys.executable, *flags, wiz[0], *args]
    return [sys.executable, *flags, *wiz[1:], *args]


def _imported(args: list[str], env: dict[str, str]) -> set[str]:
    """Top-level packages a run of the wizard imports."""
    _t, proc = run_timed(_script_argv(args, importtime=True), env=env)
    mods = set()
    for line in proc.stderr.decode("utf-8", "replace").splitlines():
        if line.startswith("import time:") and "|" in line:
            name = line.rsplit("|", 1)[1].strip()
            mods.add(name.split(".")[0])
    return mods


def measure(repeat: int) -> list[Figure]:
    """Every cold-start figure."""
    with tempfile.TemporaryDirectory(prefix="rw-bench-") as tmp:
        env = clean_env(XDG_CACHE_HOME=str(Path(tmp) / "cache"))
        commands = {
            "baseline": [sys.executable, "-c", "import yaml, httpx"],
            "match": [*wizard_argv(), "match", ERROR],
            "help": [*wizard_argv(), "--help"],
        }
        # first run ever: empty cache (informative), then the warm-up that fills it
        empty_cache_times = []
        for i in range(3):
            cold_env = clean_env(XDG_CACHE_HOME=str(Path(tmp) / f"empty{i}"))
            t, proc = run_timed(commands["match"], env=cold_env)
            if proc.returncode != 0:
                raise SystemExit(f"match failed: {proc.stderr.decode(errors='replace')}")
            empty_cache_times.append(t)
        for argv in commands.values():
            run_timed(argv, env=env)
        times: dict[str, list[float]] = {k: [] for k in commands}
        for _ in range(repeat):
            for key, argv in commands.items():
                t, proc = run_timed(argv, env=env)
                if proc.returncode != 0:
                    raise SystemExit(f"{key} failed: {proc.stderr.decode(errors='replace')}")
                times[key].append(t)
        med = {k: statistics.median(v) for k, v in times.items()}
        heavy = ("textual", "rich", "httpx")
        figures = [
            info(
                "python -c 'import yaml, httpx' (baseline)",
                f"{med['baseline'] * 1e3:.0f} ms",
                f"median of {repeat} fresh processes",
            ),
            info("registry-wizard match (warm tree cache)", f"{med['match'] * 1e3:.0f} ms"),
            check("match / baseline", med["match"] / med["baseline"], "{:.2f}x", MAX_RATIO),
            info("registry-wizard --help", f"{med['help'] * 1e3:.0f} ms"),
            check("--help / baseline", med["help"] / med["baseline"], "{:.2f}x", MAX_RATIO),
            info(
                "match with an empty tree cache (first run)",
                f"{statistics.median(empty_cache_times) * 1e3:.0f} ms",
                "median of 3; parses every YAML file and writes the cache",
            ),
        ]
        for label, args in (("match", ["match", ERROR]), ("--help", ["--help"])):
            loaded = sorted(_imported(args, env) & set(heavy))
            figures.append(
                Figure(
                    f"{label} imports Textual/Rich/httpx",
                    ", ".join(loaded) if loaded else "none",
                    "none",
                    "pass" if not loaded else "FAIL",
                    "python -X importtime of the console script",
                )
            )
    return figures


def main() -> int:
    """Measure and print the table; non-zero when a target fails."""
    figures = measure(7 if quick() else 21)
    return report("Cold start (fresh processes, medians)", figures)


if __name__ == "__main__":
    raise SystemExit(main())
