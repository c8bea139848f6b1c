"""Content problems reported the way an author can act on them: file, line, place, reason."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a content file."""

    file: Path
    line: int | None
    place: str
    message: str

    def __str__(self) -> str:
        where = f"{_shown(self.file)}" + (f", line {self.line}" if self.line else "")
        place = f" ({self.place})" if self.place else ""
        return f"{where}{place}: {self.message}"


class ContentError(ValueError):
    """Raised when content files cannot be built; lists every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
        super().__init__(f"{count} in the course content:\n" + "\n".join(f"  - {p}" for p in problems))


def _shown(path: Path) -> str:
    """The path as an author would type it: relative to where they are, when it is below."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
