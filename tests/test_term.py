"""A real term on the whole course: units come out week by week and `course grade-all` grades what is there.

The term (tests/support/term.py) runs once: nine units listed, three released over three weeks,
four learners (one joins in week 2), scored reflections, a late resubmission, an extension, and a
learner who slips a unit that is not out yet into the exchange. Every command is the real `course`
command on a real nbgrader exchange and gradebook.
"""
from __future__ import annotations

import csv
import re
import pytest

from .conftest import class_environment
from .support.instructed import cell_grades
from .support.term import EXTENSION, MANUAL, run, stamps

pytestmark = pytest.mark.pipeline

LATER = "unit3, unit4, unit5, unit6, unit7, unit8"
NOT_OUT_IN_WEEK1 = f"Skipped unit2, {LATER}, final: not released yet."
NOTHING_YET = ["Collect: Nothing has been submitted yet for unit1 (the exchange inbox is empty).",
               "Autograde: Nothing has been collected for unit1: run `course collect` first.",
               "Feedback: No graded work for unit1 yet: run `course autograde` first.",
               "Export: The gradebook has no learners yet: collect and autograde submissions first.",
               "Report: Class report: <course>/reports/class-report.html",
               "Summary: unit1: nothing collected yet.",
               f"Summary: {NOT_OUT_IN_WEEK1}"]


@pytest.fixture(scope="module")
def term(tmp_path_factory, root):
    base = tmp_path_factory.mktemp("term")
    with class_environment(base):
        return run(base, root)


def said(term, label: str) -> list[str]:
    """What a command printed (stdout, then stderr), with the class's folders and timings made readable."""
    ran = term.ran[label]
    text = (ran.out + ran.err).replace(str(term.course), "<course>").replace(str(term.course.parent), "<base>")
    return [re.sub(r" in \d+ s with ", " in N s with ", line) for line in text.splitlines()]


def submissions(term, unit: str) -> dict:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{term.course / 'gradebook.db'}") as gradebook:
        assignment = gradebook.find_assignment(unit)
        return {s.student.id: {"timestamp": s.timestamp, "late": s.total_seconds_late, "extension": s.extension,
                               "penalty": s.late_submission_penalty, "due": assignment.duedate}
                for s in assignment.submissions}


# -- before week 1 ------------------------------------------------------------------------
def test_grade_all_before_any_release_is_one_plain_sentence_and_exit_code_1(term):
    ran = term.ran["grade-all before any release"]
    assert ran.code == 1 and ran.out == ""
    assert said(term, "grade-all before any release") == [
        "No unit has been released yet: release one first, e.g. `course release unit1`."]


def test_grade_all_with_nothing_submitted_says_so_step_by_step_and_succeeds(term):
    assert term.ran["grade-all before anyone submits"].code == 0
    assert said(term, "grade-all before anyone submits") == NOTHING_YET


def test_grade_all_exits_1_and_names_the_step_that_failed(term):
    assert term.ran["grade-all with the wrong exchange"].code == 1
    assert said(term, "grade-all with the wrong exchange") == [
        "Collect: The exchange at <base>/elsewhere/exchange has no course folder yet: "
        "release a unit with `course release` first.", *NOTHING_YET[1:], "Summary: Collect failed (see above)."]


# -- week 1 ---------------------------------------------------------------------------------
def test_week_1_grade_all_grades_unit1_and_skips_every_unit_not_released_yet(term):
    assert term.ran["week 1 grade-all"].code == 0
    assert said(term, "week 1 grade-all") == [
        "Collect: unit1: 3 submissions collected (3 new or updated)",
        "Autograde: Graded 3 submissions in N s with 2 workers.",
        "Feedback: unit1: feedback for 3 learners, released",
        "Export: <course>/grades.csv: 3 rows (nbgrader format)",
        "Export: <course>/canvas-grades.csv: 3 learners × 1 units (Canvas format)",
        "Report: Class report: <course>/reports/class-report.html",
        "Summary: unit1: 3 graded.",
        f"Summary: {NOT_OUT_IN_WEEK1}"]


def test_naming_a_unit_not_released_is_a_plain_error_and_plain_autograde_works_mid_term(term):
    named = term.ran["autograde unit2 in week 1"]
    assert named.code == 1 and named.err.strip() == "unit2 has not been released yet: run `course release unit2` first."
    assert term.ran["week 1 autograde again"].code == 0
    assert said(term, "week 1 autograde again") == [
        "Nothing new to grade.", "3 submissions already graded and unchanged (use --force to regrade).", NOT_OUT_IN_WEEK1]


