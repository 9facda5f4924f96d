"""``registry-wizard diagnose`` against real servers on 127.0.0.1: a blackhole and healthy registries.

* blackhole (accepts TCP, never answers) with a realistic client timeout error: the whole
  run (process start included) against ``--timeout``; target at most 1.3x;
* a healthy plain-HTTP distribution registry with the same kind of error, and a healthy
  TLS registry (lab CA, not trusted here) with ``x509: certificate signed by unknown
  authority``: the full walk to a diagnosis, process start included; target under 0.5 s;
* the triage walk with only ``--registry`` (stops at a question): for information.

Servers come from :class:`wizard.lab.servers.Lab` (ports chosen by the OS, every process
stopped by PID on exit). Figures are medians of several runs.

Usage: ``python benchmarks/bench_diagnose.py [--quick] [--json]``
"""

from __future__ import annotations

import json
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
    unmeasured,
    wizard_argv,
)

MAX_TIMEOUT_RATIO = 1.3
MAX_WALK_SECONDS = 0.5


def timeout_error(hostport: str) -> str:
    """What docker prints when the registry accepts the connection and never answers."""
    return (
        f'Error response from daemon: Get "https://{hostport}/v2/": net/http: request canceled '
        "while waiting for connection (Client.Timeout exceeded while awaiting headers)"
    )


def unknown_authority_error(hostport: str) -> str:
    """What docker prints when the registry's CA is not trusted."""
    return (
        f'Error response from daemon: Get "https://{hostport}/v2/": tls: failed to verify '
        "certificate: x509: certificate signed by unknown authority"
    )


def diagnose(
    registry: str, error: str | None, timeout: float, env: dict[str, str]
) -> tuple[float, dict]:
    """One diagnose run: its wall time and its JSON document."""
    argv = [*wizard_argv(), "diagnose", "--format", "json", "--registry", registry]
    argv += ["--timeout", f"{timeout:g}"]
    if error is not None:
        argv += ["--error", error]
    seconds, proc = run_timed(argv, env=env, timeout=60 + 10 * timeout)
    if proc.returncode not in (0, 3):
        raise RuntimeError(f"diagnose exited {proc.returncode}: {proc.stderr.decode()[-500:]}")
    return seconds, json.loads(proc.stdout)


def _walk(doc: dict) -> str:
    steps = " > ".join(
        f"{s['node']}({s.get('outcome') or s.get('answer') or s['kind']})" for s in doc["path"]
    )
    end = (doc.get("diagnosis") or {}).get("category") or "question pending"
    return f"{steps} => {end}"


def measure(repeat: int, timeout: float) -> list[Figure]:
    """Every diagnose figure."""
    try:
        from wizard.lab.servers import Lab, alive
    except ImportError as exc:
        return [unmeasured("diagnose figures", "", f"wizard.lab is not available: {exc}")]
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory(prefix="rw-bench-") as tmp:
        env = clean_env(XDG_CACHE_HOME=str(Path(tmp) / "cache"), HOME=str(Path(tmp) / "home"))
        Path(env["HOME"]).mkdir()
        with Lab(Path(tmp) / "lab") as lab:
            black = f"127.0.0.1:{lab.blackhole()}"
            plain = lab.registry()
            secure = lab.registry(tls=lab.certs.good)
            diagnose(plain.hostport, None, timeout, env)  # warm the tree cache
            runs = {
                "blackhole": (black, timeout_error(black)),
                "healthy": (plain.hostport, timeout_error(plain.hostport)),
                "healthy-tls": (secure.hostport, unknown_authority_error(secure.hostport)),
                "triage": (plain.hostport, None),
            }
            times: dict[str, list[float]] = {k: [] for k in runs}
            docs: dict[str, dict] = {}
            for _ in range(repeat):
                for key, (registry, error) in runs.items():
                    seconds, docs[key] = diagnose(registry, error, timeout, env)
                    times[key].append(seconds)
            started = lab.pids
        leftover = [pid for pid in started if alive(pid)]
        med = {k: statistics.median(v) for k, v in times.items()}
        figures.append(
            check(
                f"blackhole: diagnose time / --timeout ({timeout:g} s)",
                med["blackhole"] / timeout,
                "{:.2f}x",
                MAX_TIMEOUT_RATIO,
                note=f"{med['blackhole']:.2f} s; {_walk(docs['blackhole'])}",
            )
        )
        for key, label in (
            ("healthy", "healthy registry, timeout error: full walk"),
            ("healthy-tls", "healthy TLS registry, unknown authority: full walk"),
        ):
            reached = docs[key].get("diagnosis") is not None
            figures.append(
                check(
                    label,
                    med[key],
                    "{:.2f} s",
                    MAX_WALK_SECONDS,
                    note=f"process start included; {_walk(docs[key])}"
                    + ("" if reached else " (NO diagnosis reached)"),
                )
            )
            if not reached:
                figures[-1].verdict = "FAIL"
        figures.append(
            info(
                "healthy registry, only --registry (triage walk)",
                f"{med['triage']:.2f} s",
                _walk(docs["triage"]),
            )
        )
        figures.append(
            Figure(
                "lab processes left running after the benchmark",
                str(len(leftover)),
                "0",
                "pass" if not leftover else "FAIL",
            )
        )
    return figures


def main() -> int:
    """Measure and print the table; non-zero when a target fails."""
    fast = quick()
    figures = measure(3 if fast else 5, 1.0 if fast else 2.0)
    return report("diagnose against real servers on 127.0.0.1 (medians)", figures)


if __name__ == "__main__":
    raise SystemExit(main())
