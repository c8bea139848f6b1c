"""The course home's "New units to get": each unit released to the learner but not fetched yet, with a button.

A press fetches the unit through nbgrader's exchange (course/answer/handin.py), as the Assignments
tab's Fetch button does, so a learner on a hub never needs JupyterLab to start a unit. Like the
submit button, a press only says "pressed": which units are offered, which course they belong to
and who fetches them are the kernel's to decide from nbgrader's own listing.

    box = NewUnits(Path.home(), on_fetched=redraw_the_list)
    box.get(box.waiting[0])                            # what a click does (used by tests)
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

import ipywidgets as widgets

from . import view
from .controls import LiveMessage
from .handin import Handin, Released, fetch, released_units, unit_name
from .home import STYLE

INTRO = (f'{STYLE}<div class="course-home"><h2>New units to get</h2><p>Your instructor has released these. '
         "Get one to add it to your list of units above.</p></div>")


class NewUnits(widgets.VBox):
    """Nothing at all until nbgrader lists a released unit that is not here; then a heading, a button each, a status."""

    def __init__(self, folder: Path, on_fetched: Callable[[], None] = lambda: None) -> None:
        self.folder, self.on_fetched = Path(folder), on_fetched
        self.waiting: list[Released] = []
        self.status = LiveMessage()
        super().__init__([])
        self.add_class("course-new-units")  # its buttons sized and focused as the submit button's (home.STYLE)
        # Listed while the page is drawn: the list above has imported nbgrader already, so this is quick.
        self.refresh()

    def refresh(self) -> None:
        self.waiting = released_units(self.folder)
        several_courses = len({unit.course_id for unit in self.waiting}) > 1
        buttons = [self._button(unit, several_courses) for unit in self.waiting]
        if buttons:
            self.children = [widgets.HTML(INTRO), *buttons, self.status]
        else:  # keep the last status (e.g. "Unit 2 is ready") where it was read out
            self.children = [self.status] if self.status.value else []

    def get(self, unit: Released) -> Handin:
        """Fetch ``unit``, say how it went, and redraw the list of units and these buttons."""
        self.status.value = view.status(f"Getting {unit_name(unit.unit_id)}…")
        done = fetch(self.folder, unit)
        self.on_fetched()
        self.status.value = view.status(("✓ " if done.ok else "⚠ ") + done.message)
        self.refresh()
        return done

    def _button(self, unit: Released, name_the_course: bool) -> widgets.Button:
        words = "Get the final assessment" if unit.unit_id == "final" else f"Get {unit_name(unit.unit_id).lower()}"
        words += f" ({unit.course_id})" if name_the_course else ""
        button = widgets.Button(description=words, button_style="primary",
                                layout=widgets.Layout(width="auto", align_self="flex-start"))
        button.on_click(lambda _button: self.get(unit))
        return button
