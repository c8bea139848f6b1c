"""``course check``: everything an author should know before releasing, in one report.

    >>> report = check_all(Path("."))
    >>> report.ok, print(report.text())
"""
from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from . import names, quality
from .build import generate_release, source_files
from .content import Course, load_course
from .cues import cue_report
from .errors import ContentError

HIDDEN_MARKERS = ("BEGIN HIDDEN TESTS", "BEGIN MARK SCHEME")


@dataclass
class Report:
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def text(self) -> str:
        lines = [f"  ✗ {p}" for p in self.problems] + [f"  · {n}" for n in self.notes]
        verdict = "All content checks passed." if self.ok else f"{len(self.problems)} problem(s) found:"
        return "\n".join([verdict, *lines])


def check_all(root: Path, only: list[str] | None = None) -> Report:
    report = Report()
    try:
        course = load_course(root / "content", only=only)
    except ContentError as error:
        report.problems += [str(p) for p in error.problems]
        return report
    rules = quality.load_rules(root / "content")
    for unit_id, unit in course.units.items():
        report.problems += quality.language_problems(unit, rules)
        level, problems = quality.reading_problems(unit, rules)
        report.problems += problems
        report.notes.append(f"{unit_id}: {len(unit.questions)} graded item(s), {unit.points:g} points, "
                            f"lesson reading level grade {level:g}")
        cues = cue_report(unit)
        report.problems += cues.problems()
        report.notes.append(cues.note())
        report.problems += source_drift(course, root, unit_id)
        report.problems += key_leaks(course, root, unit_id)
        report.problems += release_drift(root, unit_id)
    report.problems += name_problems(root, course, only)
    if not only:  # coverage and what units share are properties of the whole course
        report.problems += quality.shared_spelling_problems(course, rules)
        report.problems += quality.coverage_problems(course)
        for concept, where in quality.coverage(course).items():
            report.notes.append(f"concept {concept}: taught in {len(where['lessons'])} section(s), "
                                f"assessed by {len(where['items'])} item(s)")
    return report


def name_problems(root: Path, course: Course, only: list[str] | None) -> list[str]:
    """Names the checked units reuse from earlier units: those are read even when not checked."""
    if only:
        try:
            course = load_course(root / "content")
        except ContentError:
            return ["names: another unit has problems, so names reused across units were not checked; "
                    "run `course check` for every unit"]
    return names.name_reuses(course, units=only)


def source_drift(course: Course, root: Path, unit_id: str) -> list[str]:
    """source/<unit>/ must be exactly what content/<unit>/ builds."""
    problems = []
    for name, text in source_files(course.units[unit_id], course.tags).items():
        path = root / "source" / unit_id / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            problems.append(f"source/{unit_id}/{name} is out of date with content/{unit_id}: run `course build {unit_id}`")
    return problems


def release_drift(root: Path, unit_id: str) -> list[str]:
    """release/<unit>/ must be exactly what nbgrader generate_assignment makes of source/<unit>/ now."""
    released = root / "release" / unit_id
    if not released.is_dir():
        return [f"release/{unit_id} is missing: run `course build {unit_id}`"]
    with tempfile.TemporaryDirectory() as scratch:
        scratch_root = Path(scratch)
        shutil.copy(root / "nbgrader_config.py", scratch_root)
        shutil.copytree(root / "source" / unit_id, scratch_root / "source" / unit_id)
        generate_release(scratch_root, unit_id)
        fresh = scratch_root / "release" / unit_id
        names = {p.name for p in fresh.iterdir()} | {p.name for p in released.iterdir() if not _learner_file(p)}
        return [f"release/{unit_id}/{name} differs from what generate_assignment makes now: run `course build {unit_id}`"
                for name in sorted(names)
                if not (fresh / name).exists() or not (released / name).exists()
                or (fresh / name).read_bytes() != (released / name).read_bytes()]


def key_leaks(course: Course, root: Path, unit_id: str) -> list[str]:
    """No hidden-test marker, mark scheme or answer explanation may appear in release/."""
    secrets = _secret_texts(course, unit_id)
    problems = []
    for path in sorted((root / "release" / unit_id).glob("*")):
        text = path.read_text(encoding="utf-8", errors="replace")
        for marker in HIDDEN_MARKERS:
            if marker in text:
                problems.append(f"{path.relative_to(root)} contains '{marker}': keys would reach learners")
        leaked = [s for s in secrets if s in text]
        if leaked:
            problems.append(f"{path.relative_to(root)} contains answer-key text, e.g. {leaked[0][:60]!r}")
    return problems


def _secret_texts(course: Course, unit_id: str) -> list[str]:
    unit = course.units[unit_id]
    texts = [o["why"] for q in unit.questions for o in q.get("options", [])]
    if unit.reflection:
        texts.append(unit.reflection["mark_scheme"].strip().splitlines()[0])
    return [t for t in texts if len(t) > 25]


def _learner_file(path: Path) -> bool:
    return path.name.endswith(".answers.json") or ".answers.json." in path.name
