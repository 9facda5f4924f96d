"""registry.upload (the write probe) against real registries and nginx on loopback."""

from __future__ import annotations

import asyncio
import base64
import json
import os

import pytest

from tests.probes.test_registry import StandIn, answer, make_ctx
from wizard.engine.model import ProbeCall
from wizard.lab.servers import Lab
from wizard.probes.runner import ProbeRunner
from wizard.probes.upload import upload

pytestmark = pytest.mark.servers

PW = "pw-Up4-unique"
HEADERS = "proxy_set_header Host $http_host; proxy_request_buffering off;"


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    with Lab(tmp_path_factory.mktemp("lab-upload")) as lab:
        yield lab


@pytest.fixture(scope="module")
def plain(lab):
    return lab.registry()


def run(ctx, registry, repo="probe/test", size=""):
    return asyncio.run(upload(ctx, registry, repo, size))


def wctx(tmp_path, env=None, **kw):
    return make_ctx(tmp_path, env, allow_write=True, **kw)


def test_accepted_with_a_chunk_and_cancelled(plain, tmp_path):
    res = run(wctx(tmp_path), plain.hostport, size="4096")
    assert res.outcome == "accepted"
    assert res.facts["body_limit"] == "at least 4096 bytes"
    log = plain.log.read_text()
    assert '"DELETE /v2/probe/test/blobs/uploads/' in log  # the upload was cancelled


def test_default_chunk_is_over_two_mebibytes(plain, tmp_path):
    res = run(wctx(tmp_path), plain.hostport)
    assert res.outcome == "accepted" and res.facts["body_limit"] == "at least 2097153 bytes"


def test_refused_without_consent(plain, tmp_path):
    runner = ProbeRunner(make_ctx(tmp_path))
    call = ProbeCall("registry.upload", {"registry": plain.hostport, "repository": "probe/x"})
    res = asyncio.run(runner.run(call))
    assert res.outcome == "not_permitted"
    assert "POST /v2/probe/x/" not in plain.log.read_text()


def test_read_only(lab, tmp_path):
    reg = lab.registry(readonly=True)
    res = run(wctx(tmp_path), reg.hostport)
    assert res.outcome == "read_only" and res.facts["status"] == "405"


@pytest.mark.skipif(os.geteuid() != 0, reason="running the registry as nobody needs root")
def test_storage_permission_denied(lab, tmp_path):
    data = lab.path("rootdata")
    data.chmod(0o755)
    for parent in [data, *data.parents]:
        parent.chmod(parent.stat().st_mode | 0o001)
    reg = lab.registry(as_user="nobody", data_dir=data)
    res = run(wctx(tmp_path), reg.hostport)
    assert res.outcome == "storage_error"
    assert res.facts["storage_error"] == "permission denied"
    assert "mkdir" in " ".join(res.details)


def test_storage_errno_28_from_json_detail(tmp_path):
    body = json.dumps(
        {
            "errors": [
                {
                    "code": "UNKNOWN",
                    "message": "unknown error",
                    "detail": {
                        "DriverName": "filesystem",
                        "Enclosed": {"Op": "write", "Path": "/var/lib/registry/x", "Err": 28},
                    },
                }
            ]
        }
    ).encode()

    def handle(req):
        if req.command == "GET":
            answer(req, 200, b"{}", Docker_Distribution_Api_Version="registry/2.0")
        else:
            answer(req, 500, body, Content_Type="application/json")

    with StandIn(handle) as s:
        res = run(wctx(tmp_path), s.hostport)
    assert (
        res.outcome == "storage_error" and res.facts["storage_error"] == "no space left on device"
    )
    assert res.facts["method"] == "POST"


def test_s3_access_denied_detail(tmp_path):
    body = b'{"errors":[{"code":"UNKNOWN","message":"unknown error","detail":"s3aws: AccessDenied: Access Denied"}]}'

    def handle(req):
        if req.command == "GET":
            answer(req, 200, b"{}", Docker_Distribution_Api_Version="registry/2.0")
        else:
            answer(req, 500, body)

    with StandIn(handle) as s:
        res = run(wctx(tmp_path), s.hostport)
    assert res.outcome == "storage_error"
    assert res.facts["storage_error"] == "object store: access denied"


