"""Load decision-tree YAML files into a :class:`~wizard.engine.model.Tree`.

Every node keeps its file and line, so each problem can be reported precisely. Loading
never raises on bad content: it collects :class:`~wizard.engine.errors.Problem` s and
skips what it cannot build; :func:`load_tree` raises one
:class:`~wizard.engine.errors.TreeValidationError` listing all of them.

YAML is read with the safe loader (libyaml when present), without anchors and aliases
(no alias bombs), without YAML 1.1's yes/no/on/off booleans, and with duplicate keys
refused.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from wizard.engine.errors import Problem, TreeError, TreeFileError, TreeValidationError
from wizard.engine.model import (
    Area,
    Command,
    Example,
    FactExtractor,
    Location,
    Node,
    Option,
    Pattern,
    ProbeCallSpec,
    Tree,
    frozen,
)
from wizard.engine.text import Text

MAX_FILE_BYTES = 4 << 20
"""A tree file larger than this is refused before parsing."""

TREE_DIR_ENV = "REGISTRY_WIZARD_TREE_DIR"
"""Extra tree directories (``os.pathsep``-separated), like ``--tree-dir``."""

FILE_KEYS = {"area", "title", "nodes", "cases", "extractors", "explain"}
COMMON_KEYS = {"id", "kind", "title", "explain", "match", "entry", "suspects", "lab"}
KIND_KEYS = {
    "question": COMMON_KEYS | {"question", "options"},
    "probe": COMMON_KEYS | {"probe", "args", "branches"},
    "solution": COMMON_KEYS | {"category", "commands", "verify", "examples"},
}
OPTION_KEYS = {"id", "label", "next", "when", "set"}
PATTERN_KEYS = {"pattern", "weight"}
COMMAND_KEYS = {"platform", "run", "title"}
CALL_KEYS = {"probe", "args", "expect"}
EXAMPLE_KEYS = {"text", "source"}
EXTRACTOR_KEYS = {"pattern", "set"}


class LDict(dict):
    """A mapping that remembers the line it started on and the line of each key."""

    line: int = 0
    key_lines: dict[str, int]


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """Safe loader: line numbers, no aliases, no duplicate keys, YAML 1.2 booleans."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> LDict:
    seen: set[int] = loader.__dict__.setdefault("_seen_nodes", set())
    if id(node) in seen:
        raise yaml.constructor.ConstructorError(
            None, None, "anchors and aliases are not allowed", node.start_mark
        )
    seen.add(id(node))
    out = LDict()
    out.line = node.start_mark.line + 1
    out.key_lines = {}
    for key_node, value_node in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            raise yaml.constructor.ConstructorError(
                None, None, "merge keys (<<) are not allowed", key_node.start_mark
            )
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str | int | float | bool) or key is None:
            raise yaml.constructor.ConstructorError(
                None, None, "mapping keys must be plain scalars", key_node.start_mark
            )
        key = str(key)
        if key in out:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        out.key_lines[key] = key_node.start_mark.line + 1
        out[key] = loader.construct_object(value_node, deep=True)
    return out


def _construct_sequence(loader: yaml.SafeLoader, node: yaml.SequenceNode) -> list[Any]:
    seen: set[int] = loader.__dict__.setdefault("_seen_nodes", set())
    if id(node) in seen:
        raise yaml.constructor.ConstructorError(
            None, None, "anchors and aliases are not allowed", node.start_mark
        )
    seen.add(id(node))
    return [loader.construct_object(child, deep=True) for child in node.value]


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)


def parse_yaml(text: str, file: str) -> Any:
    """Parse YAML text; raises :class:`TreeError` with file and line on bad YAML."""
    if "&" in text or "*" in text:
        _refuse_anchors(text, file)
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        reason = exc.problem or exc.context or "invalid YAML"
        raise TreeFileError(file, line, f"invalid YAML: {reason}") from None
    except yaml.YAMLError as exc:
        raise TreeFileError(file, 0, f"invalid YAML: {exc}") from None
    except RecursionError:
        raise TreeFileError(file, 0, "invalid YAML: nested too deeply") from None


