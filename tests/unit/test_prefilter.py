"""Hyperscan as the matcher's prefilter: never misses what RE2 finds, same results, cached."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wizard.engine import prefilter, rx
from wizard.engine.matcher import PREFILTER_MIN, Matcher

pytest.importorskip("hyperscan", reason="hyperscan is a dependency; this marks a broken install")


@pytest.fixture(scope="module")
def patterns(tree):
    return [entry.regex for entry in Matcher(tree)._entries]


@pytest.fixture(scope="module")
def compiled(patterns, tmp_path_factory):
    loaded = prefilter.load(patterns, tmp_path_factory.mktemp("hs-cache"))
    assert loaded is not None
    return loaded


def test_continuation_bytes_leave_patterns_and_text_alike():
    assert prefilter.hs_pattern("标签|tag") == b"\xe6\xe7|tag"
    assert prefilter.hs_text("标签 tag".encode()) == b"\xe6\xe7 tag"
    assert prefilter.hs_text(b"plain ascii") == b"plain ascii"


def test_case_insensitive_patterns_take_the_letters_re2_folds():
    # RE2's (?i)k matches the Kelvin sign and (?i)s the long s, yet \b sees neither as a
    # letter: the text keeps their lead bytes, the pattern accepts them where RE2 folds
    assert prefilter.hs_text("\u212a8s ſecret".encode()) == b"\xe28s \xc5ecret"
    assert prefilter.hs_pattern("(?i)k8s") == b"(?i)[kK\\xe2]8[sS\\xc5]"
    assert prefilter.hs_pattern("(?i)[a-z]+\\w") == b"(?i)[a-z\\xe2\\xc5]+[\\w\\xe2\\xc5]"
    assert prefilter.hs_pattern("(?i)(?P<status>x)[^k]") == b"(?i)(?P<status>x)[^k]"
    assert prefilter.hs_pattern("k8s") == b"k8s"  # case-sensitive: RE2 folds nothing


def test_bytes_that_are_not_utf8_become_line_ends():
    assert prefilter.hs_text(b"a\xffb \xc3") == b"a\nb \n"
    # a real U+FFFD in the paste: the decoder's marks would be ambiguous, "?" instead
    real = "\ufffd".encode()
    assert prefilter.hs_text(real + b"x\x80y") == b"\xefx?y"


@pytest.mark.parametrize(
    "pattern",
    ["(?i)é", r"a\Cb", r"\pL+", r"\x{e9}", r"\xe9"],
)
def test_patterns_whose_meaning_differs_in_bytes_are_left_to_re2(pattern):
    assert prefilter.hs_pattern(pattern) is None


def _words(patterns):
    """Literal runs of the tree's patterns: texts made of them hit many patterns."""
    import re

    out = []
    for p in patterns:
        out += re.findall(r"[A-Za-z][A-Za-z0-9 :._/\-]{3,}", p.replace("\\.", "."))
    return sorted(set(out))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_hyperscan_reports_every_pattern_re2_finds(data, patterns, compiled):
    """The superset promise, on text made of pattern words, CJK, accents and bad bytes."""
    words = _words(patterns)
    pieces = data.draw(
        st.lists(
            st.one_of(
                st.sampled_from(words).map(str.encode),
                st.sampled_from(
                    ["错误", "é", "\u212a", "ſ", "\ufffd", "：", " ", "\n", '"', "/"]
                ).map(str.encode),
                st.sampled_from([b"\xff", b"\xc3", b"\x80", b":5000", b"401", b"\t"]),
                st.binary(max_size=6),
            ),
            max_size=40,
        )
    )
    text = b"".join(pieces)
    found = compiled.scan(text)
    for index in compiled.covered:
        if rx.compile_bytes(patterns[index]).search(text):
            assert index in found, (patterns[index], text)


def test_match_results_are_the_same_with_and_without_hyperscan(tree, patterns):
    """A large paste (tree examples, a hostile line, CJK) ranks and extracts alike."""
    examples = [ex.text for node in tree.starts() for ex in node.examples][:200]
    body = "\n".join(examples).encode()
    hostile = " ".join(_words(patterns) * 4).encode()  # one line of 64 KiB and more
    assert len(hostile) >= 64 << 10
    paste = (body + b"\n" + hostile + "错误 é\xff".encode("utf-8", "surrogateescape")) * (
        PREFILTER_MIN // (len(body) + len(hostile)) + 2
    )
    assert len(paste) >= PREFILTER_MIN
    with_hs, without = Matcher(tree), Matcher(tree, prefilter=False)
    found_hs, found_re2 = with_hs._scan(paste), without._scan(paste)
    assert with_hs._prefilter is not None  # the Hyperscan path really ran
    confirmed = {i for i in found_re2 if rx.compile_bytes(patterns[i]).search(paste)}
    assert confirmed <= set(found_hs)
    assert with_hs.match(paste).as_json() == without.match(paste).as_json()


