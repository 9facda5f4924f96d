"""registry-wizard: find out why a container image push fails, and how to fix it."""

from __future__ import annotations

__version__ = "0.1.0"
