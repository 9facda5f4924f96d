"""Translations of the tree's texts, kept in catalogues beside the tree files.

A tree directory may hold ``i18n/<lang>/*.yaml`` catalogues::

    lang: zh
    areas:
      tls: {title: TLS 与证书}
    nodes:
      tls.http_registry.start:
        title: ...
        explain: ...
        question: ...                 # questions only
        options: {docker: ..., podman: ...}
        commands: [..., ...]          # command titles, in the node's order (null to skip)

They are merged into each :class:`~wizard.engine.text.Text` at load time, so English tree
files stay readable and translators never edit them. A text written inline as
``{en: ..., zh: ...}`` wins over the catalogue. Entries for nodes, options or areas that
do not exist are problems (a renamed node leaves its translation behind).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from wizard.engine.errors import Problem, TreeFileError
from wizard.engine.model import Area, Command, Node, Option, Tree, frozen
from wizard.engine.text import LANGUAGES, Text

NODE_KEYS = {"title", "explain", "question", "options", "commands"}


def catalog_files(dirs: Iterable[Path], lang: str) -> list[Path]:
    """The ``i18n/<lang>/*.yaml`` files of the tree directories."""
    files: list[Path] = []
    for d in dirs:
        sub = d / "i18n" / lang
        if sub.is_dir():
            files.extend(
                sorted(p for p in sub.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
            )
    return files


def _with(text: Text, lang: str, value: Any) -> Text:
    if not isinstance(value, str) or not value.strip() or getattr(text, lang):
        return text
    return replace(text, **{lang: value})


def _translate_node(
    node: Node, entry: Mapping[str, Any], lang: str, where: tuple[str, int]
) -> tuple[Node, list[Problem]]:
    file, line = where
    problems = [
        Problem(file, line, node.id, f"unknown key {k!r} in a translation")
        for k in entry
        if k not in NODE_KEYS
    ]
    changes: dict[str, Any] = {
        "title": _with(node.title, lang, entry.get("title")),
        "explain": _with(node.explain, lang, entry.get("explain")),
        "question": _with(node.question, lang, entry.get("question")),
    }
    options = entry.get("options") or {}
    if isinstance(options, Mapping):
        known = {o.id for o in node.options}
        problems += [
            Problem(file, line, node.id, f"translation for unknown option {k!r}")
            for k in options
            if k not in known
        ]
        changes["options"] = tuple(
            replace(o, label=_with(o.label, lang, options.get(o.id)))
            if isinstance(o, Option)
            else o
            for o in node.options
        )
    commands = entry.get("commands") or []
    if isinstance(commands, list):
        if len(commands) > len(node.commands):
            problems.append(
                Problem(file, line, node.id, "more command titles than the node has commands")
            )
        changes["commands"] = tuple(
            replace(c, title=_with(c.title, lang, commands[i] if i < len(commands) else None))
            if isinstance(c, Command)
            else c
            for i, c in enumerate(node.commands)
        )
    return replace(node, **changes), problems


def apply_catalogs(tree: Tree, dirs: Iterable[Path], parse: Any) -> tuple[Tree, list[Problem]]:
    """Merge every catalogue of every language into the tree.

    Args:
        tree: the tree as loaded from the YAML files.
        dirs: the tree directories.
        parse: the loader's ``parse_file`` (cached YAML with line numbers).
    """
    problems: list[Problem] = []
    nodes = dict(tree.nodes)
    areas = {a.id: a for a in tree.areas}
    for lang in LANGUAGES[1:]:
        for path in catalog_files(list(dirs), lang):
            file = str(path)
            try:
                data = parse(path)
            except TreeFileError as exc:
                problems.append(Problem(file, exc.line, "", exc.reason))
                continue
            if not isinstance(data, dict):
                problems.append(
                    Problem(file, 1, "", "a translation catalogue must be a mapping with 'nodes'")
                )
                continue
            for key in data:
                if key not in {"lang", "areas", "nodes"}:
                    problems.append(
                        Problem(
                            file,
                            getattr(data, "key_lines", {}).get(key, 1),
                            "",
                            f"unknown key {key!r}",
                        )
                    )
            for area_id, entry in (data.get("areas") or {}).items():
                if area_id not in areas:
                    problems.append(
                        Problem(
                            file,
                            getattr(entry, "line", 1),
                            "",
                            f"translation for unknown area {area_id!r}",
                        )
                    )
                elif isinstance(entry, Mapping):
                    areas[area_id] = replace(
                        areas[area_id], title=_with(areas[area_id].title, lang, entry.get("title"))
                    )
            for node_id, entry in (data.get("nodes") or {}).items():
                line = getattr(entry, "line", 0) or data.key_lines.get("nodes", 1)
                if node_id not in nodes:
                    problems.append(
                        Problem(file, line, node_id, "translation for a node that does not exist")
                    )
                    continue
                if not isinstance(entry, Mapping):
                    problems.append(
                        Problem(file, line, node_id, "a node's translation must be a mapping")
                    )
                    continue
                nodes[node_id], more = _translate_node(nodes[node_id], entry, lang, (file, line))
                problems += more
    translated = Tree(
        nodes=frozen(nodes),  # type: ignore[arg-type]
        areas=tuple(areas[a.id] if isinstance(areas[a.id], Area) else a for a in tree.areas),
        extractors=tree.extractors,
    )
    return translated, problems


def probe_line(probe: str, outcome: str, summary: str, lang: str) -> tuple[str, tuple[str, ...]]:
    """A probe result's one line in ``lang``, and what moves to its details.

    Probes write their findings in English (with the values they saw). In another
    language the line is the translated meaning of the outcome, and the probe's own
    English sentence becomes the first detail line, so nothing is lost.
    """
    if lang == "en":
        return summary, ()
    try:
        from wizard.engine.probe_specs_zh import OUTCOME_ZH
    except ImportError:  # pragma: no cover - the catalogue ships with the package
        return summary, ()
    text = OUTCOME_ZH.get(probe, {}).get(outcome) if lang == "zh" else None
    if not text:
        return summary, ()
    return text, (summary,) if summary else ()
