"""registry.ping against the real distribution registry, nginx and loopback stand-ins.

Also the WWW-Authenticate parser (quoted strings with commas, escapes, several
challenges) and the StandIn server the other probe tests of this slice reuse.
"""

from __future__ import annotations

import asyncio
import shutil
import threading
from collections.abc import Callable, Iterator
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from wizard.host import Host
from wizard.lab.servers import Lab, free_port
from wizard.probes._regclient import parse_challenges, pick_challenge
from wizard.probes.base import ProbeContext
from wizard.probes.registry import ping

pytestmark = pytest.mark.servers

Handler = Callable[[BaseHTTPRequestHandler], None]


class StandIn:
    """A tiny HTTP server on 127.0.0.1 whose answers a test scripts per request.

    ``handler(req)`` answers each request; ``requests`` records (method, path, headers).
    """

    def __init__(self, handler: Handler) -> None:
        outer = self
        self.requests: list[tuple[str, str, dict[str, str]]] = []

        class H(BaseHTTPRequestHandler):
            def _any(self) -> None:
                outer.requests.append((self.command, self.path, dict(self.headers)))
                handler(self)

            do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = do_HEAD = _any

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), H)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def hostport(self) -> str:
        return f"127.0.0.1:{self.port}"

    def __enter__(self) -> StandIn:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)


def answer(req: BaseHTTPRequestHandler, status: int, body: bytes = b"", **headers: str) -> None:
    """Send a complete answer from a StandIn handler (a given Date replaces the real one)."""
    if "Date" in headers:
        req.log_request(status)
        req.send_response_only(status)
    else:
        req.send_response(status)
    for name, value in headers.items():
        req.send_header(name.replace("_", "-"), value)
    req.send_header("Content-Length", str(len(body)))
    req.end_headers()
    if req.command != "HEAD":
        req.wfile.write(body)


def make_ctx(
    root: Path | None = None, env: dict[str, str] | None = None, **kw: object
) -> ProbeContext:
    """A context on a private root and environment (nothing of the developer's machine)."""
    base = {"PATH": "/usr/bin:/bin", "HOME": str(root / "home") if root else "/nonexistent"}
    host = Host.from_root(root, {**base, **(env or {})}) if root else Host.from_root(None, base)
    return ProbeContext(host=host, timeout=kw.pop("timeout", 3.0), **kw)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def lab(tmp_path_factory) -> Iterator[Lab]:
    with Lab(tmp_path_factory.mktemp("lab-registry")) as lab:
        yield lab


@pytest.fixture(scope="module")
def basic_registry(lab):
    return lab.registry(htpasswd=lab.htpasswd({"alice": "pw-alice-123"}))


# ------------------------------------------------------------------ challenge parser
def test_challenge_with_quoted_commas_and_escapes():
    header = (
        'Bearer realm="https://auth.example.com/token?a=1,b=2",service="reg, \\"main\\"",'
        'scope="repository:team/app:pull,push", Basic realm="fallback"'
    )
    chs = parse_challenges(header)
    assert [c.scheme for c in chs] == ["bearer", "basic"]
    assert chs[0].realm == "https://auth.example.com/token?a=1,b=2"
    assert chs[0].params["service"] == 'reg, "main"'
    assert chs[0].params["scope"] == "repository:team/app:pull,push"
    assert chs[1].realm == "fallback"
    assert pick_challenge(chs).scheme == "bearer"


@pytest.mark.parametrize(
    "header",
    ["", ",,,", "Bearer", "Bearer realm=", 'Bearer realm="unterminated', "=x", "Basic realm=x,,"],
)
def test_challenge_parser_never_raises(header):
    chs = parse_challenges(header)
    assert all(isinstance(c.params, dict) for c in chs)


def test_unquoted_token_values():
    (ch,) = parse_challenges("Bearer realm=https://a/b,service=reg")
    assert ch.realm == "https://a/b" and ch.params["service"] == "reg"


# ------------------------------------------------------------------ real servers
def test_plain_http_registry_with_basic_auth(basic_registry, tmp_path):
    res = asyncio.run(ping(make_ctx(tmp_path), basic_registry.hostport))
    assert res.outcome == "plain_http_only"
    assert res.facts["scheme"] == "http"
    assert res.facts["status"] == "401"
    assert res.facts["auth_scheme"] == "Basic"
    assert res.facts["realm"] == "lab-realm"
    assert abs(float(res.facts["clock_skew"])) < 5


def test_tls_registry_trusted_through_certs_d(lab, tmp_path):
    reg = lab.registry(tls=lab.certs.good, htpasswd=lab.htpasswd({"bob": "pw-bob-456"}))
    root = tmp_path / "root"
    certs = root / "etc/docker/certs.d" / reg.hostport
    certs.mkdir(parents=True)
    shutil.copy(lab.certs.ca.crt, certs / "ca.crt")
    res = asyncio.run(ping(make_ctx(root), reg.hostport))
    assert res.outcome == "auth_basic", res
    assert res.facts["scheme"] == "https"


