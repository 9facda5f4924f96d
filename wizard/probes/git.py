"""Probe ``git.remote``: the remote URL and the proxy git would use for it.

Reads ``<repo_dir>/.git/config`` (a ``.git`` file with ``gitdir:`` is followed), the user's
``~/.gitconfig`` / ``$XDG_CONFIG_HOME/git/config`` and ``<root>/etc/gitconfig`` (unless
``GIT_CONFIG_NOSYSTEM``), with git's own rules: ``http.<url>.proxy`` beats ``http.proxy``
(longest matching URL wins), then curl's environment variables (``https_proxy`` /
``HTTPS_PROXY`` for https, only lower-case ``http_proxy`` for http, ``all_proxy``), with
``no_proxy``. Note that git has NO ``https.proxy`` setting: it is read by nothing, a
classic reason a proxy "configured" for git is not used.

Credentials in remote or proxy URLs are secrets: registered with the redactor and
stripped from every text.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from wizard.engine.facts import strip_userinfo
from wizard.probes.base import ProbeContext, probe, result, unknown

MAX_FILE = 256 << 10


@dataclass
class GitConfig:
    """Flat ``section[.subsection].key`` -> values (last wins), from several files."""

    values: dict[str, list[str]] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)

    def get(self, key: str) -> str:
        """The last value of ``key`` (case-insensitive section and key names)."""
        vals = self.values.get(key.lower()) or self.values.get(key)
        return vals[-1] if vals else ""


def _unquote(value: str) -> str:
    value = value.strip()
    out, in_q, i = [], False, 0
    while i < len(value):
        c = value[i]
        if c == '"':
            in_q = not in_q
        elif c == "\\" and i + 1 < len(value):
            i += 1
            out.append({"n": "\n", "t": "\t"}.get(value[i], value[i]))
        elif c in "#;" and not in_q:
            break
        else:
            out.append(c)
        i += 1
    return "".join(out).strip()


def parse_git_config(text: str, into: GitConfig) -> None:
    """Add the settings of one git config file (the subset of the format that matters)."""
    section = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line[0] in "#;":
            continue
        if line.startswith("["):
            head = line[1 : line.find("]")] if "]" in line else line[1:]
            name, _, sub = head.partition(" ")
            sub = sub.strip()
            if sub.startswith('"') and sub.endswith('"'):
                sub = sub[1:-1].replace('\\"', '"').replace("\\\\", "\\")
                section = f"{name.lower()}.{sub}" if sub else name.lower()
            elif "." in name:  # deprecated [section.sub] form
                first, _, rest = name.partition(".")
                section = f"{first.lower()}.{rest.lower()}"
            else:
                section = name.lower()
            continue
        key, eq, value = line.partition("=")
        full = f"{section}.{key.strip().lower()}"
        into.values.setdefault(full, []).append(_unquote(value) if eq else "true")


def _read(path: Path) -> str | None:
    try:
        with path.open("rb") as fh:
            return fh.read(MAX_FILE).decode("utf-8", "replace")
    except OSError:
        return None


def find_git_dir(start: Path) -> tuple[Path, Path] | None:
    """(work tree, git dir) of ``start`` or its parents."""
    here = start.resolve() if start.exists() else start
    for candidate in [here, *here.parents]:
        dot = candidate / ".git"
        if dot.is_dir():
            return candidate, dot
        if dot.is_file():
            text = _read(dot) or ""
            if text.startswith("gitdir:"):
                target = Path(text[len("gitdir:") :].strip())
                return candidate, target if target.is_absolute() else candidate / target
        if (
            (candidate / "HEAD").is_file()
            and (candidate / "config").is_file()
            and (candidate / "objects").is_dir()
        ):
            return candidate, candidate  # a bare repository
    return None


def load_config(ctx: ProbeContext, git_dir: Path) -> GitConfig:
    """System, global and repository config, in git's order (later files win)."""
    host = ctx.host
    cfg = GitConfig()
    paths: list[Path] = []
    if not host.getenv("GIT_CONFIG_NOSYSTEM"):
        paths.append(
            Path(host.getenv("GIT_CONFIG_SYSTEM"))
            if host.getenv("GIT_CONFIG_SYSTEM")
            else host.system("/etc/gitconfig")
        )
    xdg = host.getenv("XDG_CONFIG_HOME") or str(host.home / ".config")
    if host.getenv("GIT_CONFIG_GLOBAL"):
        paths.append(Path(host.getenv("GIT_CONFIG_GLOBAL")))
    else:
        paths += [Path(xdg) / "git" / "config", host.home / ".gitconfig"]
    common = git_dir
    commondir = _read(git_dir / "commondir")
    if commondir and commondir.strip():  # a linked worktree shares the main config
        target = Path(commondir.strip())
        common = target if target.is_absolute() else git_dir / target
    paths.append(common / "config")
    if common != git_dir:
        paths.append(git_dir / "config.worktree")
    for path in paths:
        text = _read(path)
        if text is not None:
            parse_git_config(text, cfg)
            cfg.files.append(str(path))
    return cfg


