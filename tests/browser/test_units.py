"""Every release unit in a real JupyterLab and Chromium, as a learner uses it.

Per unit (in this order, on one tab): Run All draws every activity cleanly; every click is saved
at once and shown again after a kernel restart and after a page reload; every figure has a text
alternative; the course's own outputs pass axe-core with no serious or critical violation.
"""
from __future__ import annotations

import json

from playwright.sync_api import expect

from .answering import answer, saved_answers, shown, wait_for_answers
from .axe import by_impact, run_axe, split
from .notebook import activity, problems, reload, restart_kernel, run_all


def test_run_all_draws_every_activity_with_no_error_output(unit):
    page = unit.page
    assert problems(page) == []
    assert page.locator(".jp-Notebook .course-activity").count() == len(unit.activities)
    for act in unit.activities:
        assert activity(page, act.cell).count() == 1, f"cell {act.cell} ({act.key}) shows no activity"
    assert not unit.answers_file.exists()  # running a unit is not answering it


def test_each_click_is_saved_at_once_and_shown_again_after_restart_and_reload(unit):
    page = unit.page
    expected = {act.key: answer(page, act, seed=act.cell) for act in unit.activities}
    assert wait_for_answers(unit.answers_file, expected) == expected

    restart_kernel(page)
    run_all(page, expected=len(unit.activities))
    assert {act.key: shown(page, act) for act in unit.activities} == expected

    reload(page)
    run_all(page, expected=len(unit.activities))
    assert {act.key: shown(page, act) for act in unit.activities} == expected
    assert saved_answers(unit.answers_file) == expected  # showing answers again changes nothing
    assert problems(page) == []


def test_every_figure_has_alt_text_and_a_visible_caption_that_says_the_same(unit):
    """Figures from unit.figure(), and role-play plots once a conversation has ended."""
    page = unit.page
    cells = json.loads((unit.folder / f"{unit.name}.ipynb").read_text())["cells"]
    figure_cells = sum("".join(cell["source"]).startswith("unit.figure(") for cell in cells)
    figures = page.locator(".jp-Notebook .jp-OutputArea-output figure").all()
    assert len(figures) >= figure_cells
    for figure in figures:
        alt = figure.locator("img").get_attribute("alt") or ""
        assert len(alt.strip()) > 20, f"a figure's alt text is missing or too short: {alt!r}"
        assert figure.get_by_role("img", name=alt).count() == 1  # what a screen reader announces
        caption = figure.locator("figcaption")
        caption.scroll_into_view_if_needed()
        expect(caption).to_be_visible()
        expect(caption).to_contain_text(alt)


def test_course_outputs_have_no_serious_or_critical_axe_violations(unit, axe):
    """axe-core on the whole page; JupyterLab's own findings are printed, not asserted."""
    ours, theirs = split(run_axe(unit.page, axe))
    print(f"\naxe-core on {unit.name}: course {by_impact(ours)}, JupyterLab {by_impact(theirs)}")
    for finding in sorted(set(ours + theirs), key=lambda f: (not f.ours, f.impact, f.rule)):
        print(" ", "COURSE" if finding.ours else "JupyterLab", finding)
    assert [str(f) for f in ours if f.impact in ("critical", "serious")] == []
