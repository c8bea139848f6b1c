"""Unit 1 and the final assessment in the learner view with the keyboard alone, from the course home.

Tab to the unit's link on the home page and Enter opens it; the page runs itself; then Tab between
radio groups and arrow keys within them (Space on the first response), typing into the reflection,
and Tab to the submit button and Enter. Focus is visible after every key.
"""
from __future__ import annotations

import json
import re

import pytest

from course.answer.home import _title

from .answering import activities, wait_for_answers
from .conftest import UNITS, new_page
from .keyboard import KeyboardOnly, answer_by_keyboard
from .learner_view import give_units, submissions, wait_until_interactive

HOME_READY = "(count) => document.querySelectorAll('.course-home li').length === count"


@pytest.fixture(scope="module")
def from_scratch(lab, classroom):
    """The units released and copied in, with no answers yet (a learner starting them)."""
    give_units(lab, classroom, UNITS)
    for unit in ("unit1", "final"):
        (lab.folder / unit / f"{unit}.answers.json").unlink(missing_ok=True)
    return UNITS


@pytest.mark.parametrize("unit_id", ["unit1", "final"])
def test_a_unit_can_be_opened_from_home_completed_and_submitted_with_the_keyboard_alone(unit_id, browser, lab, classroom,
                                                                                        from_scratch):
    unit = unit_id
    folder = lab.folder / unit
    acts = activities(folder, unit)
    assert {act.kind for act in acts} <= {"practice", "choice", "reflection"}, f"{unit} changed: extend this test"
    page = new_page(browser)
    try:
        page.goto(lab.page_url("home.ipynb"))
        page.wait_for_function(HOME_READY, arg=len(from_scratch), timeout=90_000)
        keys = KeyboardOnly(page)

        items = json.loads((folder / f"{unit}.items.json").read_text())
        link = page.get_by_role("link", name=_title(unit, items["title"]), exact=True)
        keys.tab_to(link)
        assert keys.focus_is_visible(), "the focused link on the home page shows no focus"
        keys.follow_link()
        assert re.search(rf"/voila/render/{unit}/{unit}\.ipynb", page.url), page.url
        wait_until_interactive(page, len(acts))

        expected = answer_by_keyboard(page, keys, acts)
        assert wait_for_answers(folder / f"{unit}.answers.json", expected) == expected

        before = submissions(classroom, unit)
        button = page.locator(".course-submit").get_by_role("button", name="for grading")
        keys.tab_to(button)
        keys.press("Enter")
        status = page.locator(".course-submit [role=status]")
        status.filter(has_text=re.compile("was submitted on")).wait_for(timeout=60_000)
        [sent] = [s for s in submissions(classroom, unit) if s not in before]
        assert (sent / f"{unit}.answers.json").read_bytes() == (folder / f"{unit}.answers.json").read_bytes()
        assert keys.hidden_focus == [], "focus was not visible after these keys"
        print(f"\nKeys pressed from the course home to {unit} submitted: {dict(keys.pressed)}")
    finally:
        page.close()
        lab.stop_kernels()
