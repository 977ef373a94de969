"""Diagnostics in a compiler's format: ``path:line: field: message``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem in one file, at one line, about one field."""

    path: str
    line: int
    field: str
    message: str
    #: A warning reports something done on the writer's behalf (an odd cell imported as "uafklaret");
    #: an error stops the command.
    warning: bool = False

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {'warning: ' if self.warning else ''}{self.field}: {self.message}"

    def github(self) -> str:
        """The diagnostic as a GitHub Actions workflow annotation."""
        text = f"{self.field}: {self.message}".replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return f"::{'warning' if self.warning else 'error'} file={self.path},line={self.line}::{text}"


class ValidationFailed(Exception):
    """Raised once, after every file was checked, when any diagnostic was found."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics: list[Diagnostic] = sorted(diagnostics)
        super().__init__(summarise(self.diagnostics))


def summarise(diagnostics: list[Diagnostic]) -> str:
    """Every diagnostic on its own line, then a count of errors and files."""
    files = len({d.path for d in diagnostics})
    noun = "error" if len(diagnostics) == 1 else "errors"
    file_noun = "file" if files == 1 else "files"
    lines = [str(d) for d in diagnostics]
    lines.append(f"{len(diagnostics)} {noun} in {files} {file_noun}.")
    return "\n".join(lines)
