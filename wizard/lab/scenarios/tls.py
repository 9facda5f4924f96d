"""TLS scenarios: plain-HTTP registries and certificates clients refuse."""

from __future__ import annotations

from wizard.lab.scenarios import Setup, push, scenario
from wizard.lab.servers import Lab


@scenario(
    "tls-plain-http",
    category="tls.http_registry",
    title="The registry speaks plain HTTP",
    broken="A registry listens with no TLS at all; clients insist on HTTPS by default.",
    hint="Push, read the error, then make the client treat this registry as insecure "
    "(registries.conf for skopeo/podman, insecure-registries for dockerd).",
)
def plain_http(lab: Lab) -> Setup:
    reg = lab.registry()
    ref = f"{reg.hostport}/lab/hello:v1"
    return Setup(registry=reg.hostport, image=ref, push=push(lab, ref), push_shell=f"skopeo copy oci:IMAGE docker://{ref}")
