"""(b) A whole class on this machine: `course autograde --workers N` against serial `nbgrader autograde`.

    python benchmarks/bench_class.py [--students 100] [--workers 2] [--units unit1 ...]

Invented learners submit every unit (default: every unit in content/course.yml);
the class is graded in parallel, then the grading is forgotten and the same
submissions are graded by `nbgrader autograde UNIT` for each unit, one after
another. The two gradebooks are compared cell by cell. Heavy: on 2 cores,
100 learners × one unit takes about 8 minutes in all.
Goals: speed-up at least 1.8× on 2 cores; 100 learners × all units within 10 minutes.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import course_copy, machine, nbgrader, release, reset_grading, submit_class


def cells(course: Path) -> dict:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        return {(a.name, s.student.id, g.cell.name): (g.auto_score, g.needs_manual_grade)
                for a in gradebook.assignments for s in a.submissions for nb in s.notebooks for g in nb.grades}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=100)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--units", nargs="*", default=None)
    parser.add_argument("--no-serial", action="store_true", help="time the parallel run only")
    args = parser.parse_args()
    print(machine())
    with tempfile.TemporaryDirectory() as base:
        course = course_copy(Path(base))
        from course.instructor.context import ClassContext

        units = args.units or ClassContext.at(course).unit_ids
        release(course, units)
        started = time.perf_counter()
        submit_class(course, args.students, units)
        print(f"{args.students} learners × {len(units)} units submitted and collected in "
              f"{time.perf_counter() - started:.0f} s (not part of grading)")
        started = time.perf_counter()
        ran = subprocess.run([str(Path(sys.executable).parent / "course"), "autograde", *units,
                              "--workers", str(args.workers)], cwd=course, capture_output=True, text=True)
        parallel = time.perf_counter() - started
        if ran.returncode != 0:
            raise SystemExit(ran.stdout + ran.stderr)
        print(ran.stdout.strip())
        submissions = args.students * len(units)
        print(f"\ncourse autograde --workers {args.workers}: {parallel:.0f} s wall "
              f"({parallel / submissions:.2f} s per submission)")
        if args.no_serial:
            return
        graded = cells(course)
        reset_grading(course)
        started = time.perf_counter()
        for unit in units:
            nbgrader(course, "autograde", unit)
        serial = time.perf_counter() - started
        same = cells(course) == graded
        print(f"nbgrader autograde (serial):   {serial:.0f} s wall ({serial / submissions:.2f} s per submission)")
        print(f"speed-up: {serial / parallel:.2f}×   gradebooks identical cell by cell: {same}")


if __name__ == "__main__":
    main()
