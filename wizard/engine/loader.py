"""Load decision-tree YAML files into a :class:`~wizard.engine.model.Tree`.

Every node keeps its file and line, so each problem can be reported precisely. Loading
never raises on bad content: it collects :class:`~wizard.engine.errors.Problem` s and
skips what it cannot build; :func:`load_tree` raises one
:class:`~wizard.engine.errors.TreeValidationError` listing all of them.

YAML is read with the safe loader (libyaml when present), without anchors and aliases
(no alias bombs), without YAML 1.1's yes/no/on/off booleans, and with duplicate keys
refused.

Parsing YAML is the slowest part of start-up (and importing PyYAML alone costs more than
the rest), so the parsed content of each file, line numbers included, is cached as JSON
(never pickle) by :func:`cache_load` / :func:`cache_store`, keyed by the file's path,
size, ``mtime_ns`` *and* the SHA-256 of its bytes: a cache entry is used only for the
exact bytes it was made from, and an entry that is missing, unreadable, corrupt or stale
is silently ignored and rewritten. Set ``REGISTRY_WIZARD_NO_CACHE=1`` to bypass it.
PyYAML itself is imported only when a file has to be parsed.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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


@functools.cache
def _yaml_loader() -> type:
    """The safe loader class (built on first use: PyYAML is imported only to parse).

    Safe loader: line numbers, no aliases, no duplicate keys, YAML 1.2 booleans.
    """
    import re

    import yaml

    class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
        """Safe loader: line numbers, no aliases, no duplicate keys, YAML 1.2 booleans."""

    _Loader.yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    _Loader.add_implicit_resolver(
        "tag:yaml.org,2002:bool",
        re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
        list("tTfF"),
    )
    _Loader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
    _Loader.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)
    return _Loader


def _construct_mapping(loader: Any, node: Any) -> LDict:
    import yaml

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


def _construct_sequence(loader: Any, node: Any) -> list[Any]:
    import yaml

    seen: set[int] = loader.__dict__.setdefault("_seen_nodes", set())
    if id(node) in seen:
        raise yaml.constructor.ConstructorError(
            None, None, "anchors and aliases are not allowed", node.start_mark
        )
    seen.add(id(node))
    return [loader.construct_object(child, deep=True) for child in node.value]


def parse_yaml(text: str, file: str) -> Any:
    """Parse YAML text; raises :class:`TreeError` with file and line on bad YAML."""
    import yaml

    if "&" in text or "*" in text:
        _refuse_anchors(text, file)
    try:
        return yaml.load(text, Loader=_yaml_loader())  # noqa: S506 - a SafeLoader
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
    import yaml

    try:
        for event in yaml.parse(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                line = event.start_mark.line + 1
                raise TreeFileError(file, line, "anchors and aliases are not allowed")
    except yaml.MarkedYAMLError:
        return  # reported with its line by the real parse


def read_text(path: Path) -> str:
    """Read a tree file as UTF-8 text, refusing huge or binary files."""
    return _decode(path, _read_bytes(path)[0])


def _read_bytes(path: Path) -> tuple[bytes, os.stat_result]:
    """A tree file's bytes (refusing huge files) and the stat taken before reading."""
    try:
        st = path.stat()
        if st.st_size > MAX_FILE_BYTES:
            raise TreeFileError(str(path), 0, f"larger than {MAX_FILE_BYTES >> 20} MiB")
        return path.read_bytes(), st
    except OSError as exc:
        raise TreeFileError(str(path), 0, f"cannot read: {exc.strerror or exc}") from None


def _decode(path: Path, data: bytes) -> str:
    """UTF-8 text of a tree file, refusing binary files."""
    if b"\x00" in data:
        raise TreeFileError(str(path), 0, "binary file, not YAML")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise TreeFileError(str(path), line, "not UTF-8 text") from None


def parse_file(path: Path) -> Any:
    """Read and parse one tree file, through the parse cache; raises :class:`TreeFileError`."""
    data, st = _read_bytes(path)
    key = _cache_key(path, st, data)
    cached = cache_load(key)
    if cached is not _MISS:
        return cached
    parsed = parse_yaml(_decode(path, data), str(path))
    cache_store(key, parsed)
    return parsed


# -- the parse cache ------------------------------------------------------------------
CACHE_FORMAT = 2
"""Bump when the parser's output changes shape or meaning (old entries are then ignored)."""

NO_CACHE_ENV = "REGISTRY_WIZARD_NO_CACHE"
"""Set to a non-empty value (other than ``0``) to neither read nor write the parse cache."""

_MISS = object()


def cache_dir() -> Path | None:
    """``$XDG_CACHE_HOME/registry-wizard`` (or ``~/.cache/...``); None when disabled."""
    if os.environ.get(NO_CACHE_ENV, "0") not in ("", "0"):
        return None
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not base or not os.path.isabs(base):
        home = os.environ.get("HOME") or os.path.expanduser("~")
        if not home or not os.path.isabs(home):
            return None
        base = os.path.join(home, ".cache")
    return Path(base) / "registry-wizard" / f"tree-v{CACHE_FORMAT}"


