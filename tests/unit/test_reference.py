"""The image reference grammar, against the real clients' answers (real-infra.md 12)."""

from __future__ import annotations

import pytest

from wizard.engine.reference import ReferenceError, parse


@pytest.mark.parametrize(
    ("text", "domain", "path", "tag"),
    [
        ("127.0.0.1:15001/test/hello:v1", "127.0.0.1:15001", "test/hello", "v1"),
        ("localhost:5000/app", "localhost:5000", "app", ""),
        ("LOCALHOST:15001/test/hello:upperhost", "LOCALHOST:15001", "test/hello", "upperhost"),
        ("myapp:latest", "docker.io", "library/myapp", "latest"),
        ("team/web", "docker.io", "team/web", ""),
        ("ghcr.io/org/a__b/c-d.e:1.0-rc_1", "ghcr.io", "org/a__b/c-d.e", "1.0-rc_1"),
        ("[::1]:5000/x/y:z", "[::1]:5000", "x/y", "z"),
    ],
)
def test_valid_references(text, domain, path, tag):
    ref = parse(text)
    assert (ref.domain, ref.path, ref.tag) == (domain, path, tag)


def test_digest_reference():
    ref = parse("127.0.0.1:15001/test/hello@sha256:" + "ab" * 32)
    assert ref.digest.startswith("sha256:") and ref.tag == ""


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "127.0.0.1:15001/Test/Hello:v1",
            "invalid reference format: repository name must be lowercase",
        ),
        ("127.0.0.1:15001/test/he$llo:v1", "invalid reference format"),
        ("127.0.0.1:15001/test/hello:bad:tag", "invalid reference format"),
        ("127.0.0.1:15001/test/hello:" + "a" * 129, "invalid reference format"),
        ("127.0.0.1:15001//hello:v1", "invalid reference format"),
        ("127.0.0.1:15001/test/hello-:v1", "invalid reference format"),
        ("", "invalid reference format"),
        (
            "127.0.0.1:15001/test/" + "a" * 260 + ":v1",
            "repository name must not be more than 255 characters",
        ),
    ],
)
def test_invalid_references_use_the_clients_words(text, message):
    with pytest.raises(ReferenceError) as info:
        parse(text)
    assert str(info.value) == message


def test_pathological_reference_is_linear_time():
    """A name built to make a backtracking regex explode is answered at once (RE2)."""
    import time

    started = time.monotonic()
    with pytest.raises(ReferenceError):
        parse("a" + "-" * 3000 + "a" * 3000 + "!")
    assert time.monotonic() - started < 1.0
