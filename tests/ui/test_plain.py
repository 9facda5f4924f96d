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