@functools.cache
def _parser_id() -> list[Any]:
    """What else a cache entry depends on: this module's source and the Python version."""
    try:
        st = os.stat(__file__)
        stamp = [st.st_size, st.st_mtime_ns]
    except OSError:
        stamp = [0, 0]
    return [CACHE_FORMAT, sys.version_info[:2], *stamp]


def _cache_key(path: Path, st: os.stat_result, data: bytes) -> dict[str, Any]:
    return {
        "path": os.path.abspath(path),
        "size": st.st_size,
        "mtime_ns": st.st_mtime_ns,
        "sha256": hashlib.sha256(data).hexdigest(),
        "parser": json.loads(json.dumps(_parser_id())),
    }


def _cache_file(key: Mapping[str, Any]) -> Path | None:
    directory = cache_dir()
    if directory is None:
        return None
    name = hashlib.sha256(key["path"].encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return directory / f"{name}.json"


def cache_load(key: Mapping[str, Any]) -> Any:
    """The cached parse for ``key``, or ``_MISS`` (no entry, unreadable, corrupt, stale).

    Reading the cache never raises: anything unexpected is a miss.
    """
    target = _cache_file(key)
    if target is None:
        return _MISS
    try:
        with open(target, "rb") as fh:
            raw = fh.read(MAX_FILE_BYTES * 8)
        doc = json.loads(raw, object_hook=_decode_mapping)
        if type(doc) is not list or len(doc) != 2 or doc[0] != _key_text(key):
            return _MISS
        return doc[1]
    except (OSError, ValueError, TypeError, KeyError, RecursionError):
        return _MISS


def cache_store(key: Mapping[str, Any], data: Any) -> bool:
    """Write the parse of one file atomically (temp file + rename); False when not cached.

    Content that JSON cannot represent exactly (dates, binary...) is not cached; errors
    (read-only home, full disk) are ignored: the cache is only ever a shortcut.
    """
    target = _cache_file(key)
    if target is None:
        return False
    try:
        body = json.dumps([_key_text(key), _encode(data)], allow_nan=False)
    except (ValueError, TypeError, RecursionError):
        return False
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(body)
        os.replace(tmp, target)
    except OSError:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        return False
    return True


_META = "\x00"
"""The key of an encoded mapping that holds its line and its keys' lines."""


def _key_text(key: Mapping[str, Any]) -> str:
    return json.dumps(key, sort_keys=True)


def _encode(obj: Any) -> Any:
    """Parsed YAML -> JSON-able: a mapping keeps its keys, plus ``"\x00": [line, key lines]``.

    The file is ``[key, data]``: every JSON object in it is an encoded mapping, so decoding
    is json's own C code plus a few C-level calls per mapping (:func:`_decode_mapping`).
    Raises TypeError for anything JSON would not give back identically (and for the rare
    mapping that has a ``"\x00"`` key itself).
    """
    kind = type(obj)
    if kind is LDict:
        if _META in obj:
            raise TypeError("a NUL key cannot be cached")
        out: dict[str, Any] = {_META: [obj.line, [obj.key_lines[k] for k in obj]]}
        for k, v in obj.items():
            out[k] = _encode(v)
        return out
    if kind is list:
        return [_encode(v) for v in obj]
    if kind in (str, int, float, bool) or obj is None:
        return obj
    raise TypeError(f"not cacheable: {kind.__name__}")


def _decode_mapping(obj: dict[str, Any]) -> LDict:
    """JSON object hook: an encoded mapping back to an :class:`LDict` (ValueError if not one)."""
    line, lines = obj.pop(_META)
    if type(line) is not int or type(lines) is not list or len(lines) != len(obj):
        raise ValueError("bad cache entry")
    if not set(map(type, lines)) <= {int}:
        raise ValueError("bad cache entry")
    out = LDict(obj)
    out.line = line
    out.key_lines = dict(zip(obj, lines, strict=True))
    return out


def builtin_tree_dir() -> Path:
    """The tree shipped with the package (or the repository's ``decision_tree/``)."""
    here = Path(__file__).resolve().parents[1]
    # the installed package, then a source checkout: plain paths, checked first because
    # importlib.resources costs milliseconds of start-up and finds the same directory
    for candidate in (here / "decision_tree", here.parent / "decision_tree"):
        if candidate.is_dir():
            return candidate
    from importlib import resources

    packaged = resources.files("wizard") / "decision_tree"
    if packaged.is_dir():
        return Path(str(packaged))
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
            data = parse_file(path)
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


def load_dirs(dirs: list[Path]) -> tuple[Tree, list[Problem]]:
    """Load every tree file of ``dirs`` and merge their translation catalogues."""
    from wizard.engine.i18n import apply_catalogs

    files = tree_files(dirs)
    if not files:
        raise TreeError(f"no tree files (*.yaml) in {', '.join(map(str, dirs))}")
    tree, problems = load_files(files)
    tree, more = apply_catalogs(tree, dirs, parse_file)
    return tree, problems + more


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
    tree, problems = load_dirs(dirs)
    if validate:
        from wizard.engine.validate import validate_tree

        problems.extend(validate_tree(tree))
    if problems:
        raise TreeValidationError(problems)
    return tree


def as_mapping(obj: Any) -> Mapping[str, Any]:
    """A parsed YAML mapping, or an empty one."""
    return obj if isinstance(obj, dict) else {}
