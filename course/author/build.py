"""content/ → source/ (notebook + learner items) → release/ (nbgrader generate_assignment).

    >>> build(Path("."))                    # every unit
    >>> build(Path("."), only=["unit1"])    # one unit
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import nbformat

from .content import Course, Unit, load_course
from .notebook import build_notebook, learner_items


def source_files(unit: Unit, tags: dict[str, Any]) -> dict[str, str]:
    """The files of ``source/<unit>/``, by name, as text."""
    notebook = nbformat.writes(build_notebook(unit, tags)) + "\n"
    items = json.dumps(learner_items(unit, tags), indent=1, ensure_ascii=False) + "\n"
    return {f"{unit.id}.ipynb": notebook, f"{unit.id}.items.json": items}


def write_source(course: Course, root: Path) -> list[Path]:
    """Write every unit's source files; returns those whose text changed."""
    changed = []
    for unit in course.units.values():
        folder = root / "source" / unit.id
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in source_files(unit, course.tags).items():
            path = folder / name
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                path.write_text(text, encoding="utf-8")
                changed.append(path)
    return changed


def generate_release(root: Path, unit_id: str) -> None:
    """Run nbgrader generate_assignment for one unit into ``root/release``; raise on failure.

    The gradebook is left alone: releasing to a class (``course release``) records the unit there.
    """
    from nbgrader.apps import NbGraderAPI

    from ..coursedir import course_config

    config = course_config(root)
    config.GenerateAssignment.no_database = True
    config.SaveCells.enabled = False
    api = NbGraderAPI(config=config)
    result = api.generate_assignment(unit_id, force=True, create=False)
    if not result["success"]:
        raise RuntimeError(f"nbgrader generate_assignment {unit_id} failed:\n{result.get('error') or result.get('log')}")


def build(root: Path, only: list[str] | None = None, release: bool = True) -> Course:
    """Check the content, write source/, and regenerate release/ for the units built."""
    course = load_course(root / "content", only=only)
    write_source(course, root)
    if release:
        for unit_id in course.units:
            generate_release(root, unit_id)
    return course
