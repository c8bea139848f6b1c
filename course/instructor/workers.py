"""A grading worker: real ``nbgrader autograde`` in a scratch copy of the course.

Each worker process owns one scratch course (its own folder and its own sqlite
gradebook made from a template the parent wrote). For each submission it is
given, it copies the submitted folder in (a safe copy: course/files), runs
nbgrader's Autograde there and returns the results as plain data; the parent
merges them (merge.py) and moves the autograded folder into place. Workers
never touch the real gradebook.
"""
from __future__ import annotations

import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import merge
from .context import failure_reason

TEMPLATE = "template.db"
_scratch: "Scratch | None" = None  # the worker process's own scratch course


@dataclass(frozen=True)
class Job:
    unit: str
    student: str
    prior: merge.Record | None = None  # earlier grading of this submission, read by the parent


@dataclass
class Result:
    unit: str
    student: str
    ok: bool
    seconds: float
    record: merge.Record = field(default_factory=dict)
    output: Path | None = None  # the autograded folder in the scratch course
    error: str = ""
    left_out: list[str] = field(default_factory=list)  # what the safe copy left out, as sentences
    graded: dict[str, bytes] = field(default_factory=dict)  # the autograded files, when they travel (cluster.py)


@dataclass(frozen=True)
class Origin:
    """Where a scratch course takes what it needs: the config, the template gradebook, each unit's
    instructor files (source/ and release/) and each learner's submitted folder.

    Locally these are the real course's folders; on a cluster worker, copies the job brought along.
    """

    config_root: Path   # holds nbgrader_config.py
    template: Path      # the scratch gradebook to start from (TEMPLATE)
    source: Path        # source/<unit>/ below it
    release: Path       # release/<unit>/ below it
    submitted: Path     # submitted/<student>/<unit>/ below it

    @classmethod
    def course(cls, root: Path, parent: Path) -> "Origin":
        from ..coursedir import course_config

        config = course_config(root)
        release = config.CourseDirectory.get("release_directory") or "release"
        return cls(root, parent / TEMPLATE, root / "source", root / release, root / "submitted")


class Scratch:
    """A private course folder: the real config, copies of source/, its own gradebook."""

    def __init__(self, origin: Origin, parent: Path) -> None:
        from ..coursedir import course_config

        self.origin = origin
        self.root = Path(tempfile.mkdtemp(prefix="worker-", dir=parent))
        shutil.copy(origin.template, self.root / "gradebook.db")
        self.db_url = f"sqlite:///{self.root / 'gradebook.db'}"
        config = course_config(origin.config_root)
        config.CourseDirectory.root = str(self.root)
        config.CourseDirectory.db_url = self.db_url
        config.NbGraderAPI.log_level = "ERROR"
        config.Autograde.pre_convert_hook = None  # the scratch copy is already a safe copy (_bring_in)
        self.config = config
        self._api: Any = None

    def api(self) -> Any:
        if self._api is None:
            from nbgrader.apps import NbGraderAPI

            self._api = NbGraderAPI(config=self.config)
        return self._api

    def grade(self, job: Job) -> Result:
        """Autograde one submission here; never raises (a failure is a Result with ok=False)."""
        from nbgrader.api import Gradebook

        started = time.perf_counter()
        left_out: list[str] = []
        try:
            left_out = self._bring_in(job)
            if job.prior is not None:  # a first grading needs no seed: autograde(create=True) adds the learner
                with Gradebook(self.db_url, self.config.CourseDirectory.course_id) as gradebook:
                    merge.seed(gradebook, job.unit, job.student, job.prior)
            result = self.api().autograde(job.unit, job.student, force=True, create=True)
            if not result.get("success"):
                return Result(job.unit, job.student, False, time.perf_counter() - started, error=failure_reason(result),
                              left_out=left_out)
            with Gradebook(self.db_url, self.config.CourseDirectory.course_id) as gradebook:
                record = merge.outcome(gradebook, job.unit, job.student)
        except Exception as error:  # one bad submission must not stop the class's run
            return Result(job.unit, job.student, False, time.perf_counter() - started,
                          error=f"{type(error).__name__}: {error}", left_out=left_out)
        finally:
            shutil.rmtree(self.root / "submitted" / job.student / job.unit, ignore_errors=True)
        output = self.root / "autograded" / job.student / job.unit
        return Result(job.unit, job.student, True, time.perf_counter() - started, record, output, left_out=left_out)

    def _bring_in(self, job: Job) -> list[str]:
        """Copy the instructor's source and (safely) the learner's submission in; what was left out, as sentences."""
        from nbgrader.coursedir import CourseDirectory

        from ..files import receive
        from ..files.exchange import limits

        source = self.root / "source" / job.unit
        if not source.is_dir():
            shutil.copytree(self.origin.source / job.unit, source)
        submitted = self.root / "submitted" / job.student / job.unit
        shutil.rmtree(submitted, ignore_errors=True)
        left_out = receive(self.origin.submitted / job.student / job.unit, submitted,
                           limits(CourseDirectory(config=self.config), self.config), self.origin.release / job.unit)
        return [entry.sentence() for entry in left_out]


# -- process-pool entry points (module level, so they can be pickled) -----------
def start_worker(root: Path, parent: Path) -> None:
    """Pool initializer: create this process's scratch course."""
    import signal

    global _scratch
    _scratch = Scratch(Origin.course(root, parent), parent)
    # Ctrl-C is for the parent to handle (it stops the run cleanly); a worker just finishes its submission.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # Kernels and nbgrader write notices to stderr; keep them in a log instead of over the progress bar.
    _to_log(_scratch.root / "worker.log")


def _to_log(path: Path) -> None:
    import os
    import sys
    import warnings

    warnings.filterwarnings("ignore")
    handle = open(path, "a", buffering=1)
    os.dup2(handle.fileno(), 2)
    sys.stderr = handle


def grade_in_worker(job: Job) -> Result:
    assert _scratch is not None, "start_worker must run first"
    return _scratch.grade(job)
