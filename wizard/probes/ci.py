"""Probe ``ci.tag_filter``: would a push of this tag start the CI pipeline?

GitHub Actions: every ``.github/workflows/*.yml|yaml`` with an ``on: push`` trigger;
``tags`` / ``tags-ignore`` are evaluated with GitHub's filter-pattern semantics
(:mod:`wizard.engine.ci_glob`). A push trigger with only ``branches`` never runs for tags.
GitLab: ``.gitlab-ci.yml`` ``workflow: rules``, and per job ``rules: - if:`` on
``$CI_COMMIT_TAG`` and ``only`` / ``except`` with ``tags`` or ``/regex/``.

The tag comes from the ``tag`` argument, or else from the newest tag of the repository.
"""

from __future__ import annotations

import asyncio
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from wizard.engine import ci_glob
from wizard.probes.base import ProbeContext, probe, result, unknown

MAX_FILE = 512 << 10
MAX_WORKFLOWS = 200

GITLAB_RESERVED = {
    "default",
    "include",
    "stages",
    "variables",
    "workflow",
    "image",
    "services",
    "cache",
    "before_script",
    "after_script",
    "types",
    "pages:deploy",
}


@dataclass(frozen=True)
class Verdict:
    """One workflow's or job's answer for the tag."""

    where: str
    state: str  # "matches", "no_match", "no_filter", "unknown", "not_push"
    filter: str
    note: str = ""


def _load_yaml(path: Path) -> Any:
    with path.open("rb") as fh:
        data = fh.read(MAX_FILE + 1)
    if len(data) > MAX_FILE:
        raise ValueError(f"{path} is larger than {MAX_FILE} bytes")
    return yaml.safe_load(data.decode("utf-8", "replace"))


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, (str, int, float)):
        return [str(value)]
    if isinstance(value, list):
        return [str(v) for v in value]
    return []


# ----------------------------------------------------------------------------- GitHub
def github_verdict(doc: Any, where: str, tag: str) -> Verdict:
    """Whether one workflow runs for a push of ``tag``."""
    if not isinstance(doc, dict):
        return Verdict(where, "unknown", "", "not a YAML mapping")
    on = doc.get("on", doc.get(True))  # YAML 1.1 reads the key `on` as true
    if on is None:
        return Verdict(where, "not_push", "", "no `on:` trigger")
    if isinstance(on, str):
        on = {on: None}
    elif isinstance(on, list):
        on = {str(e): None for e in on}
    if not isinstance(on, dict):
        return Verdict(where, "unknown", "", "unreadable `on:`")
    if "push" not in on and "create" in on:
        return Verdict(where, "no_filter", "create", "`create` runs for every new tag")
    if "push" not in on:
        return Verdict(where, "not_push", "", "no push trigger: " + ", ".join(map(str, on)))
    push = on["push"] or {}
    if not isinstance(push, dict):
        return Verdict(where, "unknown", "", "unreadable `on.push`")
    tags, ignore = _as_list(push.get("tags")), _as_list(push.get("tags-ignore"))
    branches = "branches" in push or "branches-ignore" in push
    if not tags and not ignore:
        if branches:
            return Verdict(
                where,
                "no_match",
                "branches only",
                "on.push has branch filters and no tag filter: GitHub then runs it for no tag",
            )
        return Verdict(where, "no_filter", "", "on: push without filters runs for every tag")
    shown = "tags: " + ", ".join(tags) if tags else "tags-ignore: " + ", ".join(ignore)
    if not tag:
        return Verdict(where, "unknown", shown, "the pushed tag is not known")
    try:
        hit = ci_glob.filters_match(tags, tag) if tags else not ci_glob.ignore_match(ignore, tag)
    except ci_glob.FilterError as exc:
        return Verdict(where, "unknown", shown, str(exc))
    note = ""
    if not hit and any(ci_glob.looks_like_regex(p) for p in tags):
        note = "the filter looks like a regular expression; GitHub filters are globs"
    return Verdict(where, "matches" if hit else "no_match", shown, note)


