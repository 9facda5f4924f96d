"""reference.parse: the image reference grammar as the tree branches on it."""

from __future__ import annotations

import pytest

from wizard.engine.model import ProbeCall, frozen
from wizard.probes.base import ProbeContext
from wizard.probes.runner import ProbeRunner


async def _parse(**args: str):
    return await ProbeRunner(ProbeContext(timeout=2.0)).run(
        ProbeCall("reference.parse", frozen(args))
    )


@pytest.mark.parametrize(
    ("args", "outcome", "problem"),
    [
        ({"image": "127.0.0.1:15001/test/hello:v1"}, "valid", ""),
        ({"image": "registry.example.com/team/app@sha256:" + "ab" * 32}, "valid", ""),
        ({"image": "myapp:latest"}, "docker_hub", ""),
        ({"image": "team/web"}, "docker_hub", ""),
        ({"image_ref": "127.0.0.1:15001/Test/Hello:v1"}, "uppercase", ""),
        ({"image_ref": "ghcr.io/MyOrg/app:latest"}, "uppercase", ""),
        ({"image_ref": "registry.example.com/:1.0"}, "invalid", "empty_part"),
        ({"image_ref": ":latest"}, "invalid", "empty_part"),
        ({"image_ref": "127.0.0.1:15001//hello:v1"}, "invalid", "empty_part"),
        ({"image_ref": "registry.example.com/app:"}, "invalid", "empty_part"),
        ({"image_ref": "registry.example.com/app:" + "a" * 129}, "invalid", "bad_tag"),
        ({"image_ref": "registry.example.com/app:1.2.3+build"}, "invalid", "bad_tag"),
        ({"image_ref": "127.0.0.1:15001/test/hello-:v1"}, "invalid", "other"),
        ({"image_ref": "https://registry.example.com/app:1"}, "invalid", "other"),
        ({}, "unknown", ""),
    ],
)
async def test_outcomes(args, outcome, problem):
    res = await _parse(**args)
    assert res.outcome == outcome, res.summary
    assert res.facts.get("reference_problem", "") == problem


async def test_facts_of_a_valid_reference():
    res = await _parse(image="registry.example.com:5000/team/app:1.0")
    assert dict(res.facts) == {
        "registry": "registry.example.com:5000",
        "repository": "team/app",
        "tag": "1.0",
    }


async def test_docker_hub_facts_name_the_library_path():
    res = await _parse(image="myapp:1")
    assert res.facts["repository"] == "library/myapp"
    assert "docker.io/library/myapp" in res.summary


async def test_image_wins_over_the_raw_reference():
    res = await _parse(image="r.lan:5000/app:1", image_ref="R.lan:5000/App:1")
    assert res.outcome == "valid"


async def test_bad_tag_explains_the_length():
    res = await _parse(image_ref="r.lan/app:" + "x" * 200)
    assert "200 characters" in res.summary
