"""The command line: ``registry-wizard [tui flags] | match | diagnose | probe | tree``.

Every failure the user can cause ends with one line on stderr and exit code 2 (1 for a
tree that does not validate, 3 when ``diagnose`` stops at a question). Heavy modules
(Textual, httpx) are imported only by the subcommands that need them, so ``match`` and
``--help`` start fast.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from wizard import __version__
from wizard.engine.errors import InputError, TreeError, TreeValidationError, WizardError

EXIT_OK = 0
EXIT_INVALID_TREE = 1
EXIT_USAGE = 2
EXIT_QUESTION = 3

MAX_PASTE_BYTES = 64 << 20
"""A paste larger than this is refused (CI logs of tens of MB are fine)."""


class UsageError(WizardError):
    """Bad flags or arguments."""


class _Parser(argparse.ArgumentParser):
    """argparse that reports errors in one line instead of usage + traceback."""

    words: dict[str, str] = {}

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see {self.prog} --help)")

    def format_help(self) -> str:
        text = super().format_help()
        prefix = self.words.get("usage: ")
        return prefix + text[len("usage: ") :] if prefix and text.startswith("usage: ") else text


def localize(parser: argparse.ArgumentParser, words: dict[str, str]) -> None:
    """Translate a built parser's help texts (and its subparsers') in place."""
    if not words:
        return
    if isinstance(parser, _Parser):
        parser.words = words
    for attr in ("description", "epilog"):
        value = getattr(parser, attr)
        if value:
            setattr(parser, attr, words.get(" ".join(value.split()), value))
    for group in parser._action_groups:
        group.title = words.get(group.title or "", group.title)
    for action in parser._actions:
        if action.help and action.help is not argparse.SUPPRESS:
            action.help = words.get(action.help, action.help)
        if action.metavar in words:
            action.metavar = words[action.metavar]
        if isinstance(action, argparse._SubParsersAction):
            for choice in action._choices_actions:
                choice.help = words.get(choice.help or "", choice.help)
            for sub in set(action.choices.values()):
                localize(sub, words)


def requested_lang(argv: Sequence[str]) -> str:
    """The language of the help texts: ``--lang`` if given, else the locale."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return "zh" if argv[i + 1] == "zh" else "en"
        if arg.startswith("--lang="):
            return "zh" if arg.split("=", 1)[1] == "zh" else "en"
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def _default(top: bool, value: object) -> object:
    """A subcommand's copy of a top-level option keeps the value given before it.

    argparse copies every attribute of a subcommand's namespace over the top level's,
    defaults included, so `registry-wizard --lang zh diagnose` would lose the `zh`.
    """
    return value if top else argparse.SUPPRESS


def _add_common(p: argparse.ArgumentParser, *, top: bool = False) -> None:
    p.add_argument(
        "--tree-dir",
        action="append",
        default=_default(top, []),
        metavar="DIR",
        help="add a directory of team tree files (also $REGISTRY_WIZARD_TREE_DIR)",
    )
    p.add_argument(
        "--lang",
        choices=("en", "zh"),
        default=_default(top, None),
        help="language (default: from LANG)",
    )


def _add_walk_inputs(p: argparse.ArgumentParser, *, top: bool = False) -> None:
    src = p.add_mutually_exclusive_group()
    src.add_argument(
        "--error",
        metavar="TEXT",
        default=_default(top, None),
        help="the error text that the push printed",
    )
    src.add_argument(
        "--error-file",
        metavar="FILE",
        default=_default(top, None),
        help="read the error text from FILE ('-' for stdin)",
    )
    p.add_argument(
        "--registry",
        metavar="HOST[:PORT]",
        default=_default(top, None),
        help="the registry pushed to",
    )
    p.add_argument(
        "--image", metavar="REF", default=_default(top, None), help="the image reference pushed"
    )
    p.add_argument(
        "--fact",
        action="append",
        default=_default(top, []),
        metavar="NAME=VALUE",
        help="give any other fact (repeatable), e.g. --fact endpoints=a:5000,b:5000",
    )
    p.add_argument(
        "--root",
        metavar="DIR",
        default=_default(top, None),
        help="read machine files (daemon.json, certs.d...) under DIR",
    )
    p.add_argument(
        "--timeout",
        type=_positive_float,
        default=_default(top, 4.0),
        metavar="SECONDS",
        help="per-probe timeout (default 4)",
    )


