"""(b) A whole class on this machine: `course autograde --workers N` against serial `nbgrader autograde`.

    python benchmarks/bench_class.py [--students 100] [--workers 2] [--units unit1 ...]

Invented learners submit every unit (default: every unit in content/course.yml).
One copy of the course is graded by `course autograde`, a twin copy holding the
same submissions by `nbgrader autograde UNIT` for each unit, one after another.
The class arrives in rounds and the two take turns, so on a shared machine both
meet the same load. The two gradebooks are compared cell by cell at the end.
Heavy: on 2 cores, 100 learners × one unit takes about 8 minutes in all.
Goals: speed-up at least 3× on 2 cores; 100 learners × all units (900 submissions) within 6 minutes.
With --serial-students, serial nbgrader grades only that many learners of each round.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import course_copy, machine, nbgrader, release, submit_class


def cells(course: Path) -> dict:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        return {(a.name, s.student.id, g.cell.name): (g.auto_score, g.needs_manual_grade)
                for a in gradebook.assignments for s in a.submissions for nb in s.notebooks for g in nb.grades}


def parallel_run(course: Path, units: list[str], workers: int) -> float:
    started = time.perf_counter()
    ran = subprocess.run([str(Path(sys.executable).parent / "course"), "autograde", *units, "--workers", str(workers)],
                         cwd=course, capture_output=True, text=True)
    if ran.returncode != 0:
        raise SystemExit(ran.stdout + ran.stderr)
    return time.perf_counter() - started


def serial_run(course: Path, units: list[str]) -> float:
    """nbgrader as it comes: its own kernel start (the course's forked kernels switched off)."""
    return sum(nbgrader(course, "autograde", unit, COURSE_FORKED_KERNELS="0") for unit in units)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=100)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=5,
                        help="grade the class in this many groups, alternating parallel and serial, so both "
                             "meet the same load on a shared machine")
    parser.add_argument("--units", nargs="*", default=None)
    parser.add_argument("--serial-students", type=int, default=None,
                        help="grade only this many learners of each round with serial nbgrader (the slow "
                             "comparison); the speed-up then compares seconds per submission")
    args = parser.parse_args()
    print(machine())
    with tempfile.TemporaryDirectory() as base:
        course = course_copy(Path(base))
        from course.instructor.context import ClassContext

        units = args.units or ClassContext.at(course).unit_ids
        release(course, units)
        twin = Path(base) / "serial"
        shutil.copytree(course, twin)  # the same releases in its gradebook; graded by plain nbgrader
        size = -(-args.students // args.rounds)
        timings = {"parallel": 0.0, "serial": 0.0}
        seen: set[str] = set()
        serial_learners: set[str] = set()
        for number in range(args.rounds):
            group = list(range(number * size + 1, min(args.students, (number + 1) * size) + 1))
            submit_class(course, len(group), units, seed=1, first=group[0])
            new = sorted(f for f in (course / "submitted").iterdir() if f.name not in seen)
            seen.update(f.name for f in new)
            for folder in new[:args.serial_students or len(new)]:
                shutil.copytree(folder, twin / "submitted" / folder.name)
                serial_learners.add(folder.name)
            order = ["parallel", "serial"] if number % 2 == 0 else ["serial", "parallel"]
            for kind in order:
                timings[kind] += parallel_run(course, units, args.workers) if kind == "parallel" else serial_run(twin, units)
            print(f"round {number + 1}: learners {group[0]}-{group[-1]}: parallel {timings['parallel']:.0f} s, "
                  f"serial {timings['serial']:.0f} s so far")
        submissions = args.students * len(units)
        compared = len(serial_learners) * len(units)
        parallel, serial = timings["parallel"] / submissions, timings["serial"] / compared
        ours = {key: value for key, value in cells(course).items() if key[1] in serial_learners}
        print(f"\n{args.students} learners × {len(units)} units = {submissions} submissions; "
              f"load average now {os.getloadavg()[0]:.2f}")
        print(f"course autograde --workers {args.workers}: {timings['parallel']:.0f} s wall for all {submissions} "
              f"({parallel:.2f} s per submission)")
        print(f"nbgrader autograde (serial, its own kernels): {timings['serial']:.0f} s wall for {compared} "
              f"({serial:.2f} s per submission)")
        print(f"speed-up: {serial / parallel:.2f}×   gradebooks identical cell by cell for the {len(serial_learners)} "
              f"learners graded both ways: {ours == cells(twin)}")


if __name__ == "__main__":
    main()
