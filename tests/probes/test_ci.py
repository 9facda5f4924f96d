"""ci.tag_filter and the pure GitHub-glob / GitLab-rule evaluation behind it."""

from __future__ import annotations

import os
import textwrap
import time
from pathlib import Path

import pytest

from wizard.engine import ci_glob
from wizard.engine.model import ProbeCall, frozen
from wizard.host import Host
from wizard.probes.base import ProbeContext
from wizard.probes.runner import ProbeRunner


# ----------------------------------------------------------------- GitHub globs
@pytest.mark.parametrize(
    ("pattern", "name", "hit"),
    [
        ("v*", "v1.0.0", True),
        ("v*", "1.0.0", False),
        ("*", "v1", True),
        ("*", "release/1.0", False),  # * does not match /
        ("**", "release/1.0", True),
        ("releases/**", "releases/2024/10", True),
        ("v[0-9]+.[0-9]+.[0-9]+", "v1.10.3", True),
        ("v[0-9]+.[0-9]+.[0-9]+", "v1.10", False),
        ("v[0-9]+.[0-9]+.[0-9]+", "v1x2x3", False),  # . is a literal dot
        ("v[12].[0-9]+.[0-9]+", "v2.0.1", True),
        ("v[12].[0-9]+.[0-9]+", "v3.0.1", False),
        ("v1?", "v", True),  # ? = zero or one of the preceding character
        ("v1?", "v1", True),
        ("v1?", "v11", False),
        ("*.*.*", "1.2.3", True),
        ("^v\\d+\\.\\d+$", "v1.2", False),  # a regex is not a glob
        ("v1.0.0", "v1.0.0", True),
        ("\\*", "*", True),
    ],
)
def test_github_glob(pattern, name, hit):
    assert ci_glob.glob_match(pattern, name) is hit


def test_negation_is_ordered():
    patterns = ["v*", "!v*-rc*", "v2.0.0-rc1"]
    assert ci_glob.filters_match(patterns, "v1.0.0")
    assert not ci_glob.filters_match(patterns, "v1.0.0-rc2")
    assert ci_glob.filters_match(patterns, "v2.0.0-rc1")  # a later positive adds it back
    assert not ci_glob.filters_match(["!v*"], "v1")  # only a negation matches nothing


def test_bad_bracket_is_a_filter_error():
    with pytest.raises(ci_glob.FilterError):
        ci_glob.glob_match("v[0-9", "v1")
    with pytest.raises(ci_glob.FilterError):
        ci_glob.glob_match("v[.]", "v.")


# ----------------------------------------------------------------- GitLab rules
@pytest.mark.parametrize(
    ("expr", "tag", "value"),
    [
        ("$CI_COMMIT_TAG", "v1", True),
        ("$CI_COMMIT_TAG", "", False),
        ("$CI_COMMIT_TAG =~ /^v\\d+\\.\\d+\\.\\d+$/", "v1.2.3", True),
        ("$CI_COMMIT_TAG =~ /^v\\d+\\.\\d+\\.\\d+$/", "1.2.3", False),
        ("$CI_COMMIT_TAG =~ /^V/i", "v9", True),
        ("$CI_COMMIT_TAG !~ /-rc/", "v1-rc1", False),
        ('$CI_COMMIT_TAG == "v1"', "v1", True),
        ("$CI_COMMIT_TAG != null", "v1", True),
        ('$CI_COMMIT_BRANCH == "main"', "v1", False),
        ('$CI_COMMIT_TAG && $CI_PIPELINE_SOURCE == "push"', "v1", True),
        ("$CI_COMMIT_BRANCH || $CI_COMMIT_TAG =~ /^v/", "v1", True),
        ('$CI_COMMIT_TAG && $DEPLOY == "yes"', "v1", None),
    ],
)
def test_gitlab_if(expr, tag, value):
    assert ci_glob.gitlab_if(expr, tag).value is value


def test_gitlab_lookahead_cannot_be_evaluated():
    verdict = ci_glob.gitlab_if("$CI_COMMIT_TAG =~ /^(?!rc).*$/", "v1")
    assert verdict.value is None and "compile" in verdict.reason


# ----------------------------------------------------------------- the probe
def _write(repo: Path, rel: str, text: str) -> None:
    path = repo / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text))


async def _probe(repo: Path, tag: str = ""):
    ctx = ProbeContext(host=Host.from_root(None, {"PATH": "/usr/bin:/bin"}), timeout=3.0)
    args = {"repo_dir": str(repo)}
    if tag:
        args["tag"] = tag
    return await ProbeRunner(ctx).run(ProbeCall("ci.tag_filter", frozen(args)))


RELEASE = """\
    name: release
    on:
      push:
        tags:
          - 'v*'
    jobs:
      build:
        runs-on: ubuntu-latest
        steps: [{run: echo}]
    """


async def test_no_config(tmp_path):
    res = await _probe(tmp_path, "v1")
    assert res.outcome == "no_config"


async def test_github_tag_matches(tmp_path):
    _write(tmp_path, ".github/workflows/release.yml", RELEASE)
    res = await _probe(tmp_path, "v1.0.0")
    assert res.outcome == "matches"
    assert res.facts["ci_system"] == "github"
    assert res.facts["tag_filter"] == "tags: v*"


