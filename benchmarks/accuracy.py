"""Matcher accuracy on real error texts from public issue threads (not tree examples).

    python benchmarks/accuracy.py [--show-misses]

Each line of benchmarks/data/real_texts.jsonl is one text as a user would paste it, the
root-cause category the thread's resolution points to, and the thread. Prints top-1 and
top-3 rates (targets: 9 in 10 first, 49 in 50 in the first three).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from wizard.engine.loader import load_tree
from wizard.engine.matcher import Matcher

DATA = Path(__file__).parent / "data" / "real_texts.jsonl"


def main(argv: list[str]) -> int:
    matcher = Matcher(load_tree())
    cases = [json.loads(line) for line in DATA.read_text().splitlines() if line.strip()]
    top1 = top3 = 0
    misses = []
    for case in cases:
        suspects = list(matcher.match(case["text"]).suspects)
        if suspects[:1] == [case["category"]]:
            top1 += 1
        if case["category"] in suspects[:3]:
            top3 += 1
        else:
            misses.append((case, suspects[:3]))
        if suspects[:1] != [case["category"]] and "--show-misses" in argv:
            print(f"#{case['id']} want {case['category']}, got {suspects[:3]}  ({case['source']})")
    n = len(cases)
    print("| figure | value | target |\n|---|---|---|")
    print(f"| texts | {n} | |")
    print(f"| right cause first | {top1}/{n} = {top1 / n:.0%} | 90% |")
    print(f"| right cause in top 3 | {top3}/{n} = {top3 / n:.0%} | 98% |")
    return 0 if top1 / n >= 0.9 and top3 / n >= 0.98 else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
