"""Probe ``reference.parse``: the image reference against the reference grammar.

Pure work (no machine access), wrapped as a probe so the tree can branch on it: valid with
a registry host, Docker Hub (no host), uppercase, or invalid with the clients' own words.
"""

from __future__ import annotations

from typing import Any

from wizard.engine import reference as grammar
from wizard.probes.base import ProbeContext, probe, result, unknown


@probe("reference.parse")
async def reference_parse(ctx: ProbeContext, image: str = "", image_ref: str = "") -> Any:
    """Classify the reference in ``image`` (or the raw ``image_ref`` from the paste)."""
    del ctx
    text = image or image_ref
    if not text:
        return unknown("no image reference known: give --image")
    check = grammar.diagnose(text)
    if check.problem == "uppercase":
        return result("uppercase", check.message, *check.details)
    if check.problem in ("empty_part", "bad_tag"):
        return result(
            "invalid",
            f"{text!r}: {check.details[0]}",
            check.message,
            *check.details[1:],
            facts={"reference_problem": check.problem},
        )
    if check.problem:
        return result(
            "invalid", check.message, *check.details, facts={"reference_problem": "other"}
        )
    ref = check.ref
    assert ref is not None
    facts = {"repository": ref.path}
    if ref.tag:
        facts["tag"] = ref.tag
    if not ref.explicit_domain:
        return result(
            "docker_hub",
            f"{text!r} names no registry host: it means docker.io/{ref.path}",
            "add the registry host in front: <host[:port]>/" + ref.path,
            facts=facts,
        )
    facts["registry"] = ref.domain
    return result("valid", f"{text!r} is a valid reference to {ref.domain}", facts=facts)
