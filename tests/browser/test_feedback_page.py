"""The feedback page a learner fetches: made by nbgrader's own feedback step with the course's template.

One learner joins the class of tests/support/instructed.py (a copy, with an exchange of its own) with
a mix of answers: right, wrong, unanswered, and two edited by hand into something that cannot be
scored. The class is collected, autograded and given feedback with `course` commands; the learner
fetches it as the Assignments tab does, and it is read in Chromium. Then a grader scores the
reflection with a comment, feedback is made again, and the learner fetches it again.
"""
from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from ..conftest import class_environment
from ..support.answers import all_wrong
from ..support.feedback import MIXED, REFLECTION, graded_with_feedback, mixed_answers
from ..support.instructed import UNIT, course_cmd
from .axe import by_impact, run_axe
from .conftest import new_page

COMMENT = "A clear, specific moment. Next time, say what you will do differently & why."
OLDER_PRINT = "Question 1: 1 of 1 point.\nYou chose: “Go on, I'm listening.”\n✓ Best response. It leaves room."


@dataclass
class Fetched:
    home: Path
    where: list[Path]  # the pages fetch_feedback put in the learner's folder (fetching again replaces them)
    pending: Path      # a copy of the page fetched before the reflection was scored
    scored: Path       # the page fetched after


@pytest.fixture(scope="module")
def fetched(graded_class, tmp_path_factory, course) -> Fetched:
    from nbgrader.api import Gradebook

    from course.instructor import exchange
    from course.instructor.context import ClassContext

    base = tmp_path_factory.mktemp("feedback-page")
    root = base / "course"
    shutil.copytree(graded_class.course, root)
    with class_environment(base):  # an exchange of its own: other tests submit to the class's
        assert course_cmd(root, "release", UNIT).code == 0
        home = base / "homes" / MIXED
        where = graded_with_feedback(root, home, mixed_answers(course.units[UNIT]))
        pending = shutil.copy(where[0], base / "pending.html")
        with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gradebook:
            gradebook.find_grade("reflection", UNIT, UNIT, MIXED).manual_score = 2.5
            gradebook.find_comment("reflection", UNIT, UNIT, MIXED).manual_comment = COMMENT
            gradebook.db.commit()
        ran = course_cmd(root, "feedback")
        assert ran.code == 0 and f"{UNIT}: feedback for 8 learners, released" in ran.out, ran.out + ran.err
        assert exchange.fetch_feedback(ClassContext.at(root), UNIT, MIXED, home) == where
    return Fetched(home, where, Path(pending), where[0])


@pytest.fixture(scope="module")
def tab(browser):
    opened = new_page(browser)
    yield opened
    opened.close()


def show(tab, path: Path):
    tab.set_viewport_size({"width": 1000, "height": 800})
    tab.goto(path.as_uri())
    return tab


def rows(tab) -> list[list[str]]:
    return tab.eval_on_selector_all("table tbody tr", "rows => rows.map(r => [...r.cells].map(c => c.innerText.trim()))")


def text_of(tab, selector: str) -> str:
    return tab.locator(selector).inner_text()


def test_the_page_is_fetched_into_the_learners_unit_folder_under_nbgraders_name(fetched):
    assert len(fetched.where) == 1
    page = fetched.where[0]
    assert page.name == f"{UNIT}.html" and page.parent.parent == fetched.home / UNIT / "feedback"


def test_the_summary_gives_points_per_question_and_the_reflection_as_pending(fetched, tab):
    show(tab, fetched.pending)
    assert rows(tab) == [
        ["Question 1", "1 of 1 point", "✓ Full points"],
        ["Question 2", "0 of 1 point", "✗ No points"],
        ["Question 3", "0 of 1 point", "⚠ Not scored: see why below"],
        ["Question 4", "0 of 1 point", "⚠ Not scored: see why below"],
        ["Question 5", "0 of 1 point", "⚠ Not scored: see why below"],
        ["Question 6", "1 of 1 point", "✓ Full points"],
        ["Reflection", "not scored yet (out of 3)", "○ Waiting for your instructor"],
    ]
    assert tab.eval_on_selector_all("section[aria-labelledby=summary] > p", "ps => ps.map(p => p.innerText)") == [
        "Points so far: 2 of 6 points.",
        "This is not your final total: your reflection (3 points) is waiting for your instructor. "
        "Your total will be out of 9."]
    assert "Your total:" not in tab.content()  # nothing reads as final while the reflection waits
    assert "Waiting for your instructor." in text_of(tab, "#reflection")


