"""The class being taught: where the course lives, its units, nbgrader and the gradebook.

Which units a command works on is decided here, once for every command: the
units named (each must have been released), or, when none are named, every
released unit, with the rest skipped and the reason said in one line.

    >>> room = ClassContext.at(Path("."))
    >>> room.select().units, room.select().note()
    (['unit1', 'unit2'], ['Skipped unit3, unit4, unit5, unit6, unit7, unit8, final: not released yet.'])
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..coursedir import course_config
from .errors import InstructorError
from .progress import skipped


@dataclass(frozen=True)
class Selection:
    """The units a command works on, and those it leaves out, each with the reason.

        >>> Selection(["unit1"], {"unit2": "not released yet", "final": "not released yet"}).note()
        ['Skipped unit2, final: not released yet.']
    """

    units: list[str]
    skipped: dict[str, str] = field(default_factory=dict)  # unit -> why it was left out

    def note(self) -> list[str]:
        """One line per reason, naming the units left out for it."""
        reasons: dict[str, list[str]] = {}
        for unit, why in self.skipped.items():
            reasons.setdefault(why, []).append(unit)
        return [skipped(units, why) for why, units in reasons.items()]


@dataclass
class ClassContext:
    """One course root and its nbgrader configuration (read once)."""

    root: Path
    config: Any = field(repr=False)
    unit_ids: list[str] = field(default_factory=list)

    @classmethod
    def at(cls, root: Path) -> "ClassContext":
        """The course at ``root``; a clear error when it is not a course root."""
        root = Path(root).resolve()
        if not (root / "nbgrader_config.py").is_file() or not (root / "content" / "course.yml").is_file():
            raise InstructorError(f"{root} is not a course folder (it needs nbgrader_config.py and content/course.yml).")
        config = course_config(root)
        config.NbGraderAPI.log_level = logging.ERROR
        return cls(root, config, _listed_units(root / "content" / "course.yml"))

    # -- units -------------------------------------------------------------------
    def units(self, names: list[str] | None = None, everything: bool = False) -> list[str]:
        """The units asked for, in teaching order; all units in course.yml when none are named."""
        if everything or not names:
            return list(self.unit_ids)
        unknown = [name for name in names if name not in self.unit_ids]
        if unknown:
            raise InstructorError(f"There is no unit called '{unknown[0]}'; the units are: {', '.join(self.unit_ids)}.")
        return [unit for unit in self.unit_ids if unit in names]

    def released_units(self) -> list[str]:
        """The units ``course release`` has recorded in the gradebook, in teaching order.

        The gradebook, not the exchange, is the record: a unit taken out of the exchange
        at its deadline (``nbgrader list --remove``) still has submissions to grade.
        """
        with self.gradebook() as gradebook:
            recorded = {assignment.name for assignment in gradebook.assignments}
        return [unit for unit in self.unit_ids if unit in recorded]

    def select(self, names: list[str] | None = None) -> Selection:
        """The units a command works on: those named, each of which must be released;
        with none named, every released unit, and the others skipped as not released yet.

            >>> room.select(["unit1"]).units
            ['unit1']
        """
        released = self.released_units()
        if names:
            chosen = self.units(names)
            waiting = [unit for unit in chosen if unit not in released]
            if waiting:
                raise InstructorError(f"{waiting[0]} has not been released yet: run `course release {waiting[0]}` first.")
            return Selection(chosen)
        if not released:
            first = self.unit_ids[0] if self.unit_ids else "UNIT"
            raise InstructorError(f"No unit has been released yet: release one first, e.g. `course release {first}`.")
        return Selection(released, {unit: "not released yet" for unit in self.unit_ids if unit not in released})

    # -- folders -----------------------------------------------------------------
    def folder(self, kind: str) -> Path:
        """``submitted``, ``autograded``, ``feedback``, ``source`` or ``release`` under the root."""
        name = self.config.CourseDirectory.get(f"{kind}_directory")  # .get: never adds a lazy value
        return self.root / (name if isinstance(name, str) and name else kind)

    @property
    def exchange(self) -> Path:
        return Path(self.config.Exchange.root)

    @property
    def course_id(self) -> str:
        return self.config.CourseDirectory.course_id

    @property
    def db_url(self) -> str:
        configured = self.config.CourseDirectory.get("db_url")
        return configured if isinstance(configured, str) and configured else f"sqlite:///{self.root / 'gradebook.db'}"

    # -- nbgrader ----------------------------------------------------------------
    def api(self, **overrides: Any) -> Any:
        """nbgrader's Python API for this course (quiet: its log is captured per call)."""
        import copy

        from nbgrader.apps import NbGraderAPI

        config = copy.deepcopy(self.config)
        for dotted, value in overrides.items():
            section, name = dotted.split(".")
            setattr(getattr(config, section), name, value)
        return NbGraderAPI(config=config)

    def gradebook(self) -> Any:
        """The gradebook (any database nbgrader supports); use it in a ``with`` block."""
        from nbgrader.api import Gradebook

        return Gradebook(self.db_url, self.course_id)


def _listed_units(path: Path) -> list[str]:
    from ..author import yamlfile

    try:
        outline = yamlfile.parse(path.read_text(encoding="utf-8"), 1) or {}
    except yamlfile.YamlProblem as error:
        raise InstructorError(f"{path} is not valid YAML (line {error.line}): run `course check`.") from None
    return list(outline.get("units") or {})


def run_step(result: dict[str, Any], what: str) -> str:
    """Check one nbgrader API result; its log on success, a plain error otherwise."""
    if result.get("success"):
        return result.get("log", "")
    raise InstructorError(f"{what} failed: {failure_reason(result)}")


def failure_reason(result: dict[str, Any]) -> str:
    """The most telling line of a failed nbgrader step: the exception behind it, else its last error."""
    log = (result.get("log") or "").splitlines()
    raised = [line.strip() for line in log if _EXCEPTION.match(line.strip()) and "NbGraderException" not in line]
    if raised:
        return re.sub(r"^[\w.]*\.(?=\w+:)", "", raised[-1])[:300]  # NotJSONError, not nbformat.reader.NotJSONError
    errors = [line.strip() for line in log if line.startswith("[ERROR]")]
    if errors:
        return errors[0].removeprefix("[ERROR]").strip()
    error = (result.get("error") or "unknown error").strip().splitlines()
    return error[-1] if error else "unknown error"


_EXCEPTION = re.compile(r"^[A-Za-z_][\w.]*(Error|Exception)\b.*:")
