"""The end of a unit: one clearly labelled button that submits it, and a status that is read out.

The button sends only "pressed" to the kernel; which unit, which course and which learner are
the kernel's to decide (course/answer/handin.py), so nothing typed or sent from a browser can
submit someone else's work or a unit that was never released.

    box = SubmitControl("unit1", Path("."))    # shown by unit.submit()
    box.press()                                # what a click does (used by tests)
"""
from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from . import view
from .controls import LiveMessage
from .handin import Handin, last_submission, submit, unit_name, when_text

FULL_WIDTH = widgets.Layout(width="100%", max_width="60rem")


class SubmitControl(widgets.VBox):
    """Heading, what submitting does, the button, and an announced status line."""

    def __init__(self, unit_id: str, folder: Path) -> None:
        self.unit_id, self.folder = unit_id, Path(folder)
        intro = (f'{view.STYLE}<div class="course-scene"><h3>Submit {_short(unit_id)}</h3>'
                 "<p>Submitting hands in your saved answers for grading. Your answers stay here, so you can "
                 "change them and submit again; your last submission is the one that counts.</p></div>")
        self.button = widgets.Button(description=f"Submit {_short(unit_id)} for grading", button_style="primary",
                                     layout=widgets.Layout(width="auto", align_self="flex-start"))
        self.button.add_class("course-submit-button")
        self.status = LiveMessage(layout=FULL_WIDTH)
        self.status.value = view.status("Checking whether you have submitted this unit before…")
        self.last: Handin | None = None
        self.pressed = False
        # Reading nbgrader's records takes seconds (nbgrader and the course's settings are imported
        # first): done beside the page, so the page is usable at once and the status follows.
        self.looked_up = threading.Thread(target=self._show_earlier, daemon=True)
        self.looked_up.start()
        self.button.on_click(lambda _button: self.press())
        super().__init__([widgets.HTML(intro, layout=FULL_WIDTH), self.button, self.status], layout=FULL_WIDTH)
        self.add_class("course-submit")  # styled as an activity (view.STYLE), but it answers nothing

    def press(self) -> Handin:
        """Submit now; the status says what was submitted and when, or plainly why not."""
        again = self.last is not None and self.last.ok
        self.pressed = True
        self.button.disabled = True
        self.status.value = view.status("Submitting…")
        try:
            self.last = submit(self.unit_id, self.folder)
        finally:
            self.button.disabled = False
        # Said differently the second time, so that a press within the same second still reads as new.
        mark = ("✓ Submitted again. " if again else "✓ ") if self.last.ok else "⚠ "
        self.status.value = view.status(mark + self.last.message)
        return self.last

    def _show_earlier(self) -> None:
        earlier = _earlier(self.unit_id, self.folder)
        if not self.pressed:  # a press says something newer
            self.status.value = view.status(earlier)

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        bundle = super()._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = f"The button that submits {unit_name(self.unit_id)} (in the learner's page)."
        return bundle


def _short(unit_id: str) -> str:
    """ "unit 1", "the final assessment": as a button's words read in a sentence."""
    return "the final assessment" if unit_id == "final" else unit_name(unit_id).replace("Unit ", "unit ")


def _earlier(unit_id: str, folder: Path) -> str:
    """What the status says before the button is pressed: the last submission, if any."""
    try:
        last = last_submission(unit_id, folder)
    except Exception:  # never stop the page over a listing
        last = None
    if last is None:
        return f"Not submitted yet. When you are ready, press “Submit {_short(unit_id)} for grading”."
    return f"Last submitted on {when_text(last.when)}. You can submit again; your last submission counts."
