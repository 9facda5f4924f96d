"""normalize() in pieces gives exactly what the whole-text, one-step-at-a-time version gave."""

from __future__ import annotations

import pytest
import re2
from hypothesis import given, settings
from hypothesis import strategies as st

from wizard.engine import matcher as matcher_mod
from wizard.engine import rx
from wizard.engine.matcher import _CSI, _ESC, _OSC, normalize


def reference_normalize(data: bytes) -> bytes:
    """The original implementation: each step over the whole text, with RE2."""
    if b"\x1b" in data:
        for pattern in (_OSC, _CSI, _ESC):
            data = re2.compile(pattern, rx.options()).sub(b"", data)
    if b"\r" in data:
        data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    if b"\\" in data:
        data = (
            data.replace(b'\\\\\\"', b'"')
            .replace(b'\\"', b'"')
            .replace(b"\\r\\n", b"\n")
            .replace(b"\\n", b"\n")
            .replace(b"\\t", b"\t")
        )
    return data


# the bytes every step cares about, so that examples are dense in escapes and joins
ALPHABET = list(b'\x1b[]\\"\r\n\x07 0;1mnrtq@Z_-/?~ax')
pastes = st.lists(st.sampled_from(ALPHABET), max_size=300).map(bytes)


@settings(max_examples=600, deadline=None)
@given(
    data=pastes,
    piece=st.integers(min_value=1, max_value=40),
    escape_chunk=st.integers(min_value=1, max_value=40),
)
def test_pieces_give_the_same_bytes_as_the_whole(data, piece, escape_chunk):
    old = matcher_mod.NORMALIZE_PIECE, matcher_mod.ESCAPE_CHUNK
    matcher_mod.NORMALIZE_PIECE, matcher_mod.ESCAPE_CHUNK = piece, escape_chunk
    try:
        assert normalize(data) == reference_normalize(data)
    finally:
        matcher_mod.NORMALIZE_PIECE, matcher_mod.ESCAPE_CHUNK = old


@settings(max_examples=400, deadline=None)
@given(data=pastes, escape_chunk=st.integers(min_value=1, max_value=40))
def test_escapes_removed_in_chunks_of_one_long_line(data, escape_chunk):
    """No newline to cut at: the escape steps cut the line before an ESC instead."""
    data = data.replace(b"\n", b" ")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(matcher_mod, "ESCAPE_CHUNK", escape_chunk)
        assert normalize(data) == reference_normalize(data)


@settings(max_examples=200, deadline=None)
@given(data=st.binary(max_size=400), piece=st.integers(min_value=1, max_value=64))
def test_any_bytes_same_as_reference(data, piece):
    old = matcher_mod.NORMALIZE_PIECE
    matcher_mod.NORMALIZE_PIECE = piece
    try:
        assert normalize(data) == reference_normalize(data)
    finally:
        matcher_mod.NORMALIZE_PIECE = old


def test_examples_that_join_across_removed_escapes():
    for data in (
        b"\\\x1b[1mn",  # CSI removal makes a \n escape
        b"a\x1b]0;title\nstill title\x07b\r\nc",  # an unterminated OSC ends with its line
        b"a\x1b]0;ti\rtle\x07b\r\nc",  # an OSC holding a carriage return
        b"\x1b]unterminated\nline\nline\n",
        b"x\\\r\n\\n" * 5,
        b'{"msg":"a \\"quoted\\" \\\\\\"deep\\\\\\"\\n"}\n' * 3,
        b"\x1b]0;t\x1b\\x\x1b]1;u\x1b\\" * 4,  # OSCs ended by ESC \\, not cut before it
        b'\\"\x1b[1;' * 40,  # each CSI ends with the backslash of the next \\"
    ):
        for piece in (1, 2, 3, 7, 1 << 20):
            for chunk in (1, 2, 5, 1 << 16):
                old = matcher_mod.NORMALIZE_PIECE, matcher_mod.ESCAPE_CHUNK
                matcher_mod.NORMALIZE_PIECE, matcher_mod.ESCAPE_CHUNK = piece, chunk
                try:
                    assert normalize(data) == reference_normalize(data), (data, piece, chunk)
                finally:
                    matcher_mod.NORMALIZE_PIECE, matcher_mod.ESCAPE_CHUNK = old


def test_nothing_to_change_returns_the_paste_itself():
    data = b"plain log line\n" * 1000
    assert matcher_mod._normalized(data) is data


def test_whitespace_only_paste_matches_nothing(matcher):
    assert matcher.match(b" \n\t\r\n\x0b\x0c").candidates == ()


# -- the set's unbounded patterns -------------------------------------------------------
def test_unbounded_rewrites_only_counted_repetitions():
    cases = {
        r"a{0,200}b": r"a*b",
        r"x{5}": r"x+",
        r"(?:ab){2,}c": r"(?:ab)+c",
        r"[^\n]{0,40}\n?[^\n]{1,80}": r"[^\n]*\n?[^\n]+",
        r"[{]{2}": r"[{]+",
        r"\x{41}{3}": r"\x{41}+",
        r"\p{Greek}{1,3}": r"\p{Greek}+",
        r"[]{]{1,3}": r"[]{]+",
        r"[[:alpha:]{]{4}": r"[[:alpha:]{]+",
        r"\{1,2\}": r"\{1,2\}",
        r"a{2,1}": r"a{2,1}",
        r"a{1001}": r"a{1001}",
        r"{2}": r"{2}",
        r"a|{3}": r"a|{3}",
        r"[a{1,2}]": r"[a{1,2}]",
    }
    for pattern, expected in cases.items():
        assert rx.unbounded(pattern) == expected, pattern


