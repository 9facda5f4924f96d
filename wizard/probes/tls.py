"""Probe ``tls.inspect``: what the registry port speaks, its certificate, and why a client
would reject it.

The steps mirror Go's ``crypto/tls`` + ``crypto/x509`` client (dockerd, containerd,
BuildKit, podman, skopeo, crane, helm and oras all use it):

1. TCP connect (``no_connection``);
2. a TLS handshake without verification over memory BIOs, so the raw first bytes are
   seen: an answer starting with ``HTTP/`` is a plain-HTTP server (``plain_http``, what
   Go reports as "server gave HTTP response to HTTPS client"); a handshake alert about
   a client certificate is ``client_cert_required``; other failures ``handshake_failed``;
   a server that accepts TCP and never answers is ``no_answer``;
3. one bounded ``GET /v2/`` over the session, because TLS 1.3 servers ask for a client
   certificate only after the handshake;
4. the checks in Go's order (``x509.Certificate.Verify``): the leaf's validity period
   against this machine's clock (``expired`` / ``not_yet_valid``), then the name used
   against the SANs (``name_mismatch``; IPs only against IP SANs, a certificate with only
   a Common Name is a mismatch since Go 1.15), then the chain against the system CA
   bundle plus every ``*.crt`` in the registry's certs.d directories (``untrusted``; an
   expired CA in the chain is ``expired``).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import ipaddress
import ssl
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from cryptography import x509
from cryptography.x509.oid import NameOID

from wizard.engine.model import ProbeResult, frozen
from wizard.probes import certs as certslib
from wizard.probes import dns
from wizard.probes.base import ProbeContext, probe, result, unknown
from wizard.probes.tcp import classify, open_tcp, port_of

MAX_HANDSHAKE_BYTES = 512 << 10
"""Bytes read from the server during a handshake, at most."""

MAX_RESPONSE_BYTES = 8 << 10
"""Bytes of the ``GET /v2/`` answer read, at most."""

_CLIENT_CERT_ALERTS = (
    "TLSV13_ALERT_CERTIFICATE_REQUIRED",
    "SSLV3_ALERT_BAD_CERTIFICATE",
    "CERTIFICATE_REQUIRED",
)
_CLIENT_CERT_TEXTS = (
    b"No required SSL certificate was sent",
    b"The SSL certificate error",
    b"client certificate required",
)


class PlainHTTP(Exception):
    """The server answered the ClientHello with an HTTP response."""

    def __init__(self, first: bytes) -> None:
        super().__init__("server answered plain HTTP")
        self.first = first


class NoAnswer(Exception):
    """The server accepted TCP but sent nothing back in time."""


@dataclass
class Session:
    """A finished handshake over asyncio streams."""

    obj: ssl.SSLObject
    reader: asyncio.StreamReader
    writer: asyncio.StreamWriter
    incoming: ssl.MemoryBIO
    outgoing: ssl.MemoryBIO
    received: int = 0
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0
    """How long the TCP connect and the handshake took (the round trip to wait for alerts)."""

    async def flush(self) -> None:
        data = self.outgoing.read()
        if data:
            self.writer.write(data)
            await self.writer.drain()

    async def feed(self, deadline: float, limit: int) -> bool:
        """Read more from the socket into the BIO; False on EOF."""
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError
        data = await asyncio.wait_for(self.reader.read(16 << 10), left)
        if not data:
            self.incoming.write_eof()
            return False
        self.received += len(data)
        if self.received > limit:
            raise ssl.SSLError("server sent more than the probe reads")
        self.incoming.write(data)
        return True

    def close(self) -> None:
        self.writer.close()


async def handshake(
    host: str, port: int, sslctx: ssl.SSLContext, sni: str | None, deadline: float
) -> Session:
    """Connect and run the TLS handshake by hand, seeing the server's first raw bytes."""
    started = time.monotonic()
    reader, writer = await open_tcp(host, port, max(0.05, deadline - time.monotonic()))
    incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
    obj = sslctx.wrap_bio(incoming, outgoing, server_side=False, server_hostname=sni)
    session = Session(obj, reader, writer, incoming, outgoing)
    try:
        while True:
            try:
                obj.do_handshake()
                await session.flush()
                session.seconds = time.monotonic() - started
                return session
            except ssl.SSLWantReadError:
                await session.flush()
                left = deadline - time.monotonic()
                if left <= 0:
                    raise NoAnswer from None
                try:
                    data = await asyncio.wait_for(reader.read(16 << 10), left)
                except TimeoutError:
                    if session.received == 0:
                        raise NoAnswer from None
                    raise
                if session.received == 0 and data[:5] == b"HTTP/":
                    raise PlainHTTP(data[:200]) from None
                if not data:
                    incoming.write_eof()
                    continue
                session.received += len(data)
                if session.received > MAX_HANDSHAKE_BYTES:
                    raise ssl.SSLError("handshake larger than the probe reads") from None
                incoming.write(data)
    except BaseException:
        writer.close()
        raise


