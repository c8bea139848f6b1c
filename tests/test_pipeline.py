"""The whole nbgrader journey for a class, with exact scores.

generate → release → fetch → answer (real widgets in a kernel) → submit → collect
→ autograde → manual grade of a reflection → feedback → export.
One class run is shared by every test here (it is the slow part).
"""
from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

from .support.classroom import Classroom, Learner
from .support.notebooks import problems, text_of

UNIT = "unit1"
REFLECTION = "My cousin once said 'you poor thing' when I was struggling, and I felt small. Later a peer asked what the week had been like and just listened; that felt like compassion. I will reflect what I hear before offering anything."


def best(question):
    return next(o["id"] for o in question["options"] if o.get("best"))


def a_wrong(question):
    return next(o["id"] for o in question["options"] if not o.get("best"))


def damage(folder: Path) -> None:
    (folder / f"{UNIT}.answers.json").write_bytes(b'{"format": "course-answers/1", "answers": {"q1": \xff\xfe')


def hand_edit(folder: Path) -> None:
    path = folder / f"{UNIT}.answers.json"
    data = json.loads(path.read_text())
    data["answers"]["q1"]["value"] = ["b"]          # wrong type
    data["answers"]["q2"]["value"] = "z"            # no such option
    path.write_text(json.dumps(data))


@pytest.fixture(scope="module")
def unit(course):
    return course.units[UNIT]


@pytest.fixture(scope="module")
def learners(unit):
    questions = unit.questions
    return {
        "perfect": Learner("perfect", {q["id"]: best(q) for q in questions}, REFLECTION),
        "allwrong": Learner("allwrong", {q["id"]: a_wrong(q) for q in questions}),
        "blank": Learner("blank"),
        "corrupt": Learner("corrupt", {q["id"]: best(q) for q in questions}, afterwards=damage),
        "edited": Learner("edited", {q["id"]: best(q) for q in questions}, afterwards=hand_edit),
    }


@pytest.fixture(scope="module")
def classroom(tmp_path_factory, root, learners):
    room = Classroom(tmp_path_factory.mktemp("class"), root)
    room.release(UNIT)
    for learner in learners.values():
        room.fetch(learner, UNIT)
        room.answer(learner, UNIT)
        room.submit(learner, UNIT)
    room.autograde_output = room.collect_and_grade(UNIT)
    return room


def autograded(room: Classroom, student: str) -> nbformat.NotebookNode:
    return nbformat.read(room.course / "autograded" / student / UNIT / f"{UNIT}.ipynb", as_version=4)


def gradebook_scores(room: Classroom) -> dict[str, float]:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{room.course / 'gradebook.db'}") as gradebook:
        return {s.student.id: s.score for s in gradebook.find_assignment(UNIT).submissions}


@pytest.mark.pipeline
def test_widgets_wrote_the_answers_that_were_clicked(classroom, learners):
    saved = classroom.saved_answers(learners["perfect"], UNIT)
    assert {qid: entry["value"] for qid, entry in saved.items() if qid.startswith("q")} == learners["perfect"].answers
    assert saved["reflection"]["value"] == REFLECTION
    assert not (classroom.homes / "blank" / UNIT / f"{UNIT}.answers.json").exists()


@pytest.mark.pipeline
def test_autograde_gives_exact_scores_for_perfect_wrong_blank_corrupt_and_edited(classroom, unit):
    auto_points = sum(q["points"] for q in unit.questions)
    assert auto_points == 6
    assert gradebook_scores(classroom) == {
        "perfect": auto_points, "allwrong": 0, "blank": 0, "corrupt": 0, "edited": auto_points - 2,
    }


@pytest.mark.pipeline
def test_damaged_and_edited_answers_score_zero_with_a_readable_reason(classroom):
    corrupt = text_of(autograded(classroom, "corrupt"), "q1")
    assert "0 of 1 point" in corrupt and "is damaged and could not be read" in corrupt
    edited = autograded(classroom, "edited")
    assert "is a list, not one of the options" in text_of(edited, "q1")
    assert "does not match any option" in text_of(edited, "q2")
    assert "1 of 1 point" in text_of(edited, "q3")
    assert "No saved answers were found" in text_of(autograded(classroom, "blank"), "q1")


@pytest.mark.pipeline
def test_grade_cells_write_nothing_to_stderr_and_raise_nothing(classroom, learners):
    for student in learners:
        assert problems(autograded(classroom, student)) == [], student


@pytest.mark.pipeline
def test_reflection_reaches_the_grader_and_manual_score_counts(classroom):
    from nbgrader.api import Gradebook

    notebook = autograded(classroom, "perfect")
    assert "I will reflect what I hear before offering anything." in text_of(notebook, "reflection-answer")
    with Gradebook(f"sqlite:///{classroom.course / 'gradebook.db'}") as gradebook:
        grade = gradebook.find_grade("reflection", UNIT, UNIT, "perfect")
        assert grade.auto_score is None and grade.needs_manual_grade
        grade.manual_score = 2.5
        gradebook.db.commit()
    classroom.feedback(UNIT)
    assert classroom.export()[("perfect", UNIT)] == 8.5


@pytest.mark.pipeline
def test_feedback_explains_each_choice_in_plain_words(classroom, unit):
    classroom.feedback(UNIT)
    wrong = (classroom.course / "feedback" / "allwrong" / UNIT / f"{UNIT}.html").read_text()
    perfect = (classroom.course / "feedback" / "perfect" / UNIT / f"{UNIT}.html").read_text()
    assert "<h3>Question 1: 0 of 1 point</h3>" in wrong and "✗ This is not the best response." in wrong
    assert "<h4>The best response</h4>" in wrong
    assert "<h3>Question 6: 1 of 1 point</h3>" in perfect and "✓ You chose the best response." in perfect
    assert "Traceback (most recent call last)" not in wrong + perfect and "ename" not in wrong + perfect
    assert "In [" not in wrong + perfect and "grade(" not in wrong + perfect  # no code, no cell numbers
    assert "I will reflect what I hear before offering anything." in perfect  # their reflection, as they wrote it
    assert "unpkg.com" not in perfect  # nothing that needs the internet


@pytest.mark.pipeline
def test_grades_export_matches_the_gradebook(classroom):
    exported = classroom.export()
    assert {student: score for (student, unit), score in exported.items() if unit == UNIT} == gradebook_scores(classroom)
