"""Probes against hostile servers on loopback: every probe ends within its timeout, with
bounded memory, and credentials never follow a redirect or go in clear text elsewhere.
"""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import ipaddress
import json
import ssl
import time
import tracemalloc
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tests.hardening import hostile
from wizard.engine.model import ProbeCall
from wizard.engine.probe_specs import SPECS
from wizard.host import Host
from wizard.probes import ProbeContext, ProbeRunner, load_all
from wizard.probes.runner import GRACE

TIMEOUT = 1.5
SECRET = "hostile-s3cret-value"
MEMORY_LIMIT = 48 << 20


def context(tmp_path: Path, registry: str, *, allow_write: bool = False) -> ProbeContext:
    home = tmp_path / "home"
    (home / ".docker").mkdir(parents=True, exist_ok=True)
    auth = base64.b64encode(f"alice:{SECRET}".encode()).decode()
    (home / ".docker" / "config.json").write_text(json.dumps({"auths": {registry: {"auth": auth}}}))
    env = {"HOME": str(home), "PATH": "/usr/bin:/bin"}
    return ProbeContext(
        host=Host.from_root(tmp_path / "root", env), timeout=TIMEOUT, allow_write=allow_write
    )


def run_probe(ctx: ProbeContext, name: str, args: dict[str, str]):
    load_all()
    tracemalloc.start()
    started = time.monotonic()
    try:
        res = asyncio.run(ProbeRunner(ctx).run(ProbeCall(name, args)))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    elapsed = time.monotonic() - started
    assert res.outcome in SPECS[name].outcomes
    assert elapsed < TIMEOUT + GRACE + 1.0, f"{name} took {elapsed:.1f}s"
    assert peak < MEMORY_LIMIT, f"{name} used {peak >> 20} MiB"
    text = " ".join([res.summary, *res.details, *res.facts.values()])
    assert SECRET not in text and base64.b64encode(f"alice:{SECRET}".encode()).decode() not in text
    return res


REGISTRY_PROBES = [
    ("registry.ping", {}),
    ("auth.check", {"repository": "lab/x"}),
    ("clock.skew", {}),
    ("registry.upload", {"repository": "lab/x", "size": "4096"}),
]


@pytest.mark.parametrize(
    "behaviour",
    [hostile.slow_drip, hostile.endless_body, hostile.huge_headers, hostile.redirect_loop],
    ids=["slow-drip", "endless-body", "huge-headers", "redirect-loop"],
)
@pytest.mark.parametrize(("probe", "extra"), REGISTRY_PROBES, ids=[p for p, _ in REGISTRY_PROBES])
def test_registry_probes_survive(tmp_path, behaviour, probe, extra):
    with hostile.Hostile(behaviour) as srv:
        ctx = context(tmp_path, srv.hostport, allow_write=True)
        run_probe(ctx, probe, {"registry": srv.hostport, **extra})


@pytest.mark.parametrize(("probe", "extra"), REGISTRY_PROBES, ids=[p for p, _ in REGISTRY_PROBES])
def test_credentials_never_follow_a_redirect_to_another_host(tmp_path, probe, extra):
    with hostile.Hostile(hostile.ok_json, host="127.0.0.1") as elsewhere:
        target = f"http://localhost:{elsewhere.port}/v2/"
        with hostile.Hostile(hostile.redirect_to(target)) as srv:
            ctx = context(tmp_path, srv.hostport, allow_write=True)
            run_probe(ctx, probe, {"registry": srv.hostport, **extra})
    for head in elsewhere.requests:
        assert b"authorization" not in head.lower(), head


def test_credentials_never_go_in_clear_text_to_another_hosts_realm(tmp_path):
    with hostile.Hostile(hostile.ok_json) as realm:
        challenge = hostile.bearer_challenge(f"http://localhost:{realm.port}/token")
        with hostile.Hostile(challenge) as srv:
            ctx = context(tmp_path, srv.hostport)
            res = run_probe(ctx, "auth.check", {"registry": srv.hostport, "repository": "lab/x"})
    for head in realm.requests:
        assert b"authorization" not in head.lower(), head
    assert "localhost" in " ".join([res.summary, *res.details])  # the user sees where it would go


def _cert_with(names: list[str], tmp_path: Path) -> ssl.SSLContext:
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "hostile")])
    sans: list[x509.GeneralName] = []
    for n in names:
        try:
            sans.append(x509.IPAddress(ipaddress.ip_address(n)))
        except ValueError:
            # invalid names as a hostile CA would encode them (cryptography refuses to build them)
            sans.append(x509.DNSName._init_without_validation(n))
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName(sans), critical=False)
        .sign(key, hashes.SHA256())
    )
    crt, keyf = tmp_path / "h.crt", tmp_path / "h.key"
    crt.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    keyf.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    tls.load_cert_chain(crt, keyf)
    return tls


@pytest.mark.parametrize(
    "names",
    [
        [f"host{i}.example" for i in range(3000)],
        [
            "*.*.bad",
            "exa mple",
            "\x1b]0;pwned\x07.example",
            "ünïcode.example",
            "-leading.example",
            "a" * 250,
        ],
    ],
    ids=["huge-san-list", "invalid-names"],
)
def test_tls_probe_survives_hostile_certificates(tmp_path, names):
    with hostile.Hostile(hostile.ok_json, tls=_cert_with(names, tmp_path)) as srv:
        ctx = context(tmp_path, srv.hostport)
        res = run_probe(ctx, "tls.inspect", {"host": "127.0.0.1", "port": str(srv.port)})
        assert "\x1b" not in res.summary + "".join(res.details) + "".join(res.facts.values())
        assert len(res.facts.get("cert_names", "")) <= 2048
