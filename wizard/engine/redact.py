"""Keep secrets out of everything the wizard shows, writes or copies.

Two layers: known secret values (passwords and tokens read from config.json or from a
helper, registered with :meth:`Redactor.add`) are replaced wherever they appear; and
shapes that are secrets whatever their value (``Authorization`` headers, ``-p VALUE``,
``user:pass@`` in URLs, JWTs, ``"auth": "..."`` in JSON) are masked in any text.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable

from wizard.engine.rx import compile_str

MASK = "***"

_SHAPES: tuple[tuple[str, str], ...] = (
    # Authorization / Proxy-Authorization headers
    (
        r"(?i)((?:proxy-)?authorization\s*[:=]\s*\"?(?:basic|bearer|token)?\s*)[A-Za-z0-9._~+/=-]{4,}",
        r"\1" + MASK,
    ),
    # JSON fields that hold secrets
    (
        r"(?i)(\"(?:auth|password|passwd|secret|identitytoken|registrytoken|access_token|refresh_token|token|secret_access_key)\"\s*:\s*\")[^\"]*(\")",
        r"\1" + MASK + r"\2",
    ),
    # key=value and key: value forms
    (
        r"(?i)\b((?:password|passwd|secret|access_token|refresh_token|identitytoken|registry_password|api_key|apikey)\s*[=:]\s*)[^\s&\"',;]+",
        r"\1" + MASK,
    ),
    # -p VALUE, --password VALUE, --password=VALUE, --creds user:pass, -u user:pass
    (r"(^|\s)(-p|--password|--registry-password)(\s+|=)([^\s-][^\s]*)", r"\1\2\3" + MASK),
    (
        r"(^|\s)(--creds|--dest-creds|--src-creds|--cred)(\s+|=)([^\s:]+):([^\s]+)",
        r"\1\2\3\4:" + MASK,
    ),
    # user:password@ in URLs
    (r"(?i)\b([a-z][a-z0-9+.-]*://[^/\s:@]+):[^/\s@]+@", r"\1:" + MASK + "@"),
    # JSON Web Tokens
    (r"\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}", MASK),
    # well-known token prefixes (GitHub, GitLab, Docker Hub PATs)
    (r"\b(?:ghp|gho|ghu|ghs|ghr|github_pat|glpat|dckr_pat)_[A-Za-z0-9_-]{10,}", MASK),
)


class Redactor:
    """Masks known secret values and secret-shaped text."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        self._secrets: set[str] = set()
        for secret in secrets:
            self.add(secret)

    def add(self, secret: str | None) -> None:
        """Register a secret value (and its base64 ``user:secret`` forms stay masked too)."""
        if not secret or len(secret) < 3:
            return
        self._secrets.add(secret)
        try:
            self._secrets.add(base64.b64encode(secret.encode()).decode())
        except (UnicodeEncodeError, ValueError):
            pass

    def add_auth_blob(self, blob: str | None) -> None:
        """Register a config.json ``auth`` value and the password inside it."""
        if not blob:
            return
        self.add(blob)
        try:
            decoded = base64.b64decode(blob, validate=False).decode("utf-8", "replace")
        except ValueError:
            return
        _user, _, password = decoded.partition(":")
        self.add(password)

    @property
    def secrets(self) -> frozenset[str]:
        """The registered values (for tests)."""
        return frozenset(self._secrets)

    def __call__(self, text: str) -> str:
        return self.redact(text)

    def redact(self, text: str) -> str:
        """``text`` with every known secret and secret-shaped part masked."""
        if not text:
            return text
        for secret in sorted(self._secrets, key=len, reverse=True):
            if secret in text:
                text = text.replace(secret, MASK)
        for pattern, repl in _SHAPES:
            text = compile_str(pattern).sub(repl, text)
        return text


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    """Mask secrets in ``text`` (shapes, plus the given known values)."""
    return Redactor(secrets).redact(text)
