"""``course autograde --cluster tcp://scheduler:8786``: the same grading on a Dask cluster.

Dask's ``distributed`` (a maintained scheduler with retries, worker loss
handling and Kubernetes deployments of its own) runs the jobs; nothing here
schedules. Workers need no shared filesystem and never see the course folder:

- each unit's job data is the instructor's side of grading as bytes (its
  ``source/`` and ``release/`` files, nbgrader_config.py and the scratch
  gradebook holding the unit's structure), sent once per unit;
- each job carries one submission's files, made safe here first by the same
  copy as local grading (course/files: regular files only, bounded), so no
  learner path is ever read anywhere else;
- a worker grades it with real nbgrader in a scratch course of its own
  (workers.py, the same code as a local worker) and returns the autograded
  files and the scores as plain data.

This process stays the single gradebook writer and merges each result exactly
as local grading does. Dask runs a job again elsewhere when its worker dies;
each job's result is merged once.
"""
from __future__ import annotations

import logging
import uuid
import shutil
import tempfile
import threading
from concurrent.futures import CancelledError
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Callable

from .context import ClassContext
from .errors import InstructorError
from .workers import TEMPLATE, Job, Origin, Result, Scratch

Files = dict[str, bytes]  # relative path -> content: a folder as data


@dataclass(frozen=True)
class UnitFiles:
    """What every job of one unit needs from the instructor's side."""

    unit: str
    run: str          # this run of `course autograde`: workers lay out a fresh scratch course for each run
    config: bytes     # nbgrader_config.py
    template: bytes   # the scratch gradebook holding the units' structure
    source: Files     # source/<unit>/
    release: Files    # release/<unit>/


def grade_on_cluster(room: ClassContext, parent: Path, jobs: list[Job], address: str,
                     settle: Callable[[Result], None], progress: Callable[..., Any]) -> int:
    """Grade ``jobs`` on the Dask scheduler at ``address``, settling each result here; the number of workers."""
    from distributed import Client, as_completed
    from distributed.comm import CommClosedError

    client = _connect(Client, address)
    done = 0
    try:
        workers = len(client.scheduler_info().get("workers", {}))
        run = uuid.uuid4().hex
        units = {unit: client.submit(_unit_files, pack_unit(room, parent, unit, run), key=f"course-unit-{unit}-{run}")
                 for unit in sorted({job.unit for job in jobs})}
        pending = {}
        for job in jobs:
            files, left_out = pack_submission(room, parent, job)
            pending[client.submit(grade_remotely, units[job.unit], files, job, left_out, pure=False)] = job
        finished = as_completed(list(pending), loop=client.loop)
        for future in progress(finished, total=len(pending), what="Autograding on the cluster"):
            settle(_received(parent, future, pending[future]))
            done += 1
    except (CancelledError, CommClosedError):  # Dask cancels every job when it loses the scheduler
        raise InstructorError(f"Lost the Dask scheduler at {address} after {done} of {len(jobs)} submissions: "
                              "those are saved; run the command again to grade the rest.") from None
    finally:
        client.close()
    return workers


def _connect(client_class: Any, address: str) -> Any:
    # Dask logs a lost connection as errors with tracebacks; the instructor gets one plain sentence instead.
    logging.getLogger("distributed").setLevel(logging.CRITICAL)
    try:
        return client_class(address, timeout="20s", set_as_default=False)
    except (OSError, TimeoutError) as error:
        raise InstructorError(f"Could not reach the Dask scheduler at {address} ({error}): is it running, "
                              "and is the address right?") from None


def _received(parent: Path, future: Any, job: Job) -> Result:
    """One job's result, its autograded files written into this process's scratch area."""
    try:
        result: Result = future.result()
    except CancelledError:
        raise
    except Exception as error:  # noqa: BLE001 - e.g. KilledWorker: its workers kept dying; the class goes on
        return Result(job.unit, job.student, False, 0.0, error=f"the cluster could not grade it ({type(error).__name__}: {error})")
    if result.ok:
        output = parent / "incoming" / result.student / result.unit
        write_tree(output, result.graded)
        result = replace(result, output=output, graded={})
    return result


