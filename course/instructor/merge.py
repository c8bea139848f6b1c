"""Moving grading state between the real gradebook and a worker's scratch gradebook.

Parallel autograde never lets two processes write one gradebook. The parent
reads what a worker needs (the units' cells, and any earlier grading of the
learner, such as manual scores), each worker grades in its own scratch
gradebook, and only the parent writes results back, one submission at a time.
Everything here goes through nbgrader's ``Gradebook`` (SQLAlchemy), so the
real gradebook can be sqlite or PostgreSQL alike.

What autograde writes, and so what is copied back (see nbgrader's Autograde,
SaveAutoGrades, AssignLatePenalties): the student row, the submission and its
timestamp, each notebook's late penalty, each grade's auto_score and
needs_manual_grade, each comment's auto_comment.
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nbgrader.api import Gradebook, MissingEntry

# nbgrader's add_submission builds rows in a way SQLAlchemy 2 warns about; the rows are right.
warnings.filterwarnings("ignore", message="Object of type <Submitted", module="nbgrader")

Record = dict[str, Any]


def empty_like(real: Gradebook, path: Path) -> None:
    """A new sqlite gradebook at ``path`` with nbgrader's tables and the real gradebook's schema version.

    That is what nbgrader itself makes for a new gradebook, except that nbgrader learns the
    version by running the ``alembic`` command (over 2 s of CPU); the real gradebook records it.
    """
    from nbgrader.api import Base
    from sqlalchemy import create_engine, text

    version = real.db.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
    engine = create_engine(f"sqlite:///{path}")
    try:
        Base.metadata.create_all(bind=engine)
        with engine.begin() as connection:
            connection.execute(text("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)"))
            connection.execute(text("INSERT INTO alembic_version (version_num) VALUES (:version)"), {"version": version})
    finally:
        engine.dispose()


def copy_structure(real: Gradebook, scratch: Gradebook, unit: str) -> None:
    """Give ``scratch`` the unit's notebooks and cells exactly as ``real`` has them (one transaction)."""
    from nbgrader import api

    assignment = real.find_assignment(unit)
    copy = api.Assignment(name=unit, duedate=assignment.duedate, course_id=scratch.course_id)
    for notebook in assignment.notebooks:
        into = api.Notebook(name=notebook.name, assignment=copy, kernelspec=notebook.kernelspec)
        for cell in notebook.grade_cells:
            api.GradeCell(name=cell.name, max_score=cell.max_score, cell_type=cell.cell_type, notebook=into)
        for cell in notebook.solution_cells:
            api.SolutionCell(name=cell.name, notebook=into)
        for cell in notebook.task_cells:
            api.TaskCell(name=cell.name, max_score=cell.max_score, cell_type=cell.cell_type, notebook=into)
        for cell in notebook.source_cells:
            api.SourceCell(name=cell.name, cell_type=cell.cell_type, locked=cell.locked, source=cell.source,
                           checksum=cell.checksum, notebook=into)
    scratch.db.add(copy)
    scratch.db.commit()


@dataclass(frozen=True)
class Fields:
    """Which columns to carry, at each level of a submission."""

    submission: tuple[str, ...]
    notebook: tuple[str, ...]
    grade: tuple[str, ...]
    comment: tuple[str, ...]


EARLIER = Fields(("extension",), ("flagged",), ("manual_score", "extra_credit"), ("manual_comment",))
AUTOGRADED = Fields(("timestamp",), ("late_submission_penalty",), ("auto_score", "needs_manual_grade"), ("auto_comment",))


def snapshot(submission: Any, fields: Fields) -> Record:
    """The ``fields`` of a submission, its notebooks, grades and comments, as plain data."""
    return {
        "submission": _get(submission, fields.submission),
        "notebooks": {
            notebook.name: {
                "notebook": _get(notebook, fields.notebook),
                "grades": {grade.cell.name: _get(grade, fields.grade) for grade in notebook.grades},
                "comments": {comment.cell.name: _get(comment, fields.comment) for comment in notebook.comments},
            }
            for notebook in submission.notebooks
        },
    }


def restore(submission: Any, record: Record) -> None:
    """Set on ``submission`` every value a snapshot holds (rows it does not mention are left alone)."""
    _set(submission, record["submission"])
    for notebook in submission.notebooks:
        saved = record["notebooks"].get(notebook.name)
        if saved is None:
            continue
        _set(notebook, saved["notebook"])
        for grade in notebook.grades:
            _set(grade, saved["grades"].get(grade.cell.name, {}))
        for comment in notebook.comments:
            _set(comment, saved["comments"].get(comment.cell.name, {}))


def prior_state(real: Gradebook, unit: str, student: str) -> Record | None:
    """What earlier grading left for this submission (manual scores, extension), or None."""
    try:
        return snapshot(real.find_submission(unit, student), EARLIER)
    except MissingEntry:
        return None


def seed(scratch: Gradebook, unit: str, student: str, prior: Record | None) -> None:
    """Put this learner and their earlier grading into the scratch gradebook before autograde."""
    scratch.update_or_create_student(student)
    if prior is not None:
        restore(scratch.update_or_create_submission(unit, student), prior)
        scratch.db.commit()


def outcome(scratch: Gradebook, unit: str, student: str) -> Record:
    """Everything autograde wrote for this submission, as plain data."""
    return snapshot(scratch.find_submission(unit, student), AUTOGRADED)


def apply(real: Gradebook, unit: str, student: str, record: Record) -> None:
    """Write one submission's autograde results into the real gradebook (one transaction)."""
    real.update_or_create_student(student)
    restore(real.update_or_create_submission(unit, student), record)
    real.db.commit()


def _get(row: Any, names: tuple[str, ...]) -> dict[str, Any]:
    return {name: getattr(row, name) for name in names}


def _set(row: Any, values: dict[str, Any]) -> None:
    for name, value in values.items():
        setattr(row, name, value)
