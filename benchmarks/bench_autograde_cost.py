"""(a) Autograde cost per submission of each course unit, against nbgrader's trivial one-cell notebook.

    python benchmarks/bench_autograde_cost.py [--students 8] [--units unit1 ...]

Both are graded in the same run, by the real `nbgrader autograde` command,
serially, on the same invented learners. Each unit is graded twice: as the
course is configured (figures described, not drawn, while grading) and with
COURSE_FIGURES_WHEN_GRADING=draw, to show what that setting saves.
Goal: a unit costs at most 1.15× the trivial notebook.
"""
from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

from common import TRIVIAL, course_copy, machine, nbgrader, release, submit_class


def per_submission(course: Path, assignment: str, students: int, force: bool = False, **env: str) -> float:
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        seconds = nbgrader(course, "autograde", assignment, *(["--force"] if force else []))
    finally:
        for key, value in saved.items():
            os.environ.pop(key) if value is None else os.environ.__setitem__(key, value)
    return seconds / students


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=8)
    parser.add_argument("--units", nargs="*", default=None, help="default: every unit in content/course.yml")
    args = parser.parse_args()
    print(machine())
    with tempfile.TemporaryDirectory() as base:
        course = course_copy(Path(base), with_trivial=True)
        from course.instructor.context import ClassContext

        units = args.units or ClassContext.at(course).unit_ids
        release(course, [TRIVIAL, *units])
        submit_class(course, args.students, [TRIVIAL, *units])
        trivial = [per_submission(course, TRIVIAL, args.students)]
        rows = []
        for unit in units:
            described = per_submission(course, unit, args.students)
            drawn = per_submission(course, unit, args.students, force=True, COURSE_FIGURES_WHEN_GRADING="draw")
            rows.append((unit, described, drawn))
        trivial.append(per_submission(course, TRIVIAL, args.students, force=True))
    baseline = sum(trivial) / len(trivial)
    print(f"\nSerial `nbgrader autograde`, {args.students} submissions each, seconds per submission "
          f"(including the command's own start-up, shared by the {args.students}):")
    print(f"  {'trivial one-cell notebook':28s} {baseline:6.2f} s   (runs: {', '.join(f'{t:.2f}' for t in trivial)})")
    for unit, described, drawn in rows:
        print(f"  {unit + ' (figures described)':28s} {described:6.2f} s   {described / baseline:4.2f}× trivial")
        print(f"  {unit + ' (figures drawn)':28s} {drawn:6.2f} s   {drawn / baseline:4.2f}× trivial")


if __name__ == "__main__":
    main()
