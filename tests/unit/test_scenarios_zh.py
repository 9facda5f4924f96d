"""The Chinese lab texts cover exactly the registered scenarios, each fully translated."""

from __future__ import annotations

import re

import pytest

from wizard.lab.scenarios import load_all
from wizard.lab.scenarios_zh import SCENARIOS_ZH

_CJK = re.compile(r"[\u4e00-\u9fff]")
_FIELDS = ("title", "broken", "hint")


def _is_chinese(text: str) -> bool:
    return bool(text.strip()) and _CJK.search(text) is not None


def test_keys_match_registered_scenarios() -> None:
    assert set(SCENARIOS_ZH) == set(load_all())


@pytest.mark.parametrize("name", sorted(load_all()))
def test_texts_are_chinese(name: str) -> None:
    zh = SCENARIOS_ZH.get(name, {})
    assert set(zh) == set(_FIELDS), name
    for key in _FIELDS:
        assert _is_chinese(zh.get(key, "")), f"{name}.{key}"
