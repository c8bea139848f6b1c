"""Everything the report needs about each graded submission.

The answers come from the answers file in ``autograded/<student>/<unit>/``
(the file the learner's widgets wrote, exactly as submitted); the points come
from the gradebook, so manual scores and regrades count.

    >>> results = gather(ClassContext.at(root), load_course(root / "content"))
    >>> results.units["unit1"][0].scores["q1"]
    1.0
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..answer.store import AnswerStore
from ..author.content import Course


@dataclass
class Submission:
    """One learner's graded unit: what they saved, and the points per graded cell."""

    student: str
    unit: str
    answers: dict[str, Any]
    scores: dict[str, float | None]  # grade cell id -> points (None: not scored yet)
    total: float


@dataclass
class ClassResults:
    units: dict[str, list[Submission]] = field(default_factory=dict)

    @property
    def students(self) -> list[str]:
        return sorted({s.student for subs in self.units.values() for s in subs})


def gather(room: Any, course: Course) -> ClassResults:
    """Every autograded submission of the course's units, in teaching order."""
    autograded = room.folder("autograded")
    results = ClassResults({unit: [] for unit in course.units})
    with room.gradebook() as gradebook:
        recorded = {a.name: a for a in gradebook.assignments}
        for unit in course.units:
            if unit not in recorded:
                continue
            for submission in sorted(recorded[unit].submissions, key=lambda s: s.student.id):
                folder = autograded / submission.student.id / unit
                if not folder.is_dir():
                    continue  # recorded but never autograded (e.g. grading failed)
                results.units[unit].append(Submission(
                    submission.student.id, unit, AnswerStore.beside_notebook(unit, folder).load_all(),
                    _scores(submission), float(submission.score or 0.0)))
    return results


def _scores(submission: Any) -> dict[str, float | None]:
    scores: dict[str, float | None] = {}
    for notebook in submission.notebooks:
        for grade in notebook.grades:
            scored = grade.manual_score is not None or grade.auto_score is not None
            scores[grade.cell.name] = float(grade.score) if scored else None
    return scores
