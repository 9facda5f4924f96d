"""The wizard's exception tree.

WizardError                 anything the wizard reports as a one-line error
├── TreeError               a decision tree file or directory is not usable
│   ├── TreeFileError       one file cannot be read or parsed (file, line, reason)
│   └── TreeValidationError carries every problem found, each with file, line, node
├── InputError              bad user input: a paste, a flag value, a file
│   └── FactError           a fact value that cannot be what it claims (a host, an image)
├── RenderError             a command template cannot be rendered safely
└── WalkError               an impossible step in a walk (unknown option, no probe pending)
"""

from __future__ import annotations

from dataclasses import dataclass


class WizardError(Exception):
    """Base of every error the wizard turns into a one-line message."""


class TreeError(WizardError):
    """A tree file or directory cannot be loaded."""


class TreeFileError(TreeError):
    """One tree file cannot be read or parsed."""

    def __init__(self, file: str, line: int, reason: str) -> None:
        self.file, self.line, self.reason = file, line, reason
        where = f"{file}:{line}" if line else file
        super().__init__(f"{where}: {reason}")


@dataclass(frozen=True)
class Problem:
    """One validation problem, located as precisely as the tree allows."""

    file: str
    line: int
    node: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        node = f" [{self.node}]" if self.node else ""
        return f"{where}:{node} {self.message}"


class TreeValidationError(TreeError):
    """The tree has problems; all of them are listed, not just the first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in the decision tree")


class InputError(WizardError):
    """Bad input from the user."""


class FactError(InputError):
    """A fact value that is not a valid host, image reference, port..."""


class RenderError(WizardError):
    """A command template cannot be rendered safely."""


class WalkError(WizardError):
    """A step that the walk cannot take."""
