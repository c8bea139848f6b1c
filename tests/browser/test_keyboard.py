"""Unit 1 from start to finish with the keyboard alone: no click after the notebook opens.

Each question is one radio group (course/answer/web/choice-group.js): Tab enters it at one
stop and the next Tab leaves it; the arrow keys move between its responses and choose; Space
chooses the response that has the focus. JupyterLab's own use of the arrow keys (moving from
cell to cell) does not fire while a response has the focus.
"""
from __future__ import annotations

from .answering import REFLECTION_TEXT, activities, activity_box, name_of, option_id, question_group, wait_for_answers
from .keyboard import KeyboardOnly
from .notebook import open_notebook, wait_until_ready

UNIT = "unit1"
FOCUSED = ":focus"


def test_unit1_can_be_completed_with_tab_between_groups_and_arrow_keys_within_them(page, lab):
    notebook = lab.fresh_unit(UNIT, f"keyboard-{UNIT}")
    folder = lab.folder / f"keyboard-{UNIT}"
    acts = activities(folder, UNIT)
    assert {act.kind for act in acts} <= {"practice", "choice", "reflection"}, "unit 1 changed: extend this test"
    open_notebook(page, lab.url(notebook))

    keys = KeyboardOnly(page)
    keys.run_all()
    wait_until_ready(page, expected=len(acts))

    expected, first_group = {}, True
    for act in acts:
        box = activity_box(page, act)
        if act.kind == "reflection":
            keys.tab_to(box.get_by_role("textbox"))
            keys.type(REFLECTION_TEXT)
            expected[act.key] = REFLECTION_TEXT
            continue
        group = question_group(page, act)
        radios = group.get_by_role("radio")
        keys.tab_into(group)
        assert group.locator(FOCUSED).count() == 1
        assert radios.first.evaluate("el => el === document.activeElement"), "Tab should enter at the first response"
        moves = act.cell % radios.count()  # vary which response is chosen; 0 means Space on the first
        for _ in range(moves):
            keys.press("ArrowDown")  # moves to the next response and chooses it
            assert keys.inside(group), f"ArrowDown left the group of {act.key}"
            assert group.locator(f"{FOCUSED}:checked").count() == 1, f"ArrowDown did not choose in {act.key}"
        if moves == 0:
            keys.press("Space")
        chosen = group.get_by_role("radio", checked=True)
        assert chosen.evaluate("el => el === document.activeElement")
        assert chosen.count() == 1 and radios.nth(moves).is_checked()
        expected[act.key] = option_id(act.options, name_of(chosen))
        if act.kind == "practice":  # instant feedback, in a polite live region that was already there
            feedback = box.locator("[role=status][aria-live=polite] .course-feedback")
            feedback.wait_for()
            assert feedback.text_content().strip()
        keys.press("Tab")
        assert not keys.inside(group), f"one Tab should leave the group of {act.key}: it has one tab stop"
        if first_group:  # Shift+Tab back into the group lands on the chosen response, not the first
            keys.tab_into(group, key="Shift+Tab")
            assert chosen.evaluate("el => el === document.activeElement")
            first_group = False

    assert wait_for_answers(folder / f"{UNIT}.answers.json", expected) == expected
    assert keys.hidden_focus == [], "focus was not visible after these keys"
    print(f"\nKeys pressed to finish {UNIT}: {dict(keys.pressed)}")
