"""The course home in the learner view: every unit in content/course.yml's order, each with how far
the learner got (from their answers file) and whether it was submitted (from nbgrader's records of
their submissions), opening the unit's page; axe-core finds nothing on it."""
from __future__ import annotations

import json
import re
import shutil

import pytest
import yaml

from course.answer.home import _title

from .answering import saved_answers
from .axe import by_impact, run_axe
from .conftest import UNITS, new_page
from .learner_view import give_units, open_page, press_submit, submissions, wait_until_interactive

HOME_READY = "(count) => document.querySelectorAll('.course-home li').length === count"


@pytest.fixture(scope="module")
def home(browser, lab, classroom):
    give_units(lab, classroom, UNITS)
    # Unit 2 submitted from its page; unit 3 with no answers (whatever earlier tests did).
    (lab.folder / "unit3" / "unit3.answers.json").unlink(missing_ok=True)
    page = new_page(browser)
    open_page(page, lab.page_url("unit2/unit2.ipynb"), expected=_activity_count(lab, "unit2"))
    said = press_submit(page)
    assert said.startswith("✓ "), said
    page.goto(lab.page_url("home.ipynb"))
    page.wait_for_function(HOME_READY, arg=len(UNITS), timeout=90_000)
    yield page
    page.close()
    lab.stop_kernels()


def _activity_count(lab, unit: str) -> int:
    from .answering import activities

    return len(activities(lab.folder / unit, unit))


def _items(lab, unit: str) -> dict:
    return json.loads((lab.folder / unit / f"{unit}.items.json").read_text())


def test_home_lists_every_unit_in_the_courses_order_as_a_link_under_a_heading(home, lab, root):
    order = list(yaml.safe_load((root / "content" / "course.yml").read_text())["units"])
    headings = home.locator(".course-home li").get_by_role("heading", level=2)
    assert headings.all_text_contents() == [_title(unit, _items(lab, unit)["title"]) for unit in order]
    for unit in order:
        link = home.get_by_role("link", name=_title(unit, _items(lab, unit)["title"]), exact=True)
        assert link.get_attribute("href") == f"{unit}/{unit}.ipynb"  # beside home.ipynb, in the learner view


def test_each_unit_says_how_far_the_learner_got_and_whether_it_was_submitted(home, lab, classroom):
    for unit in UNITS:
        entry = home.locator(".course-home li").filter(
            has=home.get_by_role("heading", name=_title(unit, _items(lab, unit)["title"]), exact=True))
        text = entry.inner_text()
        answers = saved_answers(lab.folder / unit / f"{unit}.answers.json")
        questions = _items(lab, unit)["questions"]
        if not answers:
            assert f"Not started: {len(questions)} graded questions" in text, unit
        else:
            answered = sum(1 for q in questions if answers.get(q) not in (None, "", {}))
            assert re.search(rf"Answered {answered} of {len(questions)} graded questions", text), (unit, text)
        handed_in = bool(submissions(classroom, unit))  # unit 2 by this module; others by earlier tests, or not
        assert bool(re.search(r"Submitted on \d+ \w+ \d{4} at \d\d:\d\d:\d\d UTC\.", text)) == handed_in, (unit, text)
        assert ("Not submitted yet." in text) == (not handed_in), (unit, text)
    assert submissions(classroom, "unit2")


def test_home_has_no_axe_violation_of_any_impact(home, axe):
    found = run_axe(home, axe)
    print(f"\naxe-core on the course home: {by_impact(found)}")
    assert [str(f) for f in found] == []


def test_a_units_link_opens_its_page_which_runs_itself(home, lab):
    home.get_by_role("link", name=_title("unit3", _items(lab, "unit3")["title"]), exact=True).click()
    home.wait_for_url(re.compile(r"/voila/render/unit3/unit3\.ipynb"))
    wait_until_interactive(home, _activity_count(lab, "unit3"))


def test_a_released_unit_not_fetched_yet_is_got_from_the_home_by_keyboard(home, lab, axe):
    """A learner on a hub lands here before fetching anything: each released unit that is not in their
    folder has a "Get" button (nbgrader's fetch); pressing it adds the unit to the list, and the page
    stays free of axe findings with the button shown."""
    kept = lab.folder.parent / "unit8-kept-aside"
    (lab.folder / "unit8").rename(kept)  # released to the learner (give_units), not in their folder now
    try:
        home.goto(lab.page_url("home.ipynb"))  # the test before left the page on a unit
        button = home.get_by_role("button", name="Get unit 8", exact=True)
        button.wait_for(timeout=90_000)
        assert home.get_by_role("heading", name="New units to get", level=2).is_visible()
        assert by_impact(run_axe(home, axe)) == {"critical": 0, "serious": 0, "moderate": 0, "minor": 0}
        button.focus()
        home.keyboard.press("Enter")
        home.get_by_text("✓ Unit 8 is ready: it is now in your list of units above.").wait_for(timeout=60_000)
        link = home.get_by_role("link", name=_title("unit8", _items(lab, "unit8")["title"]), exact=True)
        assert link.get_attribute("href") == "unit8/unit8.ipynb"
        assert home.get_by_role("button", name="Get unit 8").count() == 0
        assert (lab.folder / "unit8" / "unit8.ipynb").is_file()
    finally:
        shutil.rmtree(lab.folder / "unit8", ignore_errors=True)
        kept.rename(lab.folder / "unit8")