# ----------------------------------------------------------------------------- GitLab
def _rules_verdict(rules: list[Any], tag: str) -> tuple[str, str]:
    for rule in rules:
        if not isinstance(rule, dict):
            continue
        cond = rule.get("if")
        when = str(rule.get("when", "on_success"))
        if cond is None:
            return ("no_match" if when == "never" else "matches"), "rule without if"
        verdict = ci_glob.gitlab_if(str(cond), tag)
        if verdict.value is None:
            return "unknown", verdict.reason
        if verdict.value:
            return ("no_match" if when == "never" else "matches"), str(cond)
    return "no_match", "no rule matches a tag pipeline"


def gitlab_job_verdict(name: str, job: dict[str, Any], tag: str) -> Verdict:
    """Whether one job runs in the pipeline of ``tag``."""
    where = f".gitlab-ci.yml job {name}"
    if "rules" in job and isinstance(job["rules"], list):
        conds = [str(r.get("if", "")) for r in job["rules"] if isinstance(r, dict)]
        shown = "rules: " + " | ".join(c for c in conds if c)
        if not any(conds):
            return Verdict(where, "no_filter", "")
        if not tag and any(ci_glob.mentions_tag(c) for c in conds):
            return Verdict(where, "unknown", shown, "the pushed tag is not known")
        state, why = _rules_verdict(job["rules"], tag)
        return Verdict(where, state, shown, why)
    only = job.get("only")
    refs = _as_list(only.get("refs")) if isinstance(only, dict) else _as_list(only)
    except_refs = job.get("except")
    excepts = (
        _as_list(except_refs.get("refs"))
        if isinstance(except_refs, dict)
        else _as_list(except_refs)
    )
    if not refs and not excepts:
        return Verdict(where, "no_filter", "")
    shown = f"only: {refs}" if refs else f"except: {excepts}"
    if "tags" in excepts:
        return Verdict(where, "no_match", shown, "except: tags")
    if not refs:
        return Verdict(where, "no_filter", shown)
    if "tags" in refs:
        return Verdict(where, "matches", shown)
    regexes = [r for r in refs if r.startswith("/")]
    if not regexes:
        return Verdict(where, "no_match", shown, "only: lists no tags")
    if not tag:
        return Verdict(where, "unknown", shown, "the pushed tag is not known")
    try:
        hit = any(ci_glob.gitlab_regex_match(r, tag) for r in regexes)
    except ci_glob.FilterError as exc:
        return Verdict(where, "unknown", shown, str(exc))
    return Verdict(where, "matches" if hit else "no_match", shown)


def gitlab_verdicts(doc: Any, tag: str) -> list[Verdict]:
    """Verdicts of every job (or of the whole pipeline when ``workflow: rules`` stop it)."""
    if not isinstance(doc, dict):
        return [Verdict(".gitlab-ci.yml", "unknown", "", "not a YAML mapping")]
    workflow = doc.get("workflow")
    if isinstance(workflow, dict) and isinstance(workflow.get("rules"), list):
        conds = [str(r.get("if", "")) for r in workflow["rules"] if isinstance(r, dict)]
        if any(ci_glob.mentions_tag(c) for c in conds) and tag:
            state, why = _rules_verdict(workflow["rules"], tag)
            if state == "no_match":
                return [Verdict(".gitlab-ci.yml workflow", "no_match", "workflow: rules", why)]
    out = []
    for name, job in doc.items():
        if str(name).startswith(".") or name in GITLAB_RESERVED or not isinstance(job, dict):
            continue
        if "script" not in job and "trigger" not in job and "extends" not in job:
            continue
        out.append(gitlab_job_verdict(str(name), job, tag))
    return out


# ------------------------------------------------------------------------------ glue
def newest_tag(git_dir: Path) -> str:
    """The most recently written tag ref (loose refs; packed-refs as a fallback)."""
    tags_dir = git_dir / "refs" / "tags"
    best, best_time = "", -1.0
    if tags_dir.is_dir():
        for path in tags_dir.rglob("*"):
            if path.is_file() and path.stat().st_mtime > best_time:
                best, best_time = path.relative_to(tags_dir).as_posix(), path.stat().st_mtime
    if not best and (git_dir / "packed-refs").is_file():
        for line in (git_dir / "packed-refs").read_text(errors="replace").splitlines()[-2000:]:
            if " refs/tags/" in line:
                best = line.split(" refs/tags/", 1)[1].strip()
    return best


