"""Every lab scenario, for real: start the broken setup, push with skopeo, diagnose what
skopeo printed, and check the category, with no --answer. Then no process is left.

The scenarios live in wizard/lab/scenarios/ (one module per area); labs reuse them.
"""

from __future__ import annotations

import os

import pytest

from wizard.lab.scenarios import diagnose, load_all, reproduce
from wizard.lab.servers import Lab

SCENARIOS = sorted(load_all().values(), key=lambda s: (s.area, s.name))


def test_there_are_scenarios():
    assert len(SCENARIOS) >= 1


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.name for s in SCENARIOS])
def test_scenario_is_reproduced_and_diagnosed(scenario, tmp_path):
    with Lab(tmp_path) as lab:
        setup = scenario.setup(lab)
        pushed = reproduce(setup)
        assert pushed.returncode != 0, f"the push should fail: {pushed.stdout[-300:]}"
        error = pushed.terminal
        result = diagnose(lab, setup, error)
        pids = lab.pids
    assert result.returncode in (0, 3), result.stderr
    assert result.category == scenario.category, (
        f"{scenario.name}: got {result.category}; path: "
        + " > ".join(
            f"{s['node']}[{s['outcome'] or s['answer']}]" for s in result.doc.get("path", [])
        )
        + f"\nerror: {error[-400:]}"
    )
    assert result.doc.get("pending_question") is None
    assert result.seconds < 2 * setup.timeout + 8
    for pid in pids:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
