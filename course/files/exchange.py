"""nbgrader's submit and collect, copying a learner's folder safely (switched on in nbgrader_config.py).

nbgrader's exchange copies a learner's folder with ``shutil.copytree``, which follows
links and opens pipes. These subclasses, chosen through ``ExchangeFactory``, copy with
``copy_folder`` / ``receive`` instead; the limits are nbgrader's own
``CourseDirectory.max_file_size``, ``max_dir_size``, ``ignore`` and ``include``, plus this
course's ``LearnerFiles`` settings. Learners on the hub get ``SafeSubmit`` from
``deploy/student/nbgrader_config.py``; the hub's formgrader turns on ``SafeCollect``'s owner
check in ``deploy/grader/nbgrader_config.py``.

    c.ExchangeFactory.submit = "course.files.exchange.SafeSubmit"
    c.ExchangeFactory.collect = "course.files.exchange.SafeCollect"
"""
from __future__ import annotations

import datetime
import os
import secrets
import shutil
from pathlib import Path
from typing import Any

from nbgrader.coursedir import CourseDirectory
from nbgrader.exchange.default import ExchangeCollect, ExchangeSubmit
from traitlets import Bool, Dict, Float, Int, Integer, Unicode
from traitlets.config import Config, Configurable

from . import record
from .copy import WHOLE_FOLDER, Limits, Refusal, copy_folder, printable
from .submission import grading_names, receive


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
    release of everyone's feedback. On a hub where every learner has their own account, the
    owner of a submission's folder is who handed it in: with ``only_own_submissions`` one that
    names another learner is left out, and that learner's own newest submission is collected.
    """

    only_own_submissions = Bool(False, help="Leave out a submission whose folder is owned by someone other than "
                                            "the learner it names (each learner has their own account).").tag(config=True)
    names_by_uid = Dict(key_trait=Int(), value_trait=Unicode(),
                        help="Learner names by numeric owner, where the system has no account names for them "
                             "(learners' pods on Kubernetes); empty: ask the system.").tag(config=True)

    def _path_to_record(self, path: str) -> dict[str, Any]:
        try:
            return super()._path_to_record(path)
        except (ValueError, OverflowError):  # a time in the name that cannot be read
            name = os.path.basename(path)
            self.log.warning("The time in %s cannot be read: it counts as the oldest submission", printable(name))
            return {"username": name.rsplit("+", 3)[0], "filename": name, "timestamp": datetime.datetime.min}

    def _sort_by_timestamp(self, records: list[dict[str, Any]]) -> list[dict[str, Any]]:
        # The learner's own submissions first, newest first: nbgrader then collects the first one.
        return sorted(records, key=lambda found: (self._belongs(found), found["timestamp"]), reverse=True)

    def init_src(self) -> None:
        super().init_src()
        for found in [r for r in self.src_records if not self._belongs(r)]:
            self.log.warning("Left out %s: it names %s but belongs to %s, so %s did not hand it in",
                             printable(found["filename"]), found["username"], self._owner(found), found["username"])
            self.src_records.remove(found)

    def do_copy(self, src: str, dest: str, log: Any = None) -> None:
        release = self.coursedir.format_path(self.coursedir.release_directory, ".", self.coursedir.assignment_id)
        receive(Path(src), Path(dest), limits(self.coursedir, self.config), Path(release))
        for entry in record.add(Path(dest), _renewed_notes(Path(dest), self._path_to_record(src)["timestamp"])):
            self.log.warning("%s: %s", Path(dest).parent.name, entry.sentence())

    def _belongs(self, found: dict[str, Any]) -> bool:
        return not self.only_own_submissions or self._owner(found) == found["username"]

    def _owner(self, found: dict[str, Any]) -> str:
        import pwd

        uid = os.lstat(os.path.join(self.inbound_path, found["filename"])).st_uid
        if self.names_by_uid:
            return self.names_by_uid.get(uid, f"uid {uid}")
        try:
            return pwd.getpwuid(uid).pw_name
        except KeyError:
            return f"uid {uid}"


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


def _regular(path: Path) -> bool:
    return path.is_file() and not path.is_symlink()
