"""auth.credentials and auth.check: real config files, real helper programs, real servers.

The registries are the distribution registry with htpasswd and with the lab's token
server; stand-ins cover what the lab does not do (a realm on a closed port, a realm that
redirects, a plain-HTTP realm on another host, which must never receive credentials).
"""

from __future__ import annotations

import asyncio
import base64
import json
import textwrap
from pathlib import Path

import pytest

from tests.probes.test_registry import StandIn, answer, make_ctx
from wizard.lab.servers import Lab, free_port
from wizard.probes.auth import check, credentials, normalize_key

pytestmark = pytest.mark.servers

PASSWORD = "pw-Zq8-alice-unique"
TOKEN_PW = "pw-Tk3-dave-unique"


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def write_config(root: Path, doc: object | str) -> dict[str, str]:
    """A DOCKER_CONFIG under ``root`` holding ``doc``; returns the env for the probe."""
    cfg = root / "dockercfg"
    cfg.mkdir(parents=True, exist_ok=True)
    text = doc if isinstance(doc, str) else json.dumps(doc)
    (cfg / "config.json").write_text(text)
    return {"DOCKER_CONFIG": str(cfg)}


def helper(bindir: Path, name: str, script: str) -> dict[str, str]:
    """Install an executable docker-credential-<name> (a small shell script)."""
    bindir.mkdir(parents=True, exist_ok=True)
    path = bindir / f"docker-credential-{name}"
    path.write_text("#!/bin/sh\n" + textwrap.dedent(script))
    path.chmod(0o755)
    return {"PATH": f"{bindir}:/usr/bin:/bin"}


def text_of(res) -> str:
    return " ".join([res.summary, *res.details, *res.facts.values()])


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    with Lab(tmp_path_factory.mktemp("lab-auth")) as lab:
        yield lab


@pytest.fixture(scope="module")
def basic_registry(lab):
    return lab.registry(htpasswd=lab.htpasswd({"alice": PASSWORD}))


@pytest.fixture(scope="module")
def token_registry(lab):
    tokens = lab.token_server(
        {
            "dave": {"password": TOKEN_PW, "actions": ["pull"]},
            "erin": {"password": TOKEN_PW, "actions": ["pull", "push"]},
        }
    )
    return lab.registry(token=tokens)


# ------------------------------------------------------------------ key spelling
@pytest.mark.parametrize(
    ("key", "want"),
    [
        ("https://index.docker.io/v1/", "docker.io"),
        ("registry-1.docker.io", "docker.io"),
        ("http://127.0.0.1:5000/v2/", "127.0.0.1:5000"),
        ("https://r.lan:5000", "r.lan:5000"),
        ("r.lan:5000", "r.lan:5000"),
    ],
)
def test_keys_are_normalised_like_the_docker_cli(key, want):
    assert normalize_key(key) == want


# ------------------------------------------------------------------ auth.credentials
def test_missing_when_nothing_is_stored(tmp_path):
    res = asyncio.run(credentials(make_ctx(tmp_path), "r.lan:5000"))
    assert res.outcome == "missing"
    assert res.facts["cred_source"] == "none"


def test_present_from_auth_blob_and_secret_registered(tmp_path):
    env = write_config(
        tmp_path, {"auths": {"http://r.lan:5000/v2/": {"auth": b64(f"alice:{PASSWORD}")}}}
    )
    ctx = make_ctx(tmp_path, env)
    res = asyncio.run(credentials(ctx, "r.lan:5000"))
    assert res.outcome == "present"
    assert res.facts["username"] == "alice"
    assert res.facts["cred_source"] == "auths"
    assert PASSWORD in ctx.redactor.secrets
    assert PASSWORD not in text_of(res) and b64(f"alice:{PASSWORD}") not in text_of(res)


def test_docker_hub_spellings(tmp_path):
    env = write_config(
        tmp_path, {"auths": {"https://index.docker.io/v1/": {"auth": b64("hubuser:x-hub-pw")}}}
    )
    res = asyncio.run(credentials(make_ctx(tmp_path, env), "docker.io"))
    assert res.outcome == "present" and res.facts["username"] == "hubuser"


def test_other_spelling(tmp_path):
    env = write_config(tmp_path, {"auths": {"localhost:5000": {"auth": b64(f"alice:{PASSWORD}")}}})
    res = asyncio.run(credentials(make_ctx(tmp_path, env), "127.0.0.1:5000"))
    assert res.outcome == "other_spelling"
    assert "localhost:5000" in res.summary


