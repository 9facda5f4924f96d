"""The matcher on real pastes: whole logs, colours, CRLF, log prefixes, escaped quotes."""

from __future__ import annotations

import time

import pytest

from wizard.engine.matcher import Matcher

HTTP_ERR = 'Error response from daemon: Get "https://10.1.2.3:5000/v2/": http: server gave HTTP response to HTTPS client'


def test_http_registry_ranked_first_with_registry_fact(matcher):
    result = matcher.match(HTTP_ERR)
    assert result.suspects[0] == "tls.http_registry"
    assert result.candidates[0].category == "tls.http_registry"
    assert result.facts["registry"] == "10.1.2.3:5000"
    assert result.facts["host"] == "10.1.2.3" and result.facts["port"] == "5000"
    assert result.facts["client"] == "docker"
    assert "server gave HTTP response" in result.candidates[0].evidence[0]


def test_json_shape(matcher):
    doc = matcher.match(HTTP_ERR).as_json()
    assert set(doc) == {"suspects", "candidates", "facts"}
    assert set(doc["candidates"][0]) == {"node", "category", "score", "title", "evidence"}


def test_ansi_crlf_and_ci_prefixes_are_handled(matcher):
    text = (
        "\x1b[32m#12 [3/3] RUN make\x1b[0m\r\n"
        '##[error]\x1b[31mError response from daemon: Get "https://10.1.2.3:5000/v2/": '
        "http: server gave HTTP\x1b[0m response to HTTPS client\r\n"
    )
    result = matcher.match(text)
    assert result.candidates[0].category == "tls.http_registry"
    assert result.facts["registry"] == "10.1.2.3:5000"
    assert all("\x1b" not in line for line in result.candidates[0].evidence)


def test_logrus_escaped_quotes_are_unescaped(matcher):
    text = (
        'time="2026-12-04T19:31:07Z" level=fatal msg="trying to reuse blob sha256:1acd at destination: '
        'pinging container registry 127.0.0.1:15003: Get \\"https://127.0.0.1:15003/v2/\\": '
        'x509: certificate signed by unknown authority"'
    )
    result = matcher.match(text)
    assert result.suspects[0] == "tls.unknown_authority"
    assert result.facts["registry"] == "127.0.0.1:15003"
    assert result.facts["client"] == "skopeo"


def test_json_in_logs_double_escaping(matcher):
    text = '{"log":"Error response from daemon: Get \\\\\\"https://r.example:5000/v2/\\\\\\": http: server gave HTTP response to HTTPS client\\n"}'
    result = matcher.match(text)
    assert result.candidates[0].category == "tls.http_registry"
    assert result.facts["registry"] == "r.example:5000"


def test_non_utf8_bytes_do_not_break_matching(matcher):
    text = b"\xff\xfe garbage \xc3\x28 " + HTTP_ERR.encode() + b" \x80"
    assert matcher.match(text).candidates[0].category == "tls.http_registry"


def test_nothing_recognised(matcher):
    result = matcher.match("all good, pushed sha256:abc")
    assert result.candidates == () and result.suspects == () and result.ambiguous


def test_error_at_the_end_of_a_big_log_is_found_fast(matcher):
    line = (
        b"2026-01-01T00:00:00.0000000Z #7 [stage 2/5] RUN apt-get install -y build-essential ok\n"
    )
    log = line * (8_000_000 // len(line)) + HTTP_ERR.encode() + b"\n"
    started = time.monotonic()
    result = matcher.match(log)
    assert time.monotonic() - started < 5  # generous: figures live in benchmarks/
    assert result.candidates[0].category == "tls.http_registry"


def test_hostile_line_is_linear(matcher):
    """A line built to make backtracking regexes explode costs nothing under RE2."""
    hostile = ("x509: " + "a" * 50 + " ") * 20000 + "!" * 100000
    started = time.monotonic()
    matcher.match(hostile)
    assert time.monotonic() - started < 5


def test_invalid_fact_values_from_the_paste_are_dropped(matcher):
    text = (
        "pinging container registry $(reboot):5000: http: server gave HTTP response to HTTPS client"
    )
    facts = matcher.match(text).facts
    assert "registry" not in facts or "$" not in facts["registry"]


def test_the_proxy_address_is_not_taken_for_the_registry(matcher):
    """Regression: 'proxyconnect tcp: dial tcp PROXY' made the proxy the registry."""
    facts = matcher.match(
        "proxyconnect tcp: dial tcp 127.0.0.1:15998: connect: connection refused"
    ).facts
    assert facts.get("proxy") == "127.0.0.1:15998" and "registry" not in facts
    facts = matcher.match(
        'Get "http://127.0.0.1:15999/v2/": dial tcp 127.0.0.1:15999: connect: connection refused'
    ).facts
    assert facts["registry"] == "127.0.0.1:15999"


@pytest.mark.parametrize("long_line", [False, True], ids=["lines", "one long line"])
def test_side_by_side_scan_finds_what_one_thread_finds(tree, monkeypatch, long_line):
    """A large paste is scanned by the sets in parallel threads: same result as in turn."""
    from wizard.engine import matcher as matcher_module

    filler = b'2026-01-01T00:00:00Z step ok x509: proxyconnect tcp: Get "https://r.lan/v2/"; '
    sep = b" " if long_line else b"\n"
    errors = [
        HTTP_ERR.encode(),
        b"denied: requested access to the resource is denied",
        b"x509: certificate signed by unknown authority",
    ]
    body = sep.join([filler * 2000, errors[0], filler * 2000, errors[1], filler * 2000, errors[2]])
    assert len(body) > matcher_module.PARALLEL_MIN
    monkeypatch.setattr(matcher_module, "_cpus", lambda: 2)
    parallel = Matcher(tree)
    found_parallel, result_parallel = parallel._scan(body), parallel.match(body).as_json()
    monkeypatch.setattr(matcher_module, "PARALLEL_MIN", len(body) + 1)
    in_turn = Matcher(tree)
    assert found_parallel == in_turn._scan(body) and len(found_parallel) >= 3
    assert result_parallel == in_turn.match(body).as_json()


def test_an_error_in_a_scanning_thread_reaches_the_caller(monkeypatch):
    from wizard.engine import matcher as matcher_module

    class Broken:
        def Match(self, data):  # noqa: N802 - the re2.Set method's name
            raise MemoryError("DFA out of memory")

    monkeypatch.setattr(matcher_module, "_cpus", lambda: 2)
    with pytest.raises(MemoryError):
        matcher_module._match_sets([Broken(), Broken()], b"x" * matcher_module.PARALLEL_MIN)


def test_a_large_paste_is_scanned_on_more_than_one_thread(monkeypatch):
    import threading

    from wizard.engine import matcher as matcher_module

    seen: set[int] = set()
    barrier = threading.Barrier(2, timeout=5)  # both scans must be running at once

    class Recording:
        def Match(self, data):  # noqa: N802 - the re2.Set method's name
            seen.add(threading.get_ident())
            barrier.wait()
            return [0]

    monkeypatch.setattr(matcher_module, "_cpus", lambda: 2)
    found = matcher_module._match_sets(
        [Recording(), Recording()], b"x" * matcher_module.PARALLEL_MIN
    )
    assert found == [[0], [0]] and len(seen) == 2
