"""Turn one checked unit into its nbgrader source notebook and its learner-facing items file.

The notebook holds lesson text, one short line per activity, grade cells
whose hidden tests carry the answer keys, and a manually graded task with the
reflection's mark scheme. The items file holds only what learners may see.
"""
from __future__ import annotations

import ast
import json
import re
from typing import Any

import nbformat

from .content import Place, Prose, Unit

HEADING_LINE = re.compile(r"^#{1,4} ")
SECRET = ("best", "worst", "expert", "misconception", "why")  # never in the learner-facing file
ENDING_SECRET = ("score",)  # a role-play ending's share of the points is its key
OPENING = (
    "**How this page works.** Practice scenarios give feedback straight away. Graded questions save your "
    "choice the moment you click; scores and explanations come back with your feedback. Your answers are kept "
    "in a file beside this unit, so they are there again when you come back. Nothing here needs code: you only "
    "click and type into boxes. At the end, one button submits the unit."
)
# A learner's page (Voilà) never shows code; in JupyterLab the code cells start folded away.
HIDDEN_CODE = {"jupyter": {"source_hidden": True}}


def build_notebook(unit: Unit, tags: dict[str, Any]) -> nbformat.NotebookNode:
    numbers = _numbers(unit)
    cells = [_markdown(f"{unit.id}-intro", _intro(unit)),
             _code(f"{unit.id}-setup", f'from course import Unit\nunit = Unit("{unit.id}")  # your scenarios and saved answers')]
    ids = _StableIds(unit.id)
    for block in unit.blocks:
        if isinstance(block, Prose):
            cells.append(_markdown(ids.lesson(block.text), block.text, teaches=block.teaches))
        else:
            cells += _placed(unit, block, tags, numbers, ids)
    cells += [_markdown(f"{unit.id}-progress-intro", "## Check your progress and submit\n\nWhat is saved and "
                        "what is still open, then the button that hands this unit in for grading."),
              _code(f"{unit.id}-progress", "unit.progress()"),
              _code(f"{unit.id}-submit", "unit.submit()")]
    notebook = nbformat.v4.new_notebook(cells=cells, metadata={
        "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
        "course": {"unit": unit.id, "title": unit.title},
    })
    nbformat.validate(notebook)
    return notebook


def learner_items(unit: Unit, tags: dict[str, Any]) -> dict[str, Any]:
    """Everything the widgets show, with every key removed."""
    numbers = _numbers(unit)
    names = _names(tags)
    practice = {}
    for p in unit.practice:
        responses = [{"id": r["id"], "text": r["text"], "best": bool(r.get("best")),
                      "label": names[r["shows"]]["name"], "feedback": r["feedback"]} for r in p["responses"]]
        practice[p["id"]] = {**_scene(p), "id": p["id"], "number": numbers[("practice", p["id"])], "responses": responses}
    questions = {}
    for q in unit.questions:
        public = {**_scene(q), "id": q["id"], "number": numbers[("question", q["id"])], "type": q["type"],
                  "points": q["points"]}
        if "options" in q:
            public["options"] = [{k: v for k, v in o.items() if k not in SECRET} for o in q["options"]]
        if "scale" in q:
            public["scale"] = list(q["scale"])
        if q["type"] == "roleplay":
            public.update(_public_roleplay(q, names))
        questions[q["id"]] = public
    reflection = {k: unit.reflection[k] for k in ("id", "points", "prompt", "criteria")} if unit.reflection else {}
    return {"format": "course-items/1", "unit": unit.id, "title": unit.title, "practice": practice,
            "questions": questions, "reflection": reflection, "figures": {f["id"]: dict(f) for f in unit.figures}}


def _public_roleplay(question: dict[str, Any], names: dict[str, Any]) -> dict[str, Any]:
    """The conversation the widget plays: turns with instant feedback, endings without their scores."""
    def choice(c: dict[str, Any]) -> dict[str, Any]:
        label = {"label": _shows(c, names)} if "shows" in c else {}
        return {k: c[k] for k in ("id", "text", "trust", "safety", "next", "feedback")} | label

    turns = {turn_id: {**{k: turn[k] for k in ("says", "context") if k in turn},
                       "choices": [choice(c) for c in turn["choices"]]}
             for turn_id, turn in question["turns"].items()}
    endings = {ending_id: {k: v for k, v in ending.items() if k not in ENDING_SECRET}
               for ending_id, ending in question["endings"].items()}
    return {"start": question["start"], "turns": turns, "endings": endings}


def answer_key(question: dict[str, Any], tags: dict[str, Any]) -> dict[str, Any]:
    """What a hidden test needs to score one question and explain the score."""
    if question["type"] == "roleplay":
        return _roleplay_key(question, tags)
    misconceptions = tags.get("misconceptions") or {}

    def why(option: dict[str, Any]) -> str:
        if option.get("best"):
            label = "Best response."
        elif "misconception" in option:
            label = misconceptions[option["misconception"]]["name"] + "."
        else:
            label = ""
        return f"{label} {option['why']}".strip()

    options = question.get("options", [])
    key: dict[str, Any] = {"type": question["type"], "why": {o["id"]: why(o) for o in options}}
    for role in ("best", "worst"):
        if any(o.get(role) for o in options):
            key[role] = next(o["id"] for o in options if o.get(role))
    if question["type"] == "rating":
        key["expert"] = {o["id"]: o["expert"] for o in options}
        key["scale_size"] = len(question["scale"])
    return key