def test_unbounded_set_patterns_match_a_superset_on_every_example(tree):
    """Every tree pattern: where the exact pattern matches an example, the set's does."""
    texts = [ex.text for n in tree.solutions() for ex in n.examples]
    texts += ["a" * 300 + "x509: " + "b" * 300]
    for node in tree.starts():
        for pattern in node.match:
            exact = rx.compile_bytes(pattern.regex)
            relaxed = rx.compile_bytes(rx.unbounded(pattern.regex))
            for text in texts:
                data = normalize(text)
                if exact.search(data):
                    assert relaxed.search(data), (pattern.regex, text)


@settings(max_examples=300, deadline=None)
@given(
    low=st.integers(0, 5),
    extra=st.integers(0, 5),
    text=st.text(alphabet="ab\n", max_size=30),
)
def test_unbounded_is_a_superset(low, extra, text):
    pattern = f"b(?:a|\\n){{{low},{low + extra}}}b"
    exact, relaxed = rx.compile_str(pattern), rx.compile_str(rx.unbounded(pattern))
    if exact.search(text):
        assert relaxed.search(text)


def test_invalid_patterns_still_fail_when_the_matcher_is_built():
    from wizard.engine.matcher import Matcher
    from wizard.engine.model import Node, Pattern, Tree
    from wizard.engine.text import Text

    for bad in (r"(?:(?:a{0,100}){0,100}){0,100}", r"(?:a{1,2}){0,5}(", r"a{2,1}"):
        node = Node(
            id="x.start",
            kind="solution",
            title=Text("t"),
            explain=Text("e"),
            match=(Pattern(bad),),
            category="tls.http_registry",
        )
        with pytest.raises(re2.error):
            Matcher(Tree(nodes={"x.start": node}))


# -- evidence and captures ---------------------------------------------------------------
def _old_decode(chunk: bytes) -> str:
    text = chunk.decode("utf-8", "replace")
    return "".join(c if c.isprintable() or c == "\t" else " " for c in text).strip()


@settings(max_examples=400, deadline=None)
@given(
    data=st.binary(max_size=200)
    | st.text(max_size=100).map(lambda t: t.encode("utf-8", "surrogatepass"))
)
def test_decode_is_the_per_character_definition(data):
    assert matcher_mod._decode(data) == _old_decode(data)


def test_a_match_of_megabytes_gives_short_evidence(matcher):
    line = b"x509: certificate signed by unknown authority " + b"a" * 5_000_000
    result = matcher.match(line + b"\nhttp: server gave HTTP response to HTTPS client\n")
    for cand in result.candidates:
        for evidence in cand.evidence:
            assert (
                len(evidence)
                <= 2 * matcher_mod.EVIDENCE_CONTEXT + matcher_mod.MAX_EVIDENCE_MATCH + 3
            )


@settings(max_examples=500, deadline=None)
@given(data=pastes)
def test_array_removal_of_each_escape_kind_is_the_substitution(data):
    """wizard.engine.escapes gives the bytes of the regex it stands in for, kind by kind."""
    from wizard.engine import escapes

    assert escapes.without_osc(data) == matcher_mod._OSC_RX.sub(b"", data)
    assert escapes.without_esc(data) == matcher_mod._ESC_RX.sub(b"", data)
    for steps in (escapes.SKIP_STEPS, 1, 0):  # 0 and 1: runs of parameters found by search
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(escapes, "SKIP_STEPS", steps)
            assert escapes.without_csi(data) == matcher_mod._CSI_RX.sub(b"", data)


@settings(max_examples=300, deadline=None)
@given(data=pastes, every=st.integers(min_value=1, max_value=30))
def test_dense_escapes_go_through_arrays_with_the_same_result(data, every):
    """With the thresholds lowered, normalize takes the numpy path: still the reference."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(matcher_mod, "ESCAPE_CHUNK", 1)
        patch.setattr(matcher_mod, "DENSE_MIN", 0)
        patch.setattr(matcher_mod, "DENSE_EVERY", every)
        assert normalize(data) == reference_normalize(data)


def test_a_dense_line_really_takes_the_array_path(monkeypatch):
    from wizard.engine import escapes

    calls = []
    real = escapes.without_csi
    monkeypatch.setattr(
        matcher_mod,
        "_VECTORIZED",
        {**matcher_mod._VECTORIZED, matcher_mod._CSI_RX: lambda d: calls.append(1) or real(d)},
    )
    line = b"\x1b[mA" * (matcher_mod.DENSE_MIN // 4 + 1)
    assert normalize(line) == b"A" * (matcher_mod.DENSE_MIN // 4 + 1) and calls
