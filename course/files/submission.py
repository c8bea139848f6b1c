"""Bringing a learner's submission into a folder the course grades from.

A safe copy (copy.py), then two things grading needs: the unit's released
notebook stands in for a notebook the submission lacks (autograde grades the
course's own notebook anyway, so the answers file is still graded and the
learner is never left ungraded), and what was left out is added to the
submission's record (record.py) for the feedback.

    >>> left_out = receive(inbound / "ana+unit1+2024-05-01", submitted / "ana" / "unit1", Limits(), release / "unit1")
    >>> [entry.sentence() for entry in left_out]
    ['unit1.answers.json was replaced by a link (to /dev/zero), so it was not copied.']
"""
from __future__ import annotations

import shutil
from pathlib import Path

from ..answer.store import SUFFIX as ANSWERS_SUFFIX
from . import record
from .copy import Limits, Refusal, copy_folder

STOOD_IN = "the unit's released notebook was graded in its place"


def receive(source: Path, destination: Path, limits: Limits, release: Path | None) -> list[Refusal]:
    """Copy ``source`` into ``destination`` safely, stand in missing notebooks; returns the whole record."""
    copied = copy_folder(source, destination, limits, first=grading_names(release))
    known = {entry.path: entry.reason for entry in [*record.read(destination), *copied.refused]}
    return record.add(destination, copied.refused + _stand_ins(destination, release, known))


def grading_names(release: Path | None) -> tuple[str, ...]:
    """The top-level names grading needs, taken before anything else in a submission."""
    released = sorted(p.name for p in release.iterdir()) if release is not None and release.is_dir() else []
    answers = [name.removesuffix(".ipynb") + ANSWERS_SUFFIX for name in released if name.endswith(".ipynb")]
    return (*released, *answers, *record.SUBMISSION_RECORDS)


def _stand_ins(destination: Path, release: Path | None, reasons: dict[str, str]) -> list[Refusal]:
    """Put the released copy of each notebook the copy lacks in its place; say so (and why) for the record."""
    if release is None or not release.is_dir():
        return []
    stood_in = []
    for notebook in sorted(release.glob("*.ipynb")):
        target = Path(destination) / notebook.name
        if target.is_file() and not target.is_symlink():
            continue
        shutil.copyfile(notebook, target)
        stood_in.append(Refusal(notebook.name, reasons.get(notebook.name, "was not in the submission"), STOOD_IN))
    return stood_in