def _roleplay_key(question: dict[str, Any], tags: dict[str, Any]) -> dict[str, Any]:
    """The conversation graph (to check a path), each reply's moves, and the ending scores (the key)."""
    names = _names(tags)

    def move(c: dict[str, Any]) -> dict[str, Any]:
        return {"trust": c["trust"], "safety": c["safety"], "next": c["next"], "shows": _shows(c, names)}

    turns = {turn_id: {c["id"]: move(c) for c in turn["choices"]} for turn_id, turn in question["turns"].items()}
    endings = {ending_id: {"title": e["title"], "score": e["score"]} for ending_id, e in question["endings"].items()}
    return {"type": "roleplay", "start": question["start"], "turns": turns, "endings": endings}


# -- cells ---------------------------------------------------------------------
class _StableIds:
    """Cell ids from headings, not positions, so editing one section leaves the others' ids alone."""

    def __init__(self, unit_id: str) -> None:
        self.unit_id, self.used, self.section = unit_id, set(), "start"

    def lesson(self, text: str) -> str:
        first = text.split("\n", 1)[0]
        if HEADING_LINE.match(first):
            self.section = re.sub(r"[^a-z0-9]+", "-", first.lstrip("#").lower()).strip("-")[:40] or "section"
        return self.unique(f"{self.unit_id}-{self.section}")

    def unique(self, wanted: str) -> str:
        candidate, n = wanted, 1
        while candidate in self.used:
            n += 1
            candidate = f"{wanted}-{n}"
        self.used.add(candidate)
        return candidate


def _placed(unit: Unit, place: Place, tags: dict[str, Any], numbers: dict[tuple[str, str], int],
            ids: _StableIds) -> list[Any]:
    ref = place.ref
    if place.kind == "practice":
        return [_code(f"practice-{ref}", f'unit.practice("{ref}")')]
    if place.kind == "figure":
        return [_code(f"figure-{ref}", f'unit.figure("{ref}")')]
    if place.kind == "note":
        return [_markdown(ids.unique(f"note-{ref}"), unit.notes[ref])]
    if place.kind == "reflection":
        return _reflection_cells(unit)
    question = unit.question(ref)
    number = numbers[("question", ref)]
    return [_code(f"{ref}-answer", f'unit.question("{ref}")'),
            _code(ref, _grade_source(unit.id, question, number, answer_key(question, tags)),
                  grade=True, points=question["points"])]


def _grade_source(unit_id: str, question: dict[str, Any], number: int, key: dict[str, Any]) -> str:
    literal = json.dumps(key, indent=4, ensure_ascii=False)
    assert ast.literal_eval(literal) == key, "keys must be plain strings and numbers"
    return (f"# Question {number} is scored here when your work is graded. Nothing to do in this cell.\n"
            "### BEGIN HIDDEN TESTS\n"
            "from course.grade import grade\n"
            f'grade("{unit_id}", "{question["id"]}", points={question["points"]:g}, key={literal})\n'
            "### END HIDDEN TESTS")


def _reflection_cells(unit: Unit) -> list[Any]:
    reflection = unit.reflection
    task = (f"**Reflection: {reflection['points']:g} points, read and scored by your instructor** "
            "against the points listed above.\n\n"
            "=== BEGIN MARK SCHEME ===\n\n"
            f"**Mark scheme (graders only).**\n\n{reflection['mark_scheme'].strip()}\n\n"
            "=== END MARK SCHEME ===")
    return [_code(f"{reflection['id']}-answer", "unit.reflection()"),
            _markdown(reflection["id"], task, task=True, points=reflection["points"])]


def _intro(unit: Unit) -> str:
    meta = unit.meta
    objectives = "\n".join(f"- {objective}" for objective in meta["objectives"])
    parts = [f"# {unit.heading}", f"*About {meta['minutes']} minutes.*",
             f"**By the end of this unit you will be able to:**\n\n{objectives}",
             f"**A common misunderstanding this unit untangles:** {meta['misconception']}"]
    if meta.get("content_note"):
        parts.append(f"> **Content note.** {meta['content_note']}")
    parts.append(OPENING)
    return "\n\n".join(parts)


def _numbers(unit: Unit) -> dict[tuple[str, str], int]:
    """Practice scenarios and questions are numbered in the order lesson.md places them."""
    counters: dict[str, int] = {}
    numbers = {}
    for block in unit.blocks:
        if isinstance(block, Place) and block.kind in ("practice", "question"):
            counters[block.kind] = counters.get(block.kind, 0) + 1
            numbers[(block.kind, block.ref)] = counters[block.kind]
    return numbers


def _names(tags: dict[str, Any]) -> dict[str, Any]:
    """Skills and misconceptions by id: what a response or reply ``shows``."""
    return {**(tags.get("skills") or {}), **(tags.get("misconceptions") or {})}


def _shows(response: dict[str, Any], names: dict[str, Any]) -> str:
    return names[response["shows"]]["name"] if "shows" in response else ""


def _scene(item: dict[str, Any]) -> dict[str, Any]:
    return {k: item[k] for k in ("person", "context", "says", "ask") if k in item}


def _nbgrader(grade_id: str, *, grade: bool = False, task: bool = False, points: float | None = None) -> dict[str, Any]:
    meta: dict[str, Any] = {"grade": grade, "grade_id": grade_id, "locked": True, "schema_version": 3,
                            "solution": False, "task": task}
    if points is not None:
        meta["points"] = points
    return meta


def _markdown(cell_id: str, text: str, teaches: list[str] | None = None, **grading: Any) -> Any:
    metadata: dict[str, Any] = {"nbgrader": _nbgrader(cell_id, **grading)}
    if teaches:
        metadata["course"] = {"teaches": teaches}
    return nbformat.v4.new_markdown_cell(text, id=cell_id, metadata=metadata)


def _code(cell_id: str, source: str, **grading: Any) -> Any:
    return nbformat.v4.new_code_cell(source, id=cell_id,
                                     metadata={**HIDDEN_CODE, "nbgrader": _nbgrader(cell_id, **grading)})