def test_each_question_shows_its_scenario_the_answer_and_why_in_plain_text(fetched, tab, course):
    show(tab, fetched.pending)
    unit = course.units[UNIT]
    questions = {q["id"]: q for q in unit.questions}
    answers = mixed_answers(unit)
    for question_id, question in questions.items():
        section = text_of(tab, f"section#{question_id}")
        assert question["says"] in section and question["ask"] in section, question_id
        best = next(o for o in question["options"] if o.get("best"))
        assert best["text"] in section and best["why"] in section, question_id
    weaker = next(o for o in questions["q2"]["options"] if o["id"] == answers["q2"])
    q2 = text_of(tab, "section#q2")
    assert "✗ This is not the best response." in q2 and weaker["text"] in q2 and weaker["why"] in q2
    assert "✓ You chose the best response." in text_of(tab, "section#q1")
    assert "Why the other responses are weaker" in text_of(tab, "section#q6")
    assert "No answer could be scored: No answer was saved for this question." in text_of(tab, "section#q3")
    assert "the saved answer is a list, not one of the options" in text_of(tab, "section#q4")
    assert "the saved answer does not match any option of this question" in text_of(tab, "section#q5")


def test_no_code_cell_numbers_keys_or_lesson_reach_the_page(fetched, tab, course):
    html = fetched.pending.read_text(encoding="utf-8")
    for code in ("In [", "Out[", "grade(", "BEGIN HIDDEN", "key=", '"best"', "from course", "Traceback", "unit.question"):
        assert code not in html, code
    show(tab, fetched.pending)
    assert tab.eval_on_selector_all("pre, code, script, textarea, input, .input_area, .prompt", "found => found.length") == 0
    lesson = next(b.text for b in course.units[UNIT].blocks if hasattr(b, "text") and b.text.startswith("## "))
    assert lesson.splitlines()[0].lstrip("# ") not in tab.inner_text("main")  # the lesson is not repeated
    written = text_of(tab, "#reflection .written")
    assert written == REFLECTION  # the learner's own words, shown as text, markup and all


def test_headings_run_in_order_and_the_mastery_chart_has_its_text_alternative(fetched, tab):
    show(tab, fetched.pending)
    levels = tab.eval_on_selector_all("h1, h2, h3, h4, h5, h6", "hs => hs.map(h => Number(h.tagName[1]))")
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(after - before <= 1 for before, after in zip(levels, levels[1:])), levels
    image = tab.locator("section[aria-labelledby=mastery] img")
    alt = image.get_attribute("alt")
    assert alt.startswith("Your mastery of each concept in Unit 1: ") and "%" in alt
    assert alt.removeprefix("Your mastery of each concept in Unit 1: ") in text_of(tab, "section[aria-labelledby=mastery] figcaption")


@pytest.mark.parametrize("width", [640, 320])  # 1280 px wide at 200% and at 400% zoom
def test_the_page_reflows_with_no_sideways_scrolling_when_zoomed(fetched, tab, width):
    show(tab, fetched.pending)
    tab.set_viewport_size({"width": width, "height": 800})
    assert tab.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def test_axe_finds_no_violations_before_or_after_the_reflection_is_scored(fetched, tab, axe):
    for page in (fetched.pending, fetched.scored):
        show(tab, page)
        found = run_axe(tab, axe)
        assert by_impact(found) == {"critical": 0, "serious": 0, "moderate": 0, "minor": 0}, [str(f) for f in found]


def test_once_the_reflection_is_scored_the_page_shows_the_score_the_comment_and_a_final_total(fetched, tab):
    assert fetched.scored.read_text() != fetched.pending.read_text()
    show(tab, fetched.scored)
    assert rows(tab)[-1] == ["Reflection", "2.5 of 3 points", "◐ Part of the points"]
    assert text_of(tab, "section[aria-labelledby=summary] p.total") == "Your total: 4.5 of 9 points."
    reflection = text_of(tab, "#reflection")
    assert "Score: 2.5 of 3 points." in reflection and COMMENT in reflection
    assert "Waiting" not in tab.inner_text("main") and "not your final total" not in tab.inner_text("main")


# -- the other kinds of question, through the same template ------------------------------------
def conversation(question, replies: list[str]) -> dict:
    """The saved answer of a first conversation that says ``replies`` in turn."""
    path, at = [], question["start"]
    for reply in replies:
        path.append([at, reply])
        at = next(c["next"] for c in question["turns"][at]["choices"] if c["id"] == reply)
    return {"runs": [{"path": path, "ending": at}]}


