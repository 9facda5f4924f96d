"""Go's NO_PROXY rules, proxy.settings from every source, proxy.reachable with a real CONNECT."""

from __future__ import annotations

import asyncio
import json

import hypothesis
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.probes.conftest import blackhole_server, connect_proxy, free_port, make_ctx
from wizard.engine.noproxy import NoProxy, ProxyConfig
from wizard.probes.proxy import parse_environment_lines, reachable, settings


# ---------------------------------------------------------------- pure NO_PROXY rules
@pytest.mark.parametrize(
    ("no_proxy", "host", "port", "covered"),
    [
        ("vm", "vm", "15032", True),
        ("vm:15032", "vm", "15032", True),
        ("vm:15032", "vm", "443", False),
        ("127.0.0.1", "vm", "443", False),  # an IP entry never covers a name
        (".test", "registry.test", "443", True),
        ("*.test", "registry.test", "443", True),
        ("*.test", "test", "443", False),
        (".test", "test", "443", False),
        ("test", "test", "443", True),
        ("test", "registry.test", "443", True),  # a bare domain covers sub-domains
        ("test", "mytest", "443", False),
        ("10.0.0.0/8", "10.1.2.3", "5000", True),
        ("10.0.0.0/8", "registry.lan", "5000", False),
        ("10.1.2.3", "10.1.2.3", "5000", True),
        ("10.1.2.3:5000", "10.1.2.3", "5001", False),
        ("[::1]:5000", "::1", "5000", True),
        (" Registry.LAN , other", "registry.lan", "443", True),
        ("*", "anything.example", "1", True),
        ("", "registry.lan", "443", False),
    ],
)
def test_no_proxy_matches_like_go(no_proxy, host, port, covered):
    assert NoProxy.parse(no_proxy).covers(host, port) is covered


def test_loopback_and_localhost_are_never_proxied():
    cfg = ProxyConfig(https_proxy="http://p:3128")
    assert cfg.proxy_for("localhost", "5000") == ""
    assert cfg.proxy_for("127.0.0.5", "5000") == ""
    assert cfg.proxy_for("::1", "5000") == ""
    assert cfg.proxy_for("registry.test", "5000") == "http://p:3128"


def test_upper_case_wins_and_scheme_is_added():
    cfg = ProxyConfig.from_env({"HTTPS_PROXY": "proxy:3128", "https_proxy": "http://lower:1"})
    assert cfg.proxy_for("r.lan") == "http://proxy:3128"
    cfg = ProxyConfig.from_env({"HTTPS_PROXY": "", "https_proxy": "http://lower:1"})
    assert cfg.proxy_for("r.lan") == "http://lower:1"
    assert ProxyConfig.from_env({"HTTP_PROXY": "http://p:1"}).proxy_for("r.lan") == ""


def test_systemd_environment_lines():
    text = """[Service]
Environment="HTTP_PROXY=http://p:3128" "NO_PROXY=localhost,.lan"
Environment=HTTPS_PROXY=http://p:3128
"""
    assert parse_environment_lines(text) == {
        "HTTP_PROXY": "http://p:3128",
        "NO_PROXY": "localhost,.lan",
        "HTTPS_PROXY": "http://p:3128",
    }


# ---------------------------------------------------------------- proxy.settings
def run_settings(root, env=None, **kw):
    return asyncio.run(settings(make_ctx(root, env), **kw))


def test_direct(root):
    assert run_settings(root, host="registry.test", port="5000").outcome == "direct"


def test_env_proxy_credentials_are_redacted(root):
    env = {"HTTPS_PROXY": "http://alice:s3cr3t-pw@10.0.0.1:3128"}
    ctx = make_ctx(root, env)
    res = asyncio.run(settings(ctx, host="registry.test", port="5000"))
    assert res.outcome == "proxied"
    assert res.facts["proxy"] == "http://10.0.0.1:3128"
    assert "s3cr3t-pw" in ctx.redactor.secrets
    assert "s3cr3t-pw" not in ctx.redactor(res.summary + " ".join(res.details))


def test_bypassed_by_no_proxy(root):
    env = {"HTTPS_PROXY": "http://10.0.0.1:3128", "NO_PROXY": "localhost,.test"}
    res = run_settings(root, env, host="registry.test", port="5000")
    assert res.outcome == "bypassed"
    assert ".test" in res.summary


def test_bypassed_for_loopback(root):
    res = run_settings(root, {"HTTPS_PROXY": "http://10.0.0.1:3128"}, host="127.0.0.1", port="5000")
    assert res.outcome == "bypassed"
    assert "loopback" in res.summary


def test_daemon_json_proxies_for_docker(root):
    (root / "etc/docker").mkdir(parents=True)
    (root / "etc/docker/daemon.json").write_text(
        json.dumps({"proxies": {"https-proxy": "http://corp:8080", "no-proxy": "*.corp"}})
    )
    res = run_settings(root, host="registry.lan", port="5000", client="docker")
    assert res.outcome == "proxied"
    assert res.facts["proxy"] == "http://corp:8080"
    assert res.facts["proxy_source"].startswith("daemon.json")


def test_systemd_dropin_for_docker(root):
    d = root / "etc/systemd/system/docker.service.d"
    d.mkdir(parents=True)
    (d / "http-proxy.conf").write_text(
        '[Service]\nEnvironment="HTTPS_PROXY=http://corp:8080" "NO_PROXY=registry.lan"\n'
    )
    res = run_settings(root, host="registry.lan", port="5000", client="docker")
    assert res.outcome == "bypassed"
    res = run_settings(root, host="other.lan", port="5000", client="docker")
    assert res.outcome == "proxied"
    assert "systemd" in res.facts["proxy_source"]


