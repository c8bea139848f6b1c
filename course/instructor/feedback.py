"""``course feedback``: each learner's feedback page for every graded submission, released.

nbgrader's generate_feedback makes the pages, with the course's own template
(feedback_page.py: points, the reflection pending until scored, a mastery
chart, and each question explained without code); release_feedback lets
learners fetch them. Safe to run again: pages are made afresh, so a
reflection scored since shows its score and comment.

    >>> feedback(ClassContext.at(root), ["unit1"])
    ['unit1: feedback for 20 learners, released']
"""
from __future__ import annotations

from .context import ClassContext, run_step
from .errors import NothingToDo
from .progress import bar, plural


def feedback(room: ClassContext, units: list[str], release: bool = True) -> list[str]:
    """Generate (and release) feedback for each unit that has autograded work."""
    graded = {unit: sorted(p.parent.name for p in room.folder("autograded").glob(f"*/{unit}")) for unit in units}
    if not any(graded.values()):
        raise NothingToDo(f"No graded work for {', '.join(units)} yet: run `course autograde` first.")
    api, lines = room.api(), []
    for unit in bar([u for u in units if graded[u]], what="Feedback"):
        run_step(api.generate_feedback(unit, force=True), f"Making feedback for {unit}")
        if release:
            run_step(api.release_feedback(unit), f"Releasing feedback for {unit}")
        done = "released" if release else "not released"
        lines.append(f"{unit}: feedback for {plural(len(graded[unit]), 'learner')}, {done}")
    lines += [f"{unit}: nothing graded yet" for unit in units if not graded[unit]]
    return lines
