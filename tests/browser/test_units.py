"""Every release unit in a real JupyterLab and Chromium, as a learner uses it.

Per unit (in this order, on one tab): Run All draws every activity cleanly; every click is saved
at once and shown again after a kernel restart and after a page reload; the accessibility tree
names every radio group by its question and every response with its checked state; every figure
has a text alternative; the course's own outputs pass axe-core with no violation at all; every
activity reflows at 320 CSS px and at 200% zoom; a role-play can be replayed by keyboard alone.
"""
from __future__ import annotations

import json
import re
from typing import Any

import pytest
from playwright.sync_api import expect

from course.answer.order import for_learner, letter, student_id

from .answering import (BEST, WORST, Activity, accessibility_tree, activity_box, answer, radio_groups, saved_answers,
                        shown, wait_for_answers)
from .axe import by_impact, run_axe, split
from .keyboard import KeyboardOnly
from .notebook import activity, problems, reload, restart_kernel, run_all

# Per activity: whatever sticks out sideways (needs scrolling or is cut off) at the page's width.
OVERFLOWING = """() => [...document.querySelectorAll('.course-activity, .course-submit')].flatMap(box => {
    const edge = box.getBoundingClientRect();
    const parts = [box, ...box.querySelectorAll('.course-choice, legend, .course-option, .course-live, textarea, button')];
    return parts.filter(el => el.checkVisibility())  // a finished role-play's hidden replies take no room
                .filter(el => el.scrollWidth > el.clientWidth + 1
                              || el.getBoundingClientRect().right > edge.right + 1
                              || el.getBoundingClientRect().left < edge.left - 1)
                .map(el => `${box.querySelector('h3')?.textContent}: ${el.tagName}.${el.className} `
                           + `${Math.round(el.getBoundingClientRect().width)} px wide in ${Math.round(edge.width)}`);
})"""


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


def expected_groups(act: Activity, value: Any) -> list[tuple[str, list[tuple[str, bool]]]]:
    """The radio groups ``act`` should show a screen reader, in this learner's order, with ``value`` chosen."""
    order = for_learner(act.options, student_id(), act.item["id"]) if act.kind not in ("roleplay", "reflection") else []
    responses = [f"{letter(i)}. {option['text']}" for i, option in enumerate(order)]
    if act.kind in ("practice", "choice"):
        return [(act.item["ask"], [(name, option["id"] == value) for name, option in zip(responses, order)])]
    if act.kind == "best-worst":
        return [(title, [(name, option["id"] == value[end]) for name, option in zip(responses, order)])
                for title, end in ((BEST, "best"), (WORST, "worst"))]
    if act.kind == "rating":
        scale = list(enumerate(act.item["scale"], start=1))
        return [(name, [(f"{number} {label}", value.get(option["id"]) == number) for number, label in scale])
                for name, option in zip(responses, order)]
    return []  # the reflection has none, and a finished role-play no longer offers a reply


def test_accessibility_tree_names_each_group_by_its_question_and_each_response_with_its_checked_state(unit):
    """What Playwright's accessibility snapshot gives a screen reader, after every activity was answered."""
    check_accessibility_tree(unit.page, unit.activities, unit.answers_file)


def check_accessibility_tree(page, acts: list[Activity], answers_file) -> None:
    """Each activity's radio groups named by their questions, each response with its checked state
    (in this learner's order); the reflection's box named. Also used for the learner view."""
    answers = saved_answers(answers_file)
    assert answers, "runs after the clicking test, on the answered page"
    for act in acts:
        box = activity_box(page, act)
        assert radio_groups(accessibility_tree(box)) == expected_groups(act, answers.get(act.key)), act.key
        if act.kind == "reflection":
            expect(box.get_by_role("textbox", name="Your reflection")).to_have_count(1)


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


def test_course_outputs_have_no_axe_violations_of_any_impact(unit, axe):
    """axe-core on the whole page; JupyterLab's own findings are printed, not asserted."""
    ours, theirs = split(run_axe(unit.page, axe))
    print(f"\naxe-core on {unit.name}: course {by_impact(ours)}, JupyterLab {by_impact(theirs)}")
    for finding in sorted(set(ours + theirs), key=lambda f: (not f.ours, f.impact, f.rule)):
        print(" ", "COURSE" if finding.ours else "JupyterLab", finding)
    assert [str(f) for f in ours] == []


def test_every_activity_reflows_at_320_css_px_and_at_200_percent_zoom_with_nothing_cut_off(unit):
    """WCAG 1.4.10: 1280 px at 400% zoom is 320 CSS px wide, at 200% it is 640; nothing may need sideways scrolling."""
    page, size = unit.page, unit.page.viewport_size
    file_browser = page.locator(".jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current")
    file_browser.click()  # fold JupyterLab's side panel away, as one would on a narrow screen
    try:
        for width in (320, 640):
            page.set_viewport_size({"width": width, "height": 900})
            page.wait_for_timeout(300)  # JupyterLab lays itself out again
            assert page.evaluate(OVERFLOWING) == [], f"at {width} CSS px"
    finally:
        page.set_viewport_size(size)
        page.locator(".jp-SideBar.jp-mod-left .lm-TabBar-tab").first.click()


def test_a_roleplay_replay_can_be_said_by_keyboard_and_focus_stays_on_say_this(unit):
    """After the clicking test has finished the conversation: Start again, then every turn by keys alone."""
    conversation = next((act for act in unit.activities if act.kind == "roleplay"), None)
    if conversation is None:
        pytest.skip(f"{unit.name} has no role-play")
    page, keys = unit.page, KeyboardOnly(unit.page)
    box = activity_box(page, conversation)
    again, say = box.get_by_role("button", name="Start again"), box.get_by_role("button", name="Say this")
    group, ending = box.get_by_role("radiogroup"), box.get_by_role("heading", name=re.compile("^Ending: "))
    again.focus()  # the one step not taken by keyboard: reaching this button through JupyterLab's chrome
    keys.press("Enter")
    expect(again).to_be_hidden()  # a replay has begun
    turns = 0
    while turns == 0 or not ending.count():
        expect(group.get_by_role("radio", checked=True)).to_have_count(0)  # this turn's replies are drawn
        keys.tab_into(group, key="Shift+Tab")  # the replies sit just above the button last pressed
        keys.press("ArrowDown")  # moves to a reply and picks it (saying it needs the button)
        keys.tab_to(say)
        keys.press("Enter")
        turns += 1
        box.get_by_role("listitem").nth(turns - 1).wait_for()  # the exchange joins the history
        expect(box.get_by_text(f"Turn {turns + 1}.").or_(ending)).to_have_count(1)
        if not ending.count():
            assert say.evaluate("el => el === document.activeElement"), "Say this should keep the focus"
    expect(again).to_be_visible()
    runs = saved_answers(unit.answers_file)[conversation.key]["runs"]
    assert len(runs) == 2 and runs[1]["ending"] and len(runs[1]["path"]) == turns
    assert keys.pressed["Shift+Tab"] <= 2 * turns, "the replies should be one or two Shift+Tab above the button"
    assert keys.hidden_focus == [], "focus was not visible after these keys"
    print(f"\nKeys pressed for the {turns}-turn replay: {dict(keys.pressed)}")
