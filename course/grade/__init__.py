"""Grading helpers called from the hidden tests of source notebooks.

    from course.grade import grade
    grade("unit1", "q1", points=1, key={"type": "choice", "best": "c", "why": {...}})

``grade`` prints an explanation (what the formgrader shows) and returns the
points earned, which nbgrader reads as partial credit; the points carry the
same explanation as data for the learner's feedback page (explanation.py).
It never raises and never writes to stderr: a missing, damaged or odd answer
earns 0 with a reason.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from ..answer.store import AnswerStore
from ..files import record
from . import scoring
from .explanation import Explanation, Points

__all__ = ["grade"]
SCENE = ("person", "context", "says", "ask")


def grade(unit_id: str, question_id: str, points: float, key: dict[str, Any], folder: str | Path = ".") -> Points:
    """Score one saved answer against ``key``; print why; return the points earned (with the why as data)."""
    question = _question(Path(folder) / f"{unit_id}.items.json", question_id)
    words = _wording(question)
    try:
        scored, problem = _score(AnswerStore.beside_notebook(unit_id, folder), question_id, points, key, words)
    except Exception as error:  # a grading bug must cost one item, never the class's autograde run
        scored, problem = scoring.Scored(0.0), (f"This answer could not be scored automatically "
                                                f"({type(error).__name__}); your instructor can review it.")
    earned = round(min(max(scored.earned, 0.0), float(points)), 2)
    explanation = Explanation(
        unit_id, question_id, question.get("number", question_id), str(key.get("type", "")), earned, float(points),
        {k: question[k] for k in SCENE if isinstance(question.get(k), str)}, scored.parts, problem, scored.note,
        scored.trail, scored.ending)
    print(explanation.plain())
    sys.stdout.flush()
    return Points(earned, explanation)


def _score(store: AnswerStore, question_id: str, points: float, key: dict[str, Any],
           words: scoring.Wording) -> tuple[scoring.Scored, str | None]:
    """The score, or 0 with the reason and the model answer when the saved answer cannot be scored."""
    saved = store.load(question_id)
    if not saved.ok:
        problem = f"No answer could be scored: {_left_out(store) or saved.problem}"
        return scoring.Scored(0.0, scoring.reference(key, words)), problem
    try:
        return scoring.RULES[key["type"]](saved.value, key, points, words), None
    except scoring.Unusable as reason:
        return scoring.Scored(0.0, scoring.reference(key, words)), f"This answer could not be scored: {reason}."


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
    """The learner-facing question (for its scene and option texts); empty when unavailable."""
    try:
        question = json.loads(path.read_text(encoding="utf-8"))["questions"][question_id]
        return question if isinstance(question, dict) else {}
    except Exception:  # texts are a courtesy: grading works from ids alone
        return {}


def _wording(question: dict[str, Any]) -> scoring.Wording:
    """Option texts by id; role-play replies by "turn/reply", what the person says per turn, and the endings."""
    def texts(entries: Any, field: str = "text") -> dict[str, str]:
        return {e.get("id"): e.get(field) for e in entries or [] if isinstance(e, dict) and isinstance(e.get(field), str)}

    words = scoring.Wording(texts(question.get("options")))
    turns, endings = question.get("turns"), question.get("endings")
    for turn_id, turn in (turns.items() if isinstance(turns, dict) else []):
        if isinstance(turn, dict):
            words.options |= {f"{turn_id}/{k}": v for k, v in texts(turn.get("choices")).items()}
            if isinstance(turn.get("says"), str):
                words.says[turn_id] = turn["says"]
    for ending_id, ending in (endings.items() if isinstance(endings, dict) else []):
        if isinstance(ending, dict) and isinstance(ending.get("text"), str):
            words.endings[ending_id] = ending["text"]
    return words