def _secret_of(ctx: ProbeContext, url: str) -> None:
    try:
        parts = urlsplit(url)
    except ValueError:
        return
    if parts.password:
        ctx.redactor.add(parts.password)
    elif parts.username and "@" in parts.netloc and parts.scheme.startswith("http"):
        ctx.redactor.add(parts.username)  # a bare token as user name (GitHub PATs)


def url_match_proxy(cfg: GitConfig, url: str) -> tuple[str, str]:
    """``http.<url>.proxy`` with the longest matching URL, else ``http.proxy``."""
    best, best_len, best_key = "", -1, ""
    target = strip_userinfo(url).lower()
    for key, vals in cfg.values.items():
        if key.startswith("http.") and key.endswith(".proxy") and key != "http.proxy":
            prefix = key[len("http.") : -len(".proxy")]
            pre = prefix.lower().rstrip("/")
            if target.startswith(pre) and len(pre) > best_len:
                best, best_len = vals[-1], len(pre)
                best_key = f"http.{prefix}.proxy"
    if best_len >= 0:
        return best, best_key
    if "http.proxy" in cfg.values:
        return cfg.get("http.proxy"), "http.proxy"
    return "", ""


def no_proxy_covers(no_proxy: str, host: str) -> bool:
    """curl's NO_PROXY rules: ``*``, exact names and domain suffixes."""
    host = host.lower().strip("[]")
    for entry in no_proxy.split(","):
        e = entry.strip().lower().lstrip("*").lstrip(".")
        if entry.strip() == "*":
            return True
        if e and (host == e or host.endswith("." + e)):
            return True
    return False


def env_proxy(ctx: ProbeContext, scheme: str) -> tuple[str, str]:
    """The proxy curl takes from the environment for ``scheme``."""
    names = ("https_proxy", "HTTPS_PROXY") if scheme == "https" else ("http_proxy",)
    names += ("all_proxy", "ALL_PROXY")
    name, value = ctx.host.getenv_any(*names)
    return value, name


