"""What a learner does in the learner view (Voilà), as Playwright steps: open a page, wait until it
is interactive, submit a unit; and the exchange the submit button hands units in to.

    units = give_units(lab, classroom, ["unit1", "unit2"])    # copied in, released, and the course home
    open_page(page, lab.page_url("unit1/unit1.ipynb"), expected=13)
    press_submit(page)                                          # the status line, once it has answered
"""
from __future__ import annotations

import shutil
from pathlib import Path

from course.answer.home import write_home

from .lab import ROOT, Lab

COURSE_ID = "compassion-empathy"
# Every activity and the submit button are drawn and have written their status lines.
READY = """(expected) => {
    const activities = [...document.querySelectorAll('.course-activity')];
    return activities.length === expected
        && activities.every(a => a.querySelector('.course-status')?.textContent.trim())
        && !!document.querySelector('.course-submit .course-status')?.textContent.trim();
}"""
# The submit status has answered this press: it changed, and says the unit was (or was not) submitted.
ANSWERED = """(before) => {
    const text = document.querySelector('.course-submit [role=status]').textContent;
    return text !== before && /was (not )?submitted/.test(text);
}"""


def give_units(lab: Lab, classroom, units: list[str]) -> list[str]:
    """Each unit copied into the learner's folder under its own name (as ./start.sh does), released to
    the learner as nbgrader's release_assignment does (a copy of release/<unit> in the exchange's
    outbound, and an inbound to hand in to), and the course home written beside them."""
    outbound = classroom.exchange / COURSE_ID / "outbound"
    inbound = classroom.exchange / COURSE_ID / "inbound"
    if not inbound.exists():  # as release_assignment leaves it: learners hand in, cannot list
        inbound.mkdir(parents=True)
        inbound.chmod(0o733)
    for unit in units:
        if not (lab.folder / unit).exists():
            shutil.copytree(ROOT / "release" / unit, lab.folder / unit)
        if not (outbound / unit).exists():
            shutil.copytree(ROOT / "release" / unit, outbound / unit)
    write_home(lab.folder, ROOT / "content" / "course.yml")
    return units


def open_page(page, url: str, expected: int, timeout: float = 90_000) -> None:
    """Open a learner page and wait, with no click, until all ``expected`` activities are interactive."""
    page.goto(url)
    wait_until_interactive(page, expected, timeout)


def wait_until_interactive(page, expected: int, timeout: float = 90_000) -> None:
    page.wait_for_function(READY, arg=expected, timeout=timeout, polling=100)


def submit_button(page):
    return page.locator(".course-submit").get_by_role("button", name="for grading")


def press_submit(page, timeout: float = 60_000) -> str:
    """Click the unit's submit button and return what its status line then says."""
    status = page.locator(".course-submit [role=status]")
    before = status.text_content()
    submit_button(page).click()
    try:
        page.wait_for_function(ANSWERED, arg=before, timeout=timeout, polling=100)
    except Exception as error:
        raise AssertionError(f"the submit status never answered; it says: {status.text_content()!r} "
                             f"(was {before!r}; check now: {page.evaluate(ANSWERED, before)})") from error
    return status.text_content().strip()


def submissions(classroom, unit: str) -> list[Path]:
    """This unit's submissions in the exchange's inbound (nbgrader names them <student>+<unit>+<time>+<random>)."""
    return sorted((classroom.exchange / COURSE_ID / "inbound").glob(f"*+{unit}+*"))
