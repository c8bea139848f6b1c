"""nbgrader plug-ins that make every copy of a learner's folder a safe copy.

nbgrader copies learners' folders in three places, each with ``shutil``: submit
(learner → exchange), collect (exchange → submitted/) and autograde
(submitted/ → autograded/). All three are replaced through nbgrader's own
extension points, switched on in ``nbgrader_config.py`` (and, for learners on
the hub, in ``deploy/student/nbgrader_config.py``):

- ``SafeSubmit`` and ``SafeCollect``, through ``ExchangeFactory``, copy with
  ``copy_folder`` / ``receive`` instead of ``shutil.copytree``;
- ``guard_submission``, Autograde's ``pre_convert_hook``, runs before nbgrader
  copies a submitted folder: a folder holding anything unsafe is set aside
  (renamed, so nothing is lost) and a safe copy takes its place;
  ``guard_graded`` does the same for GenerateFeedback's input.

The limits are nbgrader's own ``CourseDirectory.max_file_size``,
``max_dir_size``, ``ignore`` and ``include``, plus this course's ``LearnerFiles``
settings below.

    c.ExchangeFactory.submit = "course.files.plugins.SafeSubmit"
    c.Autograde.pre_convert_hook = "course.files.plugins.guard_submission"
"""
from __future__ import annotations

import datetime
import functools
import os
import secrets
import shutil
import time
from pathlib import Path
from typing import Any

from nbgrader.coursedir import CourseDirectory
from nbgrader.exchange.default import ExchangeCollect, ExchangeSubmit
from traitlets import Float, Integer
from traitlets.config import Config, Configurable
from traitlets.log import get_logger

from .copy import WHOLE_FOLDER, Limits, Refusal, copy_folder, printable
from .submission import grading_names, receive
from . import record


class LearnerFiles(Configurable):
    """The course's own limits on a learner's folder (nbgrader's CourseDirectory has the size limits)."""

    max_files = Integer(Limits.entries, help="Most files and folders copied from one learner's folder.").tag(config=True)
    max_depth = Integer(Limits.depth, help="Most folders inside folders copied from one learner's folder.").tag(config=True)
    max_seconds = Float(Limits.seconds, help="Longest time one copy of a learner's folder may take (seconds).").tag(config=True)


def limits(coursedir: CourseDirectory, config: Config) -> Limits:
    """The limits this configuration sets (sizes in nbgrader's kilobytes of 1000 bytes).

        >>> limits(CourseDirectory(config=config), config).file_bytes
        5000000
    """
    own = LearnerFiles(config=config)
    return Limits(file_bytes=coursedir.max_file_size * 1000, total_bytes=coursedir.max_dir_size * 1000,
                  entries=own.max_files, depth=own.max_depth, seconds=own.max_seconds,
                  ignore=tuple(coursedir.ignore), include=tuple(coursedir.include))


class SafeSubmit(ExchangeSubmit):
    """nbgrader's submit, copying only what ``copy_folder`` allows; what it left out goes in the record."""

    def check_filename_diff(self) -> None:
        # nbgrader's own check walks the whole folder, following nothing but bounded by nothing:
        # look up the released notebooks by name instead.
        released = sorted(p.name for p in Path(self.release_path).glob("*.ipynb"))
        missing = [name for name in released if not _regular(Path(self.src_path) / name)]
        if missing and self.strict:
            self.fail(f"{self.coursedir.assignment_id} was not submitted: missing {', '.join(missing)}.")
        if missing:
            self.log.warning("Missing from the submission: %s", ", ".join(missing))

    def do_copy(self, src: str, dest: str, log: Any = None) -> None:
        copied = copy_folder(Path(src), Path(dest), limits(self.coursedir, self.config),
                             first=grading_names(Path(self.release_path)))
        whole = [entry for entry in copied.refused if entry.path == WHOLE_FOLDER and not entry.partial]
        if whole:
            shutil.rmtree(dest, ignore_errors=True)
            self.fail(f"{self.coursedir.assignment_id} could not be submitted: {whole[0].sentence()}")
        for entry in copied.refused:
            self.log.warning("Not submitted: %s", entry.sentence())
        record.add(Path(dest), copied.refused)


