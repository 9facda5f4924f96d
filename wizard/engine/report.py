"""A walk as the design.md JSON shape, as plain text, and as a Markdown report.

Everything that leaves through here is redacted: facts, summaries, details, commands.
"""

from __future__ import annotations

import shlex
from collections.abc import Callable
from datetime import UTC, datetime

from wizard.engine.errors import RenderError
from wizard.engine.i18n import probe_line
from wizard.engine.inert import inert
from wizard.engine.model import PLATFORM_TITLES, Command, Node, ProbeCall
from wizard.engine.redact import Redactor
from wizard.engine.render import render
from wizard.engine.taxonomy import CATEGORIES
from wizard.engine.walk import Walk

Translate = Callable[[str], str]

WORDS: dict[str, dict[str, str]] = {
    "zh": {
        "Path:": "路径：",
        "(start)": "（起点）",
        "Diagnosis": "诊断",
        "Fix": "修复",
        "Verify the fix with:": "用以下命令验证修复：",
        "Question": "问题",
        "Answer with": "回答方式",
        "auto": "自动",
        "answer": "回答",
        "registry-wizard report": "registry-wizard 诊断报告",
        "Generated": "生成于",
        "Error": "错误",
        "Facts": "事实",
        "Path": "路径",
        "Open question": "待回答的问题",
    }
}
"""Report words in languages other than English (the tree's own texts come from the tree)."""


def word(text: str, lang: str) -> str:
    """``text`` in ``lang`` (English when there is no translation)."""
    return WORDS.get(lang, {}).get(text, text)


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
            probe = step.call.probe if step.call else ""
            line, _moved = probe_line(probe, step.outcome, step.summary, lang)
            lines.append(f"[{step.outcome}] {title}: {inert(redactor(line), keep_newlines=False)}")
        elif step.kind == "question":
            how = "auto" if step.auto else "answer"
            lines.append(f"[{how}] {title}: {inert(redactor(step.summary), keep_newlines=False)}")
    return lines


def text_report(
    walk: Walk, redactor: Redactor, *, lang: str = "en", platform: str | None = None
) -> str:
    """Plain text for a terminal: path, diagnosis, commands or the pending question."""
    out = [word("Path:", lang)]
    out += [f"  {line}" for line in _step_lines(walk, redactor, lang)] or [
        "  " + word("(start)", lang)
    ]
    solution = walk.solution
    if solution is not None:
        out += [
            "",
            f"{word('Diagnosis', lang)}: {solution.title.get(lang)} ({solution.category})",
            "",
        ]
        out += [f"  {line}" for line in solution.explain.get(lang).strip().splitlines()]
        for cmd in rendered_commands(walk, redactor, platform):
            title = PLATFORM_TITLES.get(cmd["platform"])
            out += ["", f"{word('Fix', lang)} ({title.get(lang) if title else cmd['platform']}):"]
            out += [f"  {line}" for line in cmd["text"].splitlines()]
        verify = walk.verify_calls()
        if verify:
            out += ["", word("Verify the fix with:", lang)]
            out += [f"  {verify_command(call)}" for call, _expect in verify]
    else:
        q = pending_question(walk, lang)
        if q is not None:
            out += ["", f"{word('Question', lang)}: {q['question']}"]
            for option in q["options"]:  # type: ignore[union-attr]
                out.append(f"  {option['id']}: {option['label']}")
            out.append(f"{word('Answer with', lang)}: {q['answer_with']}")
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
    out = [
        f"# {word('registry-wizard report', lang)}",
        "",
        f"{word('Generated', lang)} {when}.",
        "",
    ]
    if error_text:
        excerpt = inert(redactor(error_text.strip()))
        if len(excerpt) > 4000:
            excerpt = "…" + excerpt[-4000:]
        fence = "~~~~" if "```" in excerpt else "```"
        out += [f"## {word('Error', lang)}", "", fence, excerpt, fence, ""]
    if walk.facts:
        out += [f"## {word('Facts', lang)}", ""]
        out += [
            f"- **{k}**: `{inert(redactor(v), keep_newlines=False)}`"
            for k, v in sorted(walk.facts.items())
        ]
        out.append("")
    out += [f"## {word('Path', lang)}", ""]
    out += [f"{i}. {line}" for i, line in enumerate(_step_lines(walk, redactor, lang), 1)] or [
        word("(start)", lang)
    ]
    out.append("")
    if solution is not None:
        category = CATEGORIES.get(solution.category)
        out += [
            f"## {word('Diagnosis', lang)}",
            "",
            f"**{solution.title.get(lang)}** (`{solution.category}`"
            + (f": {category.get(lang)}" if category else "")
            + ")",
            "",
            solution.explain.get(lang).strip(),
            "",
            f"## {word('Fix', lang)}",
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
            out += [f"## {word('Open question', lang)}", "", str(q["question"]), ""]
    return "\n".join(out)
