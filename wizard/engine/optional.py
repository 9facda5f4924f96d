"""Optional accelerators: the matcher works without them, only slower on some pastes."""

from __future__ import annotations

import functools
import importlib


@functools.cache
def importable(module: str) -> bool:
    """Whether ``module`` imports (a missing wheel, or one broken for this platform: no)."""
    try:
        importlib.import_module(module)
    except ImportError:
        return False
    return True
