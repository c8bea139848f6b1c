"""``course collect``: bring learners' submissions from the exchange into submitted/.

Only newer submissions replace collected ones, so collecting twice is harmless. Each
submission comes in through the course's safe copy (course/files, SafeCollect in
nbgrader_config.py); the learners whose files were left out are named.

    >>> collect(ClassContext.at(root), ["unit1"])
    ['unit1: 12 submissions (3 new)']
"""
from __future__ import annotations

from pathlib import Path

from ..files import record
from .context import ClassContext, run_step
from .errors import InstructorError, NothingToDo
from .progress import bar, plural


def collect(room: ClassContext, units: list[str]) -> list[str]:
    """Collect each unit; raises when the exchange holds nothing for any of them."""
    inbound = room.exchange / room.course_id / "inbound"
    if not inbound.is_dir():
        raise InstructorError(f"The exchange at {room.exchange} has no course folder yet: "
                              "release a unit with `course release` first.")
    waiting = {unit: _waiting(inbound, unit) for unit in units}
    if not any(waiting.values()):
        raise NothingToDo(f"Nothing has been submitted yet for {', '.join(units)} (the exchange inbox is empty).")
    api, lines = room.api(), []
    for unit in bar([u for u in units if waiting[u]], what="Collecting"):
        before = _collected(room, unit)
        run_step(api.collect(unit, update=True), f"Collecting {unit}")
        after = _collected(room, unit)
        fresh = [student for student, stamp in after.items() if before.get(student) != stamp]
        lines.append(f"{unit}: {plural(len(after), 'submission')} collected ({len(fresh)} new or updated)")
        lines += _left_out(room, unit, fresh)
    lines += [f"{unit}: nothing submitted yet" for unit in units if not waiting[unit]]
    return lines


def _waiting(inbound: Path, unit: str) -> int:
    return sum(1 for path in inbound.glob(f"*+{unit}+*") if path.is_dir())


def _collected(room: ClassContext, unit: str) -> dict[str, str]:
    """Student → submission timestamp, for what is in submitted/ now."""
    found = {}
    for folder in room.folder("submitted").glob(f"*/{unit}"):
        stamp = folder / "timestamp.txt"
        found[folder.parent.name] = stamp.read_text().strip() if stamp.is_file() else ""
    return found


def _left_out(room: ClassContext, unit: str, students: list[str]) -> list[str]:
    """Which new submissions had files left out by the safe copy (course/files), named for the instructor."""
    affected = sorted(s for s in students if record.read(room.folder("submitted") / s / unit))
    if not affected:
        return []
    named = ", ".join(affected[:5]) + (f" and {len(affected) - 5} more" if len(affected) > 5 else "")
    return [f"{unit}: files left out of {plural(len(affected), 'submission')} ({named}); "
            f"{record.NAME} in each submitted folder says why"]
