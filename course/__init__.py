"""Compassion & Empathy in Peer Support: the course toolkit.

In a unit notebook (the learner runs these; nothing else is ever typed)::

    from course import Unit
    unit = Unit("unit1")
    unit.question("q1")

In a hidden test of a source notebook::

    from course.grade import grade

The package is organised by what people do: ``course.author`` builds notebooks
from the content authors write, ``course.answer`` is what learners click,
``course.grade`` scores saved answers for nbgrader.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["Unit", "grade"]
__version__ = "1.0.0"

if TYPE_CHECKING:
    from .answer.unit import Unit
    from .grade import grade


def __getattr__(name: str) -> Any:
    # Imported on first use, so that `import course` stays fast in every kernel.
    if name == "Unit":
        from .answer.unit import Unit

        return Unit
    if name == "grade":
        from .grade import grade

        return grade
    raise AttributeError(f"module 'course' has no attribute {name!r}")
