"""A learner's side of the exchange, in this process: fetch a unit, submit it, fetch feedback.

Used for invented classes (synthetic.py); real learners use the Assignments tab.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any


def fetch(room: Any, unit: str, student: str, home: Path) -> Path:
    """Fetch ``unit`` for ``student`` into ``home/unit`` (kept if already there)."""
    folder = home / unit
    if not folder.is_dir():
        _start("FetchAssignment", room, unit, student, home)
    return folder


def submit(room: Any, unit: str, student: str, home: Path) -> None:
    """Submit ``home/unit`` as ``student`` (a new timestamped copy in the exchange inbox)."""
    _start("Submit", room, unit, student, home)


def fetch_feedback(room: Any, unit: str, student: str, home: Path) -> list[Path]:
    """Fetch the released feedback on ``student``'s submissions of ``unit``; returns the pages.

        >>> fetch_feedback(room, "unit1", "learner001", homes / "learner001")
        [PosixPath('.../learner001/unit1/feedback/2026-09-14 16:02:11.402115 UTC/unit1.html')]
    """
    _start("FetchFeedback", room, unit, student, home)
    return sorted((home / unit / "feedback").glob("*/*.html"))


def _start(step: str, room: Any, unit: str, student: str, home: Path) -> None:
    """Run one exchange step of the course's ExchangeFactory (so the course's safe submit is used)."""
    import copy

    from nbgrader.auth import Authenticator
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.exchange import ExchangeFactory

    config = copy.deepcopy(room.config)  # a learner's settings must not leak into the instructor's
    config.CourseDirectory.student_id = student
    config.CourseDirectory.assignment_id = unit
    config.Exchange.assignment_dir = str(home)
    config.Exchange.cache = str(home / ".nbgrader_cache")  # each learner's own, as in their own home
    kind = getattr(ExchangeFactory(config=config), step)
    kind(coursedir=CourseDirectory(config=config), authenticator=Authenticator(config=config), config=config).start()