def _refuse_anchors(text: str, file: str) -> None:
    """Refuse anchors before parsing: an alias bomb must not even be composed."""
    try:
        for event in yaml.parse(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                line = event.start_mark.line + 1
                raise TreeFileError(file, line, "anchors and aliases are not allowed")
    except yaml.MarkedYAMLError:
        return  # reported with its line by the real parse


def read_text(path: Path) -> str:
    """Read a tree file as UTF-8 text, refusing huge or binary files."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise TreeFileError(str(path), 0, f"larger than {MAX_FILE_BYTES >> 20} MiB")
        data = path.read_bytes()
    except OSError as exc:
        raise TreeFileError(str(path), 0, f"cannot read: {exc.strerror or exc}") from None
    if b"\x00" in data:
        raise TreeFileError(str(path), 0, "binary file, not YAML")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise TreeFileError(str(path), line, "not UTF-8 text") from None


def builtin_tree_dir() -> Path:
    """The tree shipped with the package (or the repository's ``decision_tree/``)."""
    packaged = resources.files("wizard") / "decision_tree"
    if packaged.is_dir():
        return Path(str(packaged))
    repo = Path(__file__).resolve().parents[2] / "decision_tree"
    if repo.is_dir():
        return repo
    raise TreeError("the built-in decision tree is missing from this installation")


def tree_dirs(extra: Iterable[str | os.PathLike[str]] = (), *, builtin: bool = True) -> list[Path]:
    """The directories to load: the built-in one, ``--tree-dir`` values, the env variable."""
    dirs = [builtin_tree_dir()] if builtin else []
    env = os.environ.get(TREE_DIR_ENV, "")
    for item in [*extra, *(p for p in env.split(os.pathsep) if p)]:
        path = Path(item)
        if not path.is_dir():
            raise TreeError(f"{path}: not a directory of tree files")
        dirs.append(path)
    return dirs


def tree_files(dirs: Iterable[Path]) -> list[Path]:
    """The YAML files of the given directories, sorted per directory."""
    files: list[Path] = []
    for d in dirs:
        files.extend(
            sorted(p for p in d.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
        )
    return files


@dataclass
class _Builder:
    """Turns parsed YAML into model objects, collecting problems instead of raising."""

    file: str
    problems: list[Problem] = field(default_factory=list)

    def problem(self, line: int, node: str, message: str) -> None:
        self.problems.append(Problem(self.file, line, node, message))

    def loc(self, obj: Any, fallback: int = 0) -> Location:
        return Location(self.file, getattr(obj, "line", fallback) or fallback)

    def keys(self, obj: LDict, allowed: set[str], node: str, what: str) -> None:
        for key in obj:
            if key not in allowed:
                line = obj.key_lines.get(key, obj.line)
                self.problem(line, node, f"unknown key {key!r} in {what}")

    def text(self, obj: LDict, key: str, node: str, *, required: bool = True) -> Text:
        value = obj.get(key)
        if value is None:
            if required:
                self.problem(obj.line, node, f"missing {key!r}")
            return Text("")
        try:
            text = Text.of(value)
        except TypeError as exc:
            self.problem(obj.key_lines.get(key, obj.line), node, f"{key}: {exc}")
            return Text("")
        if required and not text.en.strip():
            self.problem(obj.key_lines.get(key, obj.line), node, f"{key!r} is empty")
        return text

    def str_map(self, obj: Any, node: str, what: str, line: int) -> dict[str, str]:
        if obj is None:
            return {}
        if not isinstance(obj, dict):
            self.problem(line, node, f"{what} must be a mapping")
            return {}
        out = {}
        for k, v in obj.items():
            if isinstance(v, bool) or not isinstance(v, str | int | float):
                self.problem(line, node, f"{what}.{k} must be a string")
                continue
            out[str(k)] = str(v)
        return out

    def seq(self, obj: LDict, key: str, node: str) -> list[Any]:
        value = obj.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem(obj.key_lines.get(key, obj.line), node, f"{key!r} must be a list")
            return []
        return value

    def call(self, obj: Any, node: str, line: int, what: str) -> ProbeCallSpec | None:
        if not isinstance(obj, dict):
            self.problem(line, node, f"{what} must be a mapping with 'probe'")
            return None
        self.keys(obj, CALL_KEYS, node, what)
        probe = obj.get("probe")
        if not isinstance(probe, str):
            self.problem(obj.line, node, f"{what} needs a 'probe' name")
            return None
        expect = obj.get("expect", [])
        if isinstance(expect, str):
            expect = [expect]
        if not isinstance(expect, list) or not all(isinstance(e, str) for e in expect):
            self.problem(obj.line, node, f"{what}.expect must be a list of outcomes")
            expect = []
        return ProbeCallSpec(
            probe=probe,
            args=frozen(self.str_map(obj.get("args"), node, f"{what}.args", obj.line)),
            expect=tuple(expect),
            location=self.loc(obj),
        )

    def node(self, raw: Any, area: str) -> Node | None:
        if not isinstance(raw, dict):
            self.problem(0, "", "every entry of 'nodes' must be a mapping")
            return None
        nid = raw.get("id")
        if not isinstance(nid, str) or not nid:
            self.problem(raw.line, "", "node without an 'id'")
            return None
        kind = raw.get("kind")
        if kind not in KIND_KEYS:
            self.problem(raw.line, nid, f"'kind' must be question, probe or solution, not {kind!r}")
            return None
        self.keys(raw, KIND_KEYS[kind], nid, f"a {kind} node")
        fields: dict[str, Any] = {
            "id": nid,
            "kind": kind,
            "title": self.text(raw, "title", nid),
            "explain": self.text(raw, "explain", nid),
            "location": self.loc(raw),
            "area": area,
            "entry": raw.get("entry") is True,
            "lab": str(raw.get("lab") or ""),
        }
        patterns = []
        for item in self.seq(raw, "match", nid):
            if isinstance(item, str):
                patterns.append(Pattern(item, 1.0, self.loc(raw, raw.key_lines.get("match", 0))))
                continue
            if not isinstance(item, dict) or not isinstance(item.get("pattern"), str):
                self.problem(
                    raw.key_lines.get("match", raw.line), nid, "a match entry needs 'pattern'"
                )
                continue
            self.keys(item, PATTERN_KEYS, nid, "a match entry")
            weight = item.get("weight", 1.0)
            if (
                isinstance(weight, bool)
                or not isinstance(weight, int | float)
                or not 0 < weight <= 10
            ):
                self.problem(item.line, nid, "weight must be a number in (0, 10]")
                weight = 1.0
            patterns.append(Pattern(item["pattern"], float(weight), self.loc(item)))
        fields["match"] = tuple(patterns)
        suspects = self.seq(raw, "suspects", nid)
        fields["suspects"] = tuple(str(s) for s in suspects)
        if kind == "question":
            fields["question"] = self.text(raw, "question", nid)
            fields["options"] = tuple(self._options(raw, nid))
        elif kind == "probe":
            probe_name = raw.get("probe")
            if not isinstance(probe_name, str) or not probe_name:
                self.problem(raw.line, nid, "a probe node needs 'probe' (a probe name)")
                fields["call"] = None
            else:
                fields["call"] = ProbeCallSpec(
                    probe=probe_name,
                    args=frozen(
                        self.str_map(
                            raw.get("args"), nid, "args", raw.key_lines.get("args", raw.line)
                        )
                    ),
                    location=Location(self.file, raw.key_lines.get("probe", raw.line)),
                )
            fields["branches"] = frozen(
                self.str_map(
                    raw.get("branches"), nid, "branches", raw.key_lines.get("branches", raw.line)
                )
            )
        else:
            fields["category"] = str(raw.get("category") or "")
            fields["commands"] = tuple(self._commands(raw, nid))
            fields["verify"] = tuple(
                c
                for c in (
                    self.call(v, nid, raw.key_lines.get("verify", raw.line), "a verify entry")
                    for v in self.seq(raw, "verify", nid)
                )
                if c is not None
            )
            fields["examples"] = tuple(self._examples(raw, nid))
        return Node(**fields)

    def _options(self, raw: LDict, nid: str) -> Iterable[Option]:
        for item in self.seq(raw, "options", nid):
            if not isinstance(item, dict):
                self.problem(raw.line, nid, "an option must be a mapping")
                continue
            self.keys(item, OPTION_KEYS, nid, "an option")
            oid, nxt = item.get("id"), item.get("next")
            if not isinstance(oid, str) or not isinstance(nxt, str):
                self.problem(item.line, nid, "an option needs 'id' and 'next'")
                continue
            yield Option(
                id=oid,
                label=self.text(item, "label", nid),
                next=nxt,
                when=frozen(self.str_map(item.get("when"), nid, "when", item.line)),
                set=frozen(self.str_map(item.get("set"), nid, "set", item.line)),
                location=self.loc(item),
            )

    def _commands(self, raw: LDict, nid: str) -> Iterable[Command]:
        for item in self.seq(raw, "commands", nid):
            if not isinstance(item, dict) or not isinstance(item.get("run"), str):
                self.problem(getattr(item, "line", raw.line), nid, "a command needs 'run'")
                continue
            self.keys(item, COMMAND_KEYS, nid, "a command")
            yield Command(
                platform=str(item.get("platform", "any")),
                run=item["run"].rstrip("\n"),
                title=self.text(item, "title", nid, required=False),
                location=self.loc(item),
            )

    def _examples(self, raw: LDict, nid: str) -> Iterable[Example]:
        for item in self.seq(raw, "examples", nid):
            if not isinstance(item, dict) or not isinstance(item.get("text"), str):
                self.problem(getattr(item, "line", raw.line), nid, "an example needs 'text'")
                continue
            self.keys(item, EXAMPLE_KEYS, nid, "an example")
            source = item.get("source")
            if not isinstance(source, str) or not source.strip():
                self.problem(
                    item.line, nid, "an example needs a 'source' (where the text came from)"
                )
                source = ""
            yield Example(text=item["text"], source=source, location=self.loc(item))


def build_file(
    data: Any, file: str
) -> tuple[Area | None, list[Node], list[FactExtractor], list[Problem]]:
    """Build one file's area, nodes and extractors from parsed YAML."""
    b = _Builder(file)
    if not isinstance(data, dict):
        b.problem(1, "", "a tree file must be a mapping with 'area' and 'nodes'")
        return None, [], [], b.problems
    b.keys(data, FILE_KEYS, "", "the file")
    area_id = data.get("area")
    if not isinstance(area_id, str) or not area_id:
        b.problem(data.line, "", "missing 'area' (the file's area name)")
        area_id = Path(file).stem
    nodes: list[Node] = []
    for raw in b.seq(data, "nodes", ""):
        node = b.node(raw, area_id)
        if node is not None:
            nodes.append(node)
    extractors: list[FactExtractor] = []
    for item in b.seq(data, "extractors", ""):
        if not isinstance(item, dict) or not isinstance(item.get("pattern"), str):
            b.problem(getattr(item, "line", data.line), "", "an extractor needs 'pattern'")
            continue
        b.keys(item, EXTRACTOR_KEYS, "", "an extractor")
        extractors.append(
            FactExtractor(
                regex=item["pattern"],
                set=frozen(b.str_map(item.get("set"), "", "set", item.line)),
                location=b.loc(item),
            )
        )
    cases = tuple(c for c in b.seq(data, "cases", "") if isinstance(c, dict))
    title = b.text(data, "title", "", required=bool(nodes))
    area = Area(id=area_id, title=title, file=file, nodes=tuple(n.id for n in nodes), cases=cases)
    return area, nodes, extractors, b.problems


def load_files(files: Iterable[Path]) -> tuple[Tree, list[Problem]]:
    """Load tree files; returns the tree built from what loaded and every problem found."""
    problems: list[Problem] = []
    nodes: dict[str, Node] = {}
    areas: list[Area] = []
    extractors: list[FactExtractor] = []
    for path in files:
        file = str(path)
        try:
            data = parse_yaml(read_text(path), file)
        except TreeFileError as exc:
            problems.append(Problem(file, exc.line, "", exc.reason))
            continue
        area, file_nodes, file_extractors, file_problems = build_file(data, file)
        problems.extend(file_problems)
        for node in file_nodes:
            if node.id in nodes:
                first = nodes[node.id].location
                problems.append(
                    Problem(
                        file,
                        node.location.line,
                        node.id,
                        f"duplicate node id (first defined at {first})",
                    )
                )
                continue
            nodes[node.id] = node
        extractors.extend(file_extractors)
        if area is not None:
            areas.append(area)
    return Tree(nodes=frozen(nodes), areas=tuple(areas), extractors=tuple(extractors)), problems


def load_tree(
    extra_dirs: Iterable[str | os.PathLike[str]] = (),
    *,
    builtin: bool = True,
    validate: bool = False,
) -> Tree:
    """Load the built-in tree plus team trees; raise if anything is wrong.

    Args:
        extra_dirs: ``--tree-dir`` values (the environment variable is added too).
        builtin: include the shipped tree.
        validate: also run every check of :mod:`wizard.engine.validate`.
    """
    dirs = tree_dirs(extra_dirs, builtin=builtin)
    files = tree_files(dirs)
    if not files:
        raise TreeError(f"no tree files (*.yaml) in {', '.join(map(str, dirs))}")
    tree, problems = load_files(files)
    if validate:
        from wizard.engine.validate import validate_tree

        problems.extend(validate_tree(tree))
    if problems:
        raise TreeValidationError(problems)
    return tree


def as_mapping(obj: Any) -> Mapping[str, Any]:
    """A parsed YAML mapping, or an empty one."""
    return obj if isinstance(obj, dict) else {}
