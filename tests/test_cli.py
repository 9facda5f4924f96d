"""The command line as a user meets it: help, exit codes, one-line errors, JSON shapes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURES

HTTP_ERR = 'Error response from daemon: Get "https://10.1.2.3:5000/v2/": http: server gave HTTP response to HTTPS client'


def run(
    *args: str,
    stdin: bytes | None = None,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
):
    return subprocess.run(
        [sys.executable, "-m", "wizard", *args],
        input=stdin,
        capture_output=True,
        env={**os.environ, **(env or {})},
        cwd=cwd,
        timeout=60,
    )


def no_traceback(proc) -> None:
    assert b"Traceback" not in proc.stderr and b"Traceback" not in proc.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["match", "--help"],
        ["diagnose", "--help"],
        ["tree", "--help"],
        ["probe", "--help"],
    ],
)
def test_help_works(args):
    proc = run(*args)
    assert proc.returncode == 0 and b"usage:" in proc.stdout


def test_match_json_done_criterion():
    proc = run("match", "--json", HTTP_ERR)
    assert proc.returncode == 0
    doc = json.loads(proc.stdout)
    assert doc["suspects"][0] == "tls.http_registry"
    assert doc["facts"]["registry"] == "10.1.2.3:5000"


def test_match_reads_stdin():
    proc = run("match", "--json", "-", stdin=HTTP_ERR.encode())
    assert json.loads(proc.stdout)["suspects"][0] == "tls.http_registry"


def test_match_jsonl(tmp_path):
    cases = tmp_path / "cases.jsonl"
    cases.write_text(
        json.dumps({"id": "a", "text": HTTP_ERR})
        + "\n"
        + json.dumps({"id": 2, "text": "invalid reference format"})
        + "\n"
    )
    proc = run("match", "--jsonl", str(cases))
    lines = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [line["id"] for line in lines] == ["a", 2]
    assert set(lines[0]) == {"id", "suspects", "candidates", "facts"}
    assert lines[1]["suspects"][0] == "name.invalid_reference"


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["--no-such-flag"], None, b"unrecognized arguments: --no-such-flag"),
        (["match", ""], None, b"the error text is empty"),
        (["match", "-"], b"\x00\x01\x02\x03" * 1000, b"looks like a binary file"),
        (["--error-file", "/nonexistent/file"], None, b"cannot read /nonexistent/file"),
        (["diagnose", "--registry", "bad host;rm"], None, b"--registry"),
        (["diagnose", "--answer", "nonsense"], None, b"NODE=OPTION"),
        (["probe", "no.such.probe"], None, b"no probe named"),
    ],
)
def test_bad_input_gets_one_line_and_exit_2(args, stdin, message):
    proc = run(*args, stdin=stdin)
    assert proc.returncode == 2, proc.stderr
    assert message in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    no_traceback(proc)


def test_tree_validate_ok():
    proc = run("tree", "validate")
    assert proc.returncode == 0 and proc.stdout.startswith(b"ok:")


def test_broken_tree_dir_is_refused_with_exit_1():
    proc = run("tree", "validate", "--tree-dir", str(FIXTURES / "trees" / "branch_cover"))
    assert proc.returncode == 1
    assert b"branches miss outcome(s)" in proc.stderr and b"team.yaml" in proc.stderr
    no_traceback(proc)


@pytest.mark.parametrize("fixture", ["invalid_yaml", "wrong_shape", "alias_bomb", "binary"])
def test_unusable_tree_files_are_refused_everywhere(fixture):
    for args in (["tree", "validate"], ["match", "x"], ["tree", "list"]):
        proc = run(*args, "--tree-dir", str(FIXTURES / "trees" / fixture))
        assert proc.returncode == 1, (args, proc.stderr)
        no_traceback(proc)


def test_tree_list_json_shape_and_every_category():
    from wizard.engine.taxonomy import CATEGORIES  # noqa: F401 - full coverage is the content issue's

    rows = json.loads(run("tree", "list", "--json").stdout)
    assert rows and all(set(r) == {"id", "kind", "category", "title", "file"} for r in rows)
    assert {r["kind"] for r in rows} == {"question", "probe", "solution"}


@pytest.mark.parametrize("fmt", ["mermaid", "dot"])
def test_tree_graph(fmt):
    proc = run("tree", "graph", "--format", fmt)
    assert proc.returncode == 0
    assert proc.stdout.startswith(b"flowchart TD" if fmt == "mermaid" else b"digraph")


def test_a_mistyped_image_flag_is_explained_not_refused():
    """--image with capitals is a naming mistake to diagnose (as image_ref), not bad input."""
    proc = run(
        "diagnose", "--image", "127.0.0.1:5000/Test/Hello:v1", "--format", "json", "--timeout", "1"
    )
    doc = json.loads(proc.stdout)
    assert proc.returncode == 0
    assert doc["diagnosis"]["category"] == "name.invalid_reference"
    assert doc["facts"]["image_ref"] == "127.0.0.1:5000/Test/Hello:v1"
    assert any("127.0.0.1:5000/Test/Hello:v1" in c["text"] for c in doc["commands"])


def test_a_closed_pipe_ends_quietly():
    """Regression: `registry-wizard lab list | head` printed an internal error."""
    proc = subprocess.run(
        f"{sys.executable} -m wizard tree graph --format dot | head -1",
        shell=True,
        capture_output=True,
        timeout=60,
    )
    assert proc.stdout.count(b"\n") == 1 and proc.stderr == b""


def test_a_50_mb_paste_is_matched_and_a_bigger_one_refused_in_one_line():
    """Whole CI logs are fine; past 64 MiB the paste is refused with a clear message."""
    line = b"2026-01-01T00:00:00Z #7 [stage 2/5] RUN make all  ok\n"
    log = line * (50_000_000 // len(line)) + HTTP_ERR.encode() + b"\n"
    proc = run("match", "--json", "-", stdin=log)
    assert proc.returncode == 0
    assert json.loads(proc.stdout)["suspects"][0] == "tls.http_registry"
    too_big = run("match", "-", stdin=b"x" * (65 << 20))
    assert too_big.returncode == 2
    assert b"more than 64 MiB" in too_big.stderr and len(too_big.stderr.strip().splitlines()) == 1
    no_traceback(too_big)