@pytest.fixture(scope="module")
def other_kinds(course, tmp_path_factory) -> Path:
    """A page with unit 4's best-worst and rating questions and unit 7's role-play, each answered poorly,
    scored by the grading code and laid out by the course's feedback template (nbconvert, as nbgrader runs it)."""
    import nbformat
    from nbconvert import HTMLExporter

    from course.answer.store import AnswerStore
    from course.author.build import source_files
    from course.author.notebook import answer_key
    from course.grade import grade
    from course.instructor import feedback_page, feedback_views as views

    base = tmp_path_factory.mktemp("other-kinds")
    questions = []
    for unit_id in ("unit4", "unit7"):
        unit, folder = course.units[unit_id], base / unit_id
        folder.mkdir()
        for name, text in source_files(unit, course.tags).items():
            (folder / name).write_text(text, encoding="utf-8")
        items = json.loads((folder / f"{unit_id}.items.json").read_text(encoding="utf-8"))
        for question in (q for q in unit.questions if q["type"] != "choice"):
            value, _ = all_wrong(question)
            if question["type"] == "roleplay":
                value = conversation(question, value)
            AnswerStore.beside_notebook(unit_id, folder).save(question["id"], value)
            points = grade(unit_id, question["id"], question["points"], answer_key(question, course.tags), folder=folder)
            graded = views.Graded(question["id"], float(points), float(question["points"]))
            questions.append(views.question(graded, points.explanation, items))
        if unit_id == "unit4":  # graded before grade cells returned their explanation: only printed text
            older = unit.questions[0]
            questions.append(views.question(views.Graded(older["id"], 1.0, 1.0), None, items, OLDER_PRINT))
    page = views.Page("Best-worst, rating and role-play", sum(q.row.score for q in questions),
                              sum(q.row.points for q in questions), 0.0, rows=[q.row for q in questions], questions=questions)
    exporter = HTMLExporter(template_name="feedback", extra_template_basedirs=feedback_page.template_dirs())
    html, _ = exporter.from_notebook_node(nbformat.v4.new_notebook(), resources={"course": page})
    (base / "page.html").write_text(html, encoding="utf-8")
    return base / "page.html"


def test_the_roleplay_shows_each_turn_a_reply_that_builds_more_trust_and_the_described_plot(other_kinds, tab, course):
    show(tab, other_kinds)
    question = course.units["unit7"].question("conversation")
    replies, _ = all_wrong(question)
    turns = tab.eval_on_selector_all("section#conversation ol.turns > li", "lis => lis.map(li => li.innerText)")
    assert len(turns) == len(replies) and all(t.startswith(f"Turn {n}. Curtis: “") for n, t in enumerate(turns, 1))
    assert all("You: “" in t for t in turns)
    assert any("A reply that would have built more trust" in t for t in turns)  # shown where one would have
    alt = tab.locator("section#conversation figure img").get_attribute("alt")
    assert alt.startswith(f"A line chart of your {len(replies)}-turn conversation: trust went from 0 to ")
    assert alt in text_of(tab, "section#conversation figcaption")
    assert "press “Say this”" not in text_of(tab, "section#conversation")  # the live widget's instructions


def test_best_worst_and_rating_questions_explain_each_pick_and_rating(other_kinds, tab, course):
    show(tab, other_kinds)
    headings = tab.eval_on_selector_all("section.question h4", "hs => hs.map(h => h.innerText)")
    assert {"Your choice of the best response", "The best response", "Your choice of the worst response",
            "The worst response", "Your ratings compared with an experienced peer supporter's"} <= set(headings)
    rating = next(q for q in course.units["unit4"].questions if q["type"] == "rating")
    rated = tab.eval_on_selector_all(f"section#{rating['id']} ul.responses > li", "lis => lis.map(li => li.innerText)")
    assert len(rated) == len(rating["options"])
    assert all("an experienced peer supporter rated it" in line for line in rated)


def test_axe_and_reflow_on_the_best_worst_rating_and_roleplay_sections(other_kinds, tab, axe):
    show(tab, other_kinds)
    found = run_axe(tab, axe)
    assert by_impact(found) == {"critical": 0, "serious": 0, "moderate": 0, "minor": 0}, [str(f) for f in found]
    tab.set_viewport_size({"width": 320, "height": 800})
    assert tab.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def test_a_question_graded_before_explanations_were_data_shows_its_scene_and_what_its_cell_printed(other_kinds, tab,
                                                                                                   course):
    show(tab, other_kinds)
    older = course.units["unit4"].questions[0]
    section = tab.locator(f"section#{older['id']}")
    assert section.locator(".written").inner_text() == OLDER_PRINT  # line breaks kept, text wrapped
    assert older["says"] in section.inner_text() and "not available" not in section.inner_text()
