"""The instructor's `course` commands on a real class: release, collect, parallel autograde, feedback, export.

The class (tests/support/instructed.py) is built once per session; every
command there ran for real through nbgrader. Parallel grading is compared with
plain serial `nbgrader autograde` on the same submissions.
"""
from __future__ import annotations

import csv
import json
import re
import shutil
from pathlib import Path

import nbformat
import pytest

from .conftest import class_environment
from .support.instructed import DAMAGED, UNIT, cell_grades, course_cmd, course_process

pytestmark = pytest.mark.pipeline


def notebook_scores(course: Path) -> dict[str, tuple]:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        return {s.student.id: (s.score, s.max_score, s.timestamp, s.late_submission_penalty)
                for s in gradebook.find_assignment(UNIT).submissions}


def comparable(path: Path) -> dict:
    """An autograded notebook without what differs between any two runs of nbgrader itself.

    That is: execution times, widget model ids, and where the kernel happened to split a cell's
    printed text into several stream messages (on a busy machine its 0.2 s flush timer can fire
    between two prints); the text itself must be the same.
    """
    notebook = nbformat.read(path, as_version=4)
    text = json.dumps(notebook, sort_keys=True)
    text = re.sub(r'"model_id": "[0-9a-f]+"', '"model_id": "-"', text)
    data = json.loads(text)
    for cell in data["cells"]:
        cell["metadata"].pop("execution", None)
        if "outputs" in cell:
            cell["outputs"] = joined_streams(cell["outputs"])
    data["metadata"].pop("widgets", None)
    return data


def joined_streams(outputs: list[dict]) -> list[dict]:
    joined: list[dict] = []
    for output in outputs:
        previous = joined[-1] if joined else None
        if previous and output["output_type"] == previous["output_type"] == "stream" and output["name"] == previous["name"]:
            previous["text"] = "".join(previous["text"]) + "".join(output["text"])
        else:
            joined.append(dict(output))
    return joined


# -- release and collect ---------------------------------------------------------
def test_release_records_the_unit_and_releasing_again_changes_nothing(graded_class):
    assert graded_class.ran["release"].out.strip() == f"{UNIT}: released"
    assert graded_class.ran["release again"].out.strip() == f"{UNIT}: already released (unchanged)"
    outbound = graded_class.base / "exchange" / "compassion-empathy" / "outbound" / UNIT
    assert (outbound / f"{UNIT}.ipynb").is_file() and not (outbound / f"{UNIT}.answers.json").exists()


def test_collect_brings_every_submission_and_collecting_again_brings_nothing_new(graded_class):
    assert graded_class.ran["collect"].out.strip() == f"{UNIT}: 7 submissions collected (7 new or updated)"
    assert graded_class.ran["collect again"].out.strip() == f"{UNIT}: 7 submissions collected (0 new or updated)"


# -- parallel autograde ------------------------------------------------------------
def test_parallel_autograde_gives_every_cell_the_same_grade_as_serial_nbgrader(graded_class):
    parallel, serial = cell_grades(graded_class.course), cell_grades(graded_class.serial)
    assert len(parallel) == 7 * 7  # seven learners × (six questions + the reflection)
    assert parallel == serial
    assert notebook_scores(graded_class.course) == notebook_scores(graded_class.serial)
    assert graded_class.ran["autograde"].out.startswith("Graded 7 submissions in ")
    assert "with 2 workers" in graded_class.ran["autograde"].out


def test_parallel_autograded_notebooks_match_serial_apart_from_run_details(graded_class):
    for learner in [*(l.name for l in graded_class.learners), DAMAGED]:
        parts = [root / "autograded" / learner / UNIT for root in (graded_class.course, graded_class.serial)]
        assert sorted(p.name for p in parts[0].iterdir()) == sorted(p.name for p in parts[1].iterdir())
        ours, theirs = (comparable(part / f"{UNIT}.ipynb") for part in parts)
        differing = [a.get("id") for a, b in zip(ours["cells"], theirs["cells"]) if a != b]
        assert ours == theirs, f"{learner}: cells {differing} differ"


def test_the_damaged_answers_file_scores_zero_and_the_others_are_graded(graded_class):
    scores = notebook_scores(graded_class.course)
    assert scores[DAMAGED][0] == 0
    strong = [l.name for l in graded_class.learners if l.profile == "strong"]
    assert strong and all(scores[name][0] > 0 for name in strong)


