"""The one object a unit notebook talks to.

    unit = Unit("unit1")         # this notebook's scenarios and your saved answers
    unit.practice("dana")        # a practice scenario with instant feedback
    unit.question("q1")          # a graded question (no feedback until grading)
    unit.reflection()            # the written reflection
    unit.figure("compassion-map")
    unit.progress()              # what is answered and what is still open
    unit.submit()                # the button that submits this unit through nbgrader's exchange

Nothing here raises into the notebook: a missing file or an unknown id is shown
as a readable message, so "Run All" always reaches the end.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable

from .order import student_id
from .store import AnswerStore

ITEMS_SUFFIX = ".items.json"


class Unit:
    def __init__(self, unit_id: str, folder: str | Path = ".") -> None:
        self.id = unit_id
        self.folder = Path(folder)
        self.student = student_id()
        self.store = AnswerStore.beside_notebook(unit_id, folder)
        self.items, self.problem = read_items(self.folder / f"{unit_id}{ITEMS_SUFFIX}")
        self.shown: dict[str, Any] = {}  # the activities displayed, by id (for tests and tools)

    def practice(self, scenario_id: str) -> None:
        """Show a practice scenario; feedback appears as soon as a response is chosen."""
        from .activities import Practice

        self._show("practice", scenario_id, lambda item: Practice(
            self.store, item, f"Practice {item['number']}", self.student))

    def question(self, question_id: str) -> None:
        """Show a graded question; the choice is saved, and scored when work is graded."""
        from .activities import GRADED

        def build(item: dict[str, Any]) -> Any:
            heading = f"Question {item['number']} ({_points(item['points'])})"
            if item["type"] == "roleplay":
                from .roleplay import Roleplay
                return Roleplay(self.store, item, heading)
            return GRADED[item["type"]](self.store, item, heading, self.student)

        self._show("questions", question_id, build)

    def reflection(self) -> None:
        """Show the reflection prompt and a text box that saves as you type."""
        from .activities import Reflection

        item = (self.items.get("reflection") or {})
        self._show("reflection", item.get("id", "reflection"), lambda item: Reflection(
            self.store, item, f"Reflection ({_points(item['points'])}, read by your instructor)"))

    def figure(self, figure_id: str) -> None:
        """Draw a figure with its text description."""
        from . import figures

        def draw(item: dict[str, Any]) -> None:
            figures.show(item)

        self._show("figures", figure_id, draw)

    def progress(self) -> None:
        """Summarise what is saved and what is still open."""
        from IPython.display import HTML, display

        from .progress import summary_html

        display(HTML(summary_html(self)))

    def submit(self) -> None:
        """Show the button that submits this unit, and what happened the last time."""
        from IPython.display import display

        from .submit_control import SubmitControl

        self.shown["submit"] = SubmitControl(self.id, self.folder)
        display(self.shown["submit"])

    # -- helpers ---------------------------------------------------------------
    def _show(self, group: str, item_id: str, build: Callable[[dict[str, Any]], Any]) -> None:
        from IPython.display import display

        item = self._lookup(group, item_id)
        if isinstance(item, str):
            return _alert(item)
        try:
            activity = build(item)
        except Exception as error:  # a hand-edited items file must not stop "Run All"
            return _alert(f"This activity could not be shown ({type(error).__name__}). Please tell your instructor.")
        if activity is not None:
            self.shown[item_id] = activity
            display(activity)

    def _lookup(self, group: str, item_id: str) -> dict[str, Any] | str:
        """The item, or a message saying why it cannot be shown."""
        if self.problem:
            return self.problem
        found = self.items.get(group) or {}
        if group == "reflection":
            return found if found.get("id") == item_id else "This unit has no reflection."
        if item_id not in found:
            return f"This unit has no activity called '{item_id}'. Please tell your instructor."
        return found[item_id]


def read_items(path: Path) -> tuple[dict[str, Any], str | None]:
    """The unit's learner-facing items (no answer keys are in this file)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}, (f"{path.name} should sit beside this notebook but was not found. "
                    "Fetch the assignment again, or ask your instructor.")
    except (OSError, ValueError) as error:
        return {}, f"{path.name} could not be read ({type(error).__name__}). Fetch the assignment again."
    if not isinstance(data, dict):
        return {}, f"{path.name} does not look like a unit's items file."
    return data, None


def _alert(message: str) -> None:
    from IPython.display import display

    from .view import problem

    display({"text/html": problem(message), "text/plain": f"⚠ {message}"}, raw=True)


def _points(points: float) -> str:
    return f"{points:g} point" + ("" if points == 1 else "s")
