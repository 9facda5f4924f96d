"""daemon.config, daemon.insecure, daemon.running against files under a temporary root
and a real unix-socket HTTP server playing dockerd (wizard.lab.fake_docker)."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

from wizard.engine.model import ProbeCall, frozen
from wizard.host import Host
from wizard.lab.fake_docker import FakeDocker
from wizard.probes.base import ProbeContext
from wizard.probes.daemon import go_json_error, insecure_match
from wizard.probes.runner import ProbeRunner


def _ctx(root: Path, **env: str) -> ProbeContext:
    base = {"HOME": str(root / "home"), "PATH": "/usr/bin:/bin"}
    base.setdefault("DOCKER_HOST", f"unix://{root / 'var/run/docker.sock'}")
    base.update(env)
    return ProbeContext(host=Host.from_root(root, base), timeout=2.0)


async def _run(ctx: ProbeContext, name: str, **args: str):
    return await ProbeRunner(ctx).run(ProbeCall(name, frozen(args)))


def _write(root: Path, rel: str, text: str) -> Path:
    path = root / rel.lstrip("/")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


@pytest.fixture
def root(tmp_path: Path) -> Path:
    r = tmp_path / "root"
    (r / "var/run").mkdir(parents=True)
    return r


# ------------------------------------------------------------------- JSON errors
@pytest.mark.parametrize(
    ("text", "expected", "where"),
    [
        (
            '{\n  "debug": true,\n}\n',
            "invalid character '}' looking for beginning of object key string",
            "line 3 column 1",
        ),
        (
            '{\n  "debug": true\n  "icc": false\n}\n',
            "invalid character '\"' after object key:value pair",
            "line 3 column 3",
        ),
        (
            '{"insecure-registries": ["a:5000" "b:5000"]}',
            "invalid character '\"' after array element",
            "line 1 column 35",
        ),
        (
            '{\n  // comment\n  "debug": true\n}',
            "invalid character '/' looking for beginning of object key string",
            "line 2 column 3",
        ),
        ('{"debug": true', "unexpected end of JSON input", "line 1 column 15"),
        (
            "{'debug': true}",
            "invalid character '\\'' looking for beginning of object key string",
            "line 1 column 2",
        ),
    ],
)
async def test_invalid_json_reports_dockerd_words_and_position(root, text, expected, where):
    path = _write(root, "/etc/docker/daemon.json", text)
    res = await _run(_ctx(root), "daemon.config")
    assert res.outcome == "invalid"
    assert res.facts["json_error"] == where
    assert f"unable to configure the Docker daemon with file {path}: {expected}" in res.details


def test_go_json_error_extra_data():
    with pytest.raises(json.JSONDecodeError) as info:
        json.loads('{"a": 1} x')
    assert go_json_error('{"a": 1} x', info.value) == "invalid character 'x' after top-level value"


async def test_unknown_key_is_refused_like_dockerd(root):
    _write(root, "/etc/docker/daemon.json", '{"insecure-registry": ["r:5000"]}')
    res = await _run(_ctx(root), "daemon.config")
    assert res.outcome == "invalid"
    assert "don't match any configuration option: insecure-registry" in res.summary


async def test_string_instead_of_list(root):
    _write(root, "/etc/docker/daemon.json", '{"insecure-registries": "r:5000"}')
    res = await _run(_ctx(root), "daemon.config")
    assert res.outcome == "invalid"
    assert "cannot unmarshal string" in res.summary


async def test_hosts_conflicts_with_systemd_flag(root):
    _write(root, "/etc/docker/daemon.json", '{"hosts": ["tcp://0.0.0.0:2375"]}')
    _write(
        root,
        "/lib/systemd/system/docker.service",
        "[Service]\nExecStart=/usr/bin/dockerd -H fd:// --containerd=/run/containerd/containerd.sock\n",
    )
    res = await _run(_ctx(root), "daemon.config")
    assert res.outcome == "invalid"
    assert "specified both as a flag and in the configuration file" in res.summary
    assert "-H fd://" in res.summary


async def test_dropin_without_flag_resolves_the_conflict(root):
    _write(root, "/etc/docker/daemon.json", '{"hosts": ["unix:///var/run/docker.sock"]}')
    _write(
        root,
        "/lib/systemd/system/docker.service",
        "[Service]\nExecStart=/usr/bin/dockerd -H fd://\n",
    )
    _write(
        root,
        "/etc/systemd/system/docker.service.d/override.conf",
        "[Service]\nExecStart=\nExecStart=/usr/bin/dockerd\n",
    )
    res = await _run(_ctx(root), "daemon.config")
    assert res.outcome == "ok", res.summary


async def test_missing_file(root):
    res = await _run(_ctx(root), "daemon.config")
    assert res.outcome == "missing"


async def test_rootless_daemon_reads_the_user_file(root):
    home = root / "home"
    _write(root, "/etc/docker/daemon.json", '{"debug": true,}')  # broken, but not the one in use
    (home / ".config/docker").mkdir(parents=True)
    (home / ".config/docker/daemon.json").write_text('{"insecure-registries": ["r:5000"]}')
    ctx = _ctx(root, DOCKER_HOST="unix:///run/user/1000/docker.sock")
    res = await _run(ctx, "daemon.config")
    assert res.outcome == "ok"
    assert res.facts["daemon_json"].endswith(".config/docker/daemon.json")


async def test_valid_file_without_daemon_is_ok_but_says_it_could_not_compare(root):
    _write(root, "/etc/docker/daemon.json", '{"insecure-registries": ["r.lan:5000"]}')
    res = await _run(_ctx(root), "daemon.config")
    assert res.outcome == "ok"
    assert "could not be asked" in res.summary
    assert res.facts["insecure_registries"] == "r.lan:5000"


async def test_loaded_config_matches_the_running_daemon(root, tmp_path):
    _write(
        root,
        "/etc/docker/daemon.json",
        json.dumps(
            {
                "insecure-registries": ["r.lan:5000", "10.0.0.0/8"],
                "registry-mirrors": ["https://mirror.lan"],
            }
        ),
    )
    with FakeDocker(
        tmp_path / "d.sock", insecure=["r.lan:5000", "10.0.0.0/8"], mirrors=["https://mirror.lan/"]
    ) as fake:
        res = await _run(_ctx(root, DOCKER_HOST=fake.docker_host), "daemon.config")
    assert res.outcome == "ok", res.summary
    assert "running daemon uses it" in res.summary


async def test_file_changed_after_daemon_start_is_not_loaded(root, tmp_path):
    _write(root, "/etc/docker/daemon.json", '{"insecure-registries": ["r.lan:5000"]}')
    with FakeDocker(tmp_path / "d.sock") as fake:
        res = await _run(_ctx(root, DOCKER_HOST=fake.docker_host), "daemon.config")
    assert res.outcome == "not_loaded"
    assert "r.lan:5000" in res.summary


async def test_proxy_in_file_not_in_daemon(root, tmp_path):
    _write(
        root,
        "/etc/docker/daemon.json",
        '{"proxies": {"https-proxy": "http://bob:s3cret@proxy.lan:3128"}}',
    )
    ctx = _ctx(root)
    with FakeDocker(tmp_path / "d.sock") as fake:
        ctx = _ctx(root, DOCKER_HOST=fake.docker_host)
        res = await _run(ctx, "daemon.config")
    assert res.outcome == "not_loaded"
    text = res.summary + " ".join(res.details)
    assert "proxy.lan:3128" in text and "s3cret" not in text and "bob" not in text


# ------------------------------------------------------------------- insecure
@pytest.mark.parametrize(
    ("registry", "entries", "hit"),
    [
        ("r.lan:5000", ["r.lan:5000"], "r.lan:5000"),
        ("r.lan:5000", ["r.lan"], ""),
        ("r.lan:5000", ["http://r.lan:5000/"], "http://r.lan:5000/"),
        ("10.1.2.3:5000", ["10.0.0.0/8"], "10.0.0.0/8"),
        ("10.1.2.3:5000", ["192.168.0.0/16"], ""),
        ("localhost:5000", ["127.0.0.0/8"], "127.0.0.0/8"),
        ("r.lan:5000", ["10.0.0.0/8"], ""),
    ],
)
def test_insecure_match_like_dockerd(registry, entries, hit):
    assert insecure_match(registry, entries) == hit


async def test_insecure_listed_and_loaded(root, tmp_path):
    _write(root, "/etc/docker/daemon.json", '{"insecure-registries": ["r.lan:5000"]}')
    with FakeDocker(tmp_path / "d.sock", insecure=["r.lan:5000"]) as fake:
        res = await _run(
            _ctx(root, DOCKER_HOST=fake.docker_host), "daemon.insecure", registry="r.lan:5000"
        )
    assert res.outcome == "listed"


async def test_insecure_listed_not_loaded(root, tmp_path):
    _write(root, "/etc/docker/daemon.json", '{"insecure-registries": ["r.lan:5000"]}')
    with FakeDocker(tmp_path / "d.sock") as fake:
        res = await _run(
            _ctx(root, DOCKER_HOST=fake.docker_host), "daemon.insecure", registry="r.lan:5000"
        )
    assert res.outcome == "listed_not_loaded"


async def test_insecure_not_listed_other_port_hint(root):
    _write(root, "/etc/docker/daemon.json", '{"insecure-registries": ["r.lan:443"]}')
    res = await _run(_ctx(root), "daemon.insecure", registry="r.lan:5000")
    assert res.outcome == "not_listed"
    assert "same host with another port" in res.summary


async def test_insecure_config_invalid(root):
    _write(root, "/etc/docker/daemon.json", '{"insecure-registries": ["r.lan:5000",]}')
    res = await _run(_ctx(root), "daemon.insecure", registry="r.lan:5000")
    assert res.outcome == "config_invalid"


async def test_insecure_in_file_but_no_daemon_is_unknown(root):
    _write(root, "/etc/docker/daemon.json", '{"insecure-registries": ["r.lan:5000"]}')
    res = await _run(_ctx(root), "daemon.insecure", registry="r.lan:5000")
    assert res.outcome == "unknown"
    assert "could not be asked" in res.summary


# ------------------------------------------------------------------- running
async def test_running_daemon_answers_ping(root, tmp_path):
    with FakeDocker(tmp_path / "d.sock") as fake:
        res = await _run(_ctx(root, DOCKER_HOST=fake.docker_host), "daemon.running")
    assert res.outcome == "running"


async def test_no_socket_is_not_running(root):
    res = await _run(_ctx(root), "daemon.running")
    assert res.outcome == "not_running"
    assert "no socket" in res.summary


async def test_stale_socket_file_is_not_running(root, tmp_path):
    sock_path = tmp_path / "stale.sock"
    with socket.socket(socket.AF_UNIX) as s:
        s.bind(str(sock_path))  # the file stays, nobody listens: like a crashed dockerd
    res = await _run(_ctx(root, DOCKER_HOST=f"unix://{sock_path}"), "daemon.running")
    assert res.outcome == "not_running"
    assert "cannot connect" in res.summary


async def test_tcp_docker_host_is_unknown_with_reason(root):
    res = await _run(_ctx(root, DOCKER_HOST="tcp://10.9.8.7:2375"), "daemon.running")
    assert res.outcome == "unknown"
    assert "unix socket" in res.summary


# ------------------------------------------------------------------- end to end
NOT_LOADED_PASTE = """\
I added our registry to daemon.json but it is not taking effect:
$ cat /etc/docker/daemon.json
{ "insecure-registries": ["registry.lan:5000"] }
$ docker info
 Insecure Registries:
  ::1/128
  127.0.0.0/8
 Live Restore Enabled: false