async def early_data(session: Session, until: float) -> bytes:
    """Read what the server sends right after the handshake, before we send anything.

    TLS 1.3 servers that require a client certificate send their alert here; reading
    first avoids losing it to a TCP reset caused by a request the server never reads.
    Raises ``ssl.SSLError`` for an alert.
    """
    limit = MAX_HANDSHAKE_BYTES + MAX_RESPONSE_BYTES
    while time.monotonic() < until:
        try:
            return session.obj.read(MAX_RESPONSE_BYTES)
        except ssl.SSLWantReadError:
            try:
                if not await session.feed(until, limit):
                    continue
            except TimeoutError:
                return b""
        except (ssl.SSLZeroReturnError, ssl.SSLEOFError):
            return b""
    return b""


async def request_v2(session: Session, host_header: str, deadline: float) -> bytes:
    """Send ``GET /v2/`` and read the start of the answer (bounded); raises SSLError."""
    if session.obj.version() == "TLSv1.3":  # TLS 1.2 servers object during the handshake
        # a TLS 1.3 server's alert arrives about one round trip after the handshake
        wait = min(0.3, max(0.02, 4 * session.seconds))
        early = await early_data(session, min(deadline, time.monotonic() + wait))
        if early:
            return early
    request = (
        f"GET /v2/ HTTP/1.1\r\nHost: {host_header}\r\nUser-Agent: registry-wizard\r\n"
        "Connection: close\r\n\r\n"
    ).encode()
    session.obj.write(request)
    await session.flush()
    got = b""
    while len(got) < MAX_RESPONSE_BYTES:
        try:
            chunk = session.obj.read(MAX_RESPONSE_BYTES - len(got))
        except ssl.SSLWantReadError:
            await session.flush()
            if not await session.feed(deadline, MAX_HANDSHAKE_BYTES + MAX_RESPONSE_BYTES):
                break
            continue
        except (ssl.SSLZeroReturnError, ssl.SSLEOFError):
            break
        if not chunk:
            break
        got += chunk
        if b"\r\n\r\n" in got and len(got) > 512:
            break
    return got


# ---------------------------------------------------------------- certificate checks
def san_names(cert: x509.Certificate) -> tuple[list[str], list[str]]:
    """(DNS names, IP addresses) of the subjectAltName extension."""
    try:
        ext = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        return [], []
    dns_names = [str(n) for n in ext.get_values_for_type(x509.DNSName)]
    ips = [str(ip) for ip in ext.get_values_for_type(x509.IPAddress)]
    return dns_names, ips


def common_name(cert: x509.Certificate) -> str:
    """The subject CN ("" when none)."""
    attrs = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(attrs[0].value) if attrs else ""


def _match_dns(pattern: str, host: str) -> bool:
    """Go's ``matchHostnames``: a ``*`` only as the whole leftmost label."""
    pattern = pattern.lower().rstrip(".")
    host = host.lower().rstrip(".")
    if not pattern or not host:
        return False
    p_labels, h_labels = pattern.split("."), host.split(".")
    if len(p_labels) != len(h_labels):
        return False
    for i, (p, h) in enumerate(zip(p_labels, h_labels, strict=True)):
        if i == 0 and p == "*":
            continue
        if p != h:
            return False
    return True


