"""Every unit in the learner view (Voilà in the learner's Jupyter server), as a learner uses it.

Per unit, on one tab, in this order: the page runs itself (no click, no code shown) and every
activity becomes interactive; every click is saved exactly and shown again when the page is
opened again; the accessibility tree names every group by its question and every response with
its checked state; axe-core finds nothing on the whole page; the submit button hands the unit in
to nbgrader's exchange (unit 1 is then autograded to the score its answers earn) and again when
pressed again; and no answer key ever reached the page, in its HTML or over its websocket.
"""
from __future__ import annotations

import getpass
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from ..test_key_leaks_to_browser import secrets
from .answering import Activity, activities, answer, saved_answers, shown, wait_for_answers
from .axe import by_impact, run_axe
from .conftest import UNITS, new_page
from .learner_view import give_units, open_page, press_submit, submissions
from .notebook import problems
from .test_units import OVERFLOWING, check_accessibility_tree

GRADED_UNIT = "unit1"  # the unit taken through nbgrader's real collect and autograde


@dataclass
class UnitPage:
    """A unit's page in the learner view, and everything its websocket carried."""

    name: str
    page: object
    folder: Path
    activities: list[Activity]
    url: str
    frames: list[str] = field(default_factory=list)

    @property
    def answers_file(self):
        return self.folder / f"{self.name}.answers.json"

    @property
    def expected(self) -> int:
        return len(self.activities)


def record_frames(page, frames: list[str]) -> None:
    """Keep every websocket message the page receives (the kernel's messages, widget states)."""
    def keep(payload) -> None:
        frames.append(payload.decode("utf-8", "replace") if isinstance(payload, bytes) else payload)

    page.on("websocket", lambda socket: socket.on("framereceived", keep))


@pytest.fixture(scope="module")
def learner_units(lab, classroom):
    classroom.release(GRADED_UNIT)  # nbgrader's own generate_assignment and release_assignment
    return give_units(lab, classroom, UNITS)


@pytest.fixture(scope="module", params=UNITS)
def unit_page(request, browser, lab, learner_units) -> UnitPage:
    name = request.param
    page = new_page(browser)
    folder = lab.folder / name
    opened = UnitPage(name, page, folder, activities(folder, name), lab.page_url(f"{name}/{name}.ipynb"))
    record_frames(page, opened.frames)
    open_page(page, opened.url, opened.expected)
    yield opened
    page.close()
    lab.stop_kernels()


def test_the_page_runs_itself_and_shows_no_code_no_error_and_no_notebook_chrome(unit_page):
    page = unit_page.page
    assert problems(page) == []
    assert page.locator(".course-activity").count() == unit_page.expected
    assert page.locator(".course-submit").get_by_role("button", name="for grading").is_enabled()
    assert page.locator(".jp-InputArea-editor, .CodeMirror, .cm-editor, .jp-InputPrompt:visible").count() == 0
    assert "unit.question(" not in page.content() and "from course import" not in page.content()
    assert page.get_by_role("menubar").count() == 0  # no JupyterLab menus, no Run All
    assert not unit_page.answers_file.exists()  # opening a unit is not answering it


def test_each_click_is_saved_exactly_and_shown_again_when_the_page_is_opened_again(unit_page):
    page = unit_page.page
    expected = {act.key: answer(page, act, seed=act.cell) for act in unit_page.activities}
    assert wait_for_answers(unit_page.answers_file, expected) == expected

    open_page(page, unit_page.url, unit_page.expected)  # the learner comes back to the unit
    assert {act.key: shown(page, act) for act in unit_page.activities} == expected
    assert saved_answers(unit_page.answers_file) == expected  # showing answers again changes nothing
    assert problems(page) == []


def test_accessibility_tree_names_each_group_by_its_question_and_each_response_with_its_checked_state(unit_page):
    check_accessibility_tree(unit_page.page, unit_page.activities, unit_page.answers_file)


def test_axe_finds_no_violation_of_any_impact_on_the_whole_page(unit_page, axe):
    found = run_axe(unit_page.page, axe)
    print(f"\naxe-core on the learner page of {unit_page.name}: {by_impact(found)}")
    assert [str(f) for f in found] == []


def test_every_activity_and_the_submit_button_reflow_at_320_css_px_and_at_200_percent_zoom(unit_page):
    """WCAG 1.4.10, as in JupyterLab: nothing needs sideways scrolling at 320 or 640 CSS px wide."""
    page, size = unit_page.page, unit_page.page.viewport_size
    try:
        for width in (320, 640):
            page.set_viewport_size({"width": width, "height": 900})
            page.wait_for_timeout(200)
            assert page.evaluate(OVERFLOWING) == [], f"at {width} CSS px"
    finally:
        page.set_viewport_size(size)


def test_the_submit_button_hands_the_unit_in_to_the_exchange_and_again_when_pressed_again(unit_page, classroom):
    before = submissions(classroom, unit_page.name)
    said = press_submit(unit_page.page)
    assert re.match(rf"^✓ .+ was submitted on \d+ \w+ \d{{4}} at \d\d:\d\d:\d\d UTC: .*{unit_page.name}\.answers\.json", said), said
    [handed_in] = [s for s in submissions(classroom, unit_page.name) if s not in before]
    assert handed_in.name.startswith(f"{getpass.getuser()}+{unit_page.name}+")
    copy = handed_in / f"{unit_page.name}.answers.json"
    assert copy.read_bytes() == unit_page.answers_file.read_bytes()  # exactly what is on disk
    assert (handed_in / f"{unit_page.name}.ipynb").is_file()

    again = press_submit(unit_page.page)
    assert again.startswith("✓ Submitted again. ") and again != said
    assert len(submissions(classroom, unit_page.name)) == len(before) + 2


def test_the_unit_submitted_from_the_page_autogrades_to_the_score_its_answers_earn(unit_page, classroom, course):
    if unit_page.name != GRADED_UNIT:
        pytest.skip(f"one unit goes through nbgrader's autograde ({GRADED_UNIT}); the others' submissions are checked above")
    answers = saved_answers(unit_page.answers_file)
    questions = course.units[GRADED_UNIT].questions
    assert {q["type"] for q in questions} == {"choice"}, "unit 1 changed: extend the expected score"
    expected = sum(q["points"] for q in questions
                   if answers.get(q["id"]) == next(o["id"] for o in q["options"] if o.get("best")))
    classroom.collect_and_grade(GRADED_UNIT)
    assert classroom.export()[(getpass.getuser(), GRADED_UNIT)] == pytest.approx(expected)


def test_no_answer_key_reached_the_page_in_its_html_or_over_its_websocket(unit_page, course):
    """Everything the kernel sent while the unit was opened, answered, reopened and submitted."""
    assert len(unit_page.frames) > 50, "the page's websocket messages were not recorded"
    messages = "\n".join(unit_page.frames)
    sent = messages + unit_page.page.content()
    keys = secrets(course.units[unit_page.name])
    leaked = [key for key in keys if key in sent or json.dumps(key)[1:-1] in sent]
    assert leaked == [], leaked[:1]
    assert '"score"' not in messages and "misconception" not in messages
