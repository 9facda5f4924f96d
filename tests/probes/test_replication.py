"""replication.compare against two real distribution registries on loopback."""

from __future__ import annotations

import base64
import json
import subprocess
from pathlib import Path

import pytest

from wizard.engine.model import ProbeCall, frozen
from wizard.host import Host
from wizard.lab.client import make_image, push_argv
from wizard.lab.servers import Lab, free_port
from wizard.probes.base import ProbeContext
from wizard.probes.replication import parse_endpoints
from wizard.probes.runner import ProbeRunner

PASSWORD = "Repl1cation-S3cret"


def _push(image_dir: Path, ref: str, authfile: Path | None = None) -> None:
    argv = push_argv(image_dir, ref, tls_verify=False, authfile=authfile)
    done = subprocess.run(argv, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr


@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    """Registries A and B ('same' on both, 'only-a' on A, 'split' differs) and a Basic-auth one."""
    work = tmp_path_factory.mktemp("replication")
    with Lab(work / "lab") as lab:
        a, b = lab.registry(), lab.registry()
        locked = lab.registry(htpasswd=lab.htpasswd({"rep": PASSWORD}))
        config_dir = work / "docker-config"
        config_dir.mkdir()
        auth = base64.b64encode(f"rep:{PASSWORD}".encode()).decode()
        authfile = config_dir / "config.json"
        authfile.write_text(json.dumps({"auths": {locked.hostport: {"auth": auth}}}))
        img1 = make_image(work / "img1")
        img2 = make_image(work / "img2")
        for reg in (a, b):
            _push(img1, f"{reg.hostport}/team/app:same")
        _push(img1, f"{a.hostport}/team/app:only-a")
        _push(img1, f"{a.hostport}/team/app:split")
        _push(img2, f"{b.hostport}/team/app:split")
        _push(img1, f"{locked.hostport}/team/app:same", authfile=authfile)
        yield a, b, locked, config_dir
    assert lab.pids == []


async def _compare(image: str, endpoints: str, **env: str):
    ctx = ProbeContext(host=Host.from_root(None, {"PATH": "/usr/bin:/bin", **env}), timeout=3.0)
    call = ProbeCall("replication.compare", frozen({"image": image, "endpoints": endpoints}))
    return await ProbeRunner(ctx).run(call)


async def test_consistent(pair):
    a, b, *_ = pair
    res = await _compare(f"{a.hostport}/team/app:same", f"{a.hostport},{b.hostport}")
    assert res.outcome == "consistent", res.details
    assert res.facts["digest"].startswith("sha256:")


async def test_missing_on_some(pair):
    a, b, *_ = pair
    res = await _compare(f"{a.hostport}/team/app:only-a", f"{a.hostport},{b.hostport}")
    assert res.outcome == "missing_on_some", res.details
    assert b.hostport in res.summary.split("not on")[1]


async def test_diverged(pair):
    a, b, *_ = pair
    res = await _compare(f"{a.hostport}/team/app:split", f"{a.hostport}, {b.hostport}")
    assert res.outcome == "diverged", res.details
    assert len({line.split(": ", 1)[1] for line in res.details}) == 2


async def test_missing_everywhere_is_unknown(pair):
    a, b, *_ = pair
    res = await _compare(f"{a.hostport}/team/app:nope", f"{a.hostport},{b.hostport}")
    assert res.outcome == "unknown"
    assert "no endpoint has" in res.summary


async def test_unreachable_endpoint_is_unknown(pair):
    a, _b, locked, config_dir = pair
    dead = f"127.0.0.1:{free_port()}"
    res = await _compare(f"{a.hostport}/team/app:same", f"{a.hostport},{dead}")
    assert res.outcome == "unknown"
    assert any(dead in d and "error" in d for d in res.details)


async def test_needs_two_endpoints():
    res = await _compare("127.0.0.1:5000/team/app:1", "127.0.0.1:5000")
    assert res.outcome == "unknown"
    assert "at least two" in res.summary


def test_parse_endpoints_drops_junk_and_duplicates():
    got = parse_endpoints("a.lan:5000, https://b.lan:5000/ ,a.lan:5000,;rm -rf /,,c.lan")
    assert got == ["a.lan:5000", "b.lan:5000", "c.lan"]


async def test_basic_auth_endpoint_with_stored_credentials(pair, tmp_path):
    a, _b, locked, config_dir = pair
    res = await _compare(
        f"{a.hostport}/team/app:same",
        f"{a.hostport},{locked.hostport}",
        DOCKER_CONFIG=str(config_dir),
        HOME=str(tmp_path),
    )
    assert res.outcome == "consistent", res.details
    assert PASSWORD not in " ".join([res.summary, *res.details])


async def test_basic_auth_endpoint_without_credentials_is_unknown(pair, tmp_path):
    a, _b, locked, config_dir = pair
    res = await _compare(
        f"{a.hostport}/team/app:same",
        f"{a.hostport},{locked.hostport}",
        DOCKER_CONFIG=str(tmp_path / "empty"),
        HOME=str(tmp_path),
    )
    assert res.outcome == "unknown"
    assert any("no stored credentials" in d for d in res.details)
