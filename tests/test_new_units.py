"""The course home's "New units to get" (course/answer/new_units.py, handin.fetch), in a kernel.

A unit the instructor released that the learner has not fetched gets a button; a press fetches it
through nbgrader's exchange into the place the Assignments tab would put it, the list of units
shows it, and the button goes. Tried as a learner would: a unit withdrawn before the press, a
folder of that name already there, a course the learner is not in.
"""
from __future__ import annotations

import json
import shutil

import pytest
from nbgrader.auth import BaseAuthPlugin

from course.answer.handin import Released, released_units
from course.answer.home import units_html
from course.answer.new_units import NewUnits

COURSE = "compassion-empathy"


class OnlyTheSecondCourse(BaseAuthPlugin):
    """What JupyterHub's plugin does for a learner of c2 alone (the hub test checks the real one)."""

    def get_student_courses(self, student_id):
        return ["c2"]

    def has_access(self, student_id, course_id):
        return course_id == "c2"


def settings(folder, exchange, **more) -> None:
    lines = ["c = get_config()", f"c.Exchange.root = {str(exchange)!r}",
             *(f"c.{key} = {value!r}" for key, value in more.items())]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "nbgrader_config.py").write_text("\n".join(lines) + "\n")


def release(root, exchange, course: str, *units: str) -> None:
    for unit in units:
        shutil.copytree(root / "release" / unit, exchange / course / "outbound" / unit)


@pytest.fixture
def paths(tmp_path, monkeypatch):
    course, exchange = tmp_path / "course-settings", tmp_path / "exchange"
    monkeypatch.setenv("JUPYTER_CONFIG_PATH", str(course))
    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(tmp_path / "own-jupyter-settings"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    return course, exchange, tmp_path / "workspace"


def test_a_released_unit_not_here_gets_a_button_that_fetches_it_into_the_list(root, paths):
    course, exchange, workspace = paths
    settings(course, exchange, **{"CourseDirectory.course_id": COURSE})
    release(root, exchange, COURSE, "unit1", "unit2")
    shutil.copytree(root / "release" / "unit1", workspace / "unit1")  # as ./start.sh copies it
    redrawn = []
    box = NewUnits(workspace, on_fetched=lambda: redrawn.append(units_html(workspace, [])))
    assert box.waiting == [Released(COURSE, "unit2")]
    assert [getattr(child, "description", None) for child in box.children][1:-1] == ["Get unit 2"]
    assert "New units to get" in box.children[0].value

    done = box.get(box.waiting[0])
    assert done.ok and done.message == "Unit 2 is ready: it is now in your list of units above."
    assert (workspace / "unit2" / "unit2.ipynb").read_bytes() == (root / "release" / "unit2" / "unit2.ipynb").read_bytes()
    assert 'href="unit2/unit2.ipynb"' in redrawn[-1]  # the list now opens it
    assert box.waiting == [] and box.children == (box.status,)
    assert "✓ Unit 2 is ready" in box.status.value


def test_on_a_hub_units_land_in_a_folder_per_course_and_two_courses_are_told_apart(root, paths):
    course, exchange, _ = paths
    home = course.parent / "home"
    settings(course, exchange, **{"Exchange.path_includes_course": True})
    release(root, exchange, "c1", "unit1")
    release(root, exchange, "c2", "unit1")
    box = NewUnits(home)
    assert box.waiting == [Released("c1", "unit1"), Released("c2", "unit1")]
    assert [child.description for child in box.children[1:-1]] == ["Get unit 1 (c1)", "Get unit 1 (c2)"]
    assert box.get(Released("c2", "unit1")).ok
    assert (home / "c2" / "unit1" / "unit1.ipynb").is_file() and not (home / "c1").exists()
    assert 'href="c2/unit1/unit1.ipynb"' in units_html(home, [])
    assert box.waiting == [Released("c1", "unit1")]


def test_a_course_the_learner_is_not_in_is_neither_offered_nor_fetched(root, paths):
    course, exchange, _ = paths
    home = course.parent / "home"
    settings(course, exchange, **{"Exchange.path_includes_course": True,
                                  "Authenticator.plugin_class": f"{__name__}.OnlyTheSecondCourse"})
    release(root, exchange, "c1", "unit1")
    release(root, exchange, "c2", "unit2")
    box = NewUnits(home)
    assert box.waiting == [Released("c2", "unit2")]
    forged = box.get(Released("c1", "unit1"))  # as if a page could ask for another course's unit
    assert not forged.ok and "you are not on this course's list of learners" in forged.message
    assert not (home / "c1").exists()


def test_a_unit_withdrawn_before_the_press_or_already_here_is_refused_plainly_and_nothing_is_lost(root, paths):
    course, exchange, workspace = paths
    settings(course, exchange, **{"CourseDirectory.course_id": COURSE})
    release(root, exchange, COURSE, "unit2", "unit3")
    box = NewUnits(workspace)
    shutil.rmtree(exchange / COURSE / "outbound" / "unit3")  # the instructor takes it back
    withdrawn = box.get(Released(COURSE, "unit3"))
    assert not withdrawn.ok
    assert withdrawn.message == ("Unit 3 could not be fetched: it is not released to you (any more). "
                                 "Ask your instructor if this stays so.")
    assert "⚠ Unit 3 could not be fetched" in box.status.value and not (workspace / "unit3").exists()

    (workspace / "unit2").mkdir(parents=True)  # the learner's own folder of that name
    (workspace / "unit2" / "notes.txt").write_text("mine")
    already = box.get(Released(COURSE, "unit2"))
    assert not already.ok and "a folder of that name is already here" in already.message
    assert [p.name for p in (workspace / "unit2").iterdir()] == ["notes.txt"]


def test_with_no_exchange_the_home_offers_nothing_and_says_nothing(paths):
    course, exchange, workspace = paths
    settings(course, exchange, **{"CourseDirectory.course_id": COURSE})  # never made: a learner offline
    workspace.mkdir()
    assert released_units(workspace) == []
    assert NewUnits(workspace).children == ()
    assert "a button to get it appears below" in units_html(workspace, [])
