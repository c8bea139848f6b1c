"""``course release``: record units in the gradebook and give them to learners.

nbgrader generate_assignment (with the gradebook) then release_assignment.
A unit already in the exchange with the same files is left alone, so running
this twice changes nothing; a changed unit replaces the copy in the exchange.

    >>> release(ClassContext.at(root), ["unit1"])
    ['unit1: released']
"""
from __future__ import annotations

import filecmp
from pathlib import Path

from .context import ClassContext, run_step
from .errors import InstructorError
from .progress import bar


def release(room: ClassContext, units: list[str]) -> list[str]:
    """Release each unit; one line per unit saying what happened."""
    api = room.api()
    lines = []
    for unit in bar(units, what="Releasing"):
        if not (room.folder("source") / unit).is_dir():
            raise InstructorError(f"source/{unit} does not exist yet: run `course build {unit}` first.")
        run_step(api.generate_assignment(unit, force=True, create=True), f"Preparing {unit}")
        outbound = room.exchange / room.course_id / "outbound" / unit
        if outbound.is_dir() and _same_tree(room.folder("release") / unit, outbound):
            lines.append(f"{unit}: already released (unchanged)")
            continue
        again = outbound.is_dir()
        forced = room.api(**{"ExchangeReleaseAssignment.force": True}) if again else api
        run_step(forced.release_assignment(unit), f"Releasing {unit}")
        lines.append(f"{unit}: released again (it had changed)" if again else f"{unit}: released")
    return lines


def _same_tree(left: Path, right: Path) -> bool:
    """True when both folders hold the same files with the same contents."""
    compared = filecmp.dircmp(left, right)
    if compared.left_only or compared.right_only or compared.funny_files:
        return False
    _, mismatch, errors = filecmp.cmpfiles(left, right, compared.common_files, shallow=False)
    if mismatch or errors:
        return False
    return all(_same_tree(left / sub, right / sub) for sub in compared.common_dirs)
