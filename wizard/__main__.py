"""Allows `python -m wizard`."""

from __future__ import annotations

from wizard.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
