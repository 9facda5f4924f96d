"""Localised texts.

Every user-facing text in the tree is either a plain string (English) or a mapping
``{en: ..., zh: ...}``. :class:`Text` keeps both and picks one for a language, falling
back to English.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

LANGUAGES: tuple[str, ...] = ("en", "zh")
"""The languages the wizard speaks; the first is the fallback."""


@dataclass(frozen=True)
class Text:
    """A text in one or more languages."""

    en: str
    zh: str | None = None

    def get(self, lang: str = "en") -> str:
        """The text in ``lang``, or English when there is no translation."""
        if lang == "zh" and self.zh:
            return self.zh
        return self.en

    def __str__(self) -> str:
        return self.en

    def missing(self) -> list[str]:
        """Languages this text has no translation for."""
        return [lang for lang in LANGUAGES if not getattr(self, lang)]

    def all(self) -> str:
        """Every language joined, for searching."""
        return "\n".join(t for t in (self.en, self.zh) if t)

    @classmethod
    def of(cls, value: object) -> Text:
        """Build from a YAML value: a string or a ``{en, zh}`` mapping."""
        if isinstance(value, Text):
            return value
        if isinstance(value, str):
            return cls(en=value)
        if isinstance(value, Mapping):
            en = value.get("en")
            zh = value.get("zh")
            if not isinstance(en, str) or (zh is not None and not isinstance(zh, str)):
                raise TypeError("a text mapping needs a string 'en' and optionally a string 'zh'")
            return cls(en=en, zh=zh)
        raise TypeError(f"expected a text, got {type(value).__name__}")


EMPTY = Text("")