def test_scored_reflections_reach_each_learner_in_their_own_released_feedback_only(term):
    assert said(term, "week 1 feedback") == [
        "unit1: feedback for 3 learners, released", NOT_OUT_IN_WEEK1]
    for learner, (score, comment) in MANUAL.items():
        pages = term.feedback[learner]
        assert len(pages) == 1, f"{learner} fetched {pages}"
        page = pages[0].read_text(encoding="utf-8")
        assert comment in page and f"Score: {score:g} of 3 points." in page
        assert f"Your total: {term.after_week1['earned'][learner]:g} of 9 points." in page  # reflection included
        assert all(other not in page for name, (_, other) in MANUAL.items() if name != learner)


# -- week 2 ---------------------------------------------------------------------------------
def test_week_2_grade_all_grades_only_the_new_work(term):
    assert term.ran["week 2 grade-all"].code == 0
    assert said(term, "week 2 grade-all") == [
        "Collect: unit1: 3 submissions collected (1 new or updated)",
        "Collect: unit2: 4 submissions collected (4 new or updated)",
        "Autograde: Graded 5 submissions in N s with 2 workers.",
        "Autograde: 2 submissions already graded and unchanged (use --force to regrade).",
        "Feedback: unit1: feedback for 3 learners, released",
        "Feedback: unit2: feedback for 4 learners, released",
        "Export: <course>/grades.csv: 8 rows (nbgrader format)",
        "Export: <course>/canvas-grades.csv: 4 learners × 2 units (Canvas format)",
        "Report: Class report: <course>/reports/class-report.html",
        "Summary: unit1: 1 graded, 2 unchanged.",
        "Summary: unit2: 4 graded.",
        f"Summary: Skipped {LATER}, final: not released yet."]
    before, now = term.after_week1["files"], stamps(term.course / "autograded", "unit1")
    assert {learner for learner in now if now[learner] != before[learner]} == {"amara"}  # only her resubmission


def test_regrading_a_resubmission_keeps_the_reflection_score_and_comment_and_flags_it_for_review(term):
    before, now = term.after_week1["grades"], cell_grades(term.course, "unit1")
    changed = {key for key in now if now[key] != before[key]}
    assert changed == {("amara", f"q{n}") for n in range(1, 7)} | {("amara", "reflection")}  # all right now; flagged
    scored = [(grades[("amara", "reflection")][1], grades[("amara", "reflection")][4]) for grades in (before, now)]
    assert scored == [MANUAL["amara"]] * 2  # the score and comment the instructor gave are kept
    assert (before[("amara", "reflection")][2], now[("amara", "reflection")][2]) == (False, True)  # as nbgrader does


def test_a_resubmission_after_the_due_date_is_late_as_nbgrader_marks_it_and_an_extension_keeps_cruz_on_time(term):
    unit1, unit2 = submissions(term, "unit1"), submissions(term, "unit2")
    assert unit1["amara"]["due"] == term.due["unit1"] and unit2["cruz"]["due"] == term.due["unit2"]
    assert unit1["amara"]["timestamp"] > term.due["unit1"] and unit1["amara"]["late"] > 0
    assert unit1["amara"]["penalty"] == 0  # nbgrader's default late policy: marked late, no points taken
    assert unit2["cruz"]["timestamp"] > term.due["unit2"] and unit2["cruz"]["extension"] == EXTENSION
    assert unit2["cruz"]["late"] == 0
    on_time = {(unit, learner) for unit, subs in (("unit1", unit1), ("unit2", unit2)) for learner, s in subs.items()
               if s["late"] == 0}
    assert on_time == {("unit1", "ben"), ("unit1", "cruz"), *(("unit2", n) for n in ("amara", "ben", "cruz", "dee"))}
    assert unit2["cruz"]["timestamp"] < term.due["unit2"] + EXTENSION


def test_a_unit_slipped_into_the_exchange_before_its_release_is_never_collected_or_graded(term):
    inbox = term.exchange / "compassion-empathy" / "inbound"
    assert [p.name.split("+")[:2] for p in inbox.glob("*+unit3+*")] == [["dee", "unit3"]]
    assert not (term.course / "submitted" / "dee" / "unit3").exists()
    assert not (term.course / "autograded" / "dee" / "unit3").exists()
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{term.course / 'gradebook.db'}") as gradebook:
        assert sorted(a.name for a in gradebook.assignments) == ["final", "unit1", "unit2"]


