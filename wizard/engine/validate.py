"""Every check of ``registry-wizard tree validate``.

Each check yields :class:`~wizard.engine.errors.Problem` s with file, line and node id;
:func:`validate_tree` runs them all, so one run lists every problem.
"""

from __future__ import annotations

from collections.abc import Iterator

from wizard.engine import rx
from wizard.engine.errors import Problem
from wizard.engine.facts import FACTS
from wizard.engine.model import PLATFORMS, Location, Node, ProbeCallSpec, Tree
from wizard.engine.probe_specs import SPECS
from wizard.engine.render import placeholders, quoted_placeholders
from wizard.engine.taxonomy import CATEGORIES

BASE_FACTS = frozenset({"registry", "image", "host", "port", "repository", "tag", "digest", "mode"})
"""Facts the walk always may have: from ``--registry``/``--image`` and derived from them."""

ID_RE = r"[a-z0-9_]+(?:[.][a-z0-9_-]+)*"
PASSWORD_FLAG_RE = r"(?:\blogin\b[^\n]*\s-p(?:\s+|=)[^-\s])|(?:--password|--registry-password|--dest-creds|--creds)(?:\s+|=)[^-\s]"


def _p(loc: Location, node: str, message: str) -> Problem:
    return Problem(loc.file, loc.line, node, message)


def provided_facts(tree: Tree) -> set[str]:
    """Every fact something in the tree (or the walk itself) can provide."""
    facts = set(BASE_FACTS)
    for node in tree.nodes.values():
        for pattern in node.match:
            facts.update(_groups(pattern.regex))
        for option in node.options:
            facts.update(option.set)
    for extractor in tree.extractors:
        facts.update(_groups(extractor.regex))
        facts.update(extractor.set)
    for spec in SPECS.values():
        facts.update(spec.provides)
    return facts


def _groups(pattern: str) -> set[str]:
    try:
        compiled = rx.compile_bytes(pattern)
    except Exception:  # noqa: BLE001 - reported by check_patterns
        return set()
    return {g.decode() if isinstance(g, bytes) else g for g in compiled.groupindex}


def check_ids(tree: Tree) -> Iterator[Problem]:
    for node in tree.nodes.values():
        if not rx.compile_str(ID_RE).fullmatch(node.id):
            yield _p(node.location, node.id, "node ids are lowercase words joined by dots")
        if node.kind == "question":
            ids = [o.id for o in node.options]
            for dup in {i for i in ids if ids.count(i) > 1}:
                yield _p(node.location, node.id, f"option id {dup!r} used twice")


def check_references(tree: Tree) -> Iterator[Problem]:
    for node in tree.nodes.values():
        for option in node.options:
            if option.next not in tree:
                yield _p(
                    option.location,
                    node.id,
                    f"option {option.id!r} leads to unknown node {option.next!r}",
                )
        for outcome, target in node.branches.items():
            if target not in tree:
                yield _p(
                    node.location, node.id, f"branch {outcome!r} leads to unknown node {target!r}"
                )


def check_reachability(tree: Tree) -> Iterator[Problem]:
    starts = [n.id for n in tree.starts()]
    if not starts:
        yield Problem(
            "<tree>", 0, "", "no start node: give some node 'match' patterns or 'entry: true'"
        )
        return
    seen: set[str] = set()
    stack = list(starts)
    while stack:
        nid = stack.pop()
        if nid in seen or nid not in tree:
            continue
        seen.add(nid)
        stack.extend(tree[nid].successors())
    for node in tree.nodes.values():
        if node.id not in seen:
            yield _p(node.location, node.id, "unreachable: no start node leads here")
    # every node must be able to reach a solution (a cycle with no way out is a trap)
    can_finish = {n.id for n in tree.nodes.values() if n.kind == "solution"}
    changed = True
    while changed:
        changed = False
        for node in tree.nodes.values():
            if node.id not in can_finish and any(s in can_finish for s in node.successors()):
                can_finish.add(node.id)
                changed = True
    for node in tree.nodes.values():
        if node.id not in can_finish:
            yield _p(
                node.location,
                node.id,
                "no way out: no path from here reaches a solution (a cycle without an exit or a dead end)",
            )


def _check_call(
    call: ProbeCallSpec, node: Node, provided: set[str], what: str
) -> Iterator[Problem]:
    spec = SPECS.get(call.probe)
    if spec is None:
        yield _p(call.location, node.id, f"{what} names unknown probe {call.probe!r}")
        return
    for arg in spec.args:
        if arg not in call.args:
            yield _p(call.location, node.id, f"{what} {call.probe}: missing argument {arg!r}")
    for arg, template in call.args.items():
        if arg not in spec.args and arg not in spec.optional:
            yield _p(call.location, node.id, f"{what} {call.probe}: unknown argument {arg!r}")
        for name, _filter in placeholders(template):
            if name not in provided:
                yield _p(
                    call.location,
                    node.id,
                    f"{what} {call.probe}: argument uses fact {name!r} that nothing provides",
                )
    for outcome in call.expect:
        if outcome not in spec.outcomes:
            yield _p(
                call.location,
                node.id,
                f"{what} {call.probe}: {outcome!r} is not an outcome of the probe",
            )


