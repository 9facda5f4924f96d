"""certs.dir with the clients' real file rules, on temporary certs.d trees."""

from __future__ import annotations

import asyncio

from tests.probes.conftest import make_ctx
from wizard.probes.certs import certs_dir, same_registry


def run(root, registry):
    return asyncio.run(certs_dir(make_ctx(root), registry))


def test_missing(root):
    res = run(root, "r.lan:5000")
    assert res.outcome == "missing"


def test_ca_present_docker(root):
    d = root / "etc/docker/certs.d/r.lan:5000"
    d.mkdir(parents=True)
    (d / "ca.crt").write_text("x")
    res = run(root, "r.lan:5000")
    assert res.outcome == "ca_present"
    assert res.facts["ca_file"] == str(d / "ca.crt")


def test_ca_present_containers(root):
    d = root / "etc/containers/certs.d/r.lan"
    d.mkdir(parents=True)
    (d / "corp.crt").write_text("x")
    assert run(root, "r.lan").outcome == "ca_present"


def test_ca_saved_as_cert(root):
    d = root / "etc/docker/certs.d/r.lan:5000"
    d.mkdir(parents=True)
    (d / "ca.cert").write_text("x")
    res = run(root, "r.lan:5000")
    assert res.outcome == "ca_misnamed"
    assert "ca.key" in res.summary


def test_client_pair_is_not_a_ca(root):
    d = root / "etc/docker/certs.d/r.lan:5000"
    d.mkdir(parents=True)
    (d / "client.cert").write_text("x")
    (d / "client.key").write_text("x")
    res = run(root, "r.lan:5000")
    assert res.outcome == "missing"
    assert "holds no *.crt" in res.summary


def test_wrong_key_other_loopback_spelling(root):
    d = root / "etc/docker/certs.d/localhost:5000"
    d.mkdir(parents=True)
    (d / "ca.crt").write_text("x")
    res = run(root, "127.0.0.1:5000")
    assert res.outcome == "wrong_key"
    assert res.facts["certs_dir"] == str(d)


def test_wrong_key_missing_port(root):
    d = root / "etc/containers/certs.d/r.lan"
    d.mkdir(parents=True)
    (d / "ca.crt").write_text("x")
    assert run(root, "r.lan:5000").outcome == "wrong_key"


def test_same_registry_rules():
    assert same_registry("127.0.0.1:5000", "localhost:5000")
    assert same_registry("r.lan:5000", "r.lan")
    assert same_registry("r.lan", "r.lan:443")
    assert not same_registry("r.lan:5000", "r.lan:5000")
    assert not same_registry("r.lan:5000", "other.lan:5000")
    assert not same_registry("127.0.0.1:5000", "localhost:5001")


def test_ca_only_in_the_other_engines_tree(root):
    d = root / "etc/containers/certs.d/r.lan:5000"
    d.mkdir(parents=True)
    (d / "ca.crt").write_text("x")
    ctx = make_ctx(root)
    res = asyncio.run(certs_dir(ctx, "r.lan:5000", "docker"))
    assert res.outcome == "other_engine"
    assert "docker does not read" in res.summary
    assert asyncio.run(certs_dir(ctx, "r.lan:5000", "skopeo")).outcome == "ca_present"
    assert asyncio.run(certs_dir(ctx, "r.lan:5000")).outcome == "ca_present"
