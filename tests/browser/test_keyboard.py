"""Unit 1 from start to finish with the keyboard alone: no click after the notebook opens.

Each question is one radio group (course/answer/web/choice-group.js): Tab enters it at one
stop and the next Tab leaves it; the arrow keys move between its responses and choose; Space
chooses the response that has the focus. JupyterLab's own use of the arrow keys (moving from
cell to cell) does not fire while a response has the focus.
"""
from __future__ import annotations

from .answering import activities, wait_for_answers
from .keyboard import KeyboardOnly, answer_by_keyboard
from .notebook import open_notebook, wait_until_ready

UNIT = "unit1"


def test_unit1_can_be_completed_with_tab_between_groups_and_arrow_keys_within_them(page, lab):
    notebook = lab.fresh_unit(UNIT, f"keyboard-{UNIT}")
    folder = lab.folder / f"keyboard-{UNIT}"
    acts = activities(folder, UNIT)
    assert {act.kind for act in acts} <= {"practice", "choice", "reflection"}, "unit 1 changed: extend this test"
    open_notebook(page, lab.url(notebook))

    keys = KeyboardOnly(page)
    keys.run_all()
    wait_until_ready(page, expected=len(acts))

    expected = answer_by_keyboard(page, keys, acts)
    assert wait_for_answers(folder / f"{UNIT}.answers.json", expected) == expected
    assert keys.hidden_focus == [], "focus was not visible after these keys"
    print(f"\nKeys pressed to finish {UNIT}: {dict(keys.pressed)}")
