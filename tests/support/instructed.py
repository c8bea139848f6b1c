"""A small class taken through the instructor commands for real, shared by the instructor and report tests.

Seven learners (six invented by the synthetic generator, one whose answers file
is damaged) fetch, answer and submit unit1 through a temporary exchange. The
course is released, collected and autograded with ``course`` commands and two
workers; a copy of the same course with the same submissions is autograded by
plain serial ``nbgrader autograde`` for comparison.
"""
from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

UNIT = "unit1"
SEED = 11
DAMAGED = "learner-damaged"


@dataclass
class Ran:
    code: int
    out: str
    err: str


@dataclass
class GradedClass:
    course: Path                 # graded by `course autograde --workers 2` (kernels forked from a warm template)
    serial: Path                 # the same submissions graded by `nbgrader autograde` with its own kernels
    base: Path
    saved: dict[str, dict[str, Any]]  # what each learner saved: "name/unit" -> answers
    learners: list[Any]
    ran: dict[str, Ran] = field(default_factory=dict)  # outputs of the commands, by label

    @property
    def ungraded(self) -> Path:
        """The course as it was just before `course autograde` (collected, nothing graded)."""
        return self.base / "ungraded"


def copy_course(repo: Path, to: Path, units: tuple[str, ...] = (UNIT,)) -> Path:
    """A course root holding only ``units`` (its course.yml lists just those), so a class stays small."""
    import yaml

    to.mkdir(parents=True)
    shutil.copy(repo / "nbgrader_config.py", to)
    shutil.copytree(repo / "content", to / "content")
    listing = to / "content" / "course.yml"
    course = yaml.safe_load(listing.read_text())
    course["units"] = {unit: label for unit, label in course["units"].items() if unit in units}
    listing.write_text(yaml.safe_dump(course, sort_keys=False, allow_unicode=True))
    for unit in units:
        shutil.copytree(repo / "source" / unit, to / "source" / unit)
    return to


def course_cmd(root: Path, *args: str) -> Ran:
    """The `course` command, in this process (fast), with its exit code and both outputs."""
    from course.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--root", str(root), *args])
    return Ran(code, out.getvalue(), err.getvalue())


def course_process(cwd: Path, *args: str) -> Ran:
    """The installed `course` console script, as an instructor runs it."""
    result = subprocess.run([str(Path(sys.executable).parent / "course"), *args], cwd=cwd, capture_output=True,
                            text=True, timeout=600, env=os.environ.copy())
    return Ran(result.returncode, result.stdout, result.stderr)


def nbgrader(cwd: Path, *args: str, **env: str) -> str:
    result = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=cwd, capture_output=True, text=True,
                            timeout=900, env={**os.environ, **env})
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout + result.stderr


def cell_grades(course: Path, unit: str = UNIT) -> dict[tuple[str, str], tuple]:
    """Every grade cell of every learner in the unit, by (learner, cell):
    (auto score, manual score, needs manual grade, auto comment, manual comment)."""
    from nbgrader.api import Gradebook

    found = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        for submission in gradebook.find_assignment(unit).submissions:
            for notebook in submission.notebooks:
                comments = {c.cell.name: (c.auto_comment, c.manual_comment) for c in notebook.comments}
                for grade in notebook.grades:
                    found[(submission.student.id, grade.cell.name)] = (
                        grade.auto_score, grade.manual_score, grade.needs_manual_grade,
                        *comments.get(grade.cell.name, (None, None)))
    return found


def damage(folder: Path) -> None:
    (folder / f"{UNIT}.answers.json").write_bytes(b'{"format": "course-answers/1", "answers": {"q1": \xff')


def build(base: Path, repo: Path) -> GradedClass:
    """Release, submit, collect and grade the class (the environment must already point at ``base``)."""
    from course.author.content import load_course
    from course.instructor import exchange, synthetic
    from course.instructor.context import ClassContext

    course = copy_course(repo, base / "course")
    graded = GradedClass(course, base / "serial", base, {}, [])
    graded.ran["release"] = course_cmd(course, "release", "--all")
    graded.ran["release again"] = course_cmd(course, "release", "--all")
    content = load_course(course / "content")
    room = ClassContext.at(course)
    graded.learners = synthetic.invent(content, 6, seed=SEED)
    graded.saved = synthetic.submit_class(room, graded.learners, [content.units[UNIT]], base / "homes", seed=SEED)
    home = base / "homes" / DAMAGED
    folder = exchange.fetch(room, UNIT, DAMAGED, home)
    graded.saved[f"{DAMAGED}/{UNIT}"] = synthetic.fill(folder, content.units[UNIT], synthetic.Learner(DAMAGED, "strong"), SEED)
    damage(folder)
    exchange.submit(room, UNIT, DAMAGED, home)
    graded.ran["collect"] = course_cmd(course, "collect")
    graded.ran["collect again"] = course_cmd(course, "collect")
    shutil.copytree(course, graded.serial)  # same gradebook and submissions, before any grading
    shutil.copytree(course, graded.ungraded)  # the same again, for grading elsewhere (a Dask cluster)
    graded.ran["autograde"] = course_cmd(course, "autograde", "--workers", "2")
    # The reference: nbgrader exactly as it comes, its own kernel start included (no forked kernels).
    graded.ran["serial"] = Ran(0, nbgrader(graded.serial, "autograde", UNIT, COURSE_FORKED_KERNELS="0"), "")
    graded.ran["autograde again"] = course_cmd(course, "autograde", "--workers", "2")
    graded.ran["feedback"] = course_cmd(course, "feedback")
    graded.ran["feedback again"] = course_cmd(course, "feedback")
    graded.ran["export"] = course_cmd(course, "export")
    graded.ran["report"] = course_cmd(course, "report")
    return graded