def has_san_extension(cert: x509.Certificate) -> bool:
    """Whether the certificate has a subjectAltName extension at all."""
    try:
        cert.extensions.get_extension_for_class(x509.SubjectAlternativeName)
    except x509.ExtensionNotFound:
        return False
    return True


def name_error(cert: x509.Certificate, host: str) -> str:
    """Go's ``VerifyHostname`` error text for ``host`` ("" when the name is covered)."""
    host = host.strip("[]")
    dns_names, ips = san_names(cert)
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        ip = None
    if ip is not None:
        if any(ipaddress.ip_address(candidate) == ip for candidate in ips):
            return ""
    elif any(_match_dns(name, host) for name in dns_names):
        return ""
    if not has_san_extension(cert) and _match_dns(common_name(cert), host):
        return "x509: certificate relies on legacy Common Name field, use SANs instead"
    if ip is not None:
        if not ips:
            return (
                f"x509: cannot validate certificate for {host} because it doesn't contain "
                "any IP SANs"
            )
        return f"x509: certificate is valid for {', '.join(ips)}, not {host}"
    if not dns_names:
        return f"x509: certificate is not valid for any names, but wanted to match {host}"
    return f"x509: certificate is valid for {', '.join(dns_names)}, not {host}"


def describe_names(cert: x509.Certificate) -> str:
    """The names a certificate covers, for the ``cert_names`` fact."""
    dns_names, ips = san_names(cert)
    names = dns_names + ips
    if names:
        return ",".join(names)
    cn = common_name(cert)
    return f"CN={cn} (no subjectAltName)" if cn else "(no names)"


def _utc(cert: x509.Certificate) -> tuple[dt.datetime, dt.datetime]:
    return cert.not_valid_before_utc, cert.not_valid_after_utc


