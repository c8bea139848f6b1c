"""``course feedback``: feedback pages for every graded submission, with a mastery chart, released.

nbgrader generate_feedback, then a per-concept mastery chart appended to each
page, then release_feedback so learners can fetch it. Safe to run again.

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
        charted = add_mastery_charts(room, unit)
        if release:
            run_step(api.release_feedback(unit), f"Releasing feedback for {unit}")
        done = "released" if release else "not released"
        lines.append(f"{unit}: feedback for {plural(len(graded[unit]), 'learner')} "
                     f"({charted} with a mastery chart), {done}")
    lines += [f"{unit}: nothing graded yet" for unit in units if not graded[unit]]
    return lines


def add_mastery_charts(room: ClassContext, unit: str) -> int:
    """Append each learner's concept mastery chart to their feedback page; returns how many."""
    from ..author.content import load_course
    from ..report import data, mastery, stats

    course = load_course(room.root / "content", only=[unit])
    analysis = stats.analyse(course, data.gather(room, course))
    added = 0
    for student, shares in analysis.concepts.items():
        page = room.folder("feedback") / student / unit / f"{unit}.html"
        named = {analysis.concept_names.get(k, k): v for k, v in shares.items()}
        if page.is_file() and named and mastery.add_chart(page, named, course.units[unit].label or unit):
            added += 1
    return added
