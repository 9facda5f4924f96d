"""Untrusted text helpers: control characters shown, markup never parsed."""

from __future__ import annotations

from wizard.ui.plain import original, plain, prose, visible


def test_visible_shows_escapes_and_keeps_lines() -> None:
    """ESC and other C0/C1 controls become pictures; tab and newline stay; CR goes."""
    assert visible("a\x1b[31mb\x07\tc\r\nd\x9b") == "a␛[31mb␇\tc\nd\ufffd"


def test_original_undoes_visible_for_matching() -> None:
    """The matcher sees the real escape again (it strips ANSI itself)."""
    assert original(visible("x\x1b[0my")) == "x\x1b[0my"


def test_plain_never_parses_markup() -> None:
    """``[bold]x[/]`` stays literal text with no style spans."""
    text = plain("[bold]x[/] [link=http://e]y[/link]")
    assert text.plain == "[bold]x[/] [link=http://e]y[/link]"
    assert not text.spans


def test_prose_joins_paragraph_lines_but_keeps_lists_and_code() -> None:
    """Hard-wrapped YAML text reflows; list items and indented lines stay."""
    text = "one\ntwo\n\n- item\n- item2\n    cmd --x\nafter"
    assert prose(text) == "one two\n\n- item\n- item2\n    cmd --x\nafter"


def test_prose_joins_chinese_lines_without_a_space() -> None:
    """A line break inside Chinese text must not become a stray space; mixed text keeps one."""
    assert prose("仓库认得这个账号，\n但它不能推送。") == "仓库认得这个账号，但它不能推送。"
    assert prose("推送到\nHarbor 时") == "推送到 Harbor 时"
    assert prose("用 `docker login`\n登录") == "用 `docker login` 登录"
