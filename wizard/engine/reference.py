"""The image reference grammar of distribution/reference, in RE2.

    reference      := name [ ":" tag ] [ "@" digest ]
    name           := [domain '/'] path-component ['/' path-component]*
    domain         := host [':' port-number]
    path-component := [a-z0-9]+ (([._]|__|-+) [a-z0-9]+)*
    tag            := [\\w][\\w.-]{0,127}
    digest         := algorithm ":" hex

The same words as the real clients are used for errors, so a person can match what the
wizard says with what docker printed.
"""

from __future__ import annotations

from dataclasses import dataclass

from wizard.engine.rx import compile_str

_ALNUM = r"[a-z0-9]+"
_SEP = r"(?:[._]|__|-+)"
PATH_COMPONENT = rf"{_ALNUM}(?:{_SEP}{_ALNUM})*"
_DOMAIN_COMPONENT = r"(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])"
DOMAIN_NAME = rf"{_DOMAIN_COMPONENT}(?:\.{_DOMAIN_COMPONENT})*"
IPV6 = r"\[[a-fA-F0-9:]+\]"
HOST = rf"(?:{DOMAIN_NAME}|{IPV6})"
DOMAIN = rf"{HOST}(?::[0-9]+)?"
TAG = r"[\w][\w.-]{0,127}"
DIGEST = r"[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9a-fA-F]{32,}"
PATH = rf"{PATH_COMPONENT}(?:/{PATH_COMPONENT})*"
REFERENCE = rf"(?P<name>(?:(?P<domain>{DOMAIN})/)?(?P<path>{PATH}))(?::(?P<tag>{TAG}))?(?:@(?P<digest>{DIGEST}))?"

DEFAULT_DOMAIN = "docker.io"
NAME_TOTAL_LENGTH_MAX = 255


class ReferenceError(ValueError):  # noqa: A001 - the grammar's own word
    """The text is not a valid image reference; the message is what docker says."""


@dataclass(frozen=True)
class Reference:
    """A parsed image reference."""

    domain: str
    path: str
    tag: str
    digest: str
    explicit_domain: bool

    @property
    def repository(self) -> str:
        """The repository path (``library/x`` for Docker Hub short names)."""
        return self.path

    def __str__(self) -> str:
        out = f"{self.domain}/{self.path}" if self.explicit_domain else self.path
        if self.tag:
            out += f":{self.tag}"
        if self.digest:
            out += f"@{self.digest}"
        return out


def _split_domain(name: str) -> tuple[str, str, bool]:
    first, sep, rest = name.partition("/")
    if sep and ("." in first or ":" in first or first == "localhost" or first.lower() != first):
        return first, rest, True
    return DEFAULT_DOMAIN, name, False


def parse(text: str) -> Reference:
    """Parse a reference the way the docker CLI does (``docker.io`` when no domain).

    Raises:
        ReferenceError: with the real clients' wording.
    """
    if not text or len(text) > 4096:
        raise ReferenceError("invalid reference format")
    m = compile_str(REFERENCE).fullmatch(text)
    if m is None:
        lowered = text.lower()
        if lowered != text and compile_str(REFERENCE).fullmatch(_lower_path(text)):
            raise ReferenceError("invalid reference format: repository name must be lowercase")
        raise ReferenceError("invalid reference format")
    name = m.group("name")
    if len(name) > NAME_TOTAL_LENGTH_MAX:
        raise ReferenceError(
            f"repository name must not be more than {NAME_TOTAL_LENGTH_MAX} characters"
        )
    domain, path, explicit = _split_domain(name)
    if domain == DEFAULT_DOMAIN and "/" not in path:
        path = f"library/{path}"
    return Reference(
        domain=domain,
        path=path,
        tag=m.group("tag") or "",
        digest=m.group("digest") or "",
        explicit_domain=explicit,
    )


def _lower_path(text: str) -> str:
    """Lowercase everything but the domain, to tell 'must be lowercase' apart."""
    first, sep, rest = text.partition("/")
    if sep and ("." in first or ":" in first or first == "localhost"):
        return f"{first}/{rest.lower()}" if ":" not in rest else _lower_keep_tag(first, rest)
    return _lower_keep_tag("", text)


def _lower_keep_tag(domain: str, rest: str) -> str:
    path, colon, tag = rest.rpartition(":")
    if colon and "/" not in tag:
        lowered = f"{path.lower()}:{tag}"
    else:
        lowered = rest.lower()
    return f"{domain}/{lowered}" if domain else lowered


def is_valid(text: str) -> bool:
    """Whether ``text`` parses as an image reference."""
    try:
        parse(text)
    except ReferenceError:
        return False
    return True
