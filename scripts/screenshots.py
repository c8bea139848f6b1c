"""Take the README's pictures from the learner view (Voilà in a real Jupyter server) in Debian's Chromium (docs/images/).

    .venv/bin/python scripts/screenshots.py            # every picture
    .venv/bin/python scripts/screenshots.py feedback   # only the feedback page's (no JupyterLab needed)

home.png               the course home: every unit, how far the learner got, whether it was submitted
unit.png               unit 1's page: a lesson heading and a practice scenario
submit.png             the end of unit 1's page: progress, and the submit button after it was pressed
practice-feedback.png  a practice scenario right after a response is chosen
roleplay-plot.png      the end of a role-play conversation and its plot (when a unit has one)
feedback.png           the top of a learner's feedback page: points, the reflection pending, the mastery chart
feedback-question.png  a question on that page: the scenario, the learner's answer, the best response and why
Look at each picture before committing it.
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.browser.answering import activities, activity_box, answer, lettered, question_group  # noqa: E402
from tests.browser.lab import ROOT, chromium, running_lab  # noqa: E402
from tests.browser.learner_view import give_units, open_page  # noqa: E402
from tests.support.classroom import Classroom  # noqa: E402

IMAGES = ROOT / "docs" / "images"


def opened(browser, lab, unit: str):
    """A tab on ``unit``'s page in the learner view, every activity ready."""
    page = browser.new_page()
    acts = activities(lab.folder / unit, unit)
    open_page(page, lab.page_url(f"{unit}/{unit}.ipynb"), expected=len(acts))
    return page, acts


def picture(page, name: str, box, first, last, margin: float = 12) -> None:
    """A picture of ``box`` from the top of ``first`` to the bottom of ``last``, with a margin."""
    left, top, bottom = box.bounding_box(), first.bounding_box(), last.bounding_box()
    page.screenshot(path=str(IMAGES / name), clip={
        "x": left["x"] - margin, "y": top["y"] - margin, "width": left["width"] + 3 * margin,
        "height": bottom["y"] + bottom["height"] - top["y"] + 2 * margin})


def unit_pictures(browser, lab) -> None:
    page, acts = opened(browser, lab, "unit1")
    first = next(act for act in acts if act.kind == "practice")
    box = activity_box(page, first)
    page.locator("h2", has_text="Try it").evaluate("el => el.scrollIntoView({block: 'start'})")
    page.screenshot(path=str(IMAGES / "unit.png"))
    best = next(r["text"] for r in first.item["responses"] if r.get("best"))
    question_group(page, first).get_by_role("radio", name=lettered(best)).click()
    box.locator(".course-feedback").wait_for()
    picture(page, "practice-feedback.png", box, box.locator("h3"), box.locator(".course-status"))
    submit = page.locator(".course-submit")
    submit.get_by_role("button").click()
    submit.locator("[role=status]", has_text="was submitted on").wait_for()
    picture(page, "submit.png", page.locator("[role=main]"), page.locator(".course-progress"),
            submit.locator("[role=status]"))
    page.goto(lab.page_url("home.ipynb"))
    page.locator(".course-home li").first.wait_for()
    page.screenshot(path=str(IMAGES / "home.png"))
    page.close()


def roleplay_picture(browser, lab) -> None:
    units = [path.parent.name for path in sorted(ROOT.glob("release/*/*.items.json"))
             if '"type": "roleplay"' in path.read_text()]
    if not units:
        print("roleplay-plot.png skipped: no release unit has a roleplay question yet.")
        return
    page, acts = opened(browser, lab, units[0])
    conversation = next(act for act in acts if act.kind == "roleplay")
    answer(page, conversation, seed=0)
    box = activity_box(page, conversation)
    ending = box.locator("h4", has_text="Ending")
    figure = box.locator("figure")
    figure.evaluate("el => el.scrollIntoView({block: 'end'})")
    picture(page, "roleplay-plot.png", box, ending, figure)
    page.close()


def feedback_pictures(browser, tmp: Path) -> None:
    """A one-learner class taken through `course` release, autograde and feedback; the page as fetched."""
    import os

    from tests.support.feedback import graded_with_feedback, mixed_answers
    from tests.support.instructed import copy_course, course_cmd

    from course.author.content import load_course

    os.environ.update(COURSE_EXCHANGE=str(tmp / "exchange"), HOME=str(tmp / "home"), COURSE_QUIET="1",
                      PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")  # nbgrader runs alembic
    course = copy_course(ROOT, tmp / "class")
    released = course_cmd(course, "release", "--all")
    assert released.code == 0, released.err
    unit = load_course(course / "content").units["unit1"]
    (page_file,) = graded_with_feedback(course, tmp / "homes" / "learner", mixed_answers(unit), learner="learner")
    page = browser.new_page()
    page.set_viewport_size({"width": 900, "height": 1400})
    page.goto(page_file.as_uri())
    main = page.locator("main")
    picture(page, "feedback.png", main, page.locator("h1"), page.locator("section[aria-labelledby=mastery]"))
    question = page.locator("section#q2")
    question.scroll_into_view_if_needed()
    picture(page, "feedback-question.png", question, question, question)
    page.close()


def main(only_feedback: bool = False) -> None:
    IMAGES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="course-pictures-") as tmp:
        if only_feedback:  # no JupyterLab needed
            with chromium(Path(tmp) / "profile") as browser:
                feedback_pictures(browser, Path(tmp))
        else:
            folder = Path(tmp) / "course"
            folder.mkdir()
            classroom = Classroom(Path(tmp) / "learner-exchange", ROOT)  # an exchange for the submit button
            learner = {"COURSE_EXCHANGE": str(classroom.exchange), "JUPYTER_CONFIG_PATH": str(classroom.course)}
            with running_lab(folder, env=learner) as lab, chromium(Path(tmp) / "profile") as browser:
                give_units(lab, classroom, sorted(p.name for p in ROOT.glob("release/*/") if p.is_dir()))
                unit_pictures(browser, lab)
                roleplay_picture(browser, lab)
                lab.stop_kernels()
                feedback_pictures(browser, Path(tmp))
    print(f"Pictures written to {IMAGES.relative_to(ROOT)}/: look at each before committing.")


if __name__ == "__main__":
    main(only_feedback=sys.argv[1:] == ["feedback"])
