"""Headless diagnosis: match the paste, walk with live probes, render the outcome.

The thin front behind ``registry-wizard diagnose``; the TUI uses the same pieces
(:mod:`wizard.drive`, :mod:`wizard.engine.report`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass

from wizard.drive import advance
from wizard.engine.matcher import Matcher, MatchResult
from wizard.engine.model import Tree
from wizard.engine.report import diagnosis_json, markdown_report, text_report
from wizard.engine.walk import Walk
from wizard.host import Host
from wizard.probes import ProbeContext, ProbeRunner
from wizard.probes.base import ProbeFn

TRIAGE_NODE = "triage.start"
"""Where a walk begins when the paste matches nothing (or there is no paste)."""


@dataclass(frozen=True)
class Outcome:
    """The result of a headless diagnosis."""

    walk: Walk
    match: MatchResult | None
    output: str

    @property
    def done(self) -> bool:
        """Whether a solution was reached."""
        return self.walk.done


NAMING_NODE = "name.invalid_reference.start"
"""Where a walk begins when all it has is an image reference that does not parse."""


def choose_start(
    tree: Tree,
    match: MatchResult | None,
    start: str | None = None,
    facts: Mapping[str, str] | None = None,
) -> str:
    """The node to begin at: ``start``, else the best match, else a broken reference's
    naming check, else the general triage."""
    if start:
        return start
    if match is not None and match.best is not None:
        return match.best.node
    if facts and facts.get("image_ref") and not facts.get("image") and NAMING_NODE in tree:
        return NAMING_NODE
    if TRIAGE_NODE in tree:
        return TRIAGE_NODE
    entries = [n.id for n in tree.starts() if n.entry]
    return entries[0] if entries else tree.starts()[0].id


async def diagnose(
    tree: Tree,
    *,
    error: bytes | str | None,
    facts: Mapping[str, str] | None = None,
    answers: Mapping[str, str] | None = None,
    root: str | None = None,
    probe_timeout: float = 4.0,
    allow_write: bool = False,
    start: str | None = None,
    fmt: str = "text",
    lang: str = "en",
    platform: str | None = None,
    env: Mapping[str, str] | None = None,
    probes: Mapping[str, ProbeFn] | None = None,
) -> Outcome:
    """Run the whole walk without a screen.

    ``probes`` replaces the registered probe implementations (tests inject fakes).
    """
    match = Matcher(tree).match(error) if error else None
    known = dict(match.facts) if match else {}
    known.update(facts or {})  # flags beat what the paste suggests
    walk = Walk(tree, choose_start(tree, match, start, known), known)
    ctx = ProbeContext(
        host=Host.from_root(root, env), timeout=probe_timeout, allow_write=allow_write
    )
    runner = ProbeRunner(ctx, dict(probes) if probes is not None else None)
    try:
        await advance(walk, runner, answers)
    finally:
        runner.cancel_all()
    redactor = ctx.redactor
    text = error.decode("utf-8", "replace") if isinstance(error, bytes) else (error or "")
    if fmt == "json":
        output = (
            json.dumps(
                diagnosis_json(walk, redactor, lang=lang, platform=platform), ensure_ascii=False
            )
            + "\n"
        )
    elif fmt == "markdown":
        output = markdown_report(walk, redactor, lang=lang, platform=platform, error_text=text)
    else:
        output = text_report(walk, redactor, lang=lang, platform=platform)
    return Outcome(walk, match, output)
