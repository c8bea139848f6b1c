"""``course autograde``: grade every new or updated submission, on several cores at once.

nbgrader grades one submission at a time. Here each worker process runs
nbgrader's own Autograde in a scratch copy of the course with its own
gradebook (workers.py); this process alone writes the results into the real
gradebook (merge.py) and moves each autograded folder into place. Scores and
autograded notebooks are the same as ``nbgrader autograde`` gives (a test
compares them).

    >>> summary = autograde(ClassContext.at(root), ["unit1"], workers=2)
    >>> summary.lines()[0]
    'Graded 40 submissions in 52 s with 2 workers.'
"""
from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from ..files.record import NAME as RECORD
from . import merge
from .cluster import grade_on_cluster
from .context import ClassContext
from .errors import NothingToDo
from .progress import bar, plural, skipped
from .workers import TEMPLATE, Job, Result, grade_in_worker, start_worker


@dataclass
class Summary:
    graded: list[Result] = field(default_factory=list)
    failed: list[Result] = field(default_factory=list)
    unchanged: Counter[str] = field(default_factory=Counter)  # per unit: graded before and unchanged, so left alone
    empty: list[str] = field(default_factory=list)  # units with nothing collected
    workers: int = 1
    seconds: float = 0.0
    cluster: str = ""  # the Dask scheduler's address, when the class was graded there

    def lines(self) -> list[str]:
        """What happened, learner by learner in a fixed order (by learner, then unit) whatever order
        the results came in: local workers and a cluster finish in any order."""
        where = f"on the Dask cluster at {self.cluster} ({plural(self.workers, 'worker')})" if self.cluster \
            else f"with {plural(self.workers, 'worker')}"
        done = [f"Graded {plural(len(self.graded), 'submission')} in {self.seconds:.0f} s {where}."] \
            if self.graded or self.failed else ["Nothing new to grade."]
        if self.unchanged:
            done.append(f"{plural(sum(self.unchanged.values()), 'submission')} already graded and unchanged "
                        "(use --force to regrade).")
        done += [f"Could not grade {r.student}/{r.unit}: {r.error}" for r in _in_order(self.failed)]
        return done + ([skipped(self.empty, "nothing collected yet")] if self.empty else []) + self._left_out()

    def _left_out(self, most: int = 3) -> list[str]:
        """Which learners' files were left out of grading, and why (the first few reasons of each)."""
        affected = _in_order([r for r in self.graded + self.failed if r.left_out])
        if not affected:
            return []
        lines = [f"Files left out of {plural(len(affected), 'submission')} (graded without them; "
                 "each learner's feedback says why):"]
        for r in affected:
            lines += [f"  {r.student}/{r.unit}: {reason}" for reason in r.left_out[:most]]
            if len(r.left_out) > most:
                lines.append(f"  {r.student}/{r.unit}: and {len(r.left_out) - most} more "
                             f"(autograded/{r.student}/{r.unit}/{RECORD} lists them all)")
        return lines


def _in_order(results: list[Result]) -> list[Result]:
    return sorted(results, key=lambda r: (r.student, r.unit))


def autograde(room: ClassContext, units: list[str], workers: int | None = None, force: bool = False,
              cluster: str | None = None) -> Summary:
    """Grade the collected submissions of ``units`` that are new or changed (all with ``force``).

    ``units`` must be released (``room.select()`` chooses them); a unit with nothing collected is skipped.
    With ``cluster`` (a Dask scheduler's address) the jobs run there instead of in local processes.
    """
    todo, collected = plan(room, units, force)
    if not collected:
        raise NothingToDo(f"Nothing has been collected for {', '.join(units)}: run `course collect` first.")
    workers = max(1, min(workers or os.cpu_count() or 1, len(todo) or 1))
    summary = Summary(unchanged=collected - Counter(job.unit for job in todo), workers=workers,
                      empty=[unit for unit in units if not collected[unit]])
    started = time.perf_counter()
    if todo and cluster:
        summary.cluster = cluster
        with _scratch_area(room) as parent:
            _write_template(room, parent, sorted({job.unit for job in todo}))
            jobs = _with_prior_state(room, todo)
            with room.gradebook() as real:  # one connection for the whole run: the only writer
                summary.workers = grade_on_cluster(room, parent, jobs, cluster,
                                                   lambda result: _settle(room, real, result, summary), bar)
    elif todo:
        with _scratch_area(room) as parent:
            _write_template(room, parent, sorted({job.unit for job in todo}))
            jobs = _with_prior_state(room, todo)
            with _pool(room, parent, workers) as pool:
                # Workers start at the first submit, before this process opens any database connection.
                futures = [pool.submit(grade_in_worker, job) for job in jobs]
                try:
                    with room.gradebook() as real:  # one connection for the whole run: the only writer
                        for future in bar(as_completed(futures), total=len(futures), what="Autograding"):
                            _settle(room, real, future.result(), summary)
                except BaseException:  # Ctrl-C: the submissions being graded end, the others never start
                    pool.shutdown(wait=True, cancel_futures=True)
                    raise
    summary.seconds = time.perf_counter() - started
    return summary


