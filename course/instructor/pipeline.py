"""``course grade-all``: collect → autograde → feedback → export → report, in one go.

It works on the released units (or the ones named). A step with nothing to do
says so and the next one still runs; a submission that cannot be graded is
named and never stops the others. The last lines say, unit by unit, what was
graded, left unchanged and could not be graded, and which units were skipped.

    >>> lines, ok = grade_all(ClassContext.at(root), workers=2)
    >>> lines[-2:]
    ['Summary: unit1: 1 graded, 2 unchanged.', 'Summary: Skipped unit2, unit3, unit4, unit5, unit6, unit7, unit8, final: not released yet.']
"""
from __future__ import annotations

from typing import Callable

from .autograde import Summary, autograde
from .collect import collect
from .context import ClassContext
from .errors import InstructorError, NothingToDo
from .export import export
from .feedback import feedback


def grade_all(room: ClassContext, names: list[str] | None = None, workers: int | None = None,
              release_feedback: bool = True, cluster: str | None = None) -> tuple[list[str], bool]:
    """Every step after learners submit; returns the summary lines and whether every step went well."""
    from ..report import write_report

    chosen = room.select(names)
    units = chosen.units
    autograded: list[Summary] = []  # filled by the Autograde step, read by the summary

    def grade() -> list[str]:
        autograded.append(autograde(room, units, workers=workers, cluster=cluster))
        return autograded[0].lines()

    steps: list[tuple[str, Callable[[], list[str]]]] = [
        ("Collect", lambda: collect(room, units)),
        ("Autograde", grade),
        ("Feedback", lambda: feedback(room, units, release=release_feedback)),
        ("Export", lambda: export(room)),
        ("Report", lambda: [f"Class report: {write_report(room, units)}"]),
    ]
    lines: list[str] = []
    failed: list[str] = []
    for name, step in steps:
        try:
            lines += [f"{name}: {line}" for line in step()]
        except NothingToDo as idle:
            lines.append(f"{name}: {idle}")
        except InstructorError as problem:
            lines.append(f"{name}: {problem}")
            failed.append(name)
    summary = autograded[0] if autograded else None
    closing = per_unit(units, summary) + chosen.note() + [f"{name} failed (see above)." for name in failed]
    return lines + [f"Summary: {line}" for line in closing], not failed and not (summary and summary.failed)


def per_unit(units: list[str], summary: Summary | None) -> list[str]:
    """One line per unit: how many submissions were graded, left unchanged and could not be graded.

        >>> per_unit(["unit1"], summary)
        ['unit1: 1 graded, 6 unchanged, 1 could not be graded (learner-broken).']
    """
    lines = []
    for unit in units:
        failed = sorted(r.student for r in summary.failed if r.unit == unit) if summary else []
        counts = [(sum(r.unit == unit for r in summary.graded) if summary else 0, "graded"),
                  (summary.unchanged[unit] if summary else 0, "unchanged"),
                  (len(failed), f"could not be graded ({', '.join(failed)})")]
        said = ", ".join(f"{count} {what}" for count, what in counts if count)
        lines.append(f"{unit}: {said or 'nothing collected yet'}.")
    return lines