"""


def _diagnose(root: Path, docker_host: str, text: str) -> dict:
    import subprocess
    import sys

    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(root / "home"),
        "DOCKER_HOST": docker_host,
        "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
    }
    argv = [sys.executable, "-m", "wizard", "diagnose", "--format", "json", "--error", text]
    argv += ["--root", str(root), "--timeout", "3"]
    done = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_diagnose_changed_but_not_loaded_with_a_running_daemon(root, tmp_path):
    _write(root, "/etc/docker/daemon.json", '{"insecure-registries": ["registry.lan:5000"]}')
    with FakeDocker(tmp_path / "d.sock") as fake:
        doc = _diagnose(root, fake.docker_host, NOT_LOADED_PASTE)
    assert doc["diagnosis"]["category"] == "daemon.config"
    assert doc["diagnosis"]["node"] == "daemon.fix_restart"
    first = doc["path"][0]
    assert (first["node"], first["outcome"]) == ("daemon.config.not_loaded.start", "not_loaded")
    assert "registry.lan:5000" in first["summary"]


def test_diagnose_after_the_restart_finds_it_loaded(root, tmp_path):
    _write(root, "/etc/docker/daemon.json", '{"insecure-registries": ["registry.lan:5000"]}')
    with FakeDocker(tmp_path / "d.sock", insecure=["registry.lan:5000"]) as fake:
        doc = _diagnose(root, fake.docker_host, NOT_LOADED_PASTE)
    assert doc["path"][0]["outcome"] == "ok"


async def test_config_file_flag_in_the_unit_is_the_file_read(root):
    _write(root, "/etc/docker/daemon.json", '{"debug": true,}')  # not the one in use
    _write(root, "/srv/docker/daemon.json", '{"insecure-registries": ["r.lan:5000"]}')
    _write(
        root,
        "/etc/systemd/system/docker.service.d/10-config.conf",
        "[Service]\nExecStart=\nExecStart=/usr/bin/dockerd --config-file /srv/docker/daemon.json\n",
    )
    res = await _run(_ctx(root), "daemon.config")
    assert res.outcome == "ok", res.summary
    assert res.facts["daemon_json"].endswith("/srv/docker/daemon.json")


async def test_running_probe_tells_the_platform_from_the_machine(root, tmp_path):
    (root / "run/systemd/system").mkdir(parents=True)
    res = await _run(_ctx(root), "daemon.running")
    assert res.outcome == "not_running"
    assert res.facts["platform"] == "linux"
    res = await _run(_ctx(root, DOCKER_HOST="unix:///run/user/1000/docker.sock"), "daemon.running")
    assert res.facts["platform"] == "rootless"


@pytest.mark.parametrize(
    ("mirror", "words"),
    [
        ("mirror.lan:5000", 'unsupported scheme ""'),
        ("ftp://mirror.lan", 'unsupported scheme "ftp"'),
        ("https://mirror.lan/v2/", "path, query, or fragment"),
    ],
)
async def test_mirror_entries_are_checked_like_dockerd(root, mirror, words):
    _write(root, "/etc/docker/daemon.json", json.dumps({"registry-mirrors": [mirror]}))
    res = await _run(_ctx(root), "daemon.config")
    assert res.outcome == "invalid"
    assert words in res.summary


async def test_good_mirror_passes(root):
    _write(root, "/etc/docker/daemon.json", '{"registry-mirrors": ["https://mirror.lan/"]}')
    res = await _run(_ctx(root), "daemon.config")
    assert res.outcome == "ok"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ('{"debug": true,}', "syntax"),
        ('{"insecure-registry": ["r:5000"]}', "unknown_key"),
        ('{"insecure-registries": "r:5000"}', "bad_value"),
    ],
)
async def test_daemon_problem_fact_answers_the_tree(root, text, kind):
    _write(root, "/etc/docker/daemon.json", text)
    res = await _run(_ctx(root), "daemon.config")
    assert res.facts["daemon_problem"] == kind


async def test_socket_flooding_the_wizard_is_unknown_not_running(root, tmp_path):
    import asyncio

    sock_path = tmp_path / "flood.sock"

    async def flood(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n")
        try:
            for _ in range(64):
                writer.write(b"x" * 65536)
                await writer.drain()
        except (ConnectionError, OSError):
            pass
        writer.close()

    server = await asyncio.start_unix_server(flood, path=str(sock_path))
    try:
        res = await _run(_ctx(root, DOCKER_HOST=f"unix://{sock_path}"), "daemon.running")
    finally:
        server.close()
        await server.wait_closed()
    assert res.outcome == "unknown"
    assert "too large" in res.summary


async def test_current_docker_context_is_followed(root, tmp_path):
    import hashlib

    config = tmp_path / "dockercfg"
    meta = config / "contexts" / "meta" / hashlib.sha256(b"desktop-linux").hexdigest()
    meta.mkdir(parents=True)
    (config / "config.json").write_text('{"currentContext": "desktop-linux"}')
    with FakeDocker(tmp_path / "ctx.sock") as fake:
        (meta / "meta.json").write_text(
            json.dumps(
                {"Name": "desktop-linux", "Endpoints": {"docker": {"Host": fake.docker_host}}}
            )
        )
        ctx = _ctx(root, DOCKER_CONFIG=str(config))
        ctx.host.env.pop("DOCKER_HOST")
        res = await _run(ctx, "daemon.running")
    assert res.outcome == "running"
    assert "ctx.sock" in res.summary


async def test_unreadable_context_is_unknown(root, tmp_path):
    config = tmp_path / "dockercfg"
    config.mkdir()
    (config / "config.json").write_text('{"currentContext": "remote-box"}')
    ctx = _ctx(root, DOCKER_CONFIG=str(config))
    ctx.host.env.pop("DOCKER_HOST")
    res = await _run(ctx, "daemon.running")
    assert res.outcome == "unknown"
    assert "remote-box" in res.summary