class SafeCollect(ExchangeCollect):
    """nbgrader's collect, bringing each submission in with ``receive``.

    Learners can write into their own submission in the exchange, so nbgrader's notes in it are
    checked too: an unreadable time or a missing secret would otherwise stop grading or the
    release of everyone's feedback.
    """

    def _path_to_record(self, path: str) -> dict[str, Any]:
        try:
            return super()._path_to_record(path)
        except (ValueError, OverflowError):  # a time in the name that cannot be read
            name = os.path.basename(path)
            self.log.warning("The time in %s cannot be read: it counts as the oldest submission", printable(name))
            return {"username": name.rsplit("+", 3)[0], "filename": name, "timestamp": datetime.datetime.min}

    def do_copy(self, src: str, dest: str, log: Any = None) -> None:
        release = self.coursedir.format_path(self.coursedir.release_directory, ".", self.coursedir.assignment_id)
        receive(Path(src), Path(dest), limits(self.coursedir, self.config), Path(release))
        for entry in record.add(Path(dest), _renewed_notes(Path(dest), self._path_to_record(src)["timestamp"])):
            self.log.warning("%s: %s", Path(dest).parent.name, entry.sentence())


def _renewed_notes(folder: Path, named: datetime.datetime) -> list[Refusal]:
    """Rewrite nbgrader's notes in a collected submission when they are missing or unreadable."""
    renewed = []
    stamp = folder / "timestamp.txt"
    if not _readable_time(stamp):
        if named == datetime.datetime.min:  # the name's time was unreadable too
            named, used = datetime.datetime.now(datetime.timezone.utc), "the time it was collected was used"
        else:
            used = "the time in the submission's name was used"
        stamp.write_text(named.strftime("%Y-%m-%d %H:%M:%S.%f UTC"))
        renewed.append(Refusal(stamp.name, "was missing or unreadable", used))
    secret = folder / "submission_secret.txt"
    if not secret.is_file():
        secret.write_text(secrets.token_hex(64))
        renewed.append(Refusal(secret.name, "was missing", "a new one was made (this learner cannot fetch their "
                                                           "feedback from the Assignments tab: send it to them)"))
    return renewed


def _readable_time(path: Path) -> bool:
    from nbgrader.utils import parse_utc

    try:
        return path.is_file() and path.stat().st_size < 100 and parse_utc(path.read_text().strip()) is not None
    except (ValueError, OverflowError, OSError):
        return False


def guard_submission(notebooks: list[str], **_: Any) -> None:
    """Autograde's ``pre_convert_hook``: a submitted folder holding anything unsafe is replaced by a safe copy."""
    _guard(notebooks, stand_in=True)


def guard_graded(notebooks: list[str], **_: Any) -> None:
    """GenerateFeedback's ``pre_convert_hook``: the same check of an autograded folder."""
    _guard(notebooks, stand_in=False)


def _guard(notebooks: list[str], stand_in: bool) -> None:
    if not notebooks:
        return
    folder = Path(notebooks[0]).parent
    config = _config(Path.cwd())  # nbgrader runs converters in the course root
    coursedir = CourseDirectory(config=config)
    bounds = limits(coursedir, config)
    release = Path(coursedir.format_path(coursedir.release_directory, ".", folder.name)) if stand_in else None
    names = grading_names(release)
    if not copy_folder(folder, None, bounds, first=names).refused:
        return
    aside = folder.with_name(f".{folder.name}.as-submitted-{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}")
    os.rename(folder, aside)
    log = get_logger()
    log.warning("%s holds files that cannot be copied safely: kept as %s, graded from a safe copy", folder, aside.name)
    for entry in receive(aside, folder, bounds, release):
        log.warning("%s: %s", folder.parent.name, entry.sentence())


@functools.lru_cache(maxsize=4)
def _config(root: Path) -> Config:
    from ..coursedir import course_config

    return course_config(root) if (root / "nbgrader_config.py").is_file() else Config()


def _regular(path: Path) -> bool:
    return path.is_file() and not path.is_symlink()