def test_nginx_body_limit_and_write_ban(lab, plain, tmp_path):
    ng = lab.nginx(
        [
            f"server {{ listen {{listen}}; client_max_body_size 1m; location /v2/ {{ {HEADERS} proxy_pass {plain.url}; }} }}",
            "server { listen {listen}; location /v2/ { if ($request_method !~ ^(GET|HEAD)$) { return 403; } "
            f"{HEADERS} proxy_pass {plain.url}; }} }}",
        ]
    )
    res = run(wctx(tmp_path), f"127.0.0.1:{ng.ports[0]}")
    assert res.outcome == "body_too_large"
    assert res.facts["body_limit"] == "less than 2097153 bytes"
    small = run(wctx(tmp_path), f"127.0.0.1:{ng.ports[0]}", size="1000")
    assert small.outcome == "accepted"
    res = run(wctx(tmp_path), f"127.0.0.1:{ng.ports[1]}")
    assert res.outcome == "denied" and res.facts["status"] == "403"


def test_credentials_needed(lab, tmp_path):
    reg = lab.registry(htpasswd=lab.htpasswd({"alice": PW}))
    assert run(wctx(tmp_path), reg.hostport).outcome == "unauthorized"
    cfg = tmp_path / "cfg"
    cfg.mkdir()
    auth = base64.b64encode(f"alice:{PW}".encode()).decode()
    (cfg / "config.json").write_text(json.dumps({"auths": {reg.hostport: {"auth": auth}}}))
    ctx = wctx(tmp_path, {"DOCKER_CONFIG": str(cfg)})
    res = run(ctx, reg.hostport, size="10")
    assert res.outcome == "accepted"
    assert PW not in " ".join([res.summary, *res.details])


def test_pull_only_token_is_denied(lab, tmp_path):
    tokens = lab.token_server({"dave": {"password": PW, "actions": ["pull"]}})
    reg = lab.registry(token=tokens)
    cfg = tmp_path / "cfg"
    cfg.mkdir()
    auth = base64.b64encode(f"dave:{PW}".encode()).decode()
    (cfg / "config.json").write_text(json.dumps({"auths": {reg.hostport: {"auth": auth}}}))
    res = run(wctx(tmp_path, {"DOCKER_CONFIG": str(cfg)}), reg.hostport)
    assert res.outcome == "denied" and "insufficient_scope" in res.summary


def _walk(error, registry, tmp_path, allow_write):
    from wizard.diagnose import diagnose
    from wizard.engine.loader import load_tree

    out = asyncio.run(
        diagnose(
            load_tree(),
            error=error,
            facts={"registry": registry, "image": f"{registry}/probe/walk:1"},
            allow_write=allow_write,
            fmt="json",
            env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path / "home")},
            probe_timeout=3.0,
        )
    )
    return json.loads(out.output)


@pytest.mark.skipif(os.geteuid() != 0, reason="running the registry as nobody needs root")
def test_text_alone_reaches_storage_and_the_write_probe_refines_it(lab, tmp_path):
    data = lab.path("rootdata-walk")
    data.chmod(0o755)
    for parent in [data, *data.parents]:
        parent.chmod(parent.stat().st_mode | 0o001)
    reg = lab.registry(as_user="nobody", data_dir=data)
    error = (
        'time="2026-12-04T20:20:49Z" level=fatal msg="writing blob: initiating layer upload to '
        f"/v2/probe/walk/blobs/uploads/ in {reg.hostport}: received unexpected HTTP status: "
        '500 Internal Server Error"'
    )
    plain_walk = _walk(error, reg.hostport, tmp_path, allow_write=False)
    assert plain_walk["diagnosis"]["category"] == "server.storage"
    assert plain_walk["diagnosis"]["node"] == "server.storage.generic"
    refined = _walk(error, reg.hostport, tmp_path, allow_write=True)
    assert refined["diagnosis"]["node"] == "server.storage.fs_permission"
    assert refined["facts"]["storage_error"] == "permission denied"
