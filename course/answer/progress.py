"""The closing summary of a unit: what is saved, what is still open."""
from __future__ import annotations

from html import escape

from .conversation import runs
from .view import problem
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .unit import Unit


def summary_html(unit: "Unit") -> str:
    if unit.problem:
        return problem(unit.problem)
    saved = unit.store.load_all()
    questions = sorted((unit.items.get("questions") or {}).values(), key=lambda q: q["number"])
    open_items = still_open(unit.items, saved)
    lines = [
        f"Graded questions answered: {len(questions) - len(open_items)} of {len(questions)}"
        + (f" (still open: {', '.join(open_items)})." if open_items else ". All done."),
        *_reflection_line(unit.items.get("reflection"), saved),
        f"Your answers are saved in {unit.store.path.name}, beside this unit, as you go. "
        "When you are ready, submit this unit with the button below.",
    ]
    items = "".join(f"<li>{escape(line)}</li>" for line in lines)
    return f'<div class="course-progress" role="status"><h3>Your progress in this unit</h3><ul>{items}</ul></div>'


def still_open(items: dict, saved: dict) -> list[str]:
    """The graded questions not answered yet ("Question 3"), in order."""
    questions = sorted((items.get("questions") or {}).values(), key=lambda q: q["number"])
    return [f"Question {q['number']}" for q in questions if not _answered(saved.get(q["id"]))]


def reflection_words(items: dict, saved: dict) -> int | None:
    """How many words of the reflection are saved (None when the unit has no reflection)."""
    reflection = items.get("reflection")
    if not reflection:
        return None
    return len(str(saved.get(reflection.get("id"), "")).split())


def _reflection_line(reflection: dict | None, saved: dict) -> list[str]:
    """One line about the reflection, or none when the unit has no reflection (the final assessment)."""
    words = reflection_words({"reflection": reflection}, saved)
    if words is None:
        return []
    return [f"Reflection: {words} words saved." if words else "Reflection: not written yet."]


def _answered(value: object) -> bool:
    if isinstance(value, dict) and "runs" in value:  # a role-play counts once its first conversation ends
        first = (runs(value) or [None])[0]
        return isinstance(first, dict) and bool(first.get("ending"))
    if isinstance(value, dict):
        return any(v is not None for v in value.values())
    return value not in (None, "", [])
