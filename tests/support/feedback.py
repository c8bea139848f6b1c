"""One learner with a mix of answers, taken to a fetched feedback page (tests and scripts/screenshots.py).

    pages = graded_with_feedback(course_root, home, mixed_answers(unit))   # COURSE_EXCHANGE and HOME set
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from .instructed import UNIT, course_cmd

MIXED = "learner-mixed"
REFLECTION = ("When I was low, a cousin said “you poor thing” and I felt <script>alert('small')</script> small.\n"
              "A peer just listened.")


def mixed_answers(unit: Any) -> dict[str, Any]:
    """Unit 1: q1 and q6 best, q2 a weaker option, q3 unanswered, q4 and q5 edited by hand into nonsense."""
    questions = {q["id"]: q for q in unit.questions}
    best = {qid: next(o["id"] for o in q["options"] if o.get("best")) for qid, q in questions.items()}
    weaker = next(o["id"] for o in questions["q2"]["options"] if not o.get("best"))
    return {"q1": best["q1"], "q2": weaker, "q4": [best["q4"]], "q5": "zz", "q6": best["q6"], "reflection": REFLECTION}


def graded_with_feedback(course: Path, home: Path, answers: dict[str, Any], learner: str = MIXED) -> list[Path]:
    """The learner fetches unit 1, saves ``answers`` and submits; `course` collects, autogrades and releases
    feedback; the learner fetches it. Returns the fetched pages."""
    from course.answer.store import AnswerStore
    from course.instructor import exchange
    from course.instructor.context import ClassContext

    room = ClassContext.at(course)
    store = AnswerStore.beside_notebook(UNIT, exchange.fetch(room, UNIT, learner, home))
    for question_id, value in answers.items():
        store.save(question_id, value)
    exchange.submit(room, UNIT, learner, home)
    for step in (["collect"], ["autograde", "--workers", "1"], ["feedback"]):
        ran = course_cmd(course, *step)
        assert ran.code == 0, ran.out + ran.err
    return exchange.fetch_feedback(room, UNIT, learner, home)
