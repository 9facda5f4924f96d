"""clock.skew: the registry's Date header against this machine's clock."""

from __future__ import annotations

import asyncio
import time
from email.utils import formatdate

import pytest

from tests.probes.test_registry import StandIn, answer, make_ctx
from wizard.lab.servers import Lab, free_port
from wizard.probes.clock import skew

pytestmark = pytest.mark.servers


def test_real_registry_agrees(tmp_path):
    with Lab(tmp_path / "lab") as lab:
        reg = lab.registry()
        res = asyncio.run(skew(make_ctx(tmp_path), reg.hostport))
    assert res.outcome == "ok"
    assert abs(float(res.facts["clock_skew"])) <= 2


@pytest.mark.parametrize(("offset", "word"), [(-7200, "behind"), (600, "ahead of")])
def test_skewed_server(tmp_path, offset, word):
    date = formatdate(timeval=time.time() + offset, usegmt=True)
    with StandIn(lambda r: answer(r, 401, b"{}", Date=date)) as s:
        res = asyncio.run(skew(make_ctx(tmp_path), s.hostport))
    assert res.outcome == "skewed"
    assert word in res.summary
    assert abs(float(res.facts["clock_skew"]) - offset) < 5


def test_garbage_date_is_unknown(tmp_path):
    with StandIn(lambda r: answer(r, 200, b"{}", Date="yesterday-ish")) as s:
        res = asyncio.run(skew(make_ctx(tmp_path), s.hostport))
    assert res.outcome == "unknown"


def test_nothing_listening_is_unknown(tmp_path):
    res = asyncio.run(skew(make_ctx(tmp_path), f"127.0.0.1:{free_port()}"))
    assert res.outcome == "unknown"
