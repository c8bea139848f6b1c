"""What was left out of a submission, kept beside it as ``files-left-out.json``.

Every step that copies a learner's folder (submit, collect, the grading copy)
adds what it left out, so the reason travels with the submission to grading
and to the learner's feedback: "your answers file was replaced by a link (to
/dev/zero), so it could not be read" rather than "no answers were found".

A learner can put a file of this name in their own folder, so what it says is
only ever shown (made printable, bounded in size), never trusted for points.

    >>> add(folder, [Refusal("unit1.answers.json", "is a named pipe, not a file")])
    >>> entry_for(folder, "unit1.answers.json").reason
    'is a named pipe, not a file'
"""
from __future__ import annotations

import json
import os
import stat
import tempfile
from pathlib import Path

from .copy import OPEN_TO_READ, WHOLE_FOLDER, Refusal, printable

NAME = "files-left-out.json"
FORMAT = "course-left-out/1"
# What a submission holds about itself: nbgrader's notes (its time, and the secret that names its
# released feedback) and this record. Grading keeps them; every copy takes them first.
SUBMISSION_RECORDS = ("timestamp.txt", "submission_secret.txt", NAME)
MOST_BYTES = 500_000  # far more than any real record; a bigger one is not read


def add(folder: Path, refused: list[Refusal]) -> list[Refusal]:
    """Add ``refused`` to the folder's record (a later entry for a path replaces an earlier one); returns it all."""
    entries = {entry.path: entry for entry in read(folder)}
    entries.update({entry.path: entry for entry in refused})
    entries = list(entries.values())
    if refused:
        _write(Path(folder) / NAME, {"format": FORMAT, "left_out": [
            {"path": e.path, "reason": e.reason, "outcome": e.outcome} for e in entries]})
    return entries


def read(folder: Path) -> list[Refusal]:
    """The record's entries; empty when there is none or it cannot be read."""
    data = _load(Path(folder) / NAME)
    listed = data.get("left_out") if isinstance(data, dict) else None
    entries = []
    for item in listed if isinstance(listed, list) else []:
        if isinstance(item, dict) and all(isinstance(item.get(key), str) for key in ("path", "reason", "outcome")):
            entries.append(Refusal(*(printable(item[key], 300) for key in ("path", "reason", "outcome"))))
    return entries


def entry_for(folder: Path, name: str) -> Refusal | None:
    """Why ``name``, or else the whole folder, was left out; None when the record does not say."""
    entries = {entry.path: entry for entry in read(folder) if not entry.partial}
    return entries.get(name) or entries.get(WHOLE_FOLDER)


def _load(path: Path) -> object:
    try:
        fd = os.open(path, OPEN_TO_READ)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MOST_BYTES:
            return None
        return json.loads(os.read(fd, MOST_BYTES + 1).decode("utf-8"))
    except (OSError, ValueError, RecursionError):
        return None
    finally:
        os.close(fd)


def _write(path: Path, data: dict) -> None:
    fd, temporary = tempfile.mkstemp(prefix=f".{NAME}.", suffix=".tmp", dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(data, handle, ensure_ascii=False, indent=1)
    os.chmod(temporary, 0o644)
    os.replace(temporary, path)
