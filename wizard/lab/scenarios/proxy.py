"""Proxy scenarios: a dead proxy, NO_PROXY without the registry, 407, CONNECT port limits.

Go never proxies localhost or loopback IPs, so the registry is reached by the name
``registry.test`` from a private /etc/hosts (mount namespace) for the push and diagnose.
Proxy settings reach both through the environment, as in a real shell.
"""

from __future__ import annotations

from wizard.lab.certs import LAB_NAME
from wizard.lab.client import hosts_file
from wizard.lab.scenarios import Setup, push, scenario
from wizard.lab.servers import Lab, free_port


def _named_registry(lab: Lab, env: dict[str, str], *, push_timeout: int = 10) -> Setup:
    """A TLS registry reached as registry.test:PORT, CA given, pushed with ``env``."""
    reg = lab.registry(tls=lab.certs.named)
    registry = f"{LAB_NAME}:{reg.port}"
    ref = f"{registry}/lab/hello:v1"
    cert_dir = lab.path("certdir")
    (cert_dir / "ca.crt").write_bytes(lab.certs.ca.crt.read_bytes())
    hosts = hosts_file(lab.path("hosts") / "hosts", {LAB_NAME: "127.0.0.1"})
    shell_env = " ".join(f"{k}={v}" for k, v in env.items())
    return Setup(
        registry=registry,
        image=ref,
        push=push(lab, ref, cert_dir=cert_dir, timeout=push_timeout),
        env=env,
        root=lab.path("root"),
        hosts=hosts,
        push_shell=f"{shell_env} skopeo copy --dest-cert-dir CERTDIR oci:IMAGE docker://{ref}",
    )


@scenario(
    "proxy-dead",
    category="proxy.misconfigured",
    title="HTTPS_PROXY points at a proxy that is not running",
    broken="The shell exports HTTPS_PROXY for a port where nothing listens.",
    hint="Fix the proxy address, or exempt the registry with NO_PROXY.",
)
def dead_proxy(lab: Lab) -> Setup:
    return _named_registry(lab, {"HTTPS_PROXY": f"http://127.0.0.1:{free_port()}"})


@scenario(
    "proxy-no-proxy-missing",
    category="proxy.misconfigured",
    title="NO_PROXY lists other hosts, not the registry",
    broken="NO_PROXY exempts localhost and 127.0.0.1, but the registry is pushed to by name, "
    "and the proxy cannot be used.",
    hint="Add the registry's name (or .test) to NO_PROXY: Go never matches a name "
    "against IP entries.",
)
def no_proxy_missing(lab: Lab) -> Setup:
    env = {
        "HTTPS_PROXY": f"http://127.0.0.1:{free_port()}",
        "NO_PROXY": "localhost,127.0.0.1,.example.com",
    }
    return _named_registry(lab, env)


@scenario(
    "proxy-auth-required",
    category="proxy.misconfigured",
    title="The proxy wants credentials",
    broken="tinyproxy requires Basic authentication; HTTPS_PROXY has no user or password.",
    hint="Put the proxy user and password in the proxy URL (read the password, do not "
    "type it on the command line).",
)
def auth_required(lab: Lab) -> Setup:
    proxy = lab.tinyproxy(basic_auth=("proxyuser", "proxy-secret"))
    return _named_registry(lab, {"HTTPS_PROXY": proxy.url})


@scenario(
    "proxy-connect-port",
    category="proxy.misconfigured",
    title="The proxy tunnels only to port 443",
    broken="tinyproxy allows CONNECT to 443 and 563 only (Debian's default); the registry "
    "is on another port.",
    hint="Exempt the registry with NO_PROXY, or allow its port on the proxy.",
)
def connect_port(lab: Lab) -> Setup:
    proxy = lab.tinyproxy(connect_ports=[443, 563])
    return _named_registry(lab, {"HTTPS_PROXY": proxy.url})


@scenario(
    "proxy-https-scheme",
    category="proxy.misconfigured",
    title="HTTPS_PROXY is written with https:// for a plain-HTTP proxy",
    broken="The proxy URL says https://, so Go speaks TLS to tinyproxy, which speaks plain HTTP.",
    hint="Write the proxy URL with http:// (the tunnel to the registry is still TLS).",
)
def https_scheme(lab: Lab) -> Setup:
    proxy = lab.tinyproxy()
    # tinyproxy never answers a ClientHello: skopeo times out, so keep its timeout short
    return _named_registry(lab, {"HTTPS_PROXY": f"https://127.0.0.1:{proxy.port}"}, push_timeout=3)