def test_identity_token_is_secret(tmp_path):
    token = "idtok-very-secret-abcdef"
    env = write_config(
        tmp_path, {"auths": {"r.lan": {"auth": b64("<token>:"), "identitytoken": token}}}
    )
    ctx = make_ctx(tmp_path, env)
    res = asyncio.run(credentials(ctx, "r.lan"))
    assert res.outcome == "present"
    assert token in ctx.redactor.secrets and token not in text_of(res)


def test_invalid_json_says_line_and_column(tmp_path):
    env = write_config(tmp_path, '{\n  "auths": {\n    "r.lan": {"auth": "x"},\n  }\n}\n')
    res = asyncio.run(credentials(make_ctx(tmp_path, env), "r.lan"))
    assert res.outcome == "config_invalid"
    assert "line 4, column 3" in text_of(res)
    assert res.facts["config_path"].endswith("config.json")


def test_helper_missing(tmp_path):
    env = write_config(tmp_path, {"credsStore": "desktop", "auths": {"r.lan": {}}})
    res = asyncio.run(credentials(make_ctx(tmp_path, env), "r.lan"))
    assert res.outcome == "helper_missing"
    assert res.facts["cred_helper"] == "desktop"


def test_real_helper_gets_the_server_url_on_stdin(tmp_path):
    secret = "helper-secret-Qw7-unique"
    env = write_config(tmp_path, {"credHelpers": {"r.lan:5000": "fake"}})
    env |= helper(
        tmp_path / "bin",
        "fake",
        f"""\
        read server
        echo "$server" > {tmp_path}/seen
        printf '{{"ServerURL":"%s","Username":"carol","Secret":"{secret}"}}' "$server"
        """,
    )
    ctx = make_ctx(tmp_path, env)
    res = asyncio.run(credentials(ctx, "r.lan:5000"))
    assert res.outcome == "present"
    assert res.facts["cred_source"] == "credHelpers" and res.facts["username"] == "carol"
    assert (tmp_path / "seen").read_text().strip() == "r.lan:5000"
    assert secret in ctx.redactor.secrets and secret not in text_of(res)


def test_helper_without_entry_is_missing(tmp_path):
    env = write_config(tmp_path, {"credsStore": "fake"})
    env |= helper(
        tmp_path / "bin", "fake", "echo 'credentials not found in native keychain'; exit 1\n"
    )
    res = asyncio.run(credentials(make_ctx(tmp_path, env), "r.lan"))
    assert res.outcome == "missing"


def test_failing_helper(tmp_path):
    env = write_config(tmp_path, {"credsStore": "fake"})
    env |= helper(
        tmp_path / "bin",
        "fake",
        "echo 'Cannot autolaunch D-Bus without X11 $DISPLAY' >&2; exit 1\n",
    )
    res = asyncio.run(credentials(make_ctx(tmp_path, env), "r.lan"))
    assert res.outcome == "helper_failed"
    assert "D-Bus" in text_of(res)


def test_helper_name_with_a_path_is_not_run(tmp_path):
    env = write_config(tmp_path, {"credsStore": "../../../bin/sh"})
    res = asyncio.run(credentials(make_ctx(tmp_path, env), "r.lan"))
    assert res.outcome == "helper_failed"


def test_hanging_helper_is_cut_off(tmp_path):
    env = write_config(tmp_path, {"credsStore": "fake"})
    env |= helper(tmp_path / "bin", "fake", "sleep 30\n")
    res = asyncio.run(credentials(make_ctx(tmp_path, env, timeout=1.0), "r.lan"))
    assert res.outcome == "helper_failed" and "timed out" in text_of(res)


def test_containers_auth_file(tmp_path):
    auth = tmp_path / "auth.json"
    auth.write_text(json.dumps({"auths": {"r.lan": {"auth": b64("podman-user:pm-pw-999")}}}))
    res = asyncio.run(credentials(make_ctx(tmp_path, {"REGISTRY_AUTH_FILE": str(auth)}), "r.lan"))
    assert res.outcome == "present" and res.facts["config_path"] == str(auth)


