"""A learner with no mouse: only Tab, Shift+Tab, the arrow keys, Space and Enter (and typing into a text box).

    keys = KeyboardOnly(page)
    keys.run_all()                 # Tab to the menu bar, arrows to Run ▸ Run All Cells, Enter
    keys.tab_into(group); keys.press("ArrowDown")
    assert keys.hidden_focus == []  # focus was visible after every key that landed in a course activity
"""
from __future__ import annotations

from collections import Counter
from typing import Any

from .answering import REFLECTION_TEXT, Activity, activity_box, name_of, option_id, question_group

ALLOWED = {"Tab", "Shift+Tab", "ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight", "Space", "Enter"}
# Focus is visible when the element, or the label wrapped round it, draws an outline or a ring.
FOCUS_VISIBLE = """(el) => [el, el.closest('label')].filter(Boolean).some(node => {
    const style = getComputedStyle(node);
    return (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 1) || style.boxShadow !== 'none';
})"""


IN_ACTIVITY = "(el) => !!el.closest('.course-activity, .course-submit')"
FOCUSED = ":focus"


class KeyboardOnly:
    """Presses only the allowed keys, counts them, and notes any press that leaves focus unseen in our outputs."""

    def __init__(self, page) -> None:
        self.page = page
        self.pressed: Counter[str] = Counter()
        self.hidden_focus: list[str] = []  # where focus sat, unseen, after a key (inside course activities only)

    def press(self, key: str) -> None:
        assert key in ALLOWED, f"{key} is not a key this learner uses"
        self.page.keyboard.press(key)
        self.pressed[key] += 1
        hidden = self.focused(f"(el) => ({IN_ACTIVITY})(el) && !({FOCUS_VISIBLE})(el) && el.outerHTML.slice(0, 120)")
        if hidden:
            self.hidden_focus.append(f"{key} → {hidden}")

    def follow_link(self) -> None:
        """Enter on the focused link: the page it opens replaces this one (so nothing is checked here)."""
        assert self.focused("(el) => el.tagName === 'A'"), "Enter follows a link only when a link has the focus"
        with self.page.expect_navigation(wait_until="commit"):
            self.page.keyboard.press("Enter")
        self.pressed["Enter"] += 1

    def type(self, text: str) -> None:
        """Type into the focused text box (typing anywhere else would be a command, not an answer)."""
        assert self.page.evaluate("document.activeElement.tagName") == "TEXTAREA"
        self.page.keyboard.type(text)

    def focused(self, predicate: str, arg: object = None) -> bool:
        """Whether ``predicate`` (JavaScript, given the focused element and ``arg``) holds."""
        return self.page.evaluate(f"(arg) => ({predicate})(document.activeElement, arg)", arg)

    def tab_until(self, predicate: str, arg: object = None, limit: int = 120, key: str = "Tab") -> None:
        for _ in range(limit):
            self.press(key)
            if self.focused(predicate, arg):
                return
        raise AssertionError(f"{limit} presses of {key} never reached an element where {predicate}")

    def tab_to(self, locator) -> None:
        """Press Tab until ``locator``'s element has the focus."""
        self.tab_until("(el, target) => el === target", locator.element_handle())

    def tab_into(self, locator, key: str = "Tab") -> None:
        """Press Tab (or Shift+Tab) until the focus is inside ``locator``'s element (a radio group, say).

        No key is pressed when the focus is there already (the Tab that left the previous group may
        have entered this one)."""
        if not self.inside(locator):
            self.tab_until("(el, target) => target.contains(el)", locator.element_handle(), key=key)

    def inside(self, locator) -> bool:
        return self.focused("(el, target) => target.contains(el)", locator.element_handle())

    def focus_is_visible(self) -> bool:
        return self.focused(FOCUS_VISIBLE)

    def run_all(self) -> None:
        """Run ▸ Run All Cells through JupyterLab's menu bar, by keyboard."""
        self.tab_until("(el) => el.matches('.lm-MenuBar-item')")
        self._arrow_until("ArrowRight", ".lm-MenuBar-item.lm-mod-active", "Run")
        self.press("Enter")
        self._arrow_until("ArrowDown", ".lm-Menu .lm-Menu-item.lm-mod-active", "Run All Cells")
        self.press("Enter")

    def _arrow_until(self, key: str, active: str, label: str, limit: int = 30) -> None:
        find = f"document.querySelector({active!r})?.textContent.startsWith({label!r})"
        for _ in range(limit):
            if self.page.evaluate(find):
                return
            self.press(key)
        raise AssertionError(f"{key} never reached {label!r}")


def answer_by_keyboard(page, keys: KeyboardOnly, acts: list[Activity]) -> dict[str, Any]:
    """Answer every practice scenario, choice question and the reflection with keys alone, in page order:
    Tab into each group (it enters at one stop), arrow keys to choose, one Tab to leave. Returns the
    values the answers file must then hold. Works in JupyterLab and in the learner view alike."""
    expected, first_group = {}, True
    for act in acts:
        box = activity_box(page, act)
        if act.kind == "reflection":
            keys.tab_to(box.get_by_role("textbox"))
            keys.type(REFLECTION_TEXT)
            expected[act.key] = REFLECTION_TEXT
            continue
        group = question_group(page, act)
        radios = group.get_by_role("radio")
        keys.tab_into(group)
        assert group.locator(FOCUSED).count() == 1
        assert radios.first.evaluate("el => el === document.activeElement"), "Tab should enter at the first response"
        moves = act.cell % radios.count()  # vary which response is chosen; 0 means Space on the first
        for _ in range(moves):
            keys.press("ArrowDown")  # moves to the next response and chooses it
            assert keys.inside(group), f"ArrowDown left the group of {act.key}"
            assert group.locator(f"{FOCUSED}:checked").count() == 1, f"ArrowDown did not choose in {act.key}"
        if moves == 0:
            keys.press("Space")
        chosen = group.get_by_role("radio", checked=True)
        assert chosen.evaluate("el => el === document.activeElement")
        assert chosen.count() == 1 and radios.nth(moves).is_checked()
        expected[act.key] = option_id(act.options, name_of(chosen))
        if act.kind == "practice":  # instant feedback, in a polite live region that was already there
            feedback = box.locator("[role=status][aria-live=polite] .course-feedback")
            feedback.wait_for()
            assert feedback.text_content().strip()
        keys.press("Tab")
        assert not keys.inside(group), f"one Tab should leave the group of {act.key}: it has one tab stop"
        if first_group:  # Shift+Tab back into the group lands on the chosen response, not the first
            keys.tab_into(group, key="Shift+Tab")
            assert chosen.evaluate("el => el === document.activeElement")
            first_group = False

    return expected
