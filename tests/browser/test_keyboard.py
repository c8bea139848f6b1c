"""Unit 1 from start to finish with the keyboard alone: no click after the notebook opens.

What works in JupyterLab 4 with ipywidgets 8 (and what this test does): Tab reaches every
response of every question, one at a time, with a visible focus outline; Space chooses it
and saves it. Arrow keys do not move between responses: ipywidgets' radio buttons are not one
named group, and in command mode JupyterLab takes Up and Down to move between cells.
"""
from __future__ import annotations

from .answering import REFLECTION_TEXT, activities, option_id, option_labels, wait_for_answers
from .keyboard import KeyboardOnly
from .notebook import activity, open_notebook, wait_until_ready

UNIT = "unit1"


def test_unit1_can_be_completed_with_tab_space_and_typing_alone_and_every_answer_is_saved(page, lab):
    notebook = lab.fresh_unit(UNIT, f"keyboard-{UNIT}")
    folder = lab.folder / f"keyboard-{UNIT}"
    acts = activities(folder, UNIT)
    assert {act.kind for act in acts} <= {"practice", "choice", "reflection"}, "unit 1 changed: extend this test"
    open_notebook(page, lab.url(notebook))

    keys = KeyboardOnly(page)
    keys.run_all()
    wait_until_ready(page, expected=len(acts))

    expected = {}
    for act in acts:
        box = activity(page, act.cell)
        if act.kind == "reflection":
            keys.tab_to(box.locator("textarea"))
            assert keys.focus_is_visible()
            keys.type(REFLECTION_TEXT)
            expected[act.key] = REFLECTION_TEXT
            continue
        labels = option_labels(box.locator(".course-choice"))
        label = labels.nth(act.cell % labels.count())  # vary which response is chosen
        keys.tab_to(label.locator("input"))
        assert keys.focus_is_visible(), f"no visible focus on a response of {act.key}"
        keys.press("Space")
        assert label.locator("input").is_checked()
        expected[act.key] = option_id(act.options, label.text_content().strip())
        if act.kind == "practice":  # instant feedback, announced politely to screen readers
            feedback = box.locator(".course-feedback[aria-live=polite]")
            feedback.wait_for()
            assert feedback.text_content().strip()

    assert wait_for_answers(folder / f"{UNIT}.answers.json", expected) == expected
    print(f"\nKeys pressed to finish {UNIT}: {dict(keys.pressed)}")
