"""Secret shapes and known secret values never survive redaction."""

from __future__ import annotations

import base64

import pytest

from wizard.engine.redact import MASK, Redactor, redact


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("docker login -u bob -p hunter2 reg.example.com", "hunter2"),
        ("docker login --password=hunter2 reg", "hunter2"),
        ("Authorization: Bearer abcdefgh12345", "abcdefgh12345"),
        ("authorization: Basic YWxpY2U6czNjcmV0", "YWxpY2U6czNjcmV0"),
        ('{"auths":{"r":{"auth":"YWxpY2U6czNjcmV0"}}}', "YWxpY2U6czNjcmV0"),
        ('{"identitytoken": "tok-123456"}', "tok-123456"),
        ("HTTPS_PROXY=http://proxyuser:proxypass@127.0.0.1:3128", "proxypass"),
        ("skopeo copy --dest-creds alice:s3cret a b", "s3cret"),
        ("token eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlX2hlcmU", "eyJhbGciOiJSUzI1NiJ9"),
        ("password=abc123&user=x", "abc123"),
        ("ghp_abcdefghijklmnopqrstuvwxyz0123", "ghp_abcdefghijklmnopqrstuvwxyz0123"),
    ],
)
def test_secret_shapes_are_masked(text, secret):
    out = redact(text)
    assert secret not in out and MASK in out


def test_known_values_are_masked_wherever_they_appear():
    r = Redactor()
    r.add_auth_blob(base64.b64encode(b"alice:correct-horse").decode())
    out = r("the server said correct-horse was wrong; blob YWxpY2U6Y29ycmVjdC1ob3JzZQ==")
    assert "correct-horse" not in out and "YWxpY2U6Y29ycmVjdC1ob3JzZQ==" not in out


def test_plain_text_is_untouched():
    text = 'Get "https://10.1.2.3:5000/v2/": http: server gave HTTP response to HTTPS client'
    assert redact(text) == text
