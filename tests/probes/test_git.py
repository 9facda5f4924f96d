"""git.remote against temporary repositories made with the real git (no machine config)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from wizard.engine.model import ProbeCall, frozen
from wizard.host import Host
from wizard.probes.base import ProbeContext
from wizard.probes.git import GitConfig, no_proxy_covers, parse_git_config
from wizard.probes.runner import ProbeRunner

GIT = shutil.which("git")


@pytest.fixture
def home(tmp_path: Path) -> Path:
    h = tmp_path / "githome"
    h.mkdir(exist_ok=True)
    return h


def _env(home: Path, **extra: str) -> dict[str, str]:
    return {"HOME": str(home), "GIT_CONFIG_NOSYSTEM": "1", "PATH": "/usr/bin:/bin", **extra}


def _git(home: Path, *args: str, cwd: Path) -> None:
    assert GIT, "git must be installed for these tests"
    subprocess.run(
        [GIT, *args], cwd=cwd, env=_env(home), check=True, capture_output=True, timeout=20
    )


def _repo(tmp_path: Path, home: Path, remote: str | None) -> Path:
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(home, "init", "-q", cwd=repo)
    if remote:
        _git(home, "remote", "add", "origin", remote, cwd=repo)
    return repo


async def _probe(home: Path, repo_dir: Path, **env: str):
    ctx = ProbeContext(host=Host.from_root(home.parent / "root", _env(home, **env)), timeout=3.0)
    call = ProbeCall("git.remote", frozen({"repo_dir": str(repo_dir)}))
    return await ProbeRunner(ctx).run(call)


async def test_not_a_repository(tmp_path, home):
    res = await _probe(home, tmp_path)
    assert res.outcome == "no_repo"


async def test_repository_without_remote(tmp_path, home):
    repo = _repo(tmp_path, home, None)
    res = await _probe(home, repo)
    assert res.outcome == "no_repo"


async def test_https_remote_direct(tmp_path, home):
    repo = _repo(tmp_path, home, "https://github.com/acme/webapp.git")
    res = await _probe(home, repo)
    assert res.outcome == "https"
    assert res.facts["git_host"] == "github.com"
    assert res.facts["git_remote"] == "https://github.com/acme/webapp.git"


async def test_subdirectory_finds_the_work_tree(tmp_path, home):
    repo = _repo(tmp_path, home, "https://gitlab.com/acme/api.git")
    sub = repo / "src" / "pkg"
    sub.mkdir(parents=True)
    res = await _probe(home, sub)
    assert res.outcome == "https"
    assert res.facts["git_host"] == "gitlab.com"


async def test_credentials_in_the_remote_are_redacted(tmp_path, home):
    token = "ghp_S3cr3tT0k3nValue1234567890abcdef"
    repo = _repo(tmp_path, home, f"https://x-access-token:{token}@github.com/acme/webapp.git")
    res = await _probe(home, repo)
    assert res.outcome == "https"
    text = " ".join([res.summary, *res.details, *res.facts.values()])
    assert token not in text
    assert "x-access-token" not in res.facts["git_remote"]
    assert "carries credentials" in text


async def test_http_proxy_in_repo_config(tmp_path, home):
    repo = _repo(tmp_path, home, "https://github.com/acme/webapp.git")
    _git(home, "config", "http.proxy", "http://bob:pr0xyPass@proxy.corp:3128", cwd=repo)
    res = await _probe(home, repo)
    assert res.outcome == "https_proxied"
    assert res.facts["proxy"] == "http://proxy.corp:3128"
    text = " ".join([res.summary, *res.details, *res.facts.values()])
    assert "pr0xyPass" not in text


async def test_global_proxy_from_home_gitconfig(tmp_path, home):
    repo = _repo(tmp_path, home, "https://github.com/acme/webapp.git")
    _git(home, "config", "--global", "http.proxy", "proxy.corp:8080", cwd=repo)
    res = await _probe(home, repo)
    assert res.outcome == "https_proxied"
    assert "proxy.corp:8080" in res.facts["proxy"]


async def test_url_specific_empty_proxy_disables_it(tmp_path, home):
    repo = _repo(tmp_path, home, "https://git.internal/acme/app.git")
    _git(home, "config", "http.proxy", "http://proxy.corp:3128", cwd=repo)
    _git(home, "config", "http.https://git.internal/.proxy", "", cwd=repo)
    res = await _probe(home, repo, https_proxy="http://env-proxy:3128")
    assert res.outcome == "https", res.summary


async def test_url_specific_proxy_beats_http_proxy(tmp_path, home):
    repo = _repo(tmp_path, home, "https://github.com/acme/webapp.git")
    _git(home, "config", "http.proxy", "http://general:3128", cwd=repo)
    _git(home, "config", "http.https://github.com.proxy", "http://special:8080", cwd=repo)
    res = await _probe(home, repo)
    assert res.facts["proxy"] == "http://special:8080"


async def test_https_proxy_setting_is_not_a_git_setting(tmp_path, home):
    repo = _repo(tmp_path, home, "https://github.com/acme/webapp.git")
    _git(home, "config", "--global", "https.proxy", "http://proxy.corp:8080", cwd=repo)
    res = await _probe(home, repo)
    assert res.outcome == "https"
    assert any("git has no such setting" in d for d in res.details)


async def test_env_proxy_and_no_proxy(tmp_path, home):
    repo = _repo(tmp_path, home, "https://git.corp.example/acme/app.git")
    res = await _probe(home, repo, HTTPS_PROXY="http://proxy.corp:3128")
    assert res.outcome == "https_proxied"
    res = await _probe(
        home, repo, HTTPS_PROXY="http://proxy.corp:3128", no_proxy="localhost,.corp.example"
    )
    assert res.outcome == "https"


async def test_ssh_remotes(tmp_path, home):
    repo = _repo(tmp_path, home, "git@github.com:acme/webapp.git")
    res = await _probe(home, repo)
    assert res.outcome == "ssh"
    assert res.facts["git_host"] == "github.com"
    _git(
        home, "remote", "set-url", "origin", "ssh://git@gitlab.example:2222/acme/app.git", cwd=repo
    )
    res = await _probe(home, repo)
    assert res.outcome == "ssh"
    assert res.facts["git_host"] == "gitlab.example"


async def test_worktree_git_file(tmp_path, home):
    repo = _repo(tmp_path, home, "https://github.com/acme/webapp.git")
    (repo / "f").write_text("x")
    _git(home, "add", "f", cwd=repo)
    _git(home, "-c", "user.name=t", "-c", "user.email=t@e", "commit", "-qm", "x", cwd=repo)
    wt = tmp_path / "wt"
    _git(home, "worktree", "add", "-q", str(wt), cwd=repo)
    assert (wt / ".git").is_file()
    res = await _probe(home, wt)
    assert res.outcome == "https"


def test_config_parser_quotes_comments_and_subsections():
    cfg = GitConfig()
    parse_git_config(
        '[remote "origin"]\n\turl = "https://h/a b.git" ; comment\n[HTTP]\n\tProxy = x:1 # c\n',
        cfg,
    )
    assert cfg.get("remote.origin.url") == "https://h/a b.git"
    assert cfg.get("http.proxy") == "x:1"


@pytest.mark.parametrize(
    ("no_proxy", "host", "covered"),
    [
        ("*", "a.b", True),
        (".corp", "git.corp", True),
        ("corp", "git.corp", True),
        ("corp", "xcorp", False),
        ("", "a", False),
    ],
)
def test_no_proxy_rules(no_proxy, host, covered):
    assert no_proxy_covers(no_proxy, host) is covered


async def test_git_itself_answers_for_included_files(tmp_path, home):
    repo = _repo(tmp_path, home, "https://github.com/acme/webapp.git")
    (home / "proxy.inc").write_text("[http]\n\tproxy = http://included-proxy:3128\n")
    (home / ".gitconfig").write_text(f"[include]\n\tpath = {home / 'proxy.inc'}\n")
    res = await _probe(home, repo)
    assert res.outcome == "https_proxied"
    assert res.facts["proxy"] == "http://included-proxy:3128"