def git_urlmatch_proxy(ctx: ProbeContext, work: Path, url: str) -> str | None:
    """What git itself answers for ``http.proxy`` of ``url`` (None: no git, or no answer).

    git knows things the file parser does not (include.path, conditional includes,
    GIT_CONFIG_* variables); it runs with the host's environment and a hard timeout.
    """
    exe = ctx.host.which("git")
    if exe is None:
        return None
    env = {**ctx.host.env, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
    try:
        done = subprocess.run(
            [str(exe), "-C", str(work), "config", "--get-urlmatch", "http.proxy", url],
            capture_output=True,
            env=env,
            timeout=max(0.5, min(2.0, ctx.timeout / 2)),
            stdin=subprocess.DEVNULL,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if done.returncode == 1:
        return ""
    if done.returncode != 0:
        return None
    value = done.stdout[:4096].decode("utf-8", "replace").strip()
    _secret_of(ctx, value if "://" in value else "http://" + value)
    return value


def _classify(ctx: ProbeContext, work: Path, git_dir: Path) -> Any:
    cfg = load_config(ctx, git_dir)
    remotes = sorted(
        {k.split(".")[1] for k in cfg.values if k.startswith("remote.") and k.endswith(".url")}
    )
    if not remotes:
        return result("no_repo", f"{work} is a git repository without a remote", facts={})
    name = "origin" if "origin" in remotes else remotes[0]
    url = cfg.get(f"remote.{name}.pushurl") or cfg.get(f"remote.{name}.url")
    for vals in cfg.values.values():
        for v in vals:
            if "://" in v and "@" in v:
                _secret_of(ctx, v)
    clean = strip_userinfo(url)
    details = [f"remote {name!r}: {clean}", "config read from: " + ", ".join(cfg.files)]
    if cfg.get("https.proxy"):
        details.append(
            "https.proxy is set but git has no such setting (only http.proxy and "
            "http.<url>.proxy are read)"
        )
    had_creds = clean != url
    if had_creds:
        details.append(
            "the remote URL carries credentials: remove them and use a credential helper"
        )
    if url.startswith(("https://", "http://")):
        parts = urlsplit(clean)
        host = parts.hostname or ""
        facts = {"git_remote": clean, "git_host": host}
        proxy, source = url_match_proxy(cfg, url)
        asked = git_urlmatch_proxy(ctx, work, clean)
        if asked is not None and asked != proxy:
            details.append(f"git config --get-urlmatch http.proxy says {strip_userinfo(asked)!r}")
            proxy, source = asked, source or "git config (include or other file)"
        if source and not proxy.strip('"'):
            details.append(f"{source} is empty: git uses no proxy for this remote")
            proxy = ""
        elif not proxy:
            proxy, source = env_proxy(ctx, parts.scheme)
        no_proxy = ctx.host.getenv_any("no_proxy", "NO_PROXY")[1]
        if proxy and no_proxy and no_proxy_covers(no_proxy, host):
            details.append(f"{source} is set but no_proxy={no_proxy} covers {host}")
            proxy = ""
        if proxy:
            _secret_of(ctx, proxy if "://" in proxy else "http://" + proxy)
            shown = strip_userinfo(proxy if "://" in proxy else "http://" + proxy)
            facts["proxy"] = shown
            return result(
                "https_proxied",
                f"git pushes to {host} over {parts.scheme.upper()} through the proxy {shown} ({source})",
                *details,
                facts=facts,
            )
        return result(
            "https",
            f"git pushes to {host} over {parts.scheme.upper()}, no proxy",
            *details,
            facts=facts,
        )
    if url.startswith(("ssh://", "git+ssh://")) or ("@" in url.split(":", 1)[0] and ":" in url):
        host = (
            url.split("@", 1)[-1].split(":", 1)[0].split("/", 1)[0]
            if "://" not in url
            else (urlsplit(url).hostname or "")
        )
        return result(
            "ssh",
            f"git pushes to {host} over SSH",
            *details,
            facts={"git_remote": clean, "git_host": host},
        )
    return unknown(f"remote {name!r} is {clean!r}: neither HTTPS nor SSH", *details)


@probe("git.remote")
async def git_remote(ctx: ProbeContext, repo_dir: str = "") -> Any:
    """Find the working tree of ``repo_dir`` (default: the current directory)."""
    start = Path(repo_dir) if repo_dir else Path(ctx.host.getenv("PWD") or os.getcwd())
    found = await asyncio.to_thread(find_git_dir, start)
    if found is None:
        return result("no_repo", f"{start} is not inside a git working tree")
    work, git_dir = found
    return await asyncio.to_thread(_classify, ctx, work, git_dir)
