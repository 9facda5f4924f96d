"""Live checks of the machine and the registry, one module per subject.

Each probe is an ``async`` function registered with :func:`probe` under a name from
:mod:`wizard.engine.probe_specs`; it takes a :class:`~wizard.probes.base.ProbeContext`
and string arguments and returns a :class:`~wizard.engine.model.ProbeResult`. No Textual.
"""

from __future__ import annotations

from wizard.probes.base import PROBES, ProbeContext, probe
from wizard.probes.runner import ProbeRunner

__all__ = ["PROBES", "ProbeContext", "ProbeRunner", "probe", "load_all"]


def load_all() -> None:
    """Import every probe module so each registers itself."""
    import importlib
    import pkgutil

    import wizard.probes as package

    for info in pkgutil.iter_modules(package.__path__):
        if info.name not in {"base", "runner"} and not info.name.startswith("_"):
            importlib.import_module(f"wizard.probes.{info.name}")