# -- the instructor's side, as data ------------------------------------------------
def pack_unit(room: ClassContext, parent: Path, unit: str, run: str) -> UnitFiles:
    return UnitFiles(unit, run, (room.root / "nbgrader_config.py").read_bytes(), (parent / TEMPLATE).read_bytes(),
                     read_tree(room.folder("source") / unit), read_tree(room.folder("release") / unit))


def pack_submission(room: ClassContext, parent: Path, job: Job) -> tuple[Files, list[str]]:
    """A safe copy of the learner's submitted folder (course/files), as data; what it left out, as sentences."""
    from nbgrader.coursedir import CourseDirectory

    from ..files import receive
    from ..files.exchange import limits

    staged = parent / "outgoing" / job.student / job.unit
    left_out = receive(room.folder("submitted") / job.student / job.unit, staged,
                       limits(CourseDirectory(config=room.config), room.config), room.folder("release") / job.unit)
    try:
        return read_tree(staged), [entry.sentence() for entry in left_out]
    finally:
        shutil.rmtree(staged, ignore_errors=True)


def read_tree(folder: Path) -> Files:
    """Every regular file below ``folder`` (made by the course's own safe copy or by the instructor)."""
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*"))
            if path.is_file() and not path.is_symlink()}


def write_tree(folder: Path, files: Files) -> None:
    for name, content in files.items():
        target = (folder / name).resolve()
        if not target.is_relative_to(folder.resolve()):
            raise ValueError(f"{name} would be written outside {folder}")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)


# -- on a Dask worker ----------------------------------------------------------------
_areas: dict[tuple[str, int], tuple[str, Scratch]] = {}  # (unit, thread) -> (run, its scratch course)
_areas_lock = threading.Lock()


def _unit_files(files: UnitFiles) -> UnitFiles:
    """A task that holds a unit's files on the cluster (Dask recomputes it if its worker is lost)."""
    return files


def grade_remotely(unit: UnitFiles, submission: Files, job: Job, left_out: list[str]) -> Result:
    """Grade one submission in this worker's scratch course for the unit; the autograded files travel back."""
    scratch = _scratch_for(unit)
    write_tree(scratch.origin.submitted / job.student / job.unit, submission)
    try:
        result = scratch.grade(job)
    finally:
        shutil.rmtree(scratch.origin.submitted / job.student, ignore_errors=True)
    if result.ok and result.output is not None:
        graded = read_tree(result.output)
        shutil.rmtree(result.output, ignore_errors=True)
        result = replace(result, output=None, graded=graded)
    return replace(result, left_out=left_out)


def _scratch_for(unit: UnitFiles) -> Scratch:
    """This worker thread's scratch course for ``unit`` in this run (laid out on first use, in the worker's
    own folder); an earlier run's is removed, so nothing of it carries over and the folder does not grow."""
    key = (unit.unit, threading.get_ident())
    with _areas_lock:
        run, scratch = _areas.get(key, ("", None))
        if scratch is None or run != unit.run:
            if scratch is not None:
                shutil.rmtree(scratch.origin.config_root, ignore_errors=True)
            scratch = _lay_out(unit, Path(tempfile.mkdtemp(prefix="course-grading-", dir=_local_directory())))
            _areas[key] = (unit.run, scratch)
        return scratch


def _lay_out(unit: UnitFiles, area: Path) -> Scratch:
    (area / "nbgrader_config.py").write_bytes(unit.config)
    (area / TEMPLATE).write_bytes(unit.template)
    write_tree(area / "source" / unit.unit, unit.source)
    write_tree(area / "release" / unit.unit, unit.release)
    origin = Origin(area, area / TEMPLATE, area / "source", area / "release", area / "incoming")
    return Scratch(origin, area)


def _local_directory() -> str:
    try:
        from distributed import get_worker

        return get_worker().local_directory
    except (ImportError, ValueError):
        return tempfile.gettempdir()
