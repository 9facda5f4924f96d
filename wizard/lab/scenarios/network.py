"""Network scenarios: nothing listening, a name that does not resolve, a silent server.

The DNS case is hermetic: an NXDOMAIN responder on 127.0.0.1:53 and a private
/etc/resolv.conf pointing at it, bind-mounted in a private mount namespace for both the
push and diagnose; the machine's own resolver is never asked.
"""

from __future__ import annotations

from wizard.lab.client import hosts_file
from wizard.lab.scenarios import Setup, push, scenario
from wizard.lab.servers import Lab, free_port

SILENT_TIMEOUT = 3
"""Seconds skopeo waits for a server that never answers (its --command-timeout)."""


def _unresolvable(lab: Lab, nameserver: str) -> Setup:
    """A push to registry.invalid:5000 whose only DNS server is ``nameserver``.

    The probes' root gets the same resolv.conf.
    """
    resolv = lab.path("resolv") / "resolv.conf"
    resolv.write_text(f"nameserver {nameserver}\noptions timeout:1 attempts:1\n")
    hosts = hosts_file(lab.path("hosts") / "hosts", {})
    registry = "registry.invalid:5000"
    ref = f"{registry}/lab/hello:v1"
    root = lab.path("root")
    (root / "etc").mkdir()
    (root / "etc" / "resolv.conf").write_text(resolv.read_text())
    return Setup(
        registry=registry,
        image=ref,
        push=push(lab, ref),
        root=root,
        hosts=hosts,
        resolv_conf=resolv,
        push_shell=f"skopeo copy oci:IMAGE docker://{ref}",
    )


@scenario(
    "net-refused",
    category="network.refused",
    title="Nothing listens on the registry's port",
    broken="The image names 127.0.0.1 and a port where no registry runs.",
    hint="Start the registry, or push to the port it really listens on.",
)
def refused(lab: Lab) -> Setup:
    registry = f"127.0.0.1:{free_port()}"
    ref = f"{registry}/lab/hello:v1"
    return Setup(
        registry=registry,
        image=ref,
        push=push(lab, ref),
        root=lab.path("root"),
        push_shell=f"skopeo copy oci:IMAGE docker://{ref}",
    )


@scenario(
    "net-dns-nxdomain",
    category="network.dns",
    title="The registry's name does not exist",
    broken="The image names registry.invalid; the (lab) DNS server answers NXDOMAIN.",
    hint="Use a name that resolves, or add the name to DNS or /etc/hosts.",
)
def dns_nxdomain(lab: Lab) -> Setup:
    lab.nxdns()
    return _unresolvable(lab, "127.0.0.1")


@scenario(
    "net-silent-server",
    category="network.timeout",
    title="The port accepts connections and never answers",
    broken="Something accepts TCP on the registry's port and then says nothing.",
    hint="Find what really listens on the port (a hung registry, a dead load balancer "
    "backend) and restart or fix it.",
)
def silent_server(lab: Lab) -> Setup:
    port = lab.blackhole()
    registry = f"127.0.0.1:{port}"
    ref = f"{registry}/lab/hello:v1"
    return Setup(
        registry=registry,
        image=ref,
        push=push(lab, ref, timeout=SILENT_TIMEOUT),
        root=lab.path("root"),
        timeout=4.0,
        push_shell=f"skopeo --command-timeout {SILENT_TIMEOUT}s copy oci:IMAGE docker://{ref}",
    )


@scenario(
    "net-dns-resolver-down",
    category="network.dns",
    title="The DNS server in resolv.conf does not answer",
    broken="/etc/resolv.conf names a DNS server where nothing listens; every look-up fails.",
    hint="Point /etc/resolv.conf (or systemd-resolved, or the VPN) at a working DNS server.",
)
def dns_resolver_down(lab: Lab) -> Setup:
    return _unresolvable(lab, "127.0.0.2")  # nothing listens there
