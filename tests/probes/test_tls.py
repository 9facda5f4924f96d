"""tls.inspect against real TLS servers on 127.0.0.1 with real certificates."""

from __future__ import annotations

import asyncio
import datetime as dt
import shutil

import hypothesis
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from hypothesis import strategies as st

from tests.probes.conftest import (
    blackhole_server,
    free_port,
    make_ctx,
    plain_http_server,
    threaded_tls_server,
    tls_server,
)
from wizard.probes.tls import inspect, name_error


def trust_in(root, tree, registry, ca, name="ca.crt"):
    d = root / tree / registry
    d.mkdir(parents=True, exist_ok=True)
    shutil.copy(ca, d / name)
    return d


def probe(root, host, port, timeout=2.0):
    return inspect(make_ctx(root, timeout=timeout), host, str(port))


def test_trusted_via_docker_certs_d(certs, root):
    async def main():
        async with tls_server(certs.good.crt, certs.good.key) as port:
            trust_in(root, "etc/docker/certs.d", f"127.0.0.1:{port}", certs.ca.crt)
            return await probe(root, "127.0.0.1", port)

    res = asyncio.run(main())
    assert res.outcome == "ok", res
    assert res.facts["ca_file"].endswith("ca.crt")
    assert "127.0.0.1" in res.facts["cert_names"]
    assert "registry-wizard lab CA" in res.facts["cert_issuer"]


def test_trusted_via_containers_certs_d_for_localhost(certs, root):
    async def main():
        async with tls_server(certs.good.crt, certs.good.key) as port:
            trust_in(root, "etc/containers/certs.d", f"localhost:{port}", certs.ca.crt)
            return await probe(root, "localhost", port)

    assert asyncio.run(main()).outcome == "ok"


def test_private_ca_not_trusted(certs, root):
    async def main():
        async with tls_server(certs.good.crt, certs.good.key) as port:
            return await probe(root, "127.0.0.1", port)

    res = asyncio.run(main())
    assert res.outcome == "untrusted", res
    assert "unknown authority" in " ".join(res.details)
    assert "ca_file" not in res.facts


def test_ca_for_other_spelling_does_not_count(certs, root):
    async def main():
        async with tls_server(certs.good.crt, certs.good.key) as port:
            trust_in(root, "etc/docker/certs.d", f"localhost:{port}", certs.ca.crt)
            return await probe(root, "127.0.0.1", port)

    assert asyncio.run(main()).outcome == "untrusted"


def test_self_signed(certs, root):
    async def main():
        async with tls_server(certs.selfsigned.crt, certs.selfsigned.key) as port:
            return await probe(root, "localhost", port)

    res = asyncio.run(main())
    assert res.outcome == "untrusted"
    assert "self-signed" in res.summary


def test_ip_not_in_sans(certs, root):
    async def main():
        async with tls_server(certs.dnsonly.crt, certs.dnsonly.key) as port:
            trust_in(root, "etc/docker/certs.d", f"127.0.0.1:{port}", certs.ca.crt)
            return await probe(root, "127.0.0.1", port)

    res = asyncio.run(main())
    assert res.outcome == "name_mismatch"
    assert "doesn't contain any IP SANs" in " ".join(res.details)


def test_legacy_common_name(certs, root):
    async def main():
        async with tls_server(certs.cnonly.crt, certs.cnonly.key) as port:
            return await probe(root, "localhost", port)

    res = asyncio.run(main())
    assert res.outcome == "name_mismatch"
    assert "legacy Common Name" in " ".join(res.details)


def test_name_is_checked_before_the_chain(certs, root):
    """Go order: a wrong-name certificate from an untrusted CA reports the name."""

    async def main():
        async with tls_server(certs.wrongname.crt, certs.wrongname.key) as port:
            return await probe(root, "localhost", port)

    res = asyncio.run(main())
    assert res.outcome == "name_mismatch"
    assert "valid for registry.example.com, not localhost" in " ".join(res.details)


def test_expired_wins_over_unknown_authority(certs, root):
    async def main():
        async with tls_server(certs.expired.crt, certs.expired.key) as port:
            return await probe(root, "localhost", port)

    res = asyncio.run(main())
    assert res.outcome == "expired"
    assert res.facts["cert_not_after"] < dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def test_not_yet_valid(certs, root):
    async def main():
        async with tls_server(certs.notyet.crt, certs.notyet.key) as port:
            trust_in(root, "etc/docker/certs.d", f"localhost:{port}", certs.ca.crt)
            return await probe(root, "localhost", port)

    assert asyncio.run(main()).outcome == "not_yet_valid"