def test_autograde_again_grades_nothing_and_changes_no_score(graded_class):
    again = graded_class.ran["autograde again"]
    assert again.code == 0
    assert again.out.splitlines() == ["Nothing new to grade.",
                                      "7 submissions already graded and unchanged (use --force to regrade)."]
    assert cell_grades(graded_class.course) == cell_grades(graded_class.serial)
    assert not list(graded_class.course.glob(".grading-*")), "scratch courses are removed"


# -- feedback and export -----------------------------------------------------------
def test_feedback_pages_carry_one_mastery_chart_with_alt_text_and_are_released(graded_class):
    assert graded_class.ran["feedback again"].out == graded_class.ran["feedback"].out
    assert f"{UNIT}: feedback for 7 learners, released" in graded_class.ran["feedback"].out
    page = (graded_class.course / "feedback" / DAMAGED / UNIT / f"{UNIT}.html").read_text()
    assert page.count('id="mastery"') == 1  # generating twice did not stack charts
    alt = re.search(r'<section aria-labelledby="mastery">.*?alt="([^"]+)"', page, re.S).group(1)
    assert alt.startswith("Your mastery of each concept in Unit 1: ") and "Compassion is more than sympathy 0%" in alt
    released = list((graded_class.base / "exchange" / "compassion-empathy" / "feedback").glob("*.html"))
    assert len(released) == 7 and all('id="mastery"' in p.read_text() for p in released)


def test_canvas_csv_has_points_possible_and_one_row_per_learner_matching_the_gradebook(graded_class):
    with (graded_class.course / "canvas-grades.csv").open() as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", UNIT]
    assert rows[1] == ["Points Possible", "", "", "", "", "9"]
    scores = notebook_scores(graded_class.course)
    assert {row[3]: float(row[5]) for row in rows[2:]} == {name: value[0] for name, value in scores.items()}
    with (graded_class.course / "grades.csv").open() as handle:
        nbgrader_rows = list(csv.DictReader(handle))
    assert {r["student_id"]: float(r["score"]) for r in nbgrader_rows} == {n: v[0] for n, v in scores.items()}


# -- a resubmission, then grade-all -------------------------------------------------
@pytest.fixture(scope="module")
def regraded(graded_class, tmp_path_factory):
    """A copy of the graded course: one learner's reflection is scored by hand, then they resubmit all-best answers."""
    from nbgrader.api import Gradebook

    from course.author.content import load_course
    from course.instructor import exchange
    from course.instructor.context import ClassContext

    course = tmp_path_factory.mktemp("regrade") / "course"
    shutil.copytree(graded_class.course, course)
    learner = next(l.name for l in graded_class.learners if l.profile != "blank")
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        gradebook.find_grade("reflection", UNIT, UNIT, learner).manual_score = 2.0
        gradebook.db.commit()
    with class_environment(graded_class.base):
        room = ClassContext.at(course)
        unit = load_course(course / "content").units[UNIT]
        folder = graded_class.base / "homes" / learner / UNIT
        from course.answer.store import AnswerStore

        for question in unit.questions:
            AnswerStore.beside_notebook(UNIT, folder).save(question["id"], next(o["id"] for o in question["options"] if o.get("best")))
        exchange.submit(room, UNIT, learner, folder.parent)
        broken = exchange.fetch(room, UNIT, "learner-broken", graded_class.base / "homes" / "learner-broken")
        (broken / f"{UNIT}.ipynb").write_text("this is not a notebook")
        exchange.submit(room, UNIT, "learner-broken", broken.parent)
        ran = course_cmd(course, "grade-all", "--workers", "2")
    return course, learner, ran


def test_grade_all_grades_only_the_resubmission_and_names_the_one_it_could_not_grade(regraded, graded_class):
    course, learner, ran = regraded
    assert ran.code == 1, ran.out + ran.err  # one submission could not be graded; everything else ran
    lines = ran.out.splitlines()
    assert f"Collect: {UNIT}: 8 submissions collected (2 new or updated)" in lines
    assert any(line.startswith("Autograde: Graded 1 submission in ") for line in lines)
    assert any(line.startswith("Autograde: Could not grade learner-broken/unit1: NotJSONError") for line in lines), lines
    assert not (course / "autograded" / "learner-broken").exists()
    assert "Autograde: 6 submissions already graded and unchanged (use --force to regrade)." in lines
    assert any(line.startswith("Report: Class report: ") for line in lines)
    assert lines[-1] == f"Summary: {UNIT}: 1 graded, 6 unchanged, 1 could not be graded (learner-broken)."
    before, after = cell_grades(graded_class.course), cell_grades(course)
    changed = {key for key in after if after[key] != before[key]}
    assert changed and {student for student, _ in changed} == {learner}


