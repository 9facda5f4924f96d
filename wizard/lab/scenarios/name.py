"""Name scenarios: references the clients refuse before any network traffic.

The uppercase and empty-variable cases use skopeo's real wording; the reference cannot be given as
``--image`` (it is not a valid reference, so diagnose would refuse it), so the wizard
must find it in the error text itself.
"""

from __future__ import annotations

from wizard.lab.client import make_image, push_argv
from wizard.lab.scenarios import Setup, push, scenario
from wizard.lab.servers import Lab


@scenario(
    "name-uppercase",
    category="name.invalid_reference",
    title="The repository name has capital letters",
    broken="The destination is REGISTRY/Lab/Hello:v1; repository paths must be lowercase.",
    hint="Tag and push a lowercase name (the registry host may keep its capitals).",
)
def uppercase(lab: Lab) -> Setup:
    reg = lab.registry()
    ref = f"{reg.hostport}/Lab/Hello:v1"
    return Setup(
        registry=reg.hostport,
        image="",  # not a valid reference: diagnose gets it from the error text
        push=push(lab, ref, tls_verify=False),
        root=lab.path("root"),
        push_shell=f"skopeo copy --dest-tls-verify=false oci:IMAGE docker://{ref}",
    )


@scenario(
    "name-empty-variable",
    category="name.invalid_reference",
    title="An empty variable left a hole in the image name",
    broken="The destination is built as $REGISTRY/$PROJECT/hello:v1 with PROJECT unset.",
    hint="Print the reference with delimiters; stop the script when a variable is empty.",
)
def empty_variable(lab: Lab) -> Setup:
    reg = lab.registry()
    ref = f"{reg.hostport}//hello:v1"
    return Setup(
        registry=reg.hostport,
        image="",
        push=push(lab, ref, tls_verify=False),
        root=lab.path("root"),
        push_shell='skopeo copy oci:IMAGE "docker://$REGISTRY/$PROJECT/hello:v1"  # PROJECT=""',
    )


@scenario(
    "name-tag-missing",
    category="name.tag_missing",
    title="The image to push does not exist under that tag",
    broken="The build wrote the OCI layout with tag 'latest'; the push asks for tag 'v1'.",
    hint="List what the source really holds (index.json annotations, docker images) and "
    "push that name, or tag the image first.",
)
def tag_missing(lab: Lab) -> Setup:
    reg = lab.registry()
    image = make_image(lab.path("image") / "oci")
    ref = f"{reg.hostport}/lab/app:v1"
    argv = push_argv(image, ref, tls_verify=False)
    argv[-2] = f"oci:{image}:v1"  # the layout only has "latest"
    return Setup(
        registry=reg.hostport,
        image=ref,
        push=argv,
        root=lab.path("root"),
        push_shell=f"skopeo copy oci:IMAGE:v1 docker://{ref}   # IMAGE holds only :latest",
    )
