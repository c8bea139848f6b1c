"""Where the time of one autograde goes: kernel start, each cell's execution, gradebook work, the rest.

    python benchmarks/profile_autograde.py [UNIT] [--repeat 3]

Runs nbgrader's own Autograde in this process (serial, as `nbgrader autograde`
does) on one invented learner's submission, with timers wrapped around the
kernel start, every cell execution and every gradebook connection and commit.
"""
from __future__ import annotations

import argparse
import asyncio
import warnings
import functools
import statistics
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from common import course_copy, machine, release, submit_class

SPENT: dict[str, float] = defaultdict(float)
CELLS: dict[str, float] = defaultdict(float)


def wrap(owner: type, name: str, label: str) -> None:
    original = getattr(owner, name)
    if asyncio.iscoroutinefunction(original):
        @functools.wraps(original)
        async def timed_async(*args, **kwargs):
            started = time.perf_counter()
            try:
                return await original(*args, **kwargs)
            finally:
                SPENT[label] += time.perf_counter() - started
        setattr(owner, name, timed_async)
    else:
        @functools.wraps(original)
        def timed(*args, **kwargs):
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                SPENT[label] += time.perf_counter() - started
        setattr(owner, name, timed)


def instrument() -> None:
    import nbclient
    from nbgrader.api import Gradebook
    from sqlalchemy.orm import Session

    # nbclient's sync methods are run_sync wrappers made at class creation: time those.
    wrap(nbclient.NotebookClient, "start_new_kernel", "kernel start (process)")
    wrap(nbclient.NotebookClient, "start_new_kernel_client", "kernel start (client, wait until ready)")
    wrap(nbclient.NotebookClient, "_cleanup_kernel", "kernel shutdown")
    wrap(Gradebook, "__init__", "gradebook: connect and check schema")
    wrap(Gradebook, "close", "gradebook: close")
    wrap(Session, "commit", "gradebook: commits")
    original = nbclient.NotebookClient.execute_cell

    def per_cell(self, cell, cell_index, *args, **kwargs):
        started = time.perf_counter()
        try:
            return original(self, cell, cell_index, *args, **kwargs)
        finally:
            elapsed = time.perf_counter() - started
            SPENT["cell execution"] += elapsed
            CELLS[cell.get("id", str(cell_index))] += elapsed
    nbclient.NotebookClient.execute_cell = per_cell


def main() -> None:
    warnings.filterwarnings("ignore")
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("unit", nargs="?", default="unit1")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as base:
        course = course_copy(Path(base))
        release(course, [args.unit])
        submit_class(course, 1, [args.unit], seed=5)
        from course.instructor.context import ClassContext

        api = ClassContext.at(course).api()
        student = next((course / "submitted").iterdir()).name
        api.autograde(args.unit, student, force=True)  # warm-up: caches, first imports
        instrument()
        totals = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            result = api.autograde(args.unit, student, force=True)
            totals.append(time.perf_counter() - started)
            assert result["success"], result.get("log")
    n = args.repeat
    total = statistics.fmean(totals)
    print(machine())
    print(f"\nOne autograde of {args.unit}, mean of {n} (after one warm-up): {total:.2f} s")
    accounted = 0.0
    for label, seconds in sorted(SPENT.items(), key=lambda kv: -kv[1]):
        if label != "gradebook: commits":
            accounted += seconds / n
        print(f"  {label:38s} {seconds / n:6.3f} s  {100 * seconds / n / total:5.1f}%")
    print(f"  {'everything else (nbgrader, files)':38s} {total - accounted:6.3f} s  {100 * (total - accounted) / total:5.1f}%")
    print("\nSlowest cells:")
    for cell, seconds in sorted(CELLS.items(), key=lambda kv: -kv[1])[:8]:
        print(f"  {cell:38s} {seconds / n:6.3f} s")


if __name__ == "__main__":
    main()
