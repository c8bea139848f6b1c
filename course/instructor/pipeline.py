"""``course grade-all``: collect → autograde → feedback → export → report, in one go.

A step with nothing to do says so and the next one still runs; a submission
that cannot be graded is listed at the end and never stops the others.

    >>> lines, ok = grade_all(ClassContext.at(root), ["unit1"], workers=2)
"""
from __future__ import annotations

from typing import Callable

from .autograde import autograde
from .collect import collect
from .context import ClassContext
from .errors import InstructorError
from .export import export
from .feedback import feedback


def grade_all(room: ClassContext, units: list[str], workers: int | None = None,
              release_feedback: bool = True) -> tuple[list[str], bool]:
    """Every step after learners submit; returns the summary lines and whether all went well."""
    from ..report import write_report

    lines: list[str] = []
    ok = True
    steps: list[tuple[str, Callable[[], list[str]]]] = [
        ("Collect", lambda: collect(room, units)),
        ("Autograde", lambda: _autograde_lines(room, units, workers)),
        ("Feedback", lambda: feedback(room, units, release=release_feedback)),
        ("Export", lambda: export(room)),
        ("Report", lambda: [f"Class report: {write_report(room)}"]),
    ]
    for name, step in steps:
        try:
            lines += [f"{name}: {line}" for line in step()]
        except InstructorError as problem:
            lines.append(f"{name}: {problem}")
    ok = not any(line.startswith("Autograde: Could not grade") for line in lines)
    return lines, ok


def _autograde_lines(room: ClassContext, units: list[str], workers: int | None) -> list[str]:
    return autograde(room, units, workers=workers).lines()
