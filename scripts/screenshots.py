"""Take the README's pictures from a real JupyterLab in Debian's Chromium (docs/images/).

    .venv/bin/python scripts/screenshots.py            # every picture
    .venv/bin/python scripts/screenshots.py feedback   # only the feedback page's (no JupyterLab needed)

unit.png               unit 1 after Run All: a lesson heading and a practice scenario
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

from tests.browser.answering import activities, answer, lettered, question_group  # noqa: E402
from tests.browser.lab import ROOT, chromium, running_lab  # noqa: E402
from tests.browser.notebook import activity, open_notebook, run_all  # noqa: E402

IMAGES = ROOT / "docs" / "images"


def opened(browser, lab, unit: str):
    """A tab on a fresh copy of ``unit`` after Run All, with the file browser folded away."""
    page = browser.new_page()
    notebook = lab.fresh_unit(unit, f"pictures-{unit}")
    acts = activities(lab.folder / f"pictures-{unit}", unit)
    open_notebook(page, lab.url(notebook))
    page.locator(".jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current").click()  # fold the file browser
    run_all(page, expected=len(acts))
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
    box = activity(page, first.cell)
    page.locator(".jp-MarkdownOutput h2", has_text="Try it").scroll_into_view_if_needed()
    page.locator(".jp-MarkdownOutput h2", has_text="Try it").evaluate("el => el.scrollIntoView({block: 'start'})")
    page.screenshot(path=str(IMAGES / "unit.png"))
    best = next(r["text"] for r in first.item["responses"] if r.get("best"))
    question_group(page, first).get_by_role("radio", name=lettered(best)).click()
    box.locator(".course-feedback").wait_for()
    picture(page, "practice-feedback.png", box, box.locator("h3"), box.locator(".course-status"))
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
    box = activity(page, conversation.cell)
    ending = box.locator("h4", has_text="Ending")
    figure = box.locator("figure")
    figure.evaluate("el => el.scrollIntoView({block: 'end'})")  # clear of the toolbar above
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
            with running_lab(folder) as lab, chromium(Path(tmp) / "profile") as browser:
                unit_pictures(browser, lab)
                roleplay_picture(browser, lab)
                lab.stop_kernels()
                feedback_pictures(browser, Path(tmp))
    print(f"Pictures written to {IMAGES.relative_to(ROOT)}/: look at each before committing.")


if __name__ == "__main__":
    main(only_feedback=sys.argv[1:] == ["feedback"])
