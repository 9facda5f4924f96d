"""The Chinese probe catalogue covers exactly the probes and outcomes of SPECS."""

from __future__ import annotations

import re

import pytest

from wizard.engine.probe_specs import SPECS
from wizard.engine.probe_specs_zh import DOC_ZH, OUTCOME_ZH

_CJK = re.compile(r"[\u4e00-\u9fff]")


def _is_chinese(text: str) -> bool:
    return bool(text.strip()) and _CJK.search(text) is not None


def test_doc_keys_match_specs() -> None:
    assert set(DOC_ZH) == set(SPECS)


def test_outcome_probe_keys_match_specs() -> None:
    assert set(OUTCOME_ZH) == set(SPECS)


@pytest.mark.parametrize("name", sorted(SPECS))
def test_doc_is_chinese(name: str) -> None:
    assert _is_chinese(DOC_ZH.get(name, "")), name


@pytest.mark.parametrize("name", sorted(SPECS))
def test_outcomes_match_and_are_chinese(name: str) -> None:
    spec = SPECS[name]
    zh = OUTCOME_ZH.get(name, {})
    assert set(zh) == set(spec.outcomes), name
    assert set(zh) == set(spec.outcome_docs), name
    assert "unknown" in zh, name
    for outcome, text in zh.items():
        assert _is_chinese(text), f"{name}.{outcome}"
