"""Questions a person must answer per diagnosis, across every real-server lab scenario.

Each scenario of :mod:`wizard.lab.scenarios` (the same catalogue the integration tests
and ``registry-wizard lab`` use) is set up for real, its push fails for real (skopeo),
and ``registry-wizard diagnose --format json`` gets what the client printed, with no
``--answer``. Without answers a walk stops at the first question no fact answers, so the
questions asked in one diagnosis are: 1 when it ends with ``pending_question``, else 0
(every question step in its ``path`` was answered automatically from facts). Figures: the
median (target 0), how many diagnoses needed a person, the automatic answers, and, for
information, how many scenarios got their expected category.

Usage: ``python benchmarks/bench_questions.py [--json]``
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import Figure, check, info, report, unmeasured  # noqa: E402


def run_scenario(sc, workdir: Path) -> dict:  # noqa: ANN001 - Scenario
    """Set up, push, diagnose one scenario; what the diagnosis asked."""
    from wizard.lab.scenarios import diagnose, reproduce
    from wizard.lab.servers import Lab

    with Lab(workdir) as lab:
        setup = sc.setup(lab)
        pushed = reproduce(setup)
        error = pushed.terminal
        result = diagnose(lab, setup, error)
    path = result.doc.get("path", [])
    pending = result.doc.get("pending_question")
    answered = [s for s in path if s.get("kind") == "question" and s.get("answer")]
    return {
        "name": sc.name,
        "asked": 1 if pending else 0,
        "pending": (pending or {}).get("node", ""),
        "auto": len(answered),  # no --answer was given: every answered question was automatic
        "category": result.category,
        "expected": sc.category,
        "push_failed": pushed.returncode != 0,
        "seconds": result.seconds,
    }


def measure() -> list[Figure]:
    """Every question figure."""
    try:
        from wizard.lab.scenarios import load_all
    except ImportError as exc:
        return [unmeasured("questions per diagnosis", "median 0", f"no wizard.lab: {exc}")]
    scenarios = sorted(load_all().values(), key=lambda s: (s.area, s.name))
    if not scenarios:
        return [unmeasured("questions per diagnosis", "median 0", "no scenario registered")]
    rows = []
    with tempfile.TemporaryDirectory(prefix="rw-bench-") as tmp:
        for i, sc in enumerate(scenarios):
            try:
                rows.append(run_scenario(sc, Path(tmp) / f"{i:02d}"))
            except Exception as exc:  # a scenario that cannot run is reported, not hidden
                rows.append({"name": sc.name, "error": f"{type(exc).__name__}: {exc}"})
    ran = [r for r in rows if "error" not in r]
    broken = [r for r in rows if "error" in r]
    asked = [r["asked"] for r in ran]
    figures: list[Figure] = []
    if ran:
        pending = [f"{r['name']} ({r['pending']})" for r in ran if r["asked"]]
        figures.append(
            check(
                f"questions asked per diagnosis, median over {len(ran)} scenarios",
                statistics.median(asked),
                "{:g}",
                0,
                note="no --answer given; a walk stops at the first question facts cannot answer",
            )
        )
        figures.append(
            info(
                "diagnoses that needed a person",
                f"{sum(asked)} of {len(ran)}",
                "; ".join(pending) if pending else "",
            )
        )
        figures.append(
            info(
                "questions answered automatically from facts",
                f"{sum(r['auto'] for r in ran)} (mean {statistics.mean(r['auto'] for r in ran):.1f})",
            )
        )
        wrong = [
            f"{r['name']}: {r['category']} != {r['expected']}"
            for r in ran
            if r["category"] != r["expected"]
        ]
        figures.append(
            info(
                "scenarios diagnosed with their expected category",
                f"{len(ran) - len(wrong)} of {len(ran)}",
                "; ".join(wrong),
            )
        )
        figures.append(
            info(
                "diagnose time per scenario (median)",
                f"{statistics.median(r['seconds'] for r in ran):.2f} s",
            )
        )
    if broken:
        figures.append(
            Figure(
                "scenarios that could not run",
                str(len(broken)),
                "0",
                "FAIL",
                "; ".join(f"{r['name']}: {r['error'][:200]}" for r in broken),
            )
        )
    return figures


def main() -> int:
    """Measure and print the table; non-zero when a target fails."""
    started = time.perf_counter()
    figures = measure()
    figures.append(info("benchmark wall time", f"{time.perf_counter() - started:.0f} s"))
    return report("Questions per diagnosis (real-server lab scenarios)", figures)


if __name__ == "__main__":
    raise SystemExit(main())
