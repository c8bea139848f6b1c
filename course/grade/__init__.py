"""Grading helpers called from the hidden tests of source notebooks.

    from course.grade import grade
    grade("unit1", "q1", points=1, key={"type": "choice", "best": "c", "why": {...}})

``grade`` prints an explanation (it becomes the learner's feedback) and returns
the points earned, which nbgrader reads as partial credit. It never raises and
never writes to stderr: a missing, damaged or odd answer earns 0 with a reason.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, Callable

from ..answer.store import AnswerStore
from ..files import record
from . import scoring

__all__ = ["grade"]


def grade(unit_id: str, question_id: str, points: float, key: dict[str, Any], folder: str | Path = ".") -> float:
    """Score one saved answer against ``key``; print why; return the points earned."""
    question = _question(Path(folder) / f"{unit_id}.items.json", question_id)
    heading = f"Question {question.get('number', question_id)}"
    try:
        result = _score(AnswerStore.beside_notebook(unit_id, folder), question_id, question, points, key)
    except Exception as error:  # a grading bug must cost one item, never the class's autograde run
        result = scoring.Scored(0.0, [f"This answer could not be scored automatically ({type(error).__name__}); "
                                      "your instructor can review it."])
    earned = round(min(max(result.earned, 0.0), float(points)), 2)
    print(f"{heading}: {earned:g} of {points:g} point{'s' if points != 1 else ''}.")
    print("\n".join(result.lines))
    sys.stdout.flush()
    return earned


def _score(store: AnswerStore, question_id: str, question: dict[str, Any], points: float,
           key: dict[str, Any]) -> scoring.Scored:
    saved = store.load(question_id)
    if not saved.ok:
        return scoring.Scored(0.0, [f"No answer could be scored: {_left_out(store) or saved.problem}"])
    try:
        return scoring.RULES[key["type"]](saved.value, key, points, _texts(question))
    except scoring.Unusable as reason:
        return scoring.Scored(0.0, [f"This answer could not be scored: {reason}."])


def _left_out(store: AnswerStore) -> str | None:
    """Why the answers file never reached grading, when a copy of the learner's folder left it out."""
    if store.path.exists():
        return None
    entry = record.entry_for(store.path.parent, store.path.name)
    if entry is None:
        return None
    what = "submitted folder" if entry.path == record.WHOLE_FOLDER else "answers file"
    return f"your {what} {entry.reason}, so it could not be read."


def _question(path: Path, question_id: str) -> dict[str, Any]:
    """The learner-facing question (for option texts); empty when unavailable."""
    try:
        question = json.loads(path.read_text(encoding="utf-8"))["questions"][question_id]
        return question if isinstance(question, dict) else {}
    except Exception:  # texts are a courtesy: grading works from ids alone
        return {}


def _texts(question: dict[str, Any]) -> Callable[[str], str]:
    """Option texts by id, and role-play reply texts by "turn/reply"."""
    texts = {o.get("id"): o.get("text") for o in question.get("options", []) if isinstance(o, dict)}
    turns = question.get("turns")
    for turn_id, turn in (turns.items() if isinstance(turns, dict) else []):
        choices = turn.get("choices") if isinstance(turn, dict) else None
        texts |= {f"{turn_id}/{c.get('id')}": c.get("text") for c in choices or [] if isinstance(c, dict)}
    return lambda option_id: f"“{texts[option_id]}”" if texts.get(option_id) else f"option '{option_id}'"
