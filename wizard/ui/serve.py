"""Provides :func:`serve`: the same wizard in a browser, through textual-serve.

Every browser tab starts its own ``python -m wizard`` process **on this machine**, so the
probes check this machine's network and configuration, not the viewer's. The server
binds to 127.0.0.1 unless told otherwise.
"""

from __future__ import annotations

import shlex
import sys
from collections.abc import Sequence

from textual_serve.server import Server

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def app_command(wizard_args: Sequence[str] = ()) -> str:
    """The shell command each browser tab runs (this Python, ``-m wizard``, the flags)."""
    return shlex.join([sys.executable, "-m", "wizard", *wizard_args])


def serve(
    *,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    public_url: str | None = None,
    wizard_args: Sequence[str] = (),
) -> None:
    """Serve the wizard over HTTP until interrupted.

    Args:
        host: address to bind (loopback by default).
        port: TCP port (0 is not supported by textual-serve: pick a free one).
        public_url: the URL browsers use, when behind a proxy.
        wizard_args: flags passed to every tab's wizard (``--lang``, ``--tree-dir`` ...).
    """
    server = Server(
        app_command(wizard_args),
        host=host,
        port=port,
        title="registry-wizard",
        public_url=public_url,
    )
    server.serve()