def _iso(value: dt.datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def cert_facts(cert: x509.Certificate) -> dict[str, str]:
    """Facts about the leaf certificate."""
    before, after = _utc(cert)
    return {
        "cert_names": describe_names(cert)[:1000],
        "cert_issuer": cert.issuer.rfc4514_string()[:500] or "(empty issuer)",
        "cert_not_before": _iso(before),
        "cert_not_after": _iso(after),
    }


# ---------------------------------------------------------------- trust
@dataclass
class TrustSources:
    """Where trust comes from for one registry."""

    bundles: list[Path]
    cas: list[Path]
    client_pair: tuple[Path, Path] | None


def trust_sources(ctx: ProbeContext, registry: str) -> TrustSources:
    """System bundles that exist, certs.d CA files and the first client pair."""
    bundles = [p for p in ctx.host.ca_bundle_paths if p.is_file()]
    cas: list[Path] = []
    pair = None
    for d in certslib.dirs_for(ctx, registry):
        cas.extend(d.cas)
        if pair is None and d.client_pairs:
            pair = d.client_pairs[0]
    return TrustSources(bundles, cas, pair)


def _base_context(src: TrustSources, *, verify: bool) -> tuple[ssl.SSLContext, list[str]]:
    sslctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    sslctx.check_hostname = False
    sslctx.verify_mode = ssl.CERT_REQUIRED if verify else ssl.CERT_NONE
    notes = []
    if verify:
        for path in [*src.bundles, *src.cas]:
            try:
                sslctx.load_verify_locations(cafile=str(path))
            except (ssl.SSLError, OSError) as exc:
                notes.append(f"cannot load {path}: {exc}")
    if src.client_pair is not None:
        try:
            sslctx.load_cert_chain(str(src.client_pair[0]), str(src.client_pair[1]))
        except (ssl.SSLError, OSError) as exc:
            notes.append(f"cannot load client certificate {src.client_pair[0]}: {exc}")
    return sslctx, notes


def _issuer_file(cert: x509.Certificate, cas: list[Path]) -> str:
    for path in cas:
        try:
            data = path.read_bytes()[: 1 << 20]
            for ca in x509.load_pem_x509_certificates(data):
                if ca.subject == cert.issuer or ca.subject == cert.subject:
                    return str(path)
        except (OSError, ValueError):
            continue
    return ""


def _alert_kind(exc: BaseException) -> str:
    text = f"{getattr(exc, 'reason', '')} {exc}".upper()
    if any(a in text for a in _CLIENT_CERT_ALERTS):
        return "client_cert_required"
    return "handshake_failed"


# ---------------------------------------------------------------- the probe
@probe("tls.inspect")
async def inspect(ctx: ProbeContext, host: str, port: str = "", registry: str = "") -> ProbeResult:
    """Speak TLS to ``host:port`` and judge the certificate like a Go client.

    The ``port`` fact is always returned (443 when the registry has none), so commands
    such as ``openssl s_client -connect {{host}}:{{port}}`` are complete.
    """
    port = port_of(port, registry)
    if not port.isdigit():
        return unknown(f"{port!r} is not a TCP port")
    res = await _inspect(ctx, host, port, registry)
    return replace(res, facts=frozen({**res.facts, "port": port}))


async def _inspect(ctx: ProbeContext, host: str, port: str, registry: str) -> ProbeResult:
    """:func:`inspect` once the port is known."""
    bare = host.strip("[]")
    registry = registry or f"{host}:{port}"
    target = f"{host}:{port}"
    deadline = time.monotonic() + ctx.timeout * 0.9
    # the trust check needs a second handshake; never beyond the probe's own timeout
    hard = time.monotonic() + ctx.timeout
    sni = None if dns.is_ip_literal(bare) else bare
    src = trust_sources(ctx, registry)
    plain_ctx, notes = _base_context(src, verify=False)

    try:
        session = await handshake(bare, int(port), plain_ctx, sni, deadline)
    except PlainHTTP as exc:
        first = exc.first.split(b"\r\n", 1)[0].decode("latin-1", "replace")
        return result(
            "plain_http",
            f"{target} answers plain HTTP, not TLS (first line: {first!r})",
            "Go clients report: http: server gave HTTP response to HTTPS client",
            *notes,
        )
    except NoAnswer:
        return result(
            "no_answer",
            f"{target} accepts TCP but sends nothing back to a TLS ClientHello within "
            f"{ctx.timeout:g} s",
            "Go clients report: net/http: TLS handshake timeout, or i/o timeout, or context "
            "deadline exceeded",
        )
    except ssl.SSLError as exc:
        kind = _alert_kind(exc)
        summary = (
            f"{target} requires a client certificate ({exc.reason or exc})"
            if kind == "client_cert_required"
            else f"TLS handshake with {target} fails: {exc.reason or exc}"
        )
        return result(kind, summary, str(exc)[:300], *notes)
    except (OSError, TimeoutError) as exc:
        why = classify(exc) or type(exc).__name__
        if isinstance(exc, ConnectionResetError | BrokenPipeError):
            return result(
                "handshake_failed",
                f"{target} closed the connection during the TLS handshake (reset)",
                str(exc),
            )
        return result("no_connection", f"no TCP connection to {target}: {why}", str(exc))

    try:
        der = session.obj.getpeercert(binary_form=True)
        version = session.obj.version() or "?"
        try:
            answer = await request_v2(session, target, min(deadline, time.monotonic() + 1.5))
        except ssl.SSLError as exc:
            if _alert_kind(exc) == "client_cert_required":
                return result(
                    "client_cert_required",
                    f"{target} requires a client certificate ({exc.reason or exc})",
                    "no *.cert/*.key pair in certs.d for this registry"
                    if src.client_pair is None
                    else f"the pair {src.client_pair[0]} was offered and rejected",
                )
            answer = b""
        except (OSError, TimeoutError):
            answer = b""
    finally:
        session.close()

    if any(t in answer for t in _CLIENT_CERT_TEXTS):
        return result(
            "client_cert_required",
            f"{target} requires a client certificate (the server's answer says so)",
            answer.split(b"\r\n", 1)[0].decode("latin-1", "replace"),
        )
    if not der:
        return unknown(f"{target} completed a handshake but sent no certificate")
    try:
        cert = x509.load_der_x509_certificate(der)
    except ValueError as exc:
        return result(
            "handshake_failed", f"{target} sent a certificate that cannot be parsed: {exc}"
        )

    facts = cert_facts(cert)
    details = [
        f"TLS {version}; certificate for {facts['cert_names']}, issued by {facts['cert_issuer']}",
        f"valid {facts['cert_not_before']} .. {facts['cert_not_after']}",
        *notes,
    ]
    now = dt.datetime.now(dt.UTC)
    before, after = _utc(cert)
    stamp = _iso(now)
    if now > after:
        return result(
            "expired",
            f"the certificate of {target} expired on {facts['cert_not_after']} (this "
            f"machine's clock says {stamp})",
            f"Go: x509: certificate has expired or is not yet valid: current time {stamp} is "
            f"after {facts['cert_not_after']}",
            *details,
            facts=facts,
        )
    if now < before:
        return result(
            "not_yet_valid",
            f"the certificate of {target} is valid only from {facts['cert_not_before']} (this "
            f"machine's clock says {stamp})",
            f"Go: x509: certificate has expired or is not yet valid: current time {stamp} is "
            f"before {facts['cert_not_before']}",
            *details,
            facts=facts,
        )
    mismatch = name_error(cert, bare)
    if mismatch:
        return result(
            "name_mismatch",
            f"the certificate does not cover {bare!r}: it is for {facts['cert_names']}",
            f"Go: {mismatch}",
            *details,
            facts=facts,
        )
    return await _judge_trust(ctx, bare, int(port), sni, src, cert, facts, details, hard - 0.05)


async def _judge_trust(
    ctx: ProbeContext,
    host: str,
    port: int,
    sni: str | None,
    src: TrustSources,
    cert: x509.Certificate,
    facts: dict[str, str],
    details: list[str],
    deadline: float,
) -> ProbeResult:
    target = f"{host}:{port}"
    verify_ctx, notes = _base_context(src, verify=True)
    details = [*details, *notes]
    stores = [str(p) for p in [*src.bundles, *src.cas]]
    details.append("trust store: " + (", ".join(stores) if stores else "(none found)"))
    ca_file = _issuer_file(cert, src.cas)
    if ca_file:
        facts = {**facts, "ca_file": ca_file}
    try:
        session = await handshake(host, port, verify_ctx, sni, deadline)
    except ssl.SSLCertVerificationError as exc:
        code = getattr(exc, "verify_code", 0)
        message = getattr(exc, "verify_message", "") or str(exc)
        if code in (9, 10):  # a CA or intermediate outside its validity period
            return result(
                "expired" if code == 10 else "not_yet_valid",
                f"a certificate in the chain of {target} is outside its validity period "
                f"({message})",
                *details,
                facts=facts,
            )
        hint = {
            18: "the server certificate is self-signed",
            19: "the chain ends in a self-signed CA this machine does not trust",
            20: "the issuing CA is not trusted here, or the server does not send its "
            "intermediate certificate",
            21: "the issuing CA is not trusted here, or the server does not send its "
            "intermediate certificate",
            2: "the issuing CA is not trusted here, or an intermediate is missing",
        }.get(code, message)
        return result(
            "untrusted",
            f"the certificate of {target} (issued by {facts['cert_issuer']}) is not trusted: "
            f"{hint}",
            f"OpenSSL: {message} (code {code})",
            "Go: x509: certificate signed by unknown authority",
            *details,
            facts=facts,
        )
    except ssl.SSLError as exc:
        if _alert_kind(exc) == "client_cert_required":
            return result(
                "client_cert_required",
                f"{target} requires a client certificate ({exc.reason or exc})",
                *details,
                facts=facts,
            )
        return unknown(f"second TLS handshake with {target} failed: {exc.reason or exc}", *details)
    except (NoAnswer, PlainHTTP, OSError, TimeoutError) as exc:
        return unknown(f"second TLS handshake with {target} failed: {exc}", *details)
    session.close()
    return result(
        "ok",
        f"TLS on {target} works: certificate for {facts['cert_names']} is trusted and valid",
        *details,
        facts=facts,
    )