def test_shell_has_proxy_daemon_does_not(root):
    env = {"HTTPS_PROXY": "http://corp:8080"}
    res = run_settings(root, env, host="registry.example.com", client="docker")
    assert res.outcome == "not_in_daemon"
    # skopeo/podman use the shell's proxy
    assert (
        run_settings(root, env, host="registry.example.com", client="skopeo").outcome == "proxied"
    )


def test_daemon_proxy_does_not_apply_to_skopeo(root):
    (root / "etc/docker").mkdir(parents=True)
    (root / "etc/docker/daemon.json").write_text(
        json.dumps({"proxies": {"https-proxy": "http://corp:8080"}})
    )
    assert run_settings(root, host="registry.lan", client="skopeo").outcome == "direct"
    # without a client the daemon's setting is reported
    assert run_settings(root, host="registry.lan").outcome == "proxied"


def test_cli_config_proxies_for_buildkit(root):
    home = root / "home" / ".docker"
    home.mkdir(parents=True)
    (home / "config.json").write_text(
        json.dumps({"proxies": {"default": {"httpsProxy": "http://corp:8080"}}})
    )
    res = run_settings(root, host="registry.lan", client="buildkit")
    assert res.outcome == "proxied"
    assert res.facts["proxy_source"].startswith("config.json")


# ---------------------------------------------------------------- proxy.reachable
def run_reachable(root, proxy, env=None, timeout=2.0):
    ctx = make_ctx(root, env, timeout=timeout)
    return ctx, asyncio.run(reachable(ctx, proxy, "registry.test", "5000"))


@pytest.mark.parametrize(
    ("status", "outcome"),
    [
        (b"200 Connection established", "ok"),
        (b"407 Proxy Authentication Required", "auth_required"),
        (b"401 Unauthorized", "auth_required"),
        (b"403 Access violation", "forbidden"),
        (b"502 Bad Gateway", "bad_gateway"),
        (b"418 I'm a teapot", "unknown"),
    ],
)
def test_connect_answers(root, status, outcome):
    async def main():
        server, seen = connect_proxy(status)
        async with server as port:
            ctx = make_ctx(root)
            return await reachable(ctx, f"127.0.0.1:{port}", "registry.test", "5000"), seen

    res, seen = asyncio.run(main())
    assert res.outcome == outcome, res
    assert seen[0].startswith(b"CONNECT registry.test:5000 HTTP/1.1\r\n")


def test_credentials_from_the_environment_are_sent_and_redacted(root):
    async def main():
        server, seen = connect_proxy(b"200 OK")
        async with server as port:
            env = {"HTTPS_PROXY": f"http://bob:pa55word@127.0.0.1:{port}"}
            ctx = make_ctx(root, env)
            return ctx, await reachable(ctx, f"http://127.0.0.1:{port}", "registry.test"), seen

    ctx, res, seen = asyncio.run(main())
    assert res.outcome == "ok"
    assert b"Proxy-Authorization: Basic Ym9iOnBhNTV3b3Jk" in seen[0]
    assert "pa55word" in ctx.redactor.secrets
    assert "Ym9iOnBhNTV3b3Jk" in ctx.redactor.secrets


def test_https_url_for_a_plain_proxy_is_not_tls(root):
    async def main():
        server, _seen = connect_proxy(b"400 Bad Request")
        async with server as port:
            return await reachable(make_ctx(root), f"https://127.0.0.1:{port}", "r.test")

    res = asyncio.run(main())
    assert res.outcome == "not_tls", res
    assert "https://" in res.summary


def test_dead_proxy_is_refused(root):
    _, res = run_reachable(root, f"http://127.0.0.1:{free_port()}")
    assert res.outcome == "refused"


def test_silent_proxy_is_timeout(root):
    async def main():
        async with blackhole_server() as port:
            return await reachable(make_ctx(root, timeout=0.6), f"127.0.0.1:{port}", "r.test")

    assert asyncio.run(main()).outcome == "timeout"


# ---------------------------------------------------------------- hostile input


@hypothesis.settings(max_examples=300, deadline=None)
@given(no_proxy=st.text(max_size=200), host=st.text(max_size=80), port=st.text(max_size=6))
def test_no_proxy_never_raises(no_proxy, host, port):
    assert NoProxy.parse(no_proxy).covers(host, port) in (True, False)
    cfg = ProxyConfig(https_proxy="http://p:1", no_proxy=no_proxy)
    assert isinstance(cfg.proxy_for(host, port), str)


@hypothesis.settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=300))
def test_environment_lines_never_raise(text):
    assert isinstance(parse_environment_lines(text), dict)


# ---------------------------------------------------------------- real tinyproxy
def test_real_tinyproxy(tmp_path, root):
    """tinyproxy with BasicAuth and with Debian's ConnectPort 443 rule."""
    from wizard.lab.servers import Lab

    with Lab(tmp_path / "lab") as lab:
        authed = lab.tinyproxy(basic_auth=("proxyuser", "proxy-secret-1"))
        ports_only = lab.tinyproxy(connect_ports=[443])
        target = lab.registry()

        def ask(proxy_url, env=None):
            ctx = make_ctx(root, env)
            return ctx, asyncio.run(reachable(ctx, proxy_url, "127.0.0.1", str(target.port)))

        _, no_creds = ask(authed.url)
        env = {"HTTPS_PROXY": f"http://proxyuser:proxy-secret-1@127.0.0.1:{authed.port}"}
        ctx, with_creds = ask(authed.url, env)
        _, refused_port = ask(ports_only.url)
    assert no_creds.outcome == "auth_required", no_creds
    assert with_creds.outcome == "ok", with_creds
    assert "proxy-secret-1" in ctx.redactor.secrets
    assert refused_port.outcome == "forbidden", refused_port
