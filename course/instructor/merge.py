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
from typing import Any

from nbgrader.api import Gradebook, MissingEntry

# nbgrader's add_submission builds rows in a way SQLAlchemy 2 warns about; the rows are right.
warnings.filterwarnings("ignore", message="Object of type <Submitted", module="nbgrader")

Record = dict[str, Any]


def copy_structure(real: Gradebook, scratch: Gradebook, unit: str) -> None:
    """Give ``scratch`` the unit's notebooks and cells exactly as ``real`` has them."""
    assignment = real.find_assignment(unit)
    scratch.update_or_create_assignment(unit, duedate=assignment.duedate)
    for notebook in assignment.notebooks:
        name = notebook.name
        scratch.update_or_create_notebook(name, unit, kernelspec=notebook.kernelspec)
        for cell in notebook.grade_cells:
            scratch.update_or_create_grade_cell(cell.name, name, unit, max_score=cell.max_score, cell_type=cell.cell_type)
        for cell in notebook.solution_cells:
            scratch.update_or_create_solution_cell(cell.name, name, unit)
        for cell in notebook.task_cells:
            scratch.update_or_create_task_cell(cell.name, name, unit, max_score=cell.max_score, cell_type=cell.cell_type)
        for cell in notebook.source_cells:
            scratch.update_or_create_source_cell(cell.name, name, unit, cell_type=cell.cell_type, locked=cell.locked,
                                                 source=cell.source, checksum=cell.checksum)


def prior_state(real: Gradebook, unit: str, student: str) -> Record | None:
    """What earlier grading left for this submission (manual scores, extension), or None."""
    try:
        submission = real.find_submission(unit, student)
    except MissingEntry:
        return None
    return {
        "extension": submission.extension,
        "notebooks": {
            notebook.name: {
                "flagged": notebook.flagged,
                "grades": {g.cell.name: [g.manual_score, g.extra_credit] for g in notebook.grades},
                "comments": {c.cell.name: c.manual_comment for c in notebook.comments},
            }
            for notebook in submission.notebooks
        },
    }


def seed(scratch: Gradebook, unit: str, student: str, prior: Record | None) -> None:
    """Put this learner and their earlier grading into the scratch gradebook before autograde."""
    scratch.update_or_create_student(student)
    if prior is None:
        return
    submission = scratch.update_or_create_submission(unit, student, extension=prior["extension"])
    for notebook in submission.notebooks:
        earlier = prior["notebooks"].get(notebook.name)
        if earlier is None:
            continue
        notebook.flagged = earlier["flagged"]
        for grade in notebook.grades:
            grade.manual_score, grade.extra_credit = earlier["grades"].get(grade.cell.name, [None, None])
        for comment in notebook.comments:
            comment.manual_comment = earlier["comments"].get(comment.cell.name)
    scratch.db.commit()


def outcome(scratch: Gradebook, unit: str, student: str) -> Record:
    """Everything autograde wrote for this submission, as plain data."""
    submission = scratch.find_submission(unit, student)
    return {
        "timestamp": submission.timestamp,
        "notebooks": {
            notebook.name: {
                "late_submission_penalty": notebook.late_submission_penalty,
                "grades": {g.cell.name: [g.auto_score, g.needs_manual_grade] for g in notebook.grades},
                "comments": {c.cell.name: c.auto_comment for c in notebook.comments},
            }
            for notebook in submission.notebooks
        },
    }


def apply(real: Gradebook, unit: str, student: str, record: Record) -> None:
    """Write one submission's autograde results into the real gradebook (one transaction)."""
    real.update_or_create_student(student)
    submission = real.update_or_create_submission(unit, student)
    submission.timestamp = record["timestamp"]
    for notebook in submission.notebooks:
        graded = record["notebooks"].get(notebook.name)
        if graded is None:
            continue
        notebook.late_submission_penalty = graded["late_submission_penalty"]
        for grade in notebook.grades:
            if grade.cell.name in graded["grades"]:
                grade.auto_score, grade.needs_manual_grade = graded["grades"][grade.cell.name]
        for comment in notebook.comments:
            if comment.cell.name in graded["comments"]:
                comment.auto_comment = graded["comments"][comment.cell.name]
    real.db.commit()
