"""The lab's real servers start on loopback, reproduce real failures, and stop by PID.

A missing server program fails here (never skips): CI must install them.
"""

from __future__ import annotations

import os
import shutil

import pytest

from wizard.lab.client import hosts_file, run
from wizard.lab.scenarios import push
from wizard.lab.servers import REQUIRED_PROGRAMS, Lab


@pytest.mark.parametrize("program", sorted(REQUIRED_PROGRAMS))
def test_server_programs_are_installed(program):
    assert shutil.which(program) or shutil.which(program, path="/usr/sbin:/usr/bin"), (
        f"{program} missing: apt-get install {REQUIRED_PROGRAMS[program]}"
    )


def _gone(pids: list[int]) -> bool:
    for pid in pids:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            continue
        return False
    return True


def test_every_server_starts_reproduces_and_stops(tmp_path):
    with Lab(tmp_path) as lab:
        reg = lab.registry()
        plain = run(push(lab, f"{reg.hostport}/test/hello:v1"))
        assert "server gave HTTP response to HTTPS client" in plain.stderr
        assert run(push(lab, f"{reg.hostport}/test/hello:v1", tls_verify=False)).returncode == 0

        tls = lab.registry(tls=lab.certs.good)
        untrusted = run(push(lab, f"{tls.hostport}/t/x:1"))
        assert "x509: certificate signed by unknown authority" in untrusted.stderr

        token = lab.token_server({"dave": {"password": "tokpass", "actions": ["pull"]}})
        tok_reg = lab.registry(token=token)
        denied = run(push(lab, f"{tok_reg.hostport}/t/x:1", tls_verify=False))
        assert "denied: requested access to the resource is denied" in denied.stderr

        ng = lab.nginx(
            [
                f"server {{ listen {{listen}}; client_max_body_size 1k; location /v2/ {{ proxy_pass http://{reg.hostport}; }} }}"
            ]
        )
        too_big = run(
            push(lab, f"127.0.0.1:{ng.ports[0]}/t/big:1", tls_verify=False, extra_bytes=70000)
        )
        assert "413 Request Entity Too Large" in too_big.stderr

        lab.tinyproxy()
        hosts = hosts_file(lab.path("hosts") / "hosts", {"registry.test": "127.0.0.1"})
        via_dead_proxy = run(
            push(lab, f"registry.test:{reg.port}/t/p:1", tls_verify=False),
            env={"HTTPS_PROXY": "http://127.0.0.1:1", "HTTP_PROXY": "http://127.0.0.1:1"},
            hosts=hosts,
        )
        assert "proxyconnect tcp" in via_dead_proxy.stderr

        lab.nxdns()
        resolv = lab.path("resolv") / "resolv.conf"
        resolv.write_text("nameserver 127.0.0.1\n")
        nxdomain = run(push(lab, "registry.invalid:5000/t/x:1"), resolv_conf=resolv)
        assert "lookup registry.invalid on 127.0.0.1:53: no such host" in nxdomain.stderr

        lab.blackhole()
        pids = lab.pids
        assert len(pids) >= 7
    assert _gone(pids)
