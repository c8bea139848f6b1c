"""Tampered notebooks and hostile files in one real class autograde run.

Each tampered submission must score exactly what an honest learner with the
same saved answers scores (or 0), and nobody else in the class is affected.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Callable

import nbformat
import pytest

from .support.classroom import Classroom, Learner

UNIT = "unit1"


def notebook_edit(change: Callable[[nbformat.NotebookNode], None]) -> Callable[[Path], None]:
    def edit(folder: Path) -> None:
        path = folder / f"{UNIT}.ipynb"
        notebook = nbformat.read(path, as_version=4)
        change(notebook)
        nbformat.write(notebook, path)
    return edit


def add_cell_first(code: str) -> Callable[[Path], None]:
    return notebook_edit(lambda nb: nb.cells.insert(2, nbformat.v4.new_code_cell(code)))


def grade_cells(nb: nbformat.NotebookNode) -> list:
    return [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade") and c.cell_type == "code"]


def delete_grade_cells(nb):
    nb.cells = [c for c in nb.cells if c not in grade_cells(nb)]


def cheat_in_grade_cells(nb):
    for cell in grade_cells(nb):
        cell.source = "1.0"


def change_metadata(nb):
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader")
        if meta:
            meta.update(locked=False, points=100, solution=True) if meta.get("grade") else meta.clear()


def edit_locked_setup(nb):
    nb.cells[1].source = "unit = None"


def stray_files(folder: Path) -> None:
    fake = folder / "course"
    fake.mkdir()
    (fake / "__init__.py").write_text("")
    (fake / "grade.py").write_text("def grade(*args, **kwargs):\n    return 1.0\n")
    (folder / "ipython_kernel_config.py").write_text("import os\nos._exit(3)\n")


def answers_file_replaced(content: bytes | None, kind: str = "file") -> Callable[[Path], None]:
    def replace(folder: Path) -> None:
        path = folder / f"{UNIT}.answers.json"
        path.unlink(missing_ok=True)
        if kind == "dir":
            path.mkdir()
        elif kind == "symlink":
            path.symlink_to("/etc/passwd")
        else:
            path.write_bytes(content)
    return replace


@pytest.fixture(scope="module")
def graded(tmp_path_factory, root, course):
    questions = course.units[UNIT].questions
    best = {q["id"]: next(o["id"] for o in q["options"] if o.get("best")) for q in questions}
    wrong = {q["id"]: next(o["id"] for o in q["options"] if not o.get("best")) for q in questions}
    rewrite = ("import json\njson.dump({'answers': {q: {'value': v} for q, v in " + repr(best) + ".items()}}, "
               f"open('{UNIT}.answers.json', 'w'))")
    cases = {  # name: (answers, tampering, expected score)
        "honest-best": (best, None, 6),
        "honest-wrong": (wrong, None, 0),
        "patches-grader": (wrong, add_cell_first("import course.grade as g\ng.grade = lambda *a, **k: 1.0"), 0),
        "rewrites-answers": (wrong, add_cell_first(rewrite), 0),
        "sys-exit": (best, add_cell_first("import sys\nsys.exit()"), 6),
        "os-exit": (best, add_cell_first("import os\nos._exit(1)"), 6),
        "infinite-loop": (best, add_cell_first("while True:\n    pass"), 6),
        "huge-output": (best, add_cell_first("print('x' * 20_000_000)"), 6),
        "deletes-grade-cells": (best, notebook_edit(delete_grade_cells), 6),
        "edits-grade-cells": (wrong, notebook_edit(cheat_in_grade_cells), 0),
        "edits-metadata": (wrong, notebook_edit(change_metadata), 0),
        "edits-locked-cell": (best, notebook_edit(edit_locked_setup), 6),
        "stray-module-and-config": (wrong, stray_files, 0),
        "answers-not-utf8": (best, answers_file_replaced(b"\xff\xfe{\x00"), 0),
        "answers-directory": (best, answers_file_replaced(None, "dir"), 0),
        "answers-symlink": (best, answers_file_replaced(None, "symlink"), 0),
        "answers-deep-nesting": (best, answers_file_replaced(b"[" * 200_000), 0),
    }
    room = Classroom(tmp_path_factory.mktemp("tampering"), root)
    room.release(UNIT)
    learners = {}
    for name, (answers, tampering, _) in cases.items():
        learner = Learner(name, dict(answers), afterwards=tampering, clicks=False)
        room.fetch(learner, UNIT)
        room.answer(learner, UNIT)
        room.submit(learner, UNIT)
        learners[name] = learner
    output = room.collect_and_grade(UNIT)
    return room, {name: expected for name, (_, _, expected) in cases.items()}, output


def test_each_tampered_submission_scores_what_an_honest_one_with_the_same_answers_scores(graded):
    room, expected, _ = graded
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{room.course / 'gradebook.db'}") as gradebook:
        scores = {s.student.id: s.score for s in gradebook.find_assignment(UNIT).submissions}
    assert scores == expected


def test_stray_files_are_removed_from_the_grading_copy_but_kept_in_the_submission(graded):
    room, _, _ = graded
    graded_folder = room.course / "autograded" / "stray-module-and-config" / UNIT
    submitted = room.course / "submitted" / "stray-module-and-config" / UNIT
    # the notebook, its answers and items, and nbgrader's own records (which feedback needs)
    assert sorted(p.name for p in graded_folder.iterdir()) == [
        "submission_secret.txt", "timestamp.txt", f"{UNIT}.answers.json", f"{UNIT}.ipynb", f"{UNIT}.items.json"]
    assert (submitted / "course" / "grade.py").exists() and (submitted / "ipython_kernel_config.py").exists()


def test_learner_added_cells_never_run_during_autograde(graded):
    room, _, output = graded
    notebook = nbformat.read(room.course / "autograded" / "infinite-loop" / UNIT / f"{UNIT}.ipynb", as_version=4)
    assert not any("while True" in cell.source for cell in notebook.cells)
    answers = json.loads((room.course / "autograded" / "rewrites-answers" / UNIT / f"{UNIT}.answers.json").read_text())
    assert answers["answers"]["q1"]["value"] != "b"  # the rewrite never happened
    assert "CellTimeoutError" not in output


def test_hostile_answers_files_get_a_readable_reason_in_feedback(graded):
    room, _, _ = graded
    # nbgrader submits files only (a directory is left behind) and copies a symlink's target as a file.
    for name, reason in [("answers-not-utf8", "is damaged"), ("answers-directory", "No saved answers were found"),
                         ("answers-symlink", "is damaged"), ("answers-deep-nesting", "is damaged")]:
        notebook = nbformat.read(room.course / "autograded" / name / UNIT / f"{UNIT}.ipynb", as_version=4)
        printed = "".join(o.get("text", "") for c in grade_cells(notebook) for o in c.outputs)
        assert reason in printed, name
    assert not os.path.islink(room.course / "submitted" / "answers-symlink" / UNIT / f"{UNIT}.answers.json")