def test_plain_http_port(root):
    async def main():
        async with plain_http_server() as port:
            return await probe(root, "127.0.0.1", port)

    res = asyncio.run(main())
    assert res.outcome == "plain_http"
    assert "400" in res.summary


def test_nothing_listening(root):
    res = asyncio.run(probe(root, "127.0.0.1", free_port()))
    assert res.outcome == "no_connection"
    assert "refused" in res.summary


def test_blackhole_is_no_answer_within_the_timeout(root):
    async def main():
        async with blackhole_server() as port:
            loop = asyncio.get_running_loop()
            started = loop.time()
            res = await probe(root, "127.0.0.1", port, timeout=1.0)
            return res, loop.time() - started

    res, took = asyncio.run(main())
    assert res.outcome == "no_answer"
    assert took < 1.5


def _client_pair(certs, dest):
    ca_key = serialization.load_pem_private_key(certs.ca.key.read_bytes(), None)
    ca = x509.load_pem_x509_certificate(certs.ca.crt.read_bytes())
    key = ec.generate_private_key(ec.SECP256R1())
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "pusher")]))
        .issuer_name(ca.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    (dest / "client.cert").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (dest / "client.key").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )


def test_client_certificate_required_and_then_given(certs, root):
    async def main():
        with threaded_tls_server(certs.good.crt, certs.good.key, client_ca=certs.ca.crt) as port:
            d = trust_in(root, "etc/docker/certs.d", f"127.0.0.1:{port}", certs.ca.crt)
            without = await probe(root, "127.0.0.1", port)
            _client_pair(certs, d)
            with_pair = await probe(root, "127.0.0.1", port)
            return without, with_pair

    without, with_pair = asyncio.run(main())
    assert without.outcome == "client_cert_required", without
    assert with_pair.outcome == "ok", with_pair


def test_name_error_texts_follow_go(certs):
    load = lambda p: x509.load_pem_x509_certificate(p.read_bytes())  # noqa: E731
    assert name_error(load(certs.good.crt), "localhost") == ""
    assert name_error(load(certs.good.crt), "127.0.0.1") == ""
    assert name_error(load(certs.good.crt), "[::1]") == ""
    assert name_error(load(certs.iponly.crt), "localhost") == (
        "x509: certificate is not valid for any names, but wanted to match localhost"
    )
    assert name_error(load(certs.iponly.crt), "127.0.0.2") == (
        "x509: certificate is valid for 127.0.0.1, not 127.0.0.2"
    )
    assert name_error(load(certs.cnonly.crt), "127.0.0.1") == (
        "x509: cannot validate certificate for 127.0.0.1 because it doesn't contain any IP SANs"
    )


def test_port_fact_defaults_to_443_from_the_registry(root):
    res = asyncio.run(inspect(make_ctx(root, timeout=0.5), "127.0.0.1", "", "127.0.0.1"))
    assert res.facts["port"] == "443"


# ---------------------------------------------------------------- the real registry
def test_real_registry_plain_and_tls(tmp_path, root):
    """docker-registry itself: plain HTTP is recognised; TLS is trusted via certs.d."""
    from wizard.lab.servers import Lab

    with Lab(tmp_path / "lab") as lab:
        plain = lab.registry()
        secure = lab.registry(tls=lab.certs.dnsonly)
        trust_in(root, "etc/docker/certs.d", f"localhost:{secure.port}", lab.certs.ca.crt)
        got_plain = asyncio.run(probe(root, "127.0.0.1", plain.port))
        got_name = asyncio.run(inspect(make_ctx(root), "localhost", "", f"localhost:{secure.port}"))
        got_ip = asyncio.run(probe(root, "127.0.0.1", secure.port))
    assert got_plain.outcome == "plain_http", got_plain
    assert got_name.outcome == "ok", got_name
    assert got_ip.outcome == "name_mismatch", got_ip


@hypothesis.settings(max_examples=200, deadline=None)
@hypothesis.given(host=st.text(max_size=80))
def test_name_error_never_raises(certs, host):
    for pair in (certs.good, certs.cnonly, certs.iponly, certs.wrongname):
        cert = x509.load_pem_x509_certificate(pair.crt.read_bytes())
        assert isinstance(name_error(cert, host), str)