# ------------------------------------------------------------------ auth.check
def test_basic_anonymous_wrong_and_right(basic_registry, tmp_path):
    reg = basic_registry.hostport
    assert asyncio.run(check(make_ctx(tmp_path), reg, "t/app")).outcome == "anonymous_denied"
    env = write_config(tmp_path / "a", {"auths": {reg: {"auth": b64("alice:not-the-password")}}})
    assert asyncio.run(check(make_ctx(tmp_path, env), reg, "t/app")).outcome == "rejected"
    env = write_config(tmp_path / "b", {"auths": {reg: {"auth": b64(f"alice:{PASSWORD}")}}})
    res = asyncio.run(check(make_ctx(tmp_path, env), reg, "t/app"))
    assert res.outcome == "push_allowed" and res.facts["auth_scheme"] == "Basic"


def test_token_grants(token_registry, tmp_path):
    reg = token_registry.hostport
    res = asyncio.run(check(make_ctx(tmp_path), reg, "t/app"))
    assert res.outcome == "anonymous_denied" and res.facts["granted"] == "pull"
    cases = {"dave": "pull_only", "erin": "push_allowed"}
    for user, want in cases.items():
        env = write_config(tmp_path / user, {"auths": {reg: {"auth": b64(f"{user}:{TOKEN_PW}")}}})
        ctx = make_ctx(tmp_path, env)
        res = asyncio.run(check(ctx, reg, "t/app"))
        assert res.outcome == want, res
        assert TOKEN_PW not in text_of(res)
    env = write_config(tmp_path / "bad", {"auths": {reg: {"auth": b64("dave:wrong-pw-000")}}})
    assert asyncio.run(check(make_ctx(tmp_path, env), reg, "t/app")).outcome == "rejected"


def test_no_auth(lab, tmp_path):
    reg = lab.registry()
    assert asyncio.run(check(make_ctx(tmp_path), reg.hostport, "t/app")).outcome == "no_auth"


def _bearer_registry(realm: str):
    def handle(req):
        answer(
            req,
            401,
            b'{"errors":[{"code":"UNAUTHORIZED"}]}',
            WWW_Authenticate=f'Bearer realm="{realm}",service="svc"',
            Docker_Distribution_Api_Version="registry/2.0",
        )

    return handle


def test_realm_unreachable_is_token_service_error(tmp_path):
    with StandIn(_bearer_registry(f"http://127.0.0.1:{free_port()}/token")) as reg:
        env = write_config(tmp_path, {"auths": {reg.hostport: {"auth": b64("u:realm-pw-1")}}})
        res = asyncio.run(check(make_ctx(tmp_path, env), reg.hostport, "t/app"))
    assert res.outcome == "token_service_error"
    assert "cannot be reached" in res.summary


def test_realm_redirect_is_not_followed(tmp_path):
    with StandIn(lambda r: answer(r, 302, Location="http://127.0.0.1:9/elsewhere")) as realm:
        with StandIn(_bearer_registry(f"http://127.0.0.1:{realm.port}/token")) as reg:
            env = write_config(tmp_path, {"auths": {reg.hostport: {"auth": b64("u:realm-pw-2")}}})
            res = asyncio.run(check(make_ctx(tmp_path, env), reg.hostport, "t/app"))
        assert len(realm.requests) == 1
    assert res.outcome == "token_service_error" and "redirect" in res.summary


def test_realm_not_json(tmp_path):
    with StandIn(lambda r: answer(r, 200, b"<html>login</html>")) as realm:
        with StandIn(_bearer_registry(f"http://127.0.0.1:{realm.port}/token")) as reg:
            env = write_config(tmp_path, {"auths": {reg.hostport: {"auth": b64("u:realm-pw-3")}}})
            res = asyncio.run(check(make_ctx(tmp_path, env), reg.hostport, "t/app"))
    assert res.outcome == "token_service_error" and "JSON" in res.summary


def test_no_credentials_over_plain_http_to_another_host(tmp_path):
    """The realm is plain HTTP on another host name: the wizard must not send the password."""
    with StandIn(lambda r: answer(r, 200, b'{"token":"x"}')) as realm:
        with StandIn(_bearer_registry(f"http://localhost:{realm.port}/token")) as reg:
            env = write_config(
                tmp_path, {"auths": {reg.hostport: {"auth": b64("u:never-sent-pw")}}}
            )
            res = asyncio.run(check(make_ctx(tmp_path, env), reg.hostport, "t/app"))
        assert realm.requests == []
    assert res.outcome == "unknown"
    assert "plain HTTP on another host" in res.summary
