"""Daemon scenarios: a daemon.json that keeps dockerd from starting.

No Docker engine runs on the lab machines, and none is needed for the first failure a
person sees: skopeo copies the locally built image out of the Docker daemon
(``docker-daemon:`` transport) and finds nothing listening on the daemon socket, because
dockerd refused to start with the broken daemon.json under ``--root``. The wizard must
get from "Cannot connect to the Docker daemon" to the JSON mistake, with line and column.

"daemon.json fixed but not loaded": the real docker CLI pushes through a stand-in
dockerd socket (:mod:`wizard.lab.fake_docker`) whose recorded /info lacks the registry
that daemon.json under ``--root`` lists; the stand-in contacts the real plain-HTTP
registry the way dockerd does, so the CLI prints dockerd's real error.
"""

from __future__ import annotations

import json

from wizard.lab.client import hosts_file
from wizard.lab.fake_docker import make_info
from wizard.lab.scenarios import Setup, scenario
from wizard.lab.servers import Lab, require

BROKEN_DAEMON_JSON = """\
{
  "insecure-registries": ["registry.lab:5000"],
  "registry-mirrors": ["https://mirror.lab"],
}
"""
"""A trailing comma after the last entry: the most common daemon.json mistake."""


@scenario(
    "daemon-json-invalid",
    category="daemon.config",
    title="daemon.json is not valid JSON, so dockerd never started",
    broken="/etc/docker/daemon.json has a trailing comma; dockerd refuses to start and its "
    "socket is missing, so copying the image out of the daemon fails.",
    hint="Read the daemon's own error (journalctl -u docker), fix the JSON at the line and "
    "column the wizard shows, validate with dockerd --validate, then start dockerd.",
)
def daemon_json_invalid(lab: Lab) -> Setup:
    reg = lab.registry()
    root = lab.path("root")
    (root / "etc" / "docker").mkdir(parents=True)
    (root / "etc" / "docker" / "daemon.json").write_text(BROKEN_DAEMON_JSON)
    (root / "var" / "run").mkdir(parents=True)
    socket = f"unix://{root / 'var' / 'run' / 'docker.sock'}"  # dockerd is not running
    ref = f"{reg.hostport}/lab/app:v1"
    push = [
        require("skopeo"),
        "--insecure-policy",
        "--command-timeout",
        "20s",
        "copy",
        "--src-daemon-host",
        socket,
        "--dest-tls-verify=false",
        "docker-daemon:lab/app:v1",
        f"docker://{ref}",
    ]
    return Setup(
        registry=reg.hostport,
        image=ref,
        push=push,
        env={"DOCKER_HOST": socket},
        root=root,
        push_shell=f"skopeo copy --src-daemon-host {socket} docker-daemon:lab/app:v1 docker://{ref}",
    )


@scenario(
    "daemon-json-not-loaded",
    category="daemon.config",
    title="daemon.json was fixed, but the running dockerd never loaded it",
    broken="The registry speaks plain HTTP. Someone added it to insecure-registries in "
    "/etc/docker/daemon.json but did not restart dockerd, so the running daemon still "
    "insists on HTTPS.",
    hint="Compare daemon.json with `docker info` (Insecure Registries); restart or reload "
    "dockerd so it reads the file again.",
)
def daemon_json_not_loaded(lab: Lab) -> Setup:
    reg = lab.registry()
    registry = f"registry.test:{reg.port}"
    root = lab.path("root")
    (root / "etc" / "docker").mkdir(parents=True)
    (root / "etc" / "docker" / "daemon.json").write_text(
        json.dumps({"insecure-registries": [registry]}, indent=2)
    )
    sock = lab.fake_docker(
        root / "var" / "run" / "docker.sock", make_info(), {"registry.test": "127.0.0.1"}
    )
    env = {"DOCKER_HOST": f"unix://{sock}", "DOCKER_CONFIG": str(lab.path("docker-config"))}
    ref = f"{registry}/lab/hello:v1"
    return Setup(
        registry=registry,
        image=ref,
        push=[require("docker"), "push", ref],
        env=env,
        root=root,
        hosts=hosts_file(lab.path("hosts") / "hosts", {"registry.test": "127.0.0.1"}),
        push_shell=f"docker push {ref}",
    )