def evaluate(repo: Path, tag: str) -> tuple[str, list[Verdict], str, list[str]]:
    """(system, verdicts, tag used, files) for the CI configuration under ``repo``."""
    files: list[str] = []
    wf_dir = repo / ".github" / "workflows"
    verdicts: list[Verdict] = []
    system = ""
    if not tag and (repo / ".git").is_dir():
        tag = newest_tag(repo / ".git")
    if wf_dir.is_dir():
        paths = sorted([*wf_dir.glob("*.yml"), *wf_dir.glob("*.yaml")])[:MAX_WORKFLOWS]
        for path in paths:
            system = "github"
            rel = path.relative_to(repo).as_posix()
            files.append(rel)
            try:
                doc = _load_yaml(path)
            except (OSError, ValueError, yaml.YAMLError) as exc:
                verdicts.append(Verdict(rel, "unknown", "", f"unreadable: {str(exc)[:120]}"))
                continue
            verdicts.append(github_verdict(doc, rel, tag))
    gl = repo / ".gitlab-ci.yml"
    if gl.is_file():
        system = system or "gitlab"
        files.append(".gitlab-ci.yml")
        try:
            verdicts += gitlab_verdicts(_load_yaml(gl), tag)
        except (OSError, ValueError, yaml.YAMLError) as exc:
            verdicts.append(
                Verdict(".gitlab-ci.yml", "unknown", "", f"unreadable: {str(exc)[:120]}")
            )
    return system, verdicts, tag, files


def _line(v: Verdict) -> str:
    text = f"{v.where}: {v.state}"
    if v.filter:
        text += f" ({v.filter})"
    return text + (f"; {v.note}" if v.note else "")


@probe("ci.tag_filter")
async def ci_tag_filter(ctx: ProbeContext, repo_dir: str = "", tag: str = "") -> Any:
    """Evaluate the CI tag filters of ``repo_dir`` for ``tag``."""
    repo = Path(repo_dir) if repo_dir else Path(ctx.host.getenv("PWD") or os.getcwd())
    tag = tag.strip().removeprefix("refs/tags/")
    system, verdicts, tag, files = await asyncio.to_thread(evaluate, repo, tag)
    if not files:
        return result("no_config", f"no .github/workflows/*.yml or .gitlab-ci.yml under {repo}")
    facts = {"ci_file": files[0], "ci_system": system}
    filtered = [v for v in verdicts if v.filter and v.state in ("matches", "no_match", "unknown")]
    if filtered:
        facts["tag_filter"] = filtered[0].filter[:200]
    lines = [_line(v) for v in verdicts]
    shown_tag = tag or "(unknown tag)"
    hits = [v for v in verdicts if v.state == "matches"]
    if hits:
        return result(
            "matches",
            f"tag {shown_tag} matches {hits[0].where} ({hits[0].filter or 'no filter'})",
            *lines,
            facts=facts,
        )
    undecided = [v for v in verdicts if v.state == "unknown"]
    if undecided:
        first = undecided[0]
        return unknown(f"cannot decide {first.where}: {first.note or 'unknown'}", *lines)
    tag_filtered = [
        v for v in verdicts if v.state == "no_match" and v.filter and v.filter != "branches only"
    ]
    if tag_filtered:
        miss = tag_filtered[0]
        note = f" - {miss.note}" if miss.note else ""
        return result(
            "no_match",
            f"tag {shown_tag} matches no tag filter: {miss.where} ({miss.filter}){note}",
            *lines,
            facts=facts,
        )
    if any(v.state == "no_filter" for v in verdicts):
        return result(
            "no_filter",
            f"the CI configuration runs for every tag ({files[0]})",
            *lines,
            facts=facts,
        )
    miss = next((v for v in verdicts if v.state == "no_match"), None)
    if miss is not None:
        return result(
            "no_match",
            f"tag {shown_tag} starts nothing: {miss.where} ({miss.filter}) - {miss.note}",
            *lines,
            facts=facts,
        )
    return result("no_match", "no workflow is triggered by a tag push", *lines, facts=facts)