def check_probes(tree: Tree, provided: set[str]) -> Iterator[Problem]:
    for node in tree.nodes.values():
        if node.kind == "probe":
            if node.call is None:
                continue
            yield from _check_call(node.call, node, provided, "probe")
            spec = SPECS.get(node.call.probe)
            if spec is None:
                continue
            missing = [o for o in spec.outcomes if o not in node.branches]
            extra = [o for o in node.branches if o not in spec.outcomes]
            if missing:
                yield _p(
                    node.location,
                    node.id,
                    f"branches miss outcome(s) of {spec.name}: {', '.join(missing)}",
                )
            if extra:
                yield _p(
                    node.location,
                    node.id,
                    f"branches name outcome(s) {spec.name} does not have: {', '.join(extra)}",
                )
        for call in node.verify:
            yield from _check_call(call, node, provided, "verify")
            spec = SPECS.get(call.probe)
            if spec is not None and spec.writes:
                yield _p(call.location, node.id, f"verify may not use the write probe {spec.name}")
            if spec is not None and not call.expect:
                yield _p(
                    call.location,
                    node.id,
                    f"verify {call.probe}: say which outcomes mean fixed ('expect')",
                )


def check_patterns(tree: Tree) -> Iterator[Problem]:
    def one(regex: str, loc: Location, node: str) -> Iterator[Problem]:
        reason = rx.check(regex)
        if reason is not None:
            yield _p(
                loc,
                node,
                f"pattern does not compile as a linear-time (RE2) expression: {reason}: {regex!r}",
            )
            return
        if rx.compile_bytes(regex).search(b"") is not None:
            yield _p(
                loc, node, f"pattern matches the empty text, so it matches everything: {regex!r}"
            )

    for node in tree.nodes.values():
        for pattern in node.match:
            yield from one(pattern.regex, pattern.location, node.id)
    for extractor in tree.extractors:
        yield from one(extractor.regex, extractor.location, "")


def check_categories(tree: Tree) -> Iterator[Problem]:
    for node in tree.nodes.values():
        if node.kind == "solution" and node.category not in CATEGORIES:
            yield _p(node.location, node.id, f"category {node.category!r} is not in the taxonomy")
        for suspect in node.suspects:
            if suspect not in CATEGORIES:
                yield _p(node.location, node.id, f"suspect {suspect!r} is not a taxonomy category")
        if node.suspects and not node.is_start:
            yield _p(
                node.location,
                node.id,
                "'suspects' only make sense on start nodes (with 'match' or 'entry')",
            )


def check_solutions(tree: Tree, provided: set[str]) -> Iterator[Problem]:
    for node in tree.nodes.values():
        if node.kind == "question":
            if not node.options:
                yield _p(node.location, node.id, "a question needs options")
            for option in node.options:
                for fact in (*option.when, *option.set):
                    if fact not in FACTS and fact not in provided:
                        yield _p(
                            option.location,
                            node.id,
                            f"option {option.id!r} uses unknown fact {fact!r}",
                        )
        if node.kind != "solution":
            continue
        if not node.commands:
            yield _p(node.location, node.id, "a solution needs commands")
        if not node.examples:
            yield _p(node.location, node.id, "a solution needs examples of real error text")
        for command in node.commands:
            if command.platform not in PLATFORMS:
                yield _p(
                    command.location,
                    node.id,
                    f"platform {command.platform!r} is not one of {', '.join(PLATFORMS)}",
                )
            for name, _filter in placeholders(command.run):
                if name not in provided:
                    yield _p(
                        command.location,
                        node.id,
                        f"command uses fact {name!r} that nothing provides",
                    )
            for name in quoted_placeholders(command.run):
                yield _p(
                    command.location,
                    node.id,
                    f"placeholder {{{{{name}}}}} inside quotes: values are quoted already, put it outside quotes or use |json",
                )
            if rx.compile_str(PASSWORD_FLAG_RE).search(command.run):
                yield _p(
                    command.location, node.id, "a password on a command line: use --password-stdin"
                )


def check_translations(tree: Tree) -> Iterator[Problem]:
    """Every user-facing text has an English and a Chinese version."""
    for node in tree.nodes.values():
        texts = {"title": node.title, "explain": node.explain}
        if node.kind == "question":
            texts["question"] = node.question
            texts.update({f"option {o.id}": o.label for o in node.options})
        for command in node.commands:
            if command.title.en:
                texts[f"command title ({command.platform})"] = command.title
        for name, text in texts.items():
            for lang in text.missing():
                yield _p(node.location, node.id, f"{name} has no {lang!r} translation")


def validate_tree(tree: Tree, *, translations: bool = True) -> list[Problem]:
    """Run every check; returns all problems (empty when the tree is valid).

    ``translations`` requires every text in every language (English and Chinese); a team
    that writes English only opts out with ``tree validate --allow-missing-translations``.
    """
    provided = provided_facts(tree)
    problems = [
        *check_ids(tree),
        *check_references(tree),
        *check_reachability(tree),
        *check_probes(tree, provided),
        *check_patterns(tree),
        *check_categories(tree),
        *check_solutions(tree, provided),
    ]
    if translations:
        problems.extend(check_translations(tree))
    return problems
