"""A private CA and the server certificates that real TLS failures need.

ECDSA P-256 keys (instant to generate, accepted by Go and OpenSSL). The leaf names
follow shared/real-infra.md 2.2: ``good`` covers localhost, 127.0.0.1 and ::1;
``dnsonly``, ``iponly``, ``cnonly`` (legacy Common Name, no SANs), ``selfsigned``,
``wrongname`` (registry.example.com), ``expired``, ``notyet``, and ``named`` (for
registries reached by a private name such as registry.test).
"""

from __future__ import annotations

import datetime as dt
import ipaddress
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

LAB_NAME = "registry.test"
"""The private name lab registries are reached by when a proxy must be involved."""


@dataclass(frozen=True)
class Pair:
    """A certificate and its key, as PEM files."""

    crt: Path
    key: Path


@dataclass(frozen=True)
class Certs:
    """The CA and every leaf, as files under one directory."""

    dir: Path
    ca: Pair
    good: Pair
    dnsonly: Pair
    iponly: Pair
    cnonly: Pair
    selfsigned: Pair
    wrongname: Pair
    expired: Pair
    notyet: Pair
    named: Pair
    signer: Pair


def _key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def _write(dir: Path, name: str, cert: x509.Certificate, key: ec.EllipticCurvePrivateKey) -> Pair:
    crt_path, key_path = dir / f"{name}.crt", dir / f"{name}.key"
    crt_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    key_path.chmod(0o644)  # the lab registry may run as nobody (storage scenarios)
    return Pair(crt_path, key_path)


def _sans(names: list[str]) -> x509.SubjectAlternativeName:
    entries: list[x509.GeneralName] = []
    for name in names:
        try:
            entries.append(x509.IPAddress(ipaddress.ip_address(name)))
        except ValueError:
            entries.append(x509.DNSName(name))
    return x509.SubjectAlternativeName(entries)


def make_certs(dir: Path, *, now: dt.datetime | None = None) -> Certs:
    """Create the CA and all leaves under ``dir`` (created if needed)."""
    dir.mkdir(parents=True, exist_ok=True)
    now = now or dt.datetime.now(dt.UTC)
    ca_key = _key()
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "registry-wizard lab CA")])
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False),
            critical=True,
        )
        .add_extension(
            x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    ca = _write(dir, "ca", ca_cert, ca_key)

    def leaf(
        name: str,
        cn: str,
        sans: list[str] | None,
        *,
        start: dt.datetime | None = None,
        end: dt.datetime | None = None,
        self_signed: bool = False,
        server: bool = True,
    ) -> Pair:
        key = _key()
        subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])
        builder = (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(subject if self_signed else ca_name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(start or now - dt.timedelta(days=1))
            .not_valid_after(end or now + dt.timedelta(days=365))
        )
        if sans is not None:
            builder = builder.add_extension(_sans(sans), critical=False)
        if server:
            builder = builder.add_extension(
                x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False
            )
        if not self_signed:
            builder = builder.add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
                critical=False,
            )
        cert = builder.sign(key if self_signed else ca_key, hashes.SHA256())
        return _write(dir, name, cert, key)

    loopback = ["localhost", "127.0.0.1", "::1"]
    return Certs(
        dir=dir,
        ca=ca,
        good=leaf("good", "localhost", loopback),
        dnsonly=leaf("dnsonly", "localhost", ["localhost"]),
        iponly=leaf("iponly", "127.0.0.1", ["127.0.0.1"]),
        cnonly=leaf("cnonly", "localhost", None),
        selfsigned=leaf("selfsigned", "localhost", ["localhost", "127.0.0.1"], self_signed=True),
        wrongname=leaf("wrongname", "registry.example.com", ["registry.example.com"]),
        expired=leaf(
            "expired",
            "localhost",
            loopback,
            start=now - dt.timedelta(days=30),
            end=now - dt.timedelta(days=1),
        ),
        notyet=leaf(
            "notyet",
            "localhost",
            loopback,
            start=now + dt.timedelta(days=1),
            end=now + dt.timedelta(days=30),
        ),
        named=leaf("named", LAB_NAME, [LAB_NAME, *loopback]),
        signer=leaf("signer", "registry-wizard lab token signer", None, server=False),
    )