def _positive_float(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if not 0 < number <= 600:
        raise argparse.ArgumentTypeError("must be between 0 and 600 seconds")
    return number


def build_parser() -> argparse.ArgumentParser:
    """The whole command line."""
    parser = _Parser(
        prog="registry-wizard",
        description=(
            "Find out why pushing a container image to a registry fails, and get the commands "
            "that fix it. Without a subcommand, opens the interactive wizard."
        ),
        epilog="Exit codes: 0 diagnosis reached, 1 invalid tree, 2 bad input or usage, 3 a question needs an answer.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    _add_common(parser, top=True)
    _add_walk_inputs(parser, top=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    m = sub.add_parser(
        "match",
        help="rank the likely causes of an error text",
        description="Rank the likely causes of an error text.",
    )
    _add_common(m)
    m.add_argument("text", nargs="?", help="the error text, or '-' to read stdin")
    m.add_argument("--json", action="store_true", help="print JSON")
    m.add_argument(
        "--jsonl",
        metavar="FILE",
        help='match every line {"id", "text"} of FILE, print one JSON line each',
    )

    d = sub.add_parser(
        "diagnose",
        help="the whole walk without a screen (for scripts and CI)",
        description="Walk the tree without a screen: match the error, run probes, stop at a diagnosis or a question.",
    )
    _add_common(d)
    _add_walk_inputs(d)
    d.add_argument(
        "--answer",
        action="append",
        default=[],
        metavar="NODE=OPTION",
        help="answer a question up front (repeatable)",
    )
    d.add_argument("--start", metavar="NODE", help="start at this node instead of the best match")
    d.add_argument(
        "--allow-write-probes",
        action="store_true",
        help="allow probes that start (and cancel) a test upload",
    )
    d.add_argument("--platform", metavar="NAME", help="show commands for one platform only")
    d.add_argument("--format", choices=("text", "json", "markdown"), default="text")

    pr = sub.add_parser(
        "probe", help="run one probe", description="Run one probe and print its result."
    )
    _add_common(pr)
    pr.add_argument("name", nargs="?", help="probe name (omit to list probes)")
    pr.add_argument("args", nargs="*", metavar="KEY=VALUE", help="probe arguments")
    pr.add_argument("--root", metavar="DIR", help="read machine files under DIR")
    pr.add_argument("--timeout", type=_positive_float, default=4.0, metavar="SECONDS")
    pr.add_argument("--allow-write-probes", action="store_true")
    pr.add_argument("--json", action="store_true", help="print JSON")

    lab = sub.add_parser(
        "lab",
        help="hands-on labs: start a deliberately broken registry on loopback",
        description="Start a real, deliberately misconfigured registry on 127.0.0.1, try the failing push, fix it.",
    )
    labsub = lab.add_subparsers(
        dest="lab_command", metavar="ACTION", parser_class=_Parser, required=True
    )
    lab_list = labsub.add_parser("list", help="list the labs")
    lab_start = labsub.add_parser(
        "start", help="start a lab (stays in the foreground; Ctrl-C stops it)"
    )
    lab_start.add_argument("name", help="lab name (see `lab list`)")
    lab_stop = labsub.add_parser("stop", help="stop a running lab (all when no name is given)")
    lab_stop.add_argument("name", nargs="?")
    for p in (lab_list, lab_start, lab_stop):
        p.add_argument(
            "--lang",
            choices=("en", "zh"),
            default=argparse.SUPPRESS,
            help="language (default: from LANG)",
        )

    sv = sub.add_parser(
        "serve",
        help="the wizard in a browser (textual-serve), bound to localhost",
        description=(
            "Serve the interactive wizard over HTTP. Each browser tab runs its own wizard on "
            "THIS machine: the probes check this machine, not the viewer's."
        ),
    )
    _add_common(sv)
    sv.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    sv.add_argument("--port", type=int, default=8000, help="TCP port (default 8000)")
    sv.add_argument("--public-url", metavar="URL", help="the URL browsers use (behind a proxy)")
    sv.add_argument("--root", metavar="DIR", help="read machine files under DIR")
    sv.add_argument("--timeout", type=_positive_float, default=4.0, metavar="SECONDS")

    t = sub.add_parser(
        "tree",
        help="validate, list or draw the decision tree",
        description="Validate, list or draw the decision tree.",
    )
    tsub = t.add_subparsers(
        dest="tree_command", metavar="ACTION", parser_class=_Parser, required=True
    )
    tv = tsub.add_parser("validate", help="check every tree file; exit 1 listing every problem")
    _add_common(tv)
    tv.add_argument(
        "--allow-missing-translations",
        action="store_true",
        help="accept texts without a Chinese translation (for English-only team trees)",
    )

    tv.add_argument(
        "--no-builtin", action="store_true", help="validate only the --tree-dir directories"
    )
    tl = tsub.add_parser("list", help="list every node")
    _add_common(tl)
    tl.add_argument(
        "--json", action="store_true", help='print [{"id", "kind", "category", "title", "file"}]'
    )
    tg = tsub.add_parser("graph", help="draw the tree")
    _add_common(tg)
    tg.add_argument("--format", choices=("mermaid", "dot"), default="mermaid")

    return parser


# -- input ----------------------------------------------------------------------------
def read_paste(text: str | None, file: str | None) -> bytes | None:
    """The error text from ``--error`` or ``--error-file`` (``-`` = stdin), checked."""
    if text is not None:
        data = text.encode("utf-8", "surrogateescape")
    elif file is not None:
        data = _read_limited(file)
    else:
        return None
    return check_paste(data)


def _read_limited(file: str) -> bytes:
    try:
        if file == "-":
            data = sys.stdin.buffer.read(MAX_PASTE_BYTES + 1)
        else:
            with open(file, "rb") as fh:
                data = fh.read(MAX_PASTE_BYTES + 1)
    except OSError as exc:
        raise InputError(f"cannot read {file}: {exc.strerror or exc}") from None
    if len(data) > MAX_PASTE_BYTES:
        raise InputError(f"{file}: more than {MAX_PASTE_BYTES >> 20} MiB; paste the end of the log")
    return data


def check_paste(data: bytes) -> bytes:
    """Refuse empty, huge or binary pastes with a clear message."""
    if len(data) > MAX_PASTE_BYTES:
        raise InputError(
            f"the error text is more than {MAX_PASTE_BYTES >> 20} MiB; paste the end of the log"
        )
    if not data or data.isspace():  # without copying a 50 MB paste
        raise InputError("the error text is empty")
    head = data[: 64 << 10]
    if b"\x00" in head:
        controls = len(head) - len(head.translate(None, _CONTROLS))
        if controls > len(head) // 100:
            raise InputError("the error text looks like a binary file, not a log")
    return data


_CONTROLS = bytes(b for b in range(32) if b not in (9, 10, 13, 27))
"""Bytes no log holds many of (tab, newlines and ESC excepted)."""


def _lang(args: argparse.Namespace) -> str:
    if getattr(args, "lang", None):
        return args.lang
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def _load(args: argparse.Namespace):  # noqa: ANN202 - Tree
    from wizard.engine.loader import load_tree

    return load_tree(getattr(args, "tree_dir", []) or [])


def _plausible_reference(value: str) -> bool:
    """A mistyped reference (capitals, a double colon) rather than shell text or a flag."""
    return (
        bool(value)
        and not value.startswith("-")
        and not any(c in value for c in " ;&|$`'\"\\<>(){}*?!\n\r\t\x00")
    )


def _flag_facts(args: argparse.Namespace) -> dict[str, str]:
    out: dict[str, str] = {}
    given = (
        getattr(args, "fact", None),
        getattr(args, "registry", None),
        getattr(args, "image", None),
    )
    if not any(v is not None and v != [] for v in given):
        return out  # the usual start: no need to load the fact checks (and RE2: 5 ms)
    from wizard.engine.facts import FACTS, validate

    for item in getattr(args, "fact", []) or []:
        name, sep, value = item.partition("=")
        name = name.strip()
        if not sep or not name:
            raise UsageError(f"--fact expects NAME=VALUE, got {item!r}")
        if name not in FACTS:
            raise UsageError(f"--fact: unknown fact {name!r} (known: {', '.join(sorted(FACTS))})")
        try:
            out[name] = validate(name, value)
        except WizardError as exc:
            raise InputError(f"--fact {exc}") from None
    for name in ("registry", "image"):
        value = getattr(args, name, None)
        if value is not None:
            try:
                out[name] = validate(name, value)
            except WizardError as exc:
                if name == "image" and _plausible_reference(value):
                    # a reference that breaks the grammar is worth explaining, not refusing:
                    # it becomes image_ref, which only the naming checks read
                    out["image_ref"] = validate("image_ref", value)
                    continue
                raise InputError(f"--{name}: {exc}") from None
    return out


# -- commands -------------------------------------------------------------------------
def cmd_match(args: argparse.Namespace) -> int:
    import json  # not on the way to the first screen

    from wizard.engine.matcher import Matcher

    tree = _load(args)
    matcher = Matcher(tree)
    if args.jsonl:
        if args.text is not None:
            raise UsageError("give either TEXT or --jsonl FILE, not both")
        return _match_jsonl(matcher, args.jsonl)
    if args.text is None or args.text == "-":
        data = check_paste(_read_limited("-"))
    else:
        data = check_paste(args.text.encode("utf-8", "surrogateescape"))
    result = matcher.match(data)
    if args.json:
        print(json.dumps(result.as_json(), ensure_ascii=False))
        return EXIT_OK
    if not result.candidates:
        print("No known failure recognised. Try `registry-wizard` for the general triage.")
        return EXIT_OK
    for i, cand in enumerate(result.candidates, 1):
        print(f"{i}. {cand.category:<30} {cand.score:>6.2f}  {cand.title}  [{cand.node}]")
        for line in cand.evidence[:2]:
            print(f"      > {line[:160]}")
    if result.facts:
        print("Facts: " + ", ".join(f"{k}={v}" for k, v in result.facts.items()))
    return EXIT_OK


def _match_jsonl(matcher, file: str) -> int:  # noqa: ANN001
    import json  # not on the way to the first screen

    try:
        fh = sys.stdin if file == "-" else open(file, encoding="utf-8", errors="replace")  # noqa: SIM115
    except OSError as exc:
        raise InputError(f"cannot read {file}: {exc.strerror or exc}") from None
    with fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                case = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{file}:{number}: not JSON: {exc.msg}") from None
            if not isinstance(case, dict) or not isinstance(case.get("text"), str):
                raise InputError(f'{file}:{number}: each line needs {{"id": ..., "text": "..."}}')
            result = matcher.match(case["text"]).as_json()
            print(json.dumps({"id": case.get("id"), **result}, ensure_ascii=False), flush=False)
    sys.stdout.flush()
    return EXIT_OK


def _parse_answers(values: Sequence[str]) -> dict[str, str]:
    answers = {}
    for value in values:
        node, sep, option = value.partition("=")
        if not sep or not node or not option:
            raise UsageError(f"--answer expects NODE=OPTION, got {value!r}")
        answers[node.strip()] = option.strip()
    return answers


def cmd_diagnose(args: argparse.Namespace) -> int:
    import asyncio

    from wizard.diagnose import diagnose

    data = read_paste(args.error, args.error_file)
    facts = _flag_facts(args)
    answers = _parse_answers(args.answer)
    if data is None and not facts and not args.start:
        raise UsageError("give --error/--error-file, or at least --registry or --image")
    tree = _load(args)
    for node in answers:
        if node not in tree:
            raise UsageError(f"--answer: no node {node!r}")
    if args.start and args.start not in tree:
        raise UsageError(f"--start: no node {args.start!r}")
    outcome = asyncio.run(
        diagnose(
            tree,
            error=data,
            facts=facts,
            answers=answers,
            root=args.root,
            probe_timeout=args.timeout,
            allow_write=args.allow_write_probes,
            start=args.start,
            fmt=args.format,
            lang=_lang(args),
            platform=args.platform,
        )
    )
    sys.stdout.write(outcome.output)
    return EXIT_OK if outcome.done else EXIT_QUESTION


def cmd_probe(args: argparse.Namespace) -> int:
    import asyncio
    import json  # not on the way to the first screen

    from wizard.engine.probe_specs import SPECS

    if not args.name:
        for spec in SPECS.values():
            arglist = " ".join(
                [*(f"{a}=…" for a in spec.args), *(f"[{a}=…]" for a in spec.optional)]
            )
            print(
                f"{spec.name:<22} {arglist}\n    {spec.doc}\n    outcomes: {', '.join(spec.outcomes)}"
            )
        return EXIT_OK
    spec = SPECS.get(args.name)
    if spec is None:
        raise UsageError(f"no probe named {args.name!r} (run `registry-wizard probe` to list them)")
    call_args: dict[str, str] = {}
    for item in args.args:
        key, sep, value = item.partition("=")
        if not sep:
            raise UsageError(f"probe arguments are KEY=VALUE, got {item!r}")
        if key not in spec.args and key not in spec.optional:
            raise UsageError(
                f"{spec.name} takes {', '.join(spec.args + spec.optional) or 'no arguments'}, not {key!r}"
            )
        call_args[key] = value
    missing = [a for a in spec.args if a not in call_args]
    if missing:
        raise UsageError(f"{spec.name} needs {', '.join(f'{m}=…' for m in missing)}")
    from wizard.engine.facts import validate

    for key, value in call_args.items():
        try:
            call_args[key] = validate(key, value)
        except WizardError as exc:
            raise InputError(str(exc)) from None
    from wizard.engine.model import ProbeCall
    from wizard.host import Host
    from wizard.probes import ProbeContext, ProbeRunner

    ctx = ProbeContext(
        host=Host.from_root(args.root), timeout=args.timeout, allow_write=args.allow_write_probes
    )
    res = asyncio.run(ProbeRunner(ctx).run(ProbeCall(spec.name, call_args)))
    if args.json:
        print(
            json.dumps(
                {
                    "probe": spec.name,
                    "outcome": res.outcome,
                    "summary": res.summary,
                    "details": list(res.details),
                    "facts": dict(res.facts),
                    "duration": res.duration,
                }
            )
        )
    else:
        print(f"{spec.name}: {res.outcome}: {res.summary}")
        for line in res.details:
            print(f"  {line}")
    return EXIT_OK


def cmd_tree(args: argparse.Namespace) -> int:
    import json  # not on the way to the first screen

    from wizard.engine.loader import load_dirs, tree_dirs, tree_files

    dirs = tree_dirs(args.tree_dir, builtin=not getattr(args, "no_builtin", False))
    files = tree_files(dirs)
    tree, problems = load_dirs(dirs)
    if args.tree_command == "validate":
        from wizard.engine.validate import validate_tree

        problems += validate_tree(tree, translations=not args.allow_missing_translations)
        if problems:
            for problem in problems:
                print(problem, file=sys.stderr)
            print(f"{len(problems)} problem(s) in {len(files)} file(s)", file=sys.stderr)
            return EXIT_INVALID_TREE
        solutions = len(tree.solutions())
        print(f"ok: {len(tree.nodes)} nodes ({solutions} solutions) in {len(files)} file(s)")
        return EXIT_OK
    if problems:
        raise TreeValidationError(problems)
    if args.tree_command == "list":
        rows = [
            {
                "id": n.id,
                "kind": n.kind,
                "category": n.category or None,
                "title": n.title.get(_lang(args)),
                "file": Path(n.location.file).name,
            }
            for n in tree.nodes.values()
        ]
        if args.json:
            print(json.dumps(rows, ensure_ascii=False, indent=1))
        else:
            for row in rows:
                print(
                    f"{row['id']:<48} {row['kind']:<9} {row['category'] or '':<30} {row['title']}"
                )
        return EXIT_OK
    from wizard.engine.graph import dot, mermaid

    print(mermaid(tree) if args.format == "mermaid" else dot(tree))
    return EXIT_OK


def cmd_tui(args: argparse.Namespace) -> int:
    data = read_paste(args.error, args.error_file)
    facts = _flag_facts(args)
    try:
        from wizard.ui.app import make_app
    except ImportError as exc:  # pragma: no cover - the UI ships with the package
        raise InputError(f"the interactive wizard is not available: {exc}") from None
    # The tree loads right after the paste screen is drawn (it does not need it); a tree
    # that does not load ends the app with the same message and exit code 1.
    app = make_app(
        lambda: _load(args),
        error=data,
        facts=facts,
        root=args.root,
        timeout=args.timeout,
        lang=_lang(args),
    )
    app.run()
    return app.return_code or EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    try:
        from wizard.ui.serve import serve
    except ImportError as exc:  # pragma: no cover - textual-serve is an extra
        raise InputError(f"serving needs textual-serve (pip install '.[serve]'): {exc}") from None
    if not 0 < args.port < 65536:
        raise UsageError("--port must be between 1 and 65535")
    wizard_args: list[str] = []
    for tree_dir in args.tree_dir:
        wizard_args += ["--tree-dir", tree_dir]
    if args.lang:
        wizard_args += ["--lang", args.lang]
    if args.root:
        wizard_args += ["--root", args.root]
    wizard_args += ["--timeout", f"{args.timeout:g}"]
    if args.host not in ("127.0.0.1", "::1", "localhost"):
        print(
            f"registry-wizard: warning: serving on {args.host}: anyone who reaches port "
            f"{args.port} runs the wizard, and its probes, on this machine",
            file=sys.stderr,
        )
    serve(host=args.host, port=args.port, public_url=args.public_url, wizard_args=wizard_args)
    return EXIT_OK


def cmd_lab(args: argparse.Namespace) -> int:
    from wizard.lab import cli as lab

    lang = _lang(args)
    if args.lab_command == "list":
        return lab.cmd_list(lang)
    if args.lab_command == "start":
        return lab.cmd_start(args.name, lang=lang)
    return lab.cmd_stop(args.name, lang)


COMMANDS = {
    "match": cmd_match,
    "diagnose": cmd_diagnose,
    "probe": cmd_probe,
    "tree": cmd_tree,
    "lab": cmd_lab,
    "serve": cmd_serve,
}


def _no_gettext_lookups() -> None:
    """argparse asks gettext for every word it prints: dozens of file-system searches for
    catalogues Python does not ship (5 ms of every start). Our own table translates help."""
    argparse._ = lambda text: text  # type: ignore[attr-defined]
    argparse.ngettext = lambda one, many, n: one if n == 1 else many  # type: ignore[attr-defined]


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``registry-wizard`` console script."""
    _no_gettext_lookups()
    parser = build_parser()
    if requested_lang(sys.argv[1:] if argv is None else argv) == "zh":
        from wizard.cli_zh import HELP_ZH

        localize(parser, HELP_ZH)
    try:
        args = parser.parse_args(argv)
        handler = COMMANDS.get(args.command, cmd_tui)
        return handler(args)
    except TreeValidationError as exc:
        for problem in exc.problems[:50]:
            print(f"registry-wizard: {problem}", file=sys.stderr)
        if len(exc.problems) > 50:
            print(f"registry-wizard: … and {len(exc.problems) - 50} more", file=sys.stderr)
        print(
            "registry-wizard: error: the decision tree is invalid (run `registry-wizard tree validate`)",
            file=sys.stderr,
        )
        return EXIT_INVALID_TREE
    except TreeError as exc:
        print(f"registry-wizard: error: {exc}", file=sys.stderr)
        return EXIT_INVALID_TREE
    except UsageError as exc:
        print(f"registry-wizard: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except WizardError as exc:
        print(f"registry-wizard: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # the reader went away (| head): stop quietly, and keep the final flush quiet too
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except Exception as exc:  # a bug: one line for the user, the traceback on request
        if os.environ.get("REGISTRY_WIZARD_DEBUG"):
            raise
        print(
            f"registry-wizard: internal error: {type(exc).__name__}: {exc} "
            "(set REGISTRY_WIZARD_DEBUG=1 to see the traceback)",
            file=sys.stderr,
        )
        return 70