def test_regrading_keeps_a_manual_score_and_flags_it_for_review_as_nbgrader_does(regraded):
    course, learner, _ = regraded
    auto, manual, needs_review, *_ = cell_grades(course)[(learner, "reflection")]
    assert manual == 2.0 and needs_review is True
    assert notebook_scores(course)[learner][0] == 6 + 2.0  # all six questions now right, plus the manual score


# -- clear errors ---------------------------------------------------------------------
def test_an_unknown_unit_is_one_plain_sentence_and_exit_code_1(graded_class):
    ran = course_process(graded_class.course, "release", "unit9")
    assert ran.code == 1
    assert ran.err.strip() == "There is no unit called 'unit9'; the units are: unit1."
    assert "Traceback" not in ran.out + ran.err


def test_outside_a_course_folder_the_command_says_so(tmp_path):
    ran = course_process(tmp_path, "autograde")
    assert ran.code == 1 and ran.err.strip().startswith("No course root (a folder with nbgrader_config.py and content/)")
    ran = course_cmd(tmp_path, "collect")
    assert ran.code == 1 and ran.err.strip() == f"{tmp_path} is not a course folder (it needs nbgrader_config.py and content/course.yml)."


def test_collect_with_an_empty_exchange_says_nothing_was_submitted(graded_class, tmp_path, root, monkeypatch):
    from .support.instructed import copy_course

    course = copy_course(root, tmp_path / "course")
    monkeypatch.setenv("COURSE_EXCHANGE", str(tmp_path / "exchange"))
    ran = course_cmd(course, "collect")
    assert ran.code == 1 and ran.err.strip() == "No unit has been released yet: release one first, e.g. `course release unit1`."
    shutil.copy(graded_class.serial / "gradebook.db", course)  # unit1 recorded as released, but not in this exchange
    ran = course_cmd(course, "collect")
    assert ran.code == 1 and "has no course folder yet: release a unit with `course release` first." in ran.err
    (tmp_path / "exchange" / "compassion-empathy" / "inbound").mkdir(parents=True)
    ran = course_cmd(course, "collect")
    assert ran.code == 1 and ran.err.strip() == "Nothing has been submitted yet for unit1 (the exchange inbox is empty)."


def test_autograde_before_release_or_before_collect_says_what_to_run(graded_class, tmp_path, root):
    from .support.instructed import copy_course

    course = copy_course(root, tmp_path / "course")
    ran = course_cmd(course, "autograde")
    assert ran.code == 1 and ran.err.strip() == "No unit has been released yet: release one first, e.g. `course release unit1`."
    ran = course_cmd(course, "autograde", "unit1")
    assert ran.code == 1 and ran.err.strip() == "unit1 has not been released yet: run `course release unit1` first."
    shutil.copy(graded_class.serial / "gradebook.db", course)
    ran = course_cmd(course, "autograde")
    assert ran.code == 1 and ran.err.strip() == "Nothing has been collected for unit1: run `course collect` first."


# -- figures while grading ---------------------------------------------------------------
def test_autograde_shows_each_figure_as_its_description_instead_of_drawing_it(graded_class, course):
    spec = course.units[UNIT].figures[0]
    notebook = nbformat.read(graded_class.course / "autograded" / DAMAGED / UNIT / f"{UNIT}.ipynb", as_version=4)
    cell = next(c for c in notebook.cells if c.get("id") == f"figure-{spec['id']}")
    data = cell.outputs[0]["data"]
    assert "image/png" not in data and data["text/plain"] == f"Figure: {spec['title']}. Description: {spec['alt']}"
    page = (graded_class.course / "feedback" / DAMAGED / UNIT / f"{UNIT}.html").read_text()
    assert spec["title"] not in page  # the feedback page explains the answers; it does not repeat the lesson


def test_figures_are_drawn_outside_autograde_or_when_the_course_asks_for_them(monkeypatch):
    from course.answer.figures import grading_without_figures

    monkeypatch.setenv("COURSE_FIGURES_WHEN_GRADING", "text")
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    assert grading_without_figures()
    monkeypatch.setenv("NBGRADER_EXECUTION", "validate")
    assert not grading_without_figures()
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    monkeypatch.setenv("COURSE_FIGURES_WHEN_GRADING", "draw")
    assert not grading_without_figures()