def plan(room: ClassContext, units: list[str], force: bool = False) -> tuple[list[Job], Counter[str]]:
    """The submissions to grade, and how many are collected for each unit."""
    submitted, autograded = room.folder("submitted"), room.folder("autograded")
    todo: list[Job] = []
    collected: Counter[str] = Counter()
    for unit in units:
        for folder in sorted(submitted.glob(f"*/{unit}")):
            if not any(folder.glob("*.ipynb")):
                continue
            collected[unit] += 1
            student = folder.parent.name
            if force or _needs_grading(folder, autograded / student / unit):
                todo.append(Job(unit, student))
    return todo, collected


def _needs_grading(submitted: Path, autograded: Path) -> bool:
    """New, changed since it was graded, or its autograded notebooks are missing."""
    if any(not (autograded / nb.name).is_file() for nb in submitted.glob("*.ipynb")):
        return True
    stamp = [(folder / "timestamp.txt") for folder in (submitted, autograded)]
    texts = [path.read_text().strip() if path.is_file() else "" for path in stamp]
    return texts[0] != texts[1]


def _write_template(room: ClassContext, parent: Path, units: list[str]) -> None:
    """A scratch gradebook holding only the units' structure; each worker starts from a copy."""
    from nbgrader.api import Gradebook

    with room.gradebook() as real:
        merge.empty_like(real, parent / TEMPLATE)
        with Gradebook(f"sqlite:///{parent / TEMPLATE}", room.course_id) as scratch:
            for unit in units:
                merge.copy_structure(real, scratch, unit)


def _with_prior_state(room: ClassContext, jobs: list[Job]) -> list[Job]:
    with room.gradebook() as real:
        return [Job(job.unit, job.student, merge.prior_state(real, job.unit, job.student)) for job in jobs]


def _pool(room: ClassContext, parent: Path, workers: int) -> ProcessPoolExecutor:
    """Worker processes, each with its own scratch course (even a pool of one keeps this process free to write).

    On Linux workers are forked, so they start with nbgrader already imported (importing it
    takes seconds); elsewhere they are spawned.
    """
    context = get_context("fork" if sys.platform == "linux" else "spawn")
    return ProcessPoolExecutor(workers, mp_context=context, initializer=start_worker, initargs=(room.root, parent))


def _settle(room: ClassContext, real: Any, result: Result, summary: Summary) -> None:
    """The single writer: record one finished submission in the real gradebook and folders."""
    if not result.ok or result.output is None:
        summary.failed.append(result)
        return
    merge.apply(real, result.unit, result.student, result.record)
    destination = room.folder("autograded") / result.student / result.unit
    if destination.exists():
        from nbgrader.utils import rmtree

        rmtree(str(destination))
    destination.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(str(result.output), str(destination))
    summary.graded.append(result)


class _scratch_area:
    """A hidden folder in the course root for the workers (same disk, so moving is renaming)."""

    def __init__(self, room: ClassContext) -> None:
        self.room = room

    def __enter__(self) -> Path:
        self.path = Path(tempfile.mkdtemp(prefix=".grading-", dir=self.room.root))
        return self.path

    def __exit__(self, *exc: object) -> None:
        from nbgrader.utils import rmtree

        rmtree(str(self.path))
