"""The Chinese interface catalogue covers every English key with the same placeholders."""

from __future__ import annotations

import string

import pytest

from wizard.ui import strings
from wizard.ui.strings_zh import ZH


def _fields(text: str) -> set[str]:
    """The ``{placeholder}`` names a format string uses."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


@pytest.mark.parametrize("key", sorted(strings.EN))
def test_every_english_key_has_chinese_with_same_placeholders(key: str) -> None:
    zh = ZH.get(key, "")
    assert zh.strip(), f"no Chinese text for {key!r}"
    assert _fields(zh) == _fields(strings.EN[key]), key


def test_no_chinese_key_without_english() -> None:
    assert set(ZH) <= set(strings.EN)


def test_catalogue_is_wired_and_used() -> None:
    assert strings.CATALOGUES["zh"] is ZH
    assert strings._("sol.verify_bad", "zh", n=2) == ZH["sol.verify_bad"].format(n=2)
    assert strings._("sol.verify_bad", "zh", n=2) != strings._("sol.verify_bad", "en", n=2)
