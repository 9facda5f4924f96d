"""The probe catalogue and the implementations agree, and every probe is used by the tree."""

from __future__ import annotations

import inspect

from wizard.engine.probe_specs import SPECS
from wizard.probes import PROBES, load_all


def test_every_spec_has_an_implementation_and_back():
    load_all()
    assert sorted(set(SPECS) - set(PROBES)) == [], "specs without an implementation"
    assert sorted(set(PROBES) - set(SPECS)) == [], "implementations without a spec"


def test_implementations_take_the_declared_arguments():
    load_all()
    offenders = []
    for name, fn in PROBES.items():
        params = inspect.signature(fn).parameters
        declared = {*SPECS[name].args, *SPECS[name].optional}
        missing = [a for a in declared if a not in params]
        required_extra = [
            p
            for p, v in list(params.items())[1:]
            if p not in declared and v.default is inspect.Parameter.empty
        ]
        if missing or required_extra:
            offenders.append(f"{name}: missing {missing}, undeclared required {required_extra}")
    assert offenders == []


def test_every_probe_is_used_somewhere_in_the_tree(tree):
    used = {n.call.probe for n in tree.nodes.values() if n.call} | {
        c.probe for n in tree.nodes.values() for c in n.verify
    }
    assert sorted(set(SPECS) - used) == []


def test_every_outcome_is_documented():
    offenders = [
        f"{s.name}:{o}" for s in SPECS.values() for o in s.outcomes if not s.outcome_docs.get(o)
    ]
    assert offenders == []
