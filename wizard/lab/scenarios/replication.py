"""Replication scenario: the tag was pushed to one registry, pulled from its replica.

Two real registries stand for a primary and a replica that has not received the image
yet. The push to the primary succeeds (during setup); the failing command is the pull
from the replica. diagnose is told the endpoints (``--fact endpoints=A,B``) and must see
that the tag exists on one and not the other.
"""

from __future__ import annotations

from wizard.lab.client import make_image, push_argv, run
from wizard.lab.scenarios import Setup, scenario
from wizard.lab.servers import Lab, LabError, require


@scenario(
    "replication-missing-on-replica",
    category="replication.lag",
    title="Pushed to the primary, pulled from a replica that does not have it yet",
    broken="Two registries; lab/app:v1 exists on the primary only.",
    hint="Compare the tag's digest on every endpoint; wait for replication (or fix it) "
    "before pulling from the replica.",
)
def missing_on_replica(lab: Lab) -> Setup:
    primary, replica = lab.registry(), lab.registry()
    image = make_image(lab.path("image") / "oci")
    pushed = run(push_argv(image, f"{primary.hostport}/lab/app:v1", tls_verify=False))
    if pushed.returncode != 0:
        raise LabError(f"setup push to the primary failed: {pushed.stderr[-300:]}")
    ref = f"{replica.hostport}/lab/app:v1"
    pull = [
        require("skopeo"),
        "--insecure-policy",
        "--command-timeout",
        "20s",
        "copy",
        "--src-tls-verify=false",
        f"docker://{ref}",
        f"oci:{lab.path('pulled') / 'oci'}:v1",
    ]
    return Setup(
        registry=replica.hostport,
        image=ref,
        push=pull,
        root=lab.path("root"),
        diagnose_args=["--fact", f"endpoints={primary.hostport},{replica.hostport}"],
        push_shell=f"skopeo copy docker://{ref} oci:DIR:v1   # pushed to {primary.hostport}",
    )
