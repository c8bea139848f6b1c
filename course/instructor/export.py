"""``course export``: nbgrader's grades CSV, and a gradebook CSV that Canvas imports.

The Canvas file has one row per learner and one column per unit; its second
row, "Points Possible", gives each unit's points, as Canvas expects. Learners
are matched on "SIS Login ID" (the nbgrader student id); "ID" holds the
learner's ``lms_user_id`` when the gradebook has one. A unit a learner has not
submitted is left blank (no grade), not 0.

    >>> export(ClassContext.at(root))
    ['grades.csv: 40 rows (nbgrader format)', 'canvas-grades.csv: 20 learners × 2 units (Canvas format)']
"""
from __future__ import annotations

import csv
from pathlib import Path

from .context import ClassContext
from .errors import NothingToDo

CANVAS_FIXED = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]


def export(room: ClassContext, folder: Path | None = None) -> list[str]:
    """Write grades.csv and canvas-grades.csv into ``folder`` (default: the course root)."""
    folder = folder or room.root
    folder.mkdir(parents=True, exist_ok=True)
    with room.gradebook() as gradebook:
        if not gradebook.students:
            raise NothingToDo("The gradebook has no learners yet: collect and autograde submissions first.")
        rows = nbgrader_csv(gradebook, folder / "grades.csv")
        learners, units = canvas_csv(gradebook, room.units(), folder / "canvas-grades.csv")
    return [f"{folder / 'grades.csv'}: {rows} rows (nbgrader format)",
            f"{folder / 'canvas-grades.csv'}: {learners} learners × {units} units (Canvas format)"]


def nbgrader_csv(gradebook: object, path: Path) -> int:
    """nbgrader's own CSV export; returns the number of data rows."""
    from nbgrader.plugins import CsvExportPlugin

    CsvExportPlugin(to=str(path)).export(gradebook)
    with path.open(encoding="utf-8") as handle:
        return sum(1 for _ in handle) - 1


def canvas_csv(gradebook: object, order: list[str], path: Path) -> tuple[int, int]:
    """One row per learner, one column per unit in the gradebook, points possible in row two."""
    assignments = {a.name: a for a in gradebook.assignments}  # type: ignore[attr-defined]
    units = [u for u in order if u in assignments] + sorted(set(assignments) - set(order))
    scores = {(s.student.id, u): s.score for u in units for s in assignments[u].submissions}
    students = sorted(gradebook.students, key=lambda s: (s.last_name or "", s.first_name or "", s.id))  # type: ignore[attr-defined]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(CANVAS_FIXED + units)
        writer.writerow(["Points Possible", "", "", "", ""] + [f"{assignments[u].max_score:g}" for u in units])
        for student in students:
            name = ", ".join(n for n in (student.last_name, student.first_name) if n) or student.id
            marks = [_mark(scores.get((student.id, u))) for u in units]
            writer.writerow([name, student.lms_user_id or "", student.id, student.id, ""] + marks)
    return len(students), len(units)


def _mark(score: float | None) -> str:
    return "" if score is None else f"{score:g}"
