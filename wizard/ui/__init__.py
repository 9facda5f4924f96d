"""The Textual front of the wizard: screens over :mod:`wizard.engine` and :mod:`wizard.probes`.

Nothing here decides anything: the matcher ranks, the walk moves, the runner probes, the
report renders. This package only shows them and turns keys and clicks into walk moves.

Start-up: importing Textual and drawing the first frame allocate a few hundred thousand
small, long-lived objects; the cyclic garbage collector would walk them again and again
for nothing. Until the first frame is on screen (:func:`restore_gc`, called by the app),
the collector runs rarely instead of every 700 allocations.
"""

from __future__ import annotations

import gc

_GC_THRESHOLDS = gc.get_threshold()
gc.set_threshold(max(_GC_THRESHOLDS[0], 100_000), *_GC_THRESHOLDS[1:])


def restore_gc() -> None:
    """Put the garbage collector's thresholds back (the first frame is drawn)."""
    gc.set_threshold(*_GC_THRESHOLDS)
