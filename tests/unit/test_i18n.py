"""Translation catalogues: merged into the tree's texts, stale entries reported."""

from __future__ import annotations

from tests.conftest import FIXTURES
from wizard.engine.loader import load_dirs
from wizard.engine.validate import check_translations

STALE = FIXTURES / "trees" / "i18n_stale"


def test_catalogue_fills_chinese_and_keeps_english():
    tree, _problems = load_dirs([STALE])
    node = tree["team.fix"]
    assert node.title.get("zh") == "推送到主仓库"
    assert node.title.get("en") == "Push to the primary registry"
    assert node.commands[0].title.en == ""  # the English tree gives no title; zh alone is kept
    assert [a.title.get("zh") for a in tree.areas] == ["团队自己的树"]


def test_stale_and_unknown_entries_are_problems_with_location():
    _tree, problems = load_dirs([STALE])
    text = "\n".join(map(str, problems))
    assert "[team.renamed] translation for a node that does not exist" in text
    assert "translation for unknown area 'nosuch'" in text
    assert "[team.mirror.start] unknown key 'colour' in a translation" in text
    assert "[team.fix] more command titles than the node has commands" in text
    assert "i18n/zh/team.yaml" in text


def test_missing_translations_are_listed_per_text():
    tree, _ = load_dirs([FIXTURES / "trees" / "unknown_key"])  # an English-only team tree
    missing = [str(p) for p in check_translations(tree)]
    assert any("[team.fix] title has no 'zh' translation" in m for m in missing)
    assert list(check_translations(load_dirs([FIXTURES / "trees" / "valid_min"])[0])) == []


def test_builtin_tree_language_fallback(tree):
    node = tree["triage.area"]
    assert node.question.get("zh") != node.question.get("en")
    assert node.question.get("fr") == node.question.en


def test_probe_lines_in_chinese_keep_the_english_finding_as_a_detail():
    from wizard.engine.i18n import probe_line

    summary = "127.0.0.1:5000 answers plain HTTP, not TLS"
    assert probe_line("tls.inspect", "plain_http", summary, "en") == (summary, ())
    line, moved = probe_line("tls.inspect", "plain_http", summary, "zh")
    assert line != summary and any("\u4e00" <= c <= "\u9fff" for c in line)
    assert moved == (summary,)
    assert probe_line("no.such.probe", "ok", summary, "zh") == (summary, ())
