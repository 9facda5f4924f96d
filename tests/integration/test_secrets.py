"""Secrets from config.json and credential helpers never appear in any output.

A real registry (htpasswd) and a real token server; a DOCKER_CONFIG whose config.json has
an ``auth`` blob, an ``identitytoken`` and a ``credHelpers`` entry whose helper program
returns a secret. ``registry-wizard diagnose`` runs in every format (with and without the
write probe) and ``registry-wizard probe auth.credentials/auth.check --json`` for each
registry; no secret, nor its base64 form, nor the ``user:secret`` blob may appear in
stdout or stderr.
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from wizard.lab.servers import Lab

pytestmark = pytest.mark.servers

BLOB_PW = "Blob-Pw-7fX2-Secret"
HELPER_SECRET = "Helper-Secret-9kQ4-Value"
IDENTITY_TOKEN = "IdTok-3mZ8-Refresh-Secret"
TOKEN_PW = "Token-Pw-5vR1-Secret"


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def forbidden() -> list[str]:
    words = []
    for secret, user in (
        (BLOB_PW, "alice"),
        (HELPER_SECRET, "carol"),
        (IDENTITY_TOKEN, "<token>"),
        (TOKEN_PW, "dave"),
    ):
        words += [secret, b64(secret), b64(f"{user}:{secret}")]
    return words


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    base = tmp_path_factory.mktemp("secrets")
    with Lab(base / "lab") as lab:
        basic = lab.registry(htpasswd=lab.htpasswd({"alice": BLOB_PW, "carol": HELPER_SECRET}))
        helper_reg = lab.registry(htpasswd=lab.htpasswd({"carol": HELPER_SECRET}))
        tokens = lab.token_server({"dave": {"password": TOKEN_PW, "actions": ["pull"]}})
        token_reg = lab.registry(token=tokens)
        ident_reg = lab.registry(token=tokens)
        home = base / "home"
        cfg = home / ".docker"
        cfg.mkdir(parents=True)
        (cfg / "config.json").write_text(
            json.dumps(
                {
                    "auths": {
                        basic.hostport: {"auth": b64(f"alice:{BLOB_PW}")},
                        f"http://{token_reg.hostport}/v2/": {"auth": b64(f"dave:{TOKEN_PW}")},
                        ident_reg.hostport: {
                            "auth": b64("<token>:"),
                            "identitytoken": IDENTITY_TOKEN,
                        },
                    },
                    "credHelpers": {helper_reg.hostport: "wizardtest"},
                },
                indent=1,
            )
        )
        bindir = base / "bin"
        bindir.mkdir()
        helper = bindir / "docker-credential-wizardtest"
        helper.write_text(
            "#!/bin/sh\nread server\n"
            + textwrap.dedent(
                f"""\
                printf '{{"ServerURL":"%s","Username":"carol","Secret":"{HELPER_SECRET}"}}' "$server"
                echo "debug: handing out {HELPER_SECRET}" >&2
                """
            )
        )
        helper.chmod(0o755)
        env = {
            **os.environ,
            "HOME": str(home),
            "DOCKER_CONFIG": str(cfg),
            "PATH": f"{bindir}:{os.environ.get('PATH', '/usr/bin:/bin')}",
            "XDG_RUNTIME_DIR": str(base / "run"),
            "NO_COLOR": "1",
        }
        yield {
            "env": env,
            "registries": [
                basic.hostport,
                helper_reg.hostport,
                token_reg.hostport,
                ident_reg.hostport,
            ],
        }


def cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "wizard", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        cwd=Path(__file__).parent,
    )


def assert_clean(ran: subprocess.CompletedProcess[str], what: str) -> None:
    out = ran.stdout + ran.stderr
    leaked = [w for w in forbidden() if w in out]
    assert leaked == [], f"{what} leaked {leaked}"


ERRORS = [
    'time="2026-12-04T19:32:04Z" level=fatal msg="trying to reuse blob sha256:1acd at destination: '
    'checking whether a blob sha256:1acd exists in {reg}/team/app: unauthorized: authentication required"',
    "Error response from daemon: login attempt to http://{reg}/v2/ failed with status: 401 Unauthorized",
    "denied: requested access to the resource is denied",
]


@pytest.mark.parametrize("fmt", ["text", "json", "markdown"])
def test_diagnose_never_prints_a_secret(world, fmt):
    runs = [(reg, ERRORS[0], True) for reg in world["registries"]]
    runs += [(world["registries"][0], e, False) for e in ERRORS[1:]]
    runs += [(world["registries"][2], ERRORS[2], False)]
    for reg, error, write in runs:
        args = [
            "diagnose",
            "--format",
            fmt,
            "--error",
            error.format(reg=reg),
            "--registry",
            reg,
            "--image",
            f"{reg}/team/app:1",
            "--timeout",
            "3",
        ]
        if write:
            args.append("--allow-write-probes")
        ran = cli(world["env"], *args)
        assert ran.returncode in (0, 3), ran.stderr[-500:]
        if fmt == "json":
            doc = json.loads(ran.stdout)
            assert doc["path"], doc
        assert_clean(ran, f"diagnose --format {fmt} for {reg}")


def test_probes_json_never_print_a_secret(world):
    seen = set()
    for reg in world["registries"]:
        for probe in ("auth.credentials", "auth.check"):
            args = [f"registry={reg}"] + (["repository=team/app"] if probe == "auth.check" else [])
            ran = cli(world["env"], "probe", probe, *args, "--json")
            assert ran.returncode == 0, ran.stderr[-500:]
            doc = json.loads(ran.stdout)
            seen.add(doc.get("outcome"))
            assert_clean(ran, f"probe {probe} for {reg}")
    # the credentials were really found and used (the test is not vacuous)
    assert {"present", "push_allowed", "pull_only"} <= seen, seen


def test_a_pasted_secret_is_masked_once_known(world):
    """A paste that quotes the stored password is masked in the report too."""
    reg = world["registries"][0]
    error = f"unauthorized: authentication required (I used password {BLOB_PW})"
    for fmt in ("text", "json", "markdown"):
        ran = cli(
            world["env"],
            "diagnose",
            "--format",
            fmt,
            "--error",
            error,
            "--registry",
            reg,
            "--image",
            f"{reg}/team/app:1",
        )
        assert_clean(ran, f"diagnose with a pasted secret, {fmt}")
