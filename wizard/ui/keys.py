"""Provides :func:`localize_bindings`: key descriptions in the interface language.

``BINDINGS`` are class attributes, built once in English (``_("key.…")``). When the
wizard speaks another language, each screen swaps its own copy of the bindings for
translated ones as it mounts, so the footer and the help list speak that language too.
"""

from __future__ import annotations

from dataclasses import replace

from textual.dom import DOMNode

from wizard.ui.strings import EN, _

_KEY_OF_TEXT = {text: key for key, text in EN.items() if key.startswith("key.")}


def localize_bindings(node: DOMNode, lang: str) -> None:
    """Translate the descriptions of ``node``'s bindings (its own copy) into ``lang``."""
    if lang == "en":
        return
    # Textual keeps a per-instance copy of the class bindings in ``_bindings``.
    table = node._bindings.key_to_bindings
    for key, bindings in table.items():
        table[key] = [
            replace(b, description=_(_KEY_OF_TEXT[b.description], lang))
            if b.description in _KEY_OF_TEXT
            else b
            for b in bindings
        ]