def test_the_compiled_database_is_cached_and_reused(patterns, tmp_path, monkeypatch):
    first = prefilter.load(patterns, tmp_path)
    assert first is not None and list(tmp_path.glob("hyperscan-*.db"))
    monkeypatch.setattr(prefilter, "_compile", lambda *a: pytest.fail("compiled again"))
    again = prefilter.load(patterns, tmp_path)
    assert again is not None and again.covered == first.covered
    text = b'Get "https://r.example:5000/v2/": http: server gave HTTP response to HTTPS client'
    assert again.scan(text) == first.scan(text) != {}


def _flip_last_byte(data: bytes) -> bytes:
    return data[:-1] + bytes([data[-1] ^ 0xFF])


@pytest.mark.parametrize(
    "damage",
    [
        lambda d: b"",
        lambda d: b"garbage",
        lambda d: b"1,2;3\n123",
        lambda d: b"\n" + b"\x00" * 64,
        lambda d: d[: len(d) // 2],  # cut short
        _flip_last_byte,  # same size, one byte of a database changed
    ],
)
def test_a_damaged_cache_entry_is_compiled_again(patterns, tmp_path, damage, monkeypatch):
    prefilter.load(patterns, tmp_path)
    (entry,) = tmp_path.glob("hyperscan-*.db")
    entry.write_bytes(damage(entry.read_bytes()))
    import hyperscan

    # a damaged entry never reaches Hyperscan's deserializer (C): it is compiled again
    monkeypatch.setattr(hyperscan, "loadb", lambda *a, **k: pytest.fail("damaged entry loaded"))
    loaded = prefilter.load(patterns, tmp_path)
    assert loaded is not None and loaded.scan(b"unauthorized: authentication required")


def test_an_unwritable_cache_only_costs_a_compile(patterns, tmp_path):
    blocked = tmp_path / "file-not-dir"
    blocked.write_text("x")
    loaded = prefilter.load(patterns, blocked)
    assert loaded is not None and loaded.scan(b"x509: certificate signed by unknown authority")


def test_a_pattern_hyperscan_refuses_is_scanned_by_re2(tree, monkeypatch):
    """RE2's (?U) is not Hyperscan syntax: that entry goes to the RE2 set, still found."""
    matcher = Matcher(tree)
    refused = "(?U)zq+ refused by hyperscan"
    matcher._entries[0] = matcher._entries[0].__class__(
        **{**matcher._entries[0].__dict__, "regex": refused}
    )
    matcher._set_patterns[0] = refused.encode()
    paste = b"x" * PREFILTER_MIN + b"\nzqq refused by hyperscan\n"
    found = matcher._scan(paste)
    assert matcher._prefilter is not None and 0 not in matcher._prefilter.covered
    assert 0 in found


def test_without_hyperscan_the_re2_set_does_the_work(tree, monkeypatch):
    monkeypatch.setattr(prefilter, "available", lambda: False)
    matcher = Matcher(tree)
    paste = b"x" * PREFILTER_MIN + b"\nunauthorized: authentication required\n"
    result = matcher.match(paste)
    assert matcher._prefilter is None
    assert result.candidates[0].category.startswith("auth.")


def test_ordinary_logs_do_not_wait_for_a_compile(tree, monkeypatch):
    """Cold cache: a large log without long lines goes to RE2; a hostile line compiles."""
    compiles = []
    real = prefilter._compile
    monkeypatch.setattr(prefilter, "_compile", lambda *a: compiles.append(1) or real(*a))
    ordinary = (
        b"step 1 of 9: building\n" * (PREFILTER_MIN // 20) + b"x509: certificate has expired\n"
    )
    matcher = Matcher(tree)
    assert matcher.match(ordinary).candidates and matcher._prefilter is None and not compiles
    hostile = b"pattern words " * (PREFILTER_MIN // 14) + b"\nx509: certificate has expired\n"
    assert matcher.match(hostile).candidates and matcher._prefilter is not None and compiles
    # compiled once, cached: a new matcher uses it for the ordinary log too
    again = Matcher(tree)
    again.match(ordinary)
    assert again._prefilter is not None and len(compiles) == 1


def test_every_tree_example_keeps_its_patterns(tree, patterns, compiled):
    """Real error texts (and the same with odd bytes and CJK after them) lose nothing."""
    for node in tree.starts():
        for example in node.examples:
            for text in (
                example.text.encode(),
                example.text.encode() + b"\xff\x80" + "错".encode(),
            ):
                found = compiled.scan(text)
                for index in compiled.covered:
                    if rx.compile_bytes(patterns[index]).search(text):
                        assert index in found, (patterns[index], example.text)
