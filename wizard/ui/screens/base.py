"""Provides :class:`WizardScreen`, what every screen of the wizard shares."""

from __future__ import annotations

from textual.screen import Screen, ScreenResultType


class WizardScreen(Screen[ScreenResultType]):
    """A screen of the wizard app (it reads the interface language from the app)."""

    @property
    def lang(self) -> str:
        """The app's language."""
        return self.app.lang  # type: ignore[attr-defined]