# -- final week -----------------------------------------------------------------------------
def test_releasing_again_with_no_unit_named_changes_only_the_units_already_out(term):
    assert said(term, "release again") == ["unit1: already released (unchanged)", "unit2: already released (unchanged)",
                                           f"Skipped {LATER}, final: not released yet."]
    assert said(term, "release final") == ["final: released"]


def test_final_week_grade_all_grades_only_the_final(term):
    assert term.ran["final week grade-all"].code == 0
    assert said(term, "final week grade-all") == [
        "Collect: unit1: 3 submissions collected (0 new or updated)",
        "Collect: unit2: 4 submissions collected (0 new or updated)",
        "Collect: final: 4 submissions collected (4 new or updated)",
        "Autograde: Graded 4 submissions in N s with 2 workers.",
        "Autograde: 7 submissions already graded and unchanged (use --force to regrade).",
        "Feedback: unit1: feedback for 3 learners, released",
        "Feedback: unit2: feedback for 4 learners, released",
        "Feedback: final: feedback for 4 learners, released",
        "Export: <course>/grades.csv: 12 rows (nbgrader format)",
        "Export: <course>/canvas-grades.csv: 4 learners × 3 units (Canvas format)",
        "Report: Class report: <course>/reports/class-report.html",
        "Summary: unit1: 3 unchanged.",
        "Summary: unit2: 4 unchanged.",
        "Summary: final: 4 graded.",
        f"Summary: Skipped {LATER}: not released yet."]


def possible_points(term, unit: str) -> float:
    """A unit's points as the content gives them: every question, and the reflection if it has one."""
    content = term.content.units[unit]
    return sum(q["points"] for q in content.questions) + (content.reflection or {}).get("points", 0)


def test_export_gives_every_learner_the_exact_total_of_each_released_unit(term):
    units = ["unit1", "unit2", "final"]
    assert said(term, "export") == ["<course>/grades.csv: 12 rows (nbgrader format)",
                                    "<course>/canvas-grades.csv: 4 learners × 3 units (Canvas format)"]
    with (term.course / "canvas-grades.csv").open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    possible = [possible_points(term, unit) for unit in units]
    assert rows[0][5:] == units and rows[1][5:] == [f"{p:g}" for p in possible]
    canvas = {row[3]: [round(float(mark), 2) if mark else None for mark in row[5:]] for row in rows[2:]}
    assert canvas == {learner: [term.earned.get((learner, unit)) for unit in units]
                      for learner in ("amara", "ben", "cruz", "dee")}
    assert canvas["dee"][0] is None  # joined in week 2: unit1 left blank, not 0
    with (term.course / "grades.csv").open(encoding="utf-8") as handle:
        nbgrader_rows = {(r["student_id"], r["assignment"]): round(float(r["score"]), 2) for r in csv.DictReader(handle)}
    assert nbgrader_rows == {**term.earned, ("dee", "unit1"): 0.0}  # nbgrader's own export counts a missing unit as 0


def test_report_covers_the_released_units_with_each_units_exact_scores(term):
    assert said(term, "report") == ["Class report written to <course>/reports/class-report.html (open it in a browser).",
                                    f"Skipped {LATER}: not released yet."]
    page = (term.course / "reports" / "class-report.html").read_text(encoding="utf-8")
    table = page[page.index("<caption>Scores per unit"):]
    rows = [re.findall(r"<td[^>]*>([^<]*)</td>", row) for row in re.findall(r"<tr>(.*?)</tr>", table[:table.index("</table>")])]
    assert [row[:3] for row in rows[1:]] == [[unit, term.content.units[unit].title, str(learners)]
                                             for unit, learners in (("unit1", 3), ("unit2", 4), ("final", 4))]
    for unit, title, _, mean, median, lowest, highest in rows[1:]:
        totals = sorted(value for (_, u), value in term.earned.items() if u == unit)
        middle = len(totals) // 2
        exact = [sum(totals) / len(totals), totals[middle] if len(totals) % 2 else (totals[middle - 1] + totals[middle]) / 2,
                 totals[0], totals[-1]]
        shown = [float(mean.split(" / ")[0]), float(median), float(lowest), float(highest)]
        tolerance = [0.05, 0.01, 0.01, 0.01]  # the mean is shown to one decimal, the rest as stored (1/3 as 0.333333)
        assert all(abs(a - b) <= t for a, b, t in zip(shown, exact, tolerance)), (unit, shown, exact)
        assert mean.endswith(f" / {possible_points(term, unit):g}")
