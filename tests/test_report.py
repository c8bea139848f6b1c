"""The class report: exact item statistics, distractor counts named by misconception, mastery, one self-contained page."""
from __future__ import annotations

import base64
import re
import statistics
from html import escape

import pytest

from course.report import stats
from course.report.data import ClassResults, Submission
from course.report.page import render

from .support.instructed import DAMAGED, UNIT


def best(question):
    return next(o["id"] for o in question["options"] if o.get("best"))


def made_up_class(unit, picks: dict[str, list[str]]) -> ClassResults:
    """Learners whose answers to each question are given; points as grading would give them."""
    count = len(next(iter(picks.values())))
    submissions = []
    for number in range(count):
        answers = {qid: chosen[number] for qid, chosen in picks.items()}
        scores = {q["id"]: float(answers.get(q["id"]) == best(q)) * q["points"] for q in unit.questions}
        scores["reflection"] = None
        submissions.append(Submission(f"s{number:02d}", unit.id, answers, scores, sum(v or 0 for v in scores.values())))
    return ClassResults({unit.id: submissions})


# -- statistics on a made-up class (no nbgrader) ------------------------------------
def test_distractor_counts_are_exact_and_named_by_their_misconception(course):
    unit = course.units[UNIT]
    q1 = unit.question("q1")  # a: pity, b: best, c: empathic distress, d: detachment
    picks = {"q1": ["a"] * 12 + ["b"] * 5 + ["c"] * 2 + ["d"]}
    item = next(i for i in stats.analyse(course, made_up_class(unit, picks)).items if i.id == "q1")
    assert [p.sentence() for p in item.picks] == [
        "12 of 20 chose option a (Pity)", "2 of 20 chose option c (Empathic distress)", "1 of 20 chose option d (Detachment)"]
    assert item.difficulty == pytest.approx(5 / 20)
    assert item.picks[0].text == next(o["text"] for o in q1["options"] if o["id"] == "a")


def test_discrimination_is_the_item_rest_correlation_and_the_upper_lower_difference(course):
    unit = course.units[UNIT]
    # Eight learners; the first four answer q1 and q2 well, the last four q1 badly; q2 is right for 0-5.
    picks = {"q1": ["b"] * 4 + ["a"] * 4, "q2": ["a"] * 6 + ["b"] * 2}
    item = next(i for i in stats.analyse(course, made_up_class(unit, picks)).items if i.id == "q1")
    q1 = [1, 1, 1, 1, 0, 0, 0, 0]
    rest = [1, 1, 1, 1, 1, 1, 0, 0]  # each learner's points on the other questions (q2 only)
    assert item.item_rest == pytest.approx(statistics.correlation(q1, rest))
    assert item.upper_lower == pytest.approx(1.0)  # top 27% (2 learners) all right, bottom 2 all wrong


def test_an_item_everyone_gets_right_has_no_discrimination_rather_than_a_crash(course):
    unit = course.units[UNIT]
    item = next(i for i in stats.analyse(course, made_up_class(unit, {"q1": ["b"] * 6})).items if i.id == "q1")
    assert item.difficulty == 1.0 and item.item_rest is None and item.picks == []


def test_mastery_is_the_share_of_points_on_items_tagged_with_each_concept_and_competency(course):
    unit = course.units[UNIT]
    # q1 [compassion, II], q2 [compassion, why-compassion, I], q3 [why-compassion, I], q4 [compassion, XII] ...
    picks = {"q1": ["b"], "q2": ["b"], "q3": ["c"], "q4": ["d"], "q5": ["a"], "q6": ["a"]}
    analysis = stats.analyse(course, made_up_class(unit, picks))
    # compassion: q1 ✓ q2 ✗ q4 ✓ q5 ✗ → 2 of 4; why-compassion: q2 ✗ q3 ✓ q5 ✗ q6 ✓ → 2 of 4
    assert analysis.concepts["s00"] == {"compassion": 0.5, "why-compassion": 0.5}
    assert analysis.samhsa["s00"] == {"II": 0.5, "I": 0.5, "XII": 1.0, "IX": 1.0}


