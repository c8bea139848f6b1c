"""(a) Autograde cost per submission of each course unit, against nbgrader's trivial one-cell notebook.

    python benchmarks/bench_autograde_cost.py [--students 8] [--units unit1 final ...]

All in the same run, on the same invented learners, the trivial notebook graded by
plain `nbgrader autograde` (nbgrader's own kernels) before and after the units.
Each unit is graded four ways: plain `nbgrader autograde` (its own kernels);
`nbgrader autograde` with the course's config (kernels forked from a warm template);
`course autograde --workers 1`; and `course autograde` (one worker per core, as an
instructor runs it). Seconds per submission include each command's own start-up,
shared by the learners. Goal: `course autograde` at most 0.6× the trivial notebook.
"""
from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

from common import TRIVIAL, course_autograde, course_copy, machine, nbgrader, release, submit_class

PLAIN = {"COURSE_FORKED_KERNELS": "0"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=8)
    parser.add_argument("--units", nargs="*", default=None, help="default: every unit in content/course.yml")
    args = parser.parse_args()
    print(machine())
    n = args.students
    with tempfile.TemporaryDirectory() as base:
        course = course_copy(Path(base), with_trivial=True)
        from course.instructor.context import ClassContext

        units = args.units or ClassContext.at(course).unit_ids
        release(course, [TRIVIAL, *units])
        submit_class(course, n, [TRIVIAL, *units])
        trivial = [nbgrader(course, "autograde", TRIVIAL, **PLAIN) / n]
        rows = []
        for unit in units:
            plain = nbgrader(course, "autograde", unit, **PLAIN) / n
            forked = nbgrader(course, "autograde", unit, "--force") / n
            one = course_autograde(course, unit, "--workers", "1") / n
            every = course_autograde(course, unit) / n
            rows.append((unit, plain, forked, one, every))
        trivial.append(nbgrader(course, "autograde", TRIVIAL, "--force", **PLAIN) / n)
    baseline = sum(trivial) / len(trivial)
    print(f"\nSeconds per submission, {n} learners, load average now {os.getloadavg()[0]:.2f}:")
    print(f"  {'trivial one-cell notebook, plain nbgrader':44s} {baseline:5.2f} s  (runs: "
          f"{', '.join(f'{t:.2f}' for t in trivial)})")
    for unit, plain, forked, one, every in rows:
        for label, value in ((f"{unit}: plain nbgrader autograde", plain),
                             (f"{unit}: nbgrader autograde, forked kernels", forked),
                             (f"{unit}: course autograde --workers 1", one),
                             (f"{unit}: course autograde ({os.cpu_count()} workers)", every)):
            print(f"  {label:44s} {value:5.2f} s  {value / baseline:4.2f}× trivial")


if __name__ == "__main__":
    main()
