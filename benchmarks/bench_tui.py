"""The TUI's first screen against a bare Textual app, in the same real terminal (tmux).

A private tmux server (its own socket, a fixed 120x40 window) runs each program in a
pane; the time is from respawning the pane with the command to the moment
``tmux capture-pane -p`` shows the program's first-screen text: the paste screen's
"Paste the error text" for ``registry-wizard``, one Static's text for
``benchmarks/bare_textual_app.py``. Runs alternate between the two; figures are medians.
The tmux server is stopped at the end (``kill-server`` on its private socket) and every
pane process it ran is checked gone.

Usage: ``python benchmarks/bench_tui.py [--quick] [--json]``
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import Figure, check, clean_env, info, quick, report, unmeasured, wizard_argv  # noqa: E402

from wizard.lab.servers import alive  # noqa: E402

MAX_RATIO = 1.3
PASTE_MARKER = "Paste the error text"
BARE_MARKER = "bare textual app ready"
READY_TIMEOUT = 20.0


class Tmux:
    """A private tmux server with one window."""

    def __init__(self, workdir: Path, env: dict[str, str]) -> None:
        self.socket = str(workdir / "tmux.sock")
        self.env = env
        self.pane_pids: set[int] = set()
        self._tmux("new-session", "-d", "-s", "bench", "-x", "120", "-y", "40", "sleep 3600")
        self._tmux("set-option", "-g", "remain-on-exit", "on")
        self.server_pid = int(self._tmux("display-message", "-p", "#{pid}").strip())

    def _tmux(self, *args: str) -> str:
        proc = subprocess.run(
            ["tmux", "-S", self.socket, *args], capture_output=True, env=self.env, check=True
        )
        return proc.stdout.decode("utf-8", "replace")

    def first_screen(self, command: str, marker: str) -> float:
        """Seconds from starting ``command`` in the pane to ``marker`` on the screen."""
        self._tmux("respawn-pane", "-k", "-t", "bench", "sleep 3600")
        self._tmux("clear-history", "-t", "bench")
        started = time.perf_counter()
        self._tmux("respawn-pane", "-k", "-t", "bench", command)
        self.pane_pids.add(int(self._tmux("display-message", "-p", "-t", "bench", "#{pane_pid}")))
        while time.perf_counter() - started < READY_TIMEOUT:
            if marker in self._tmux("capture-pane", "-p", "-t", "bench"):
                return time.perf_counter() - started
            time.sleep(0.005)
        screen = self._tmux("capture-pane", "-p", "-t", "bench")
        raise RuntimeError(f"{marker!r} did not appear in {READY_TIMEOUT:g} s:\n{screen[-800:]}")

    def stop(self) -> list[int]:
        """Stop the server; the pane PIDs still alive afterwards (should be none)."""
        try:
            self._tmux("respawn-pane", "-k", "-t", "bench", "sleep 3600")
            self._tmux("kill-server")
        except subprocess.CalledProcessError:
            pass
        deadline = time.monotonic() + 3
        left = [*self.pane_pids, self.server_pid]
        while left and time.monotonic() < deadline:
            left = [pid for pid in left if alive(pid)]
            time.sleep(0.02)
        return left


def _shell(argv: list[str]) -> str:
    import shlex

    return " ".join(shlex.quote(a) for a in argv)


def measure(repeat: int) -> list[Figure]:
    """The first-screen figures."""
    target = f"<= {MAX_RATIO:.2f}x"
    if shutil.which("tmux") is None:
        return [unmeasured("TUI first screen / bare Textual app", target, "tmux is not installed")]
    try:
        import wizard.ui.app  # noqa: F401
    except ImportError as exc:
        return [unmeasured("TUI first screen / bare Textual app", target, f"no wizard.ui: {exc}")]
    bare = Path(__file__).resolve().parent / "bare_textual_app.py"
    with tempfile.TemporaryDirectory(prefix="rw-bench-") as tmp:
        home = Path(tmp) / "home"
        home.mkdir()
        env = clean_env(
            XDG_CACHE_HOME=str(Path(tmp) / "cache"), HOME=str(home), TERM="xterm-256color"
        )
        env.pop("TMUX", None)
        subprocess.run([*wizard_argv(), "match", "x"], env=env, capture_output=True, check=False)
        tmux = Tmux(Path(tmp), env)
        commands = {
            "bare": (_shell([sys.executable, str(bare)]), BARE_MARKER),
            "wizard": (_shell(wizard_argv()), PASTE_MARKER),
        }
        times: dict[str, list[float]] = {k: [] for k in commands}
        try:
            for cmd, marker in commands.values():
                tmux.first_screen(cmd, marker)  # warm-up: bytecode and the tree cache
            for _ in range(repeat):
                for key, (cmd, marker) in commands.items():
                    times[key].append(tmux.first_screen(cmd, marker))
        finally:
            alive = tmux.stop()
    med = {k: statistics.median(v) for k, v in times.items()}
    return [
        info(
            "bare Textual app (one Static): first screen",
            f"{med['bare'] * 1e3:.0f} ms",
            f"median of {repeat}, tmux 120x40",
        ),
        info("registry-wizard: paste screen shown", f"{med['wizard'] * 1e3:.0f} ms"),
        check(
            "TUI first screen / bare Textual app", med["wizard"] / med["bare"], "{:.2f}x", MAX_RATIO
        ),
        Figure(
            "tmux and pane processes left running",
            str(len(alive)),
            "0",
            "pass" if not alive else "FAIL",
        ),
    ]


def main() -> int:
    """Measure and print the table; non-zero when a target fails."""
    return report("TUI first screen in a real terminal (tmux)", measure(5 if quick() else 31))


if __name__ == "__main__":
    raise SystemExit(main())