def test_weak_choices_cover_every_question_type():
    rating = {"type": "rating", "scale": ["1", "2", "3", "4"], "options": [
        {"id": "a", "expert": 4}, {"id": "b", "expert": 1, "misconception": "pity"}]}
    assert [oid for oid, _ in stats.weak_choices(rating, {"a": 4, "b": 3})] == ["b"]
    assert stats.weak_choices(rating, {"a": 4, "b": 2}) == []
    best_worst = {"type": "best-worst", "options": [{"id": "a", "best": True}, {"id": "b", "misconception": "judgment"}]}
    assert [oid for oid, _ in stats.weak_choices(best_worst, {"best": "b", "worst": "a"})] == ["b"]
    roleplay = {"type": "roleplay", "start": "t1", "turns": {
        "t1": {"choices": [{"id": "a", "next": "t2", "shows": "validation"}, {"id": "b", "next": "t2", "shows": "rushing-trust"}]},
        "t2": {"choices": [{"id": "a", "next": "end", "shows": "advice-giving"}]}}, "endings": {"end": {}}}
    run = {"runs": [{"path": [["t1", "b"], ["t2", "a"]], "ending": "end"}, {"path": [["t1", "a"]], "ending": None}]}
    assert [oid for oid, _ in stats.weak_choices(roleplay, run)] == ["t1/b", "t2/a"]  # first run only
    assert stats.weak_choices(roleplay, "garbage") == [] and stats.weak_choices(rating, ["b"]) == []


# -- the report of the real class ---------------------------------------------------
@pytest.fixture(scope="module")
def report_html(graded_class):
    assert graded_class.ran["report"].code == 0, graded_class.ran["report"].err
    return (graded_class.course / "reports" / "class-report.html").read_text()


def saved_choices(graded_class, question_id):
    """What each graded learner saved for one question (the damaged file reads as nothing)."""
    return {name.split("/")[0]: None if name.startswith(DAMAGED) else answers.get(question_id)
            for name, answers in graded_class.saved.items()}


@pytest.mark.pipeline
def test_report_counts_every_weak_option_the_class_chose_exactly(graded_class, report_html, course):
    names = {k: v["name"] for k, v in course.tags["misconceptions"].items()}
    checked = 0
    for question in course.units[UNIT].questions:
        chosen = list(saved_choices(graded_class, question["id"]).values())
        for option in question["options"]:
            count = chosen.count(option["id"])
            if count and "misconception" in option:
                sentence = f"{count} of 7 chose option {option['id']} ({names[option['misconception']]})"
                assert escape(sentence) in report_html, sentence
                checked += 1
    assert checked >= 3
    # Pinned for seed 11, so a change in the generator or the counting shows up: on q1,
    # learner001 chose c and learner006 chose a; everyone else who answered chose the best, b.
    assert "1 of 7 chose option c (Empathic distress)" in report_html
    assert "1 of 7 chose option a (Pity)" in report_html


@pytest.mark.pipeline
def test_report_difficulty_matches_the_share_of_learners_who_chose_the_best_option(graded_class, course):
    from course.instructor.context import ClassContext
    from course.report import data

    results = data.gather(ClassContext.at(graded_class.course), course)
    analysis = stats.analyse(course, results)
    for question in course.units[UNIT].questions:
        chosen = saved_choices(graded_class, question["id"])
        right = sum(1 for value in chosen.values() if value == best(question))
        item = next(i for i in analysis.items if i.id == question["id"])
        assert item.difficulty == pytest.approx(right / 7), question["id"]


@pytest.mark.pipeline
def test_report_is_one_self_contained_page_with_described_figures(report_html):
    assert report_html.index("What the class misunderstood") < report_html.index("<h2>Scores</h2>")
    assert not re.search(r"(?:src|href)\s*=\s*['\"](?!data:)", report_html), "nothing loaded from elsewhere"
    assert "<script" not in report_html and "http://" not in report_html and "https://" not in report_html
    images = re.findall(r"<img src='data:image/png;base64,([^']+)' alt='([^']+)'>", report_html)
    assert len(images) == 5  # scores, questions, misconceptions, concept mastery, SAMHSA mastery
    for data, alt in images:
        assert base64.b64decode(data).startswith(b"\x89PNG") and len(alt) > 30
    assert "learner-damaged" in report_html  # every learner has a row in the mastery tables


@pytest.mark.pipeline
def test_report_summary_names_the_misconception_chosen_most(graded_class, report_html):
    from course.author.content import load_course
    from course.instructor.context import ClassContext
    from course.report import data

    course = load_course(graded_class.course / "content")  # the class's course: unit1 only

    analysis = stats.analyse(course, data.gather(ClassContext.at(graded_class.course), course))
    top = analysis.misconceptions[0]
    summary = report_html.split("<h2>Scores</h2>")[0]
    assert escape(f"{top.name}: chosen {top.picks} time") in summary
    assert render(course, analysis).split("Made ")[1][16:] == report_html.split("Made ")[1][16:]
