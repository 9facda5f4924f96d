"""No probe changes a file under --root or the user's home; write probes need consent.

Every registered probe runs against a fake machine (daemon.json, certs.d, drop-ins,
config.json with credentials, a git repo, CI files) with plausible arguments; every file
is hashed before and after, and the directory listings must be identical.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import os
from pathlib import Path

import pytest

from wizard.engine.model import ProbeCall
from wizard.engine.probe_specs import SPECS
from wizard.host import Host
from wizard.probes import PROBES, ProbeContext, ProbeRunner, load_all

ARGS = {
    "host": "127.0.0.1",
    "port": "1",
    "registry": "127.0.0.1:1",
    "repository": "lab/hello",
    "image": "127.0.0.1:1/lab/hello:v1",
    "proxy": "http://127.0.0.1:1",
    "endpoints": "127.0.0.1:1,127.0.0.1:2",
    "tag": "v1.0.0",
    "size": "1024",
}


def fake_machine(tmp: Path) -> tuple[Path, Path]:
    root, home = tmp / "root", tmp / "home"
    (root / "etc/docker/certs.d/127.0.0.1:1").mkdir(parents=True)
    (root / "etc/docker/certs.d/127.0.0.1:1/ca.crt").write_text(
        "-----BEGIN CERTIFICATE-----\nnot really\n-----END CERTIFICATE-----\n"
    )
    (root / "etc/docker/daemon.json").write_text(
        '{"insecure-registries": ["127.0.0.1:1"], "proxies": {"https-proxy": "http://u:p@127.0.0.1:1"}}'
    )
    (root / "etc/systemd/system/docker.service.d").mkdir(parents=True)
    (root / "etc/systemd/system/docker.service.d/http-proxy.conf").write_text(
        '[Service]\nEnvironment="HTTPS_PROXY=http://127.0.0.1:1"\n'
    )
    (root / "etc/resolv.conf").write_text("nameserver 127.0.0.1\n")
    (home / ".docker").mkdir(parents=True)
    auth = base64.b64encode(b"alice:s3cret").decode()
    (home / ".docker/config.json").write_text(
        json.dumps({"auths": {"127.0.0.1:1": {"auth": auth}}})
    )
    repo = home / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / ".git/config").write_text(
        '[remote "origin"]\n\turl = https://u:tok@git.example/x.git\n'
    )
    (repo / ".github/workflows").mkdir(parents=True)
    (repo / ".github/workflows/release.yml").write_text("on:\n  push:\n    tags: ['v*']\n")
    return root, home


def snapshot(*dirs: Path) -> dict[str, str]:
    out = {}
    for d in dirs:
        for dirpath, dirnames, filenames in os.walk(d):
            for name in dirnames:
                out[os.path.join(dirpath, name)] = "dir"
            for name in filenames:
                p = Path(dirpath) / name
                out[str(p)] = hashlib.sha256(p.read_bytes()).hexdigest() + f":{p.stat().st_mode:o}"
    return out


@pytest.mark.parametrize("allow_write", [False, True])
def test_no_probe_writes_to_the_machine(tmp_path, allow_write):
    load_all()
    root, home = fake_machine(tmp_path)
    env = {
        "HOME": str(home),
        "PATH": os.environ.get("PATH", ""),
        "DOCKER_HOST": f"unix://{tmp_path}/no.sock",
    }
    ctx = ProbeContext(host=Host.from_root(root, env), timeout=1.0, allow_write=allow_write)
    before = snapshot(root, home)

    async def run_all() -> None:
        runner = ProbeRunner(ctx)
        calls = []
        for name, spec in SPECS.items():
            if name not in PROBES:
                continue
            args = {a: ARGS[a] for a in (*spec.args, *spec.optional) if a in ARGS}
            if "repo_dir" in spec.optional:
                args["repo_dir"] = str(home / "repo")
            calls.append(ProbeCall(name, args))
        await asyncio.gather(*(runner.run(c) for c in calls))

    asyncio.run(run_all())
    assert snapshot(root, home) == before


def test_write_probes_do_not_run_without_consent():
    load_all()
    ctx = ProbeContext(timeout=1.0, allow_write=False)
    writes = [name for name, spec in SPECS.items() if spec.writes]
    assert writes, "the catalogue declares the write probes"

    async def run() -> list[str]:
        runner = ProbeRunner(ctx)
        outs = []
        for name in writes:
            spec = SPECS[name]
            res = await runner.run(ProbeCall(name, {a: ARGS[a] for a in spec.args}))
            outs.append(res.outcome)
        return outs

    assert set(asyncio.run(run())) <= {"not_permitted", "unknown"}