def test_tls_registry_untrusted(lab, tmp_path):
    reg = lab.registry(tls=lab.certs.good)
    res = asyncio.run(ping(make_ctx(tmp_path / "emptyroot"), reg.hostport))
    assert res.outcome == "tls_error"
    assert "certificate" in (res.summary + " ".join(res.details)).lower()


def test_bearer_challenge_realm_and_service(lab, tmp_path):
    tokens = lab.token_server({"dave": {"password": "pw-dave-789", "actions": ["pull"]}})
    reg = lab.registry(token=tokens)
    res = asyncio.run(ping(make_ctx(tmp_path), reg.hostport))
    assert res.outcome == "plain_http_only"
    assert res.facts["auth_scheme"] == "Bearer"
    assert res.facts["realm"] == tokens.realm
    assert res.facts["service"] == tokens.service


def test_nginx_with_dead_upstream_is_bad_gateway(lab, tmp_path):
    ng = lab.nginx(
        [
            f"server {{ listen {{listen}}; location /v2/ {{ proxy_pass http://127.0.0.1:{free_port()}; }} }}"
        ]
    )
    res = asyncio.run(ping(make_ctx(tmp_path), f"127.0.0.1:{ng.ports[0]}"))
    assert res.outcome == "bad_gateway"
    assert res.facts["status"] == "502"
    assert res.facts["server"].startswith("nginx")


def test_nothing_listening(tmp_path):
    res = asyncio.run(ping(make_ctx(tmp_path), f"127.0.0.1:{free_port()}"))
    assert res.outcome == "no_connection"


def test_not_a_registry(tmp_path):
    with StandIn(lambda r: answer(r, 404, b"<html>nope</html>", Content_Type="text/html")) as s:
        res = asyncio.run(ping(make_ctx(tmp_path), s.hostport))
    assert res.outcome == "not_registry"


def test_server_error_and_forbidden(tmp_path):
    with StandIn(
        lambda r: answer(r, 500, b'{"errors":[]}', Docker_Distribution_Api_Version="registry/2.0")
    ) as s:
        assert asyncio.run(ping(make_ctx(tmp_path), s.hostport)).outcome == "server_error"
    with StandIn(lambda r: answer(r, 403, b"forbidden")) as s:
        assert asyncio.run(ping(make_ctx(tmp_path), s.hostport)).outcome == "forbidden"


def test_body_read_is_bounded(tmp_path):
    """A server that streams a huge body cannot make the probe read it all."""
    from wizard.probes.base import MAX_BODY

    def huge(req):
        req.send_response(500)
        req.send_header("Content-Length", str(50 * MAX_BODY))
        req.end_headers()
        try:
            for _ in range(50):
                req.wfile.write(b"x" * MAX_BODY)
        except OSError:
            pass

    with StandIn(huge) as s:
        res = asyncio.run(ping(make_ctx(tmp_path), s.hostport))
    assert res.outcome == "server_error"
    assert len(" ".join(res.details)) < 2000


def test_silent_server_times_out(tmp_path):
    import socket

    with socket.socket() as srv:
        srv.bind(("127.0.0.1", 0))
        srv.listen(5)
        port = srv.getsockname()[1]
        res = asyncio.run(ping(make_ctx(tmp_path, timeout=0.6), f"127.0.0.1:{port}"))
    assert res.outcome == "timeout"


def test_date_header_gives_clock_skew(tmp_path):
    skewed = formatdate(timeval=__import__("time").time() + 3600, usegmt=True)
    with StandIn(
        lambda r: answer(r, 200, b"{}", Docker_Distribution_Api_Version="registry/2.0", Date=skewed)
    ) as s:
        res = asyncio.run(ping(make_ctx(tmp_path), s.hostport))
    assert res.outcome == "plain_http_only"
    assert 3500 < float(res.facts["clock_skew"]) < 3700


def test_tls_registry_trusted_through_rootless_certs_d(lab, tmp_path):
    """podman/skopeo rootless read ~/.config/containers/certs.d/<host:port>/ too."""
    reg = lab.registry(tls=lab.certs.good)
    xdg = tmp_path / "xdg"
    certs = xdg / "containers/certs.d" / reg.hostport
    certs.mkdir(parents=True)
    shutil.copy(lab.certs.ca.crt, certs / "ca.crt")
    res = asyncio.run(
        ping(make_ctx(tmp_path / "root", {"XDG_CONFIG_HOME": str(xdg)}), reg.hostport)
    )
    assert res.outcome == "ok", res
    # a CA for another spelling of the registry does not count (keys are exact host:port)
    other = tmp_path / "root2" / "etc/docker/certs.d" / f"localhost:{reg.port}"
    other.mkdir(parents=True)
    shutil.copy(lab.certs.ca.crt, other / "ca.crt")
    res = asyncio.run(ping(make_ctx(tmp_path / "root2"), reg.hostport))
    assert res.outcome == "tls_error"
