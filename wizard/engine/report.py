"""A walk as the design.md JSON shape, as plain text, and as a Markdown report.

Everything that leaves through here is redacted: facts, summaries, details, commands.
"""

from __future__ import annotations

import shlex
from collections.abc import Callable
from datetime import UTC, datetime

from wizard.engine.errors import RenderError
from wizard.engine.inert import inert
from wizard.engine.model import PLATFORM_TITLES, Command, Node, ProbeCall
from wizard.engine.redact import Redactor
from wizard.engine.render import render
from wizard.engine.taxonomy import CATEGORIES
from wizard.engine.walk import Walk

Translate = Callable[[str], str]


def commands_for(node: Node, platform: str | None = None) -> list[Command]:
    """The node's commands for a platform (plus the ``any`` ones); all when None."""
    if platform is None:
        return list(node.commands)
    return [c for c in node.commands if c.platform in (platform, "any")]


def platforms_of(node: Node) -> list[str]:
    """The platforms a solution has specific commands for, in declaration order."""
    out: list[str] = []
    for command in node.commands:
        if command.platform not in out:
            out.append(command.platform)
    return out


def rendered_commands(
    walk: Walk, redactor: Redactor, platform: str | None = None
) -> list[dict[str, str]]:
    """The solution's commands with facts filled in, quoted and redacted."""
    node = walk.solution
    if node is None:
        return []
    out = []
    for command in commands_for(node, platform):
        try:
            text = render(command.run, walk.facts).text
        except RenderError as exc:
            text = f"# {exc}"
        out.append({"platform": command.platform, "text": redactor(text)})
    return out


def verify_command(call: ProbeCall) -> str:
    """The ``registry-wizard probe`` command line that re-runs a verify probe."""
    args = " ".join(shlex.quote(f"{k}={v}") for k, v in sorted(call.args.items()))
    return f"registry-wizard probe {call.probe} {args}".rstrip()


def pending_question(walk: Walk, lang: str = "en") -> dict[str, object] | None:
    """The question waiting for an answer, with the flag that answers it."""
    node = walk.node
    if node.kind != "question":
        return None
    return {
        "node": node.id,
        "title": node.title.get(lang),
        "question": node.question.get(lang),
        "options": [{"id": o.id, "label": o.label.get(lang)} for o in node.options],
        "answer_with": f"--answer {node.id}=<option>",
    }


def diagnosis_json(
    walk: Walk, redactor: Redactor, *, lang: str = "en", platform: str | None = None
) -> dict[str, object]:
    """The ``diagnose --format json`` document (design.md shape)."""
    path: list[dict[str, str]] = []
    for step in walk.history:
        path.append(
            {
                "node": step.node,
                "kind": step.kind,
                "outcome": step.outcome,
                "answer": step.answer,
                "summary": inert(redactor(step.summary), keep_newlines=False),
            }
        )
    node = walk.node
    if node.kind in ("solution", "question"):
        path.append(
            {
                "node": node.id,
                "kind": node.kind,
                "outcome": "",
                "answer": "",
                "summary": node.title.get(lang),
            }
        )
    solution = walk.solution
    return {
        "path": path,
        "facts": {k: inert(redactor(v)) for k, v in sorted(walk.facts.items())},
        "diagnosis": (
            {"node": solution.id, "category": solution.category, "title": solution.title.get(lang)}
            if solution
            else None
        ),
        "commands": rendered_commands(walk, redactor, platform),
        "pending_question": pending_question(walk, lang),
    }


def _step_lines(walk: Walk, redactor: Redactor, lang: str) -> list[str]:
    lines = []
    for step in walk.history:
        title = walk.tree[step.node].title.get(lang) if step.node in walk.tree else step.node
        if step.kind == "probe":
            lines.append(
                f"[{step.outcome}] {title}: {inert(redactor(step.summary), keep_newlines=False)}"
            )
        elif step.kind == "question":
            how = "auto" if step.auto else "answer"
            lines.append(f"[{how}] {title}: {inert(redactor(step.summary), keep_newlines=False)}")
    return lines


def text_report(
    walk: Walk, redactor: Redactor, *, lang: str = "en", platform: str | None = None
) -> str:
    """Plain text for a terminal: path, diagnosis, commands or the pending question."""
    out = ["Path:"]
    out += [f"  {line}" for line in _step_lines(walk, redactor, lang)] or ["  (start)"]
    solution = walk.solution
    if solution is not None:
        out += ["", f"Diagnosis: {solution.title.get(lang)} ({solution.category})", ""]
        out += [f"  {line}" for line in solution.explain.get(lang).strip().splitlines()]
        for cmd in rendered_commands(walk, redactor, platform):
            title = PLATFORM_TITLES.get(cmd["platform"])
            out += ["", f"Fix ({title.get(lang) if title else cmd['platform']}):"]
            out += [f"  {line}" for line in cmd["text"].splitlines()]
        verify = walk.verify_calls()
        if verify:
            out += ["", "Verify the fix with:"]
            out += [f"  {verify_command(call)}" for call, _expect in verify]
    else:
        q = pending_question(walk, lang)
        if q is not None:
            out += ["", f"Question: {q['question']}"]
            for option in q["options"]:  # type: ignore[union-attr]
                out.append(f"  {option['id']}: {option['label']}")
            out.append(f"Answer with: {q['answer_with']}")
    return "\n".join(out) + "\n"


def markdown_report(
    walk: Walk,
    redactor: Redactor,
    *,
    lang: str = "en",
    platform: str | None = None,
    error_text: str = "",
    now: datetime | None = None,
) -> str:
    """A Markdown report to attach to a ticket (redacted)."""
    when = (now or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M UTC")
    solution = walk.solution
    out = ["# registry-wizard report", "", f"Generated {when}.", ""]
    if error_text:
        excerpt = inert(redactor(error_text.strip()))
        if len(excerpt) > 4000:
            excerpt = "…" + excerpt[-4000:]
        fence = "~~~~" if "```" in excerpt else "```"
        out += ["## Error", "", fence, excerpt, fence, ""]
    if walk.facts:
        out += ["## Facts", ""]
        out += [
            f"- **{k}**: `{inert(redactor(v), keep_newlines=False)}`"
            for k, v in sorted(walk.facts.items())
        ]
        out.append("")
    out += ["## Path", ""]
    out += [f"{i}. {line}" for i, line in enumerate(_step_lines(walk, redactor, lang), 1)] or [
        "(start)"
    ]
    out.append("")
    if solution is not None:
        category = CATEGORIES.get(solution.category)
        out += [
            "## Diagnosis",
            "",
            f"**{solution.title.get(lang)}** (`{solution.category}`"
            + (f": {category.get(lang)}" if category else "")
            + ")",
            "",
            solution.explain.get(lang).strip(),
            "",
            "## Fix",
            "",
        ]
        for cmd in rendered_commands(walk, redactor, platform):
            title = PLATFORM_TITLES.get(cmd["platform"])
            out += [
                f"### {title.get(lang) if title else cmd['platform']}",
                "",
                "```sh",
                cmd["text"],
                "```",
                "",
            ]
    else:
        q = pending_question(walk, lang)
        if q is not None:
            out += ["## Open question", "", str(q["question"]), ""]
    return "\n".join(out)
