"""The submit button at the end of a unit (course/answer/submit_control.py, course/answer/handin.py), in a kernel.

It submits through nbgrader's own exchange with the course's safe copy, says what was submitted
and when, or plainly why not; and, attacked as a learner would, nothing the page sends can make it
submit as someone else or submit a unit that was not released.
"""
from __future__ import annotations

import getpass
import json
import re
import shutil
from urllib.parse import unquote

import pytest

from course.answer.handin import submissions
from course.answer.submit_control import SubmitControl

COURSE = "compassion-empathy"


@pytest.fixture
def learner(tmp_path, root, monkeypatch):
    """A learner's folder with unit1 and unit2, a course whose exchange released unit1 only, and
    nbgrader's settings found as ./start.sh gives them (JUPYTER_CONFIG_PATH names the course)."""
    course, exchange, units = tmp_path / "course", tmp_path / "exchange", tmp_path / "workspace"
    course.mkdir()
    (course / "nbgrader_config.py").write_text(
        "c = get_config()\n"
        f"c.CourseDirectory.course_id = {COURSE!r}\n"
        f"c.Exchange.root = {str(exchange)!r}\n"
        'c.ExchangeFactory.submit = "course.files.exchange.SafeSubmit"\n')
    for unit in ("unit1", "unit2"):
        shutil.copytree(root / "release" / unit, units / unit)
    shutil.copytree(root / "release" / "unit1", exchange / COURSE / "outbound" / "unit1")
    (exchange / COURSE / "inbound").mkdir(parents=True)
    monkeypatch.setenv("JUPYTER_CONFIG_PATH", str(course))
    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(tmp_path / "own-jupyter-settings"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    (units / "unit1" / "unit1.answers.json").write_text(json.dumps({"answers": {"q1": {"value": "b"}}}))
    return units, exchange / COURSE / "inbound"


def handed_in(inbound, unit: str) -> list:
    return sorted(inbound.glob(f"*+{unit}+*"))


def test_submitting_puts_the_unit_folder_in_the_exchange_and_says_what_and_when(learner):
    units, inbound = learner
    control = SubmitControl("unit1", units / "unit1")
    control.looked_up.join(30)
    assert "Not submitted yet" in control.status.value
    done = control.press()
    assert done.ok and done.files == ("unit1.answers.json", "unit1.ipynb", "unit1.items.json")
    assert "Unit 1 was submitted on" in done.message and "unit1.answers.json" in done.message
    assert "✓ Unit 1 was submitted on" in control.status.value
    [sent] = handed_in(inbound, "unit1")
    assert sent.name.startswith(f"{getpass.getuser()}+unit1+")
    assert (sent / "unit1.answers.json").read_bytes() == (units / "unit1" / "unit1.answers.json").read_bytes()


def test_submitting_again_adds_a_newer_submission_and_the_page_shows_the_last(learner):
    units, inbound = learner
    first = SubmitControl("unit1", units / "unit1").press()
    second = SubmitControl("unit1", units / "unit1").press()
    assert first.ok and second.ok and second.when > first.when
    assert len(handed_in(inbound, "unit1")) == 2
    assert [s.when for s in submissions(units)["unit1"]] == [first.when, second.when]
    reopened = SubmitControl("unit1", units / "unit1")
    reopened.looked_up.join(30)
    assert "Last submitted on" in reopened.status.value


def test_a_unit_never_released_to_this_learner_is_refused_with_a_plain_reason(learner):
    units, inbound = learner
    done = SubmitControl("unit2", units / "unit2").press()
    assert not done.ok
    assert done.message == "Unit 2 was not submitted: it has not been released to you. Ask your instructor."
    assert handed_in(inbound, "unit2") == []


def test_an_exchange_that_cannot_be_reached_is_said_plainly_and_nothing_is_lost(learner):
    units, inbound = learner
    inbound.rmdir()
    done = SubmitControl("unit1", units / "unit1").press()
    assert not done.ok and "the course's hand-in folder cannot be reached" in done.message
    assert (units / "unit1" / "unit1.answers.json").exists()


def test_a_unit_folder_copied_under_another_units_name_is_not_submitted_as_that_unit(learner):
    """A learner copies unit 1's answered folder to a name of their choosing and presses its button."""
    units, inbound = learner
    shutil.copytree(units / "unit1", units / "unit2-mine")
    done = SubmitControl("unit1", units / "unit2-mine").press()
    assert not done.ok and "its folder must be called unit1" in done.message
    assert handed_in(inbound, "unit1") == handed_in(inbound, "unit2-mine") == []


def test_what_the_page_sends_cannot_choose_the_learner_the_unit_or_the_course(learner):
    """A browser can send any widget state: names of learners, units or courses are ignored, and
    the control's state holds nothing but what a learner sees."""
    units, inbound = learner
    control = SubmitControl("unit1", units / "unit1")
    forged = {"student_id": "someone-else", "student": "someone-else", "unit_id": "unit2", "assignment_id": "unit2",
              "course_id": "another-course", "description": "Submit unit 2 for grading", "disabled": False}
    for widget in (control, *control.children):
        widget.set_state({key: value for key, value in forged.items() if key not in ("description", "disabled")})
    control.button.set_state({"description": forged["description"]})
    control.button.click()  # what the browser's click message does
    assert control.last.ok
    [sent] = handed_in(inbound, "unit1")
    assert sent.name.startswith(f"{getpass.getuser()}+unit1+")
    assert handed_in(inbound, "unit2") == [] and not (inbound.parent.parent / "another-course").exists()
    synced = {key for widget in (control, *control.children) for key in widget.get_state()}
    assert not synced & {"student_id", "student", "unit_id", "assignment_id", "course_id", "folder", "path"}


def test_the_course_home_fetches_released_feedback_and_links_to_it(learner):
    """As nbgrader's release_feedback leaves it: the page, named by the submission's secret, in the exchange."""
    from nbgrader.utils import notebook_hash

    from course.answer.home import units_html

    units, inbound = learner
    assert SubmitControl("unit1", units / "unit1").press().ok
    [sent] = handed_in(inbound, "unit1")
    secret = (sent / "submission_secret.txt").read_text()
    released = inbound.parent / "feedback"
    released.mkdir()
    (released / f"{notebook_hash(secret=secret, notebook_id='unit1')}.html").write_text("<h1>Your feedback</h1>")
    page = units_html(units, ["unit1", "unit2"])
    [fetched] = (units / "unit1" / "feedback").glob("*/unit1.html")
    assert fetched.read_text() == "<h1>Your feedback</h1>"
    link = re.search(r'<a href="([^"]+)">Read your feedback on unit 1</a>', page)
    assert link and unquote(link.group(1)) == f"../../files/unit1/feedback/{fetched.parent.name}/unit1.html"
    assert "Submitted on" in page and "Not submitted yet." in page  # unit 1, then unit 2
