"""TLS scenarios: plain-HTTP registries and certificates clients refuse.

Each registry listens on 127.0.0.1 with a certificate from :mod:`wizard.lab.certs`; the
push is a real skopeo push (TLS verification on, as by default). ``root`` holds only the
machine files the case needs (certs.d), so diagnose sees what the pushing client saw.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from wizard.lab.certs import Pair
from wizard.lab.scenarios import Setup, push, scenario
from wizard.lab.servers import Lab


def _cert_dir(lab: Lab, name: str, files: dict[str, Path]) -> Path:
    """A directory for ``--dest-cert-dir`` holding ``files`` (target name -> source)."""
    d = lab.path(name)
    for target, source in files.items():
        shutil.copy(source, d / target)
    return d


def _root_with(lab: Lab, registry: str, files: dict[str, Path]) -> Path:
    """A machine root whose /etc/containers/certs.d/<registry>/ holds ``files``."""
    root = lab.path("root")
    d = root / "etc" / "containers" / "certs.d" / registry
    d.mkdir(parents=True)
    for target, source in files.items():
        shutil.copy(source, d / target)
    return root


def _tls_case(lab: Lab, pair: Pair, host: str, *, trust_ca: bool, ca_name: str = "ca.crt") -> Setup:
    """A TLS registry with ``pair``, pushed to as ``host:port``, the CA trusted or not."""
    reg = lab.registry(tls=pair)
    registry = f"{host}:{reg.port}"
    ref = f"{registry}/lab/hello:v1"
    if trust_ca:
        cert_dir = _cert_dir(lab, "certdir", {ca_name: lab.certs.ca.crt})
        root = _root_with(lab, registry, {ca_name: lab.certs.ca.crt})
        argv = push(lab, ref, cert_dir=cert_dir)
        shell = f"skopeo copy --dest-cert-dir CERTDIR oci:IMAGE docker://{ref}"
    else:
        root = lab.path("root")
        argv = push(lab, ref)
        shell = f"skopeo copy oci:IMAGE docker://{ref}"
    return Setup(registry=registry, image=ref, push=argv, root=root, push_shell=shell)


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
    return Setup(
        registry=reg.hostport,
        image=ref,
        push=push(lab, ref),
        root=lab.path("root"),
        push_shell=f"skopeo copy oci:IMAGE docker://{ref}",
    )


@scenario(
    "tls-private-ca",
    category="tls.unknown_authority",
    title="The registry's certificate comes from a private CA nobody installed",
    broken="The registry uses a certificate signed by the lab CA; certs.d has nothing for it.",
    hint="Install the lab CA as /etc/containers/certs.d/<host:port>/ca.crt (or pass "
    "--dest-cert-dir with ca.crt).",
)
def private_ca(lab: Lab) -> Setup:
    return _tls_case(lab, lab.certs.good, "127.0.0.1", trust_ca=False)


@scenario(
    "tls-self-signed",
    category="tls.unknown_authority",
    title="The registry uses a self-signed certificate",
    broken="The certificate signs itself; no CA on this machine vouches for it.",
    hint="Trust the certificate itself as the CA (ca.crt in certs.d), or better, issue one "
    "from a CA the clients trust.",
)
def self_signed(lab: Lab) -> Setup:
    return _tls_case(lab, lab.certs.selfsigned, "localhost", trust_ca=False)


@scenario(
    "tls-ca-saved-as-cert",
    category="tls.unknown_authority",
    title="The CA was saved as ca.cert",
    broken="certs.d holds the right CA under the name ca.cert, which clients read as a "
    "client certificate without its key.",
    hint="Rename ca.cert to ca.crt.",
)
def ca_saved_as_cert(lab: Lab) -> Setup:
    return _tls_case(lab, lab.certs.good, "127.0.0.1", trust_ca=True, ca_name="ca.cert")


@scenario(
    "tls-ip-not-in-cert",
    category="tls.name_mismatch",
    title="Pushing by IP to a certificate made for a name",
    broken="The certificate lists DNS:localhost only; the push goes to 127.0.0.1.",
    hint="Push to localhost:<port>, or re-issue the certificate with IP:127.0.0.1.",
)
def ip_not_in_cert(lab: Lab) -> Setup:
    return _tls_case(lab, lab.certs.dnsonly, "127.0.0.1", trust_ca=True)


@scenario(
    "tls-wrong-name",
    category="tls.name_mismatch",
    title="The certificate is for another name",
    broken="The certificate is for registry.example.com; the push goes to localhost.",
    hint="Push with a name the certificate covers, or re-issue it for the name you use.",
)
def wrong_name(lab: Lab) -> Setup:
    return _tls_case(lab, lab.certs.wrongname, "localhost", trust_ca=True)


@scenario(
    "tls-legacy-cn",
    category="tls.name_mismatch",
    title="The certificate has only a Common Name",
    broken="The certificate has CN=localhost and no subjectAltName; Go ignores the CN.",
    hint="Re-issue the certificate with subjectAltName=DNS:localhost.",
)
def legacy_cn(lab: Lab) -> Setup:
    return _tls_case(lab, lab.certs.cnonly, "localhost", trust_ca=True)


@scenario(
    "tls-expired",
    category="tls.expired",
    title="The registry's certificate expired yesterday",
    broken="The certificate's notAfter is in the past; the CA is trusted.",
    hint="Issue a new certificate and restart the registry with it.",
)
def expired(lab: Lab) -> Setup:
    return _tls_case(lab, lab.certs.expired, "localhost", trust_ca=True)


@scenario(
    "tls-not-yet-valid",
    category="tls.expired",
    title="The registry's certificate starts tomorrow",
    broken="The certificate's notBefore is in the future; clocks are right.",
    hint="Issue a certificate whose validity starts now (or in the past).",
)
def not_yet_valid(lab: Lab) -> Setup:
    return _tls_case(lab, lab.certs.notyet, "localhost", trust_ca=True)


@scenario(
    "tls-client-cert",
    category="tls.handshake",
    title="The registry's nginx requires a client certificate",
    broken="nginx in front of the registry has ssl_verify_client on; the client sends no "
    "certificate, and nginx answers the first request with 400.",
    hint="Put a client certificate and key (client.cert + client.key) next to ca.crt in "
    "the certs.d directory for the registry.",
)
def client_cert(lab: Lab) -> Setup:
    reg = lab.registry()
    c = lab.certs
    block = (
        "server { listen {listen} ssl; "
        f"ssl_certificate {c.good.crt}; ssl_certificate_key {c.good.key}; "
        f"ssl_client_certificate {c.ca.crt}; ssl_verify_client on; "
        f"location / {{ proxy_pass http://{reg.hostport}; }} }}"
    )
    port = lab.nginx([block]).ports[0]
    registry = f"127.0.0.1:{port}"
    ref = f"{registry}/lab/hello:v1"
    cert_dir = _cert_dir(lab, "certdir", {"ca.crt": c.ca.crt})
    root = _root_with(lab, registry, {"ca.crt": c.ca.crt})
    return Setup(
        registry=registry,
        image=ref,
        push=push(lab, ref, cert_dir=cert_dir),
        root=root,
        push_shell=f"skopeo copy --dest-cert-dir CERTDIR oci:IMAGE docker://{ref}",
    )


@scenario(
    "tls-ca-under-other-name",
    category="tls.unknown_authority",
    title="The CA is in certs.d under localhost, the push goes to 127.0.0.1",
    broken="certs.d/localhost:PORT/ca.crt exists; the image names 127.0.0.1:PORT, which is "
    "another directory.",
    hint="certs.d is keyed by the registry exactly as written: copy the directory to "
    "127.0.0.1:PORT (or push to localhost:PORT).",
)
def ca_under_other_name(lab: Lab) -> Setup:
    reg = lab.registry(tls=lab.certs.good)
    registry = f"127.0.0.1:{reg.port}"
    ref = f"{registry}/lab/hello:v1"
    root = _root_with(lab, f"localhost:{reg.port}", {"ca.crt": lab.certs.ca.crt})
    return Setup(
        registry=registry,
        image=ref,
        push=push(lab, ref),
        root=root,
        push_shell=f"skopeo copy oci:IMAGE docker://{ref}",
    )
