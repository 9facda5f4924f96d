"""Provides :func:`in_lanes`: work spread over a few threads, results in order.

For work that spends its time in RE2 or Hyperscan, which release the interpreter lock
while they scan (the matcher's set scans and confirmations, the prefilter's databases).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def in_lanes(items: Sequence[T], work: Callable[[T], R], *, workers: int) -> list[R]:
    """``[work(item) for item in items]`` on up to ``workers`` threads (this one included).

    Lanes take every n-th item; the results keep the items' order. The first error raised
    in any lane is raised again here, after every lane has finished.
    """
    workers = min(len(items), workers)
    if workers < 2:
        return [work(item) for item in items]
    results: list[R | None] = [None] * len(items)
    errors: list[BaseException] = []

    def lane(first: int) -> None:
        try:
            for n in range(first, len(items), workers):
                results[n] = work(items[n])
        except BaseException as exc:  # noqa: BLE001 - re-raised in the caller's thread
            errors.append(exc)

    threads = [threading.Thread(target=lane, args=(first,)) for first in range(1, workers)]
    for thread in threads:
        thread.start()
    lane(0)
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return results  # type: ignore[return-value] - every slot is filled
