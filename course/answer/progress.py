"""The closing summary of a unit: what is saved, what is still open."""
from __future__ import annotations

from html import escape

from .view import problem
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .unit import Unit


def summary_html(unit: "Unit") -> str:
    if unit.problem:
        return problem(unit.problem)
    saved = unit.store.load_all()
    questions = sorted((unit.items.get("questions") or {}).values(), key=lambda q: q["number"])
    open_items = [f"Question {q['number']}" for q in questions if not _answered(saved.get(q["id"]))]
    reflection = unit.items.get("reflection") or {}
    words = len(str(saved.get(reflection.get("id"), "")).split())
    lines = [
        f"Graded questions answered: {len(questions) - len(open_items)} of {len(questions)}"
        + (f" (still open: {', '.join(open_items)})." if open_items else ". All done."),
        f"Reflection: {words} words saved." if words else "Reflection: not written yet.",
        f"Your answers are saved in {unit.store.path.name}, beside this notebook, as you go. "
        "When you are ready, submit this assignment from the Assignments tab.",
    ]
    items = "".join(f"<li>{escape(line)}</li>" for line in lines)
    return f'<div class="course-progress" role="status"><h3>Your progress in this unit</h3><ul>{items}</ul></div>'


def _answered(value: object) -> bool:
    if isinstance(value, dict):
        return any(v is not None for v in value.values())
    return value not in (None, "", [])
