"""Credential scenarios: no login, a wrong stored password, an account that may only pull.

Each registry speaks plain HTTP on loopback (the push uses ``--dest-tls-verify=false``, as
people do for a lab registry), so the failure is about credentials alone. Credentials live
in a docker ``config.json`` under the lab's own ``DOCKER_CONFIG``; the push reads the same
file as its authfile, so what the wizard finds is what the client sent.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

from wizard.lab.scenarios import Setup, push, scenario
from wizard.lab.servers import Lab

LAB_PASSWORD = "lab-s3cret-pw"  # noqa: S105 - a lab-only password, printed by `lab start`


def client_env(
    lab: Lab, auths: dict[str, tuple[str, str]] | None = None
) -> tuple[dict[str, str], Path]:
    """An isolated HOME and DOCKER_CONFIG (with ``auths`` as user/password) for push and diagnose."""
    home = lab.path("home")
    config_dir = home / ".docker"
    config_dir.mkdir(parents=True, exist_ok=True)
    config = config_dir / "config.json"
    entries = {
        registry: {"auth": base64.b64encode(f"{user}:{password}".encode()).decode()}
        for registry, (user, password) in (auths or {}).items()
    }
    config.write_text(json.dumps({"auths": entries}, indent=1) + "\n")
    config.chmod(0o600)
    env = {
        "HOME": str(home),
        "DOCKER_CONFIG": str(config_dir),
        "XDG_RUNTIME_DIR": str(lab.path("runtime")),
        "XDG_CONFIG_HOME": str(home / ".config"),
    }
    return env, config


@scenario(
    "auth-not-logged-in",
    category="auth.not_logged_in",
    title="The registry needs a login and none is stored",
    broken="The registry uses htpasswd (Basic) auth; config.json has no entry for it.",
    hint="Log in with the registry host exactly as written in the image name, password on stdin.",
)
def not_logged_in(lab: Lab) -> Setup:
    reg = lab.registry(htpasswd=lab.htpasswd({"alice": LAB_PASSWORD}))
    env, config = client_env(lab)
    ref = f"{reg.hostport}/lab/hello:v1"
    return Setup(
        registry=reg.hostport,
        image=ref,
        push=push(lab, ref, tls_verify=False, authfile=config),
        env=env,
        push_shell=f"skopeo copy --dest-tls-verify=false oci:IMAGE docker://{ref}",
    )


@scenario(
    "auth-wrong-password",
    category="auth.bad_credentials",
    title="The stored password is wrong",
    broken="config.json holds alice with an old password; the registry's htpasswd has the new one.",
    hint="Log out and log in again with the current password.",
)
def wrong_password(lab: Lab) -> Setup:
    reg = lab.registry(htpasswd=lab.htpasswd({"alice": LAB_PASSWORD}))
    env, config = client_env(lab, {reg.hostport: ("alice", "an-old-password")})
    ref = f"{reg.hostport}/lab/hello:v1"
    return Setup(
        registry=reg.hostport,
        image=ref,
        push=push(lab, ref, tls_verify=False, authfile=config),
        env=env,
        push_shell=f"DOCKER_CONFIG={env['DOCKER_CONFIG']} skopeo copy --dest-tls-verify=false "
        f"--dest-authfile {config} oci:IMAGE docker://{ref}",
    )


@scenario(
    "auth-pull-only",
    category="auth.permission_denied",
    title="The account may pull but not push",
    broken="Token auth: the token server grants dave pull only on every repository.",
    hint="Find out which actions the token grants, then push with an account that may push.",
)
def pull_only(lab: Lab) -> Setup:
    tokens = lab.token_server(
        {
            "dave": {"password": LAB_PASSWORD, "actions": ["pull"]},
            "erin": {"password": LAB_PASSWORD, "actions": ["pull", "push"]},
        }
    )
    reg = lab.registry(token=tokens)
    env, config = client_env(lab, {reg.hostport: ("dave", LAB_PASSWORD)})
    ref = f"{reg.hostport}/lab/hello:v1"
    return Setup(
        registry=reg.hostport,
        image=ref,
        push=push(lab, ref, tls_verify=False, authfile=config),
        env=env,
        push_shell=f"skopeo copy --dest-tls-verify=false --dest-authfile {config} "
        f"oci:IMAGE docker://{ref}",
    )
