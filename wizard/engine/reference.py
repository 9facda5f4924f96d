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


@dataclass(frozen=True)
class Check:
    """The verdict of :func:`diagnose`: a parsed reference, or what is wrong and why."""

    ref: Reference | None
    problem: str = ""  # "", "uppercase", "empty_part", "bad_tag", "invalid"
    message: str = ""
    details: tuple[str, ...] = ()


def _hints(text: str) -> list[str]:
    """Human reasons a reference does not parse (an empty variable, a URL, ...)."""
    hints: list[str] = []
    if any(c.isspace() for c in text):
        hints.append("it contains white space (a trailing space or newline from a variable)")
    for scheme in ("https://", "http://", "docker://", "oci://"):
        if text.startswith(scheme):
            hints.append(f"it starts with {scheme!r}: docker and podman take host/path:tag")
    name, _, _digest = text.partition("@")
    if "//" in name.split("://", 1)[-1] or name.endswith("/") or name.startswith("/"):
        hints.append(
            "a path component is empty ('//' or a leading/trailing '/'): an empty variable?"
        )
    if name.startswith(":") or "/:" in name:
        hints.append("the name before ':' is empty: an empty variable?")
    if name.endswith(":"):
        hints.append("the tag after ':' is empty: an empty variable?")
    last = name.rsplit("/", 1)[-1]
    if last.count(":") > 1:
        hints.append("the last component has two ':' (a port after the path, or 'a:b:c')")
    tag = last.partition(":")[2]
    if tag and len(tag) > 128:
        hints.append(f"the tag is {len(tag)} characters long; at most 128 are allowed")
    elif tag and not compile_str(TAG).fullmatch(tag):
        hints.append(
            f"the tag {tag!r} has characters outside letters, digits, '_', '.', '-' "
            "(or starts with '.' or '-')"
        )
    path = name.split("/", 1)[1] if "/" in name else name
    if compile_str(r"[._-](?:/|:|$)").search(path.partition(":")[0] + "") or compile_str(
        r"(?:^|/)[._-]"
    ).search(path):
        hints.append("a path component starts or ends with a separator ('-', '.', '_')")
    return hints


def diagnose(text: str) -> Check:
    """Parse ``text``; on failure say what is wrong in words a new engineer can act on."""
    try:
        ref = parse(text)
    except ReferenceError as exc:
        message = str(exc)
        hints = _hints(text)
        if "must be lowercase" in message:
            return Check(None, "uppercase", message, ("repository paths must be lowercase",))
        if any("empty" in h for h in hints):
            return Check(None, "empty_part", message, tuple(hints))
        if any(h.startswith("the tag") for h in hints):
            return Check(None, "bad_tag", message, tuple(hints))
        if not hints and text.lower() != text:
            first = text.split("/", 1)
            if len(first) > 1 and first[1].partition(":")[0].lower() != first[1].partition(":")[0]:
                hints.append("the repository path has uppercase letters")
        return Check(None, "invalid", message, tuple(hints))
    return Check(ref)