async def test_github_tag_without_v_does_not_match(tmp_path):
    _write(tmp_path, ".github/workflows/release.yml", RELEASE)
    res = await _probe(tmp_path, "1.0.0")
    assert res.outcome == "no_match"
    assert "1.0.0" in res.summary


async def test_regex_written_as_filter_is_explained(tmp_path):
    _write(
        tmp_path,
        ".github/workflows/release.yaml",
        "on:\n  push:\n    tags: ['^v\\d+\\.\\d+$']\njobs: {}\n",
    )
    res = await _probe(tmp_path, "v1.2")
    assert res.outcome == "no_match"
    assert "regular expression" in res.summary


async def test_branches_only_never_runs_for_tags(tmp_path):
    _write(tmp_path, ".github/workflows/ci.yml", "on:\n  push:\n    branches: [main]\njobs: {}\n")
    res = await _probe(tmp_path, "v1")
    assert res.outcome == "no_match"


async def test_plain_push_runs_for_every_tag(tmp_path):
    _write(tmp_path, ".github/workflows/ci.yml", "on: [push, pull_request]\njobs: {}\n")
    res = await _probe(tmp_path, "anything")
    assert res.outcome == "no_filter"


async def test_tags_ignore(tmp_path):
    _write(
        tmp_path, ".github/workflows/ci.yml", "on:\n  push:\n    tags-ignore: ['*-rc*']\njobs: {}\n"
    )
    assert (await _probe(tmp_path, "v1-rc1")).outcome == "no_match"
    assert (await _probe(tmp_path, "v1")).outcome == "matches"


async def test_any_matching_workflow_wins(tmp_path):
    _write(tmp_path, ".github/workflows/release.yml", RELEASE)
    _write(
        tmp_path,
        ".github/workflows/nightly.yml",
        "on:\n  push:\n    tags: ['nightly-*']\njobs: {}\n",
    )
    assert (await _probe(tmp_path, "nightly-2024")).outcome == "matches"


async def test_tag_unknown_is_unknown(tmp_path):
    _write(tmp_path, ".github/workflows/release.yml", RELEASE)
    res = await _probe(tmp_path)
    assert res.outcome == "unknown"


async def test_tag_from_the_repository(tmp_path):
    _write(tmp_path, ".github/workflows/release.yml", RELEASE)
    tags = tmp_path / ".git" / "refs" / "tags"
    tags.mkdir(parents=True)
    (tags / "v0.9.0").write_text("0" * 40 + "\n")
    old = time.time() - 100
    os.utime(tags / "v0.9.0", (old, old))
    (tags / "1.0.0").write_text("1" * 40 + "\n")
    res = await _probe(tmp_path)
    assert res.outcome == "no_match"
    assert "1.0.0" in res.summary


GITLAB = """\
    stages: [build]
    variables:
      X: y
    .template:
      script: [echo]
    build-image:
      stage: build
      script: [docker build .]
      rules:
        - if: '$CI_COMMIT_TAG =~ /^v\\d+\\.\\d+\\.\\d+$/'
    test:
      script: [make test]
      rules:
        - if: $CI_COMMIT_BRANCH
    """


async def test_gitlab_rules(tmp_path):
    _write(tmp_path, ".gitlab-ci.yml", GITLAB)
    res = await _probe(tmp_path, "v1.2.3")
    assert res.outcome == "matches"
    assert res.facts["ci_system"] == "gitlab"
    res = await _probe(tmp_path, "1.2.3")
    assert res.outcome == "no_match"


async def test_gitlab_only_tags_and_except(tmp_path):
    _write(tmp_path, ".gitlab-ci.yml", "deploy:\n  script: [x]\n  only: [tags]\n")
    assert (await _probe(tmp_path, "v1")).outcome == "matches"
    _write(tmp_path, ".gitlab-ci.yml", "deploy:\n  script: [x]\n  except: [tags]\n")
    assert (await _probe(tmp_path, "v1")).outcome == "no_match"
    _write(tmp_path, ".gitlab-ci.yml", "deploy:\n  script: [x]\n  only: ['/^release-.*$/']\n")
    assert (await _probe(tmp_path, "release-1")).outcome == "matches"
    assert (await _probe(tmp_path, "v1")).outcome == "no_match"


async def test_gitlab_without_rules_runs_for_tags(tmp_path):
    _write(tmp_path, ".gitlab-ci.yml", "build:\n  script: [make]\n")
    assert (await _probe(tmp_path, "v1")).outcome == "no_filter"


async def test_gitlab_workflow_rules_drop_the_pipeline(tmp_path):
    _write(
        tmp_path,
        ".gitlab-ci.yml",
        "workflow:\n  rules:\n    - if: $CI_COMMIT_TAG =~ /^v/\n      when: never\n    - when: always\n"
        "build:\n  script: [make]\n",
    )
    assert (await _probe(tmp_path, "v1")).outcome == "no_match"


async def test_broken_yaml_is_unknown_not_a_crash(tmp_path):
    _write(tmp_path, ".github/workflows/x.yml", "on: [push\n  bad: : :\n")
    res = await _probe(tmp_path, "v1")
    assert res.outcome == "unknown"


async def test_full_ref_name_is_accepted(tmp_path):
    _write(tmp_path, ".github/workflows/release.yml", RELEASE)
    assert (await _probe(tmp_path, "refs/tags/v2.0.0")).outcome == "matches"
