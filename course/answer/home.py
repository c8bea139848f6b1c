"""The course home: every unit the learner has, in teaching order, with how far they got, and a link to open it.

The home is itself a small notebook (``home.ipynb`` beside the unit folders) that Voilà renders
like a unit, so one server serves the home, the units and JupyterLab. ./start.sh writes it with
the order of content/course.yml; on a hub, where learners cannot read content/, units are put in
the order of the numbers in their names, anything else after.

    python -m course.answer.home workspace --course content/course.yml   # writes workspace/home.ipynb
    show_units(["unit1", "unit2", "final"])                            # what its one code cell runs

Below the list, units the instructor has released but the learner has not fetched yet each get a
"Get unit N" button (nbgrader's fetch, as the Assignments tab does), so a learner on a hub never
needs JupyterLab to start a unit.
"""
from __future__ import annotations

import argparse
import json
import re
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import quote

from .handin import Submission, submissions, unit_name, when_text
from .progress import reflection_words, still_open
from .store import AnswerStore
from .unit import ITEMS_SUFFIX, read_items

HOME = "home.ipynb"
TITLE = "Compassion & Empathy in Peer Support"
WELCOME = ("Your units, in the order the course teaches them. Open one to begin: your answers are saved "
           "the moment you choose them, so you can stop and come back at any time. Each unit ends with a "
           "button that submits it for grading.")
STYLE = """<style>
.course-home { max-width: 60rem; line-height: 1.5; font-size: 1rem; }
.course-home ol { padding-left: 1.4em; }
.course-home li { margin: 0 0 1em 0; }
.course-home h2 { font-size: 1.25em; margin: 0.2em 0; }
.course-home a { color: #005a9e; text-decoration: underline; }
.course-home a:focus-visible { outline: 2px solid #0072B2; outline-offset: 2px; }
.course-home p { margin: 0.2em 0; }
.course-new-units .jupyter-button { white-space: normal; height: auto; min-height: 2.2em; max-width: 100%;
  font-size: 1rem; padding: 0.3em 1em; margin: 0.3em 0; }
.course-new-units .jupyter-button:focus-visible { outline: 2px solid #0072B2; outline-offset: 2px; }
</style>"""


@dataclass(frozen=True)
class FoundUnit:
    """A unit folder beside the home page: ``<id>/<id>.ipynb`` with its items file."""

    id: str
    path: Path  # the folder, relative to the home page's folder


def show_units(order: list[str] | None = None, folder: str | Path = ".") -> None:
    """Draw the list of units found beside the home page (the home notebook's one code cell).

    Drawn as a widget's HTML, not as a cell's HTML output: the page's output renderer would make each
    link open in a new tab (or, relative, try to open it inside JupyterLab), and a learner expects a
    link to open the unit in place."""
    import ipywidgets as widgets
    from IPython.display import display

    from .new_units import NewUnits

    folder, order = Path(folder), order or []
    listing = widgets.HTML(units_html(folder, order))

    def redraw() -> None:  # a unit just fetched joins the list
        listing.value = units_html(folder, order)

    display(widgets.VBox([listing, NewUnits(folder, on_fetched=redraw)]))


def units_html(folder: Path, order: list[str]) -> str:
    found = find_units(folder, order)
    if not found:
        return (f'{STYLE}<div class="course-home"><p>No units are here yet. When your instructor releases one, '
                "a button to get it appears below (reload this page to check again).</p></div>")
    handed_in: dict[Path, dict[str, list[Submission]]] = {}
    entries = []
    for unit in found:
        units_folder = (folder / unit.path).parent
        if units_folder not in handed_in:
            handed_in[units_folder] = submissions(units_folder, fetch_feedback=True)
        entries.append(_entry(folder, unit, handed_in[units_folder].get(unit.id, [])))
    return f'{STYLE}<div class="course-home"><ol>{"".join(entries)}</ol></div>'


def find_units(folder: Path, order: list[str]) -> list[FoundUnit]:
    """Unit folders beside the page, or one level down (a hub keeps them in a folder per course)."""
    found = []
    for notebook in [*folder.glob("*/*.ipynb"), *folder.glob("*/*/*.ipynb")]:
        unit_folder = notebook.parent
        if notebook.stem == unit_folder.name and (unit_folder / f"{notebook.stem}{ITEMS_SUFFIX}").is_file():
            found.append(FoundUnit(notebook.stem, unit_folder.relative_to(folder)))
    return sorted(found, key=lambda unit: (_position(unit.id, order), unit.path.as_posix()))


def _position(unit_id: str, order: list[str]) -> tuple[int, int, str]:
    if unit_id in order:
        return (0, order.index(unit_id), "")
    number = re.search(r"\d+", unit_id)
    return (1, int(number.group()), unit_id) if number else (2, 0, unit_id)


def _entry(folder: Path, unit: FoundUnit, handed_in: list[Submission]) -> str:
    items, problem = read_items(folder / unit.path / f"{unit.id}{ITEMS_SUFFIX}")
    title = _title(unit.id, items.get("title") or "")
    link = f"{unit.path.as_posix()}/{unit.id}.ipynb"  # beside this page, so also in the learner view
    lines = [problem] if problem else [_progress(items, AnswerStore.beside_notebook(unit.id, folder / unit.path))]
    lines.append(_submitted(handed_in))
    feedback = next((s.feedback for s in reversed(handed_in) if s.feedback and s.feedback.is_file()), None)
    body = "".join(f"<p>{escape(line)}</p>" for line in lines)
    if feedback:
        path = quote(feedback.resolve().relative_to(folder.resolve()).as_posix())  # nbgrader's times hold spaces
        served = f"../../files/{path}"  # from voila/render/ to the server's own file handler
        body += f'<p><a href="{escape(served)}">Read your feedback on {escape(unit_name(unit.id).lower())}</a></p>'
    return f'<li><h2><a href="{escape(link)}">{escape(title)}</a></h2>{body}</li>'


def _title(unit_id: str, title: str) -> str:
    """ "Unit 1: Compassion is not pity"; a title that already says which unit stands alone."""
    name = unit_name(unit_id)
    return title if title.lower() in name.lower() or not name.startswith("Unit") else f"{name}: {title}"


def _progress(items: dict[str, Any], store: AnswerStore) -> str:
    saved = store.load_all()
    total = len(items.get("questions") or {})
    answered = total - len(still_open(items, saved))
    words = reflection_words(items, saved)
    if not saved:
        return f"Not started: {total} graded questions" + (" and a reflection." if words is not None else ".")
    line = f"Answered {answered} of {total} graded questions"
    if words is not None:
        line += f"; reflection {'written' if words else 'still open'}"
    return line + "."


def _submitted(handed_in: list[Submission]) -> str:
    if not handed_in:
        return "Not submitted yet."
    return f"Submitted on {when_text(handed_in[-1].when)}."


# -- writing the home notebook --------------------------------------------------------------
def home_notebook(order: list[str], title: str = TITLE) -> dict[str, Any]:
    """The home page as a notebook: a heading and welcome, then the one cell that lists the units."""
    import nbformat

    code = f"from course.answer.home import show_units\nshow_units({json.dumps(order)})"
    notebook = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_markdown_cell(f"# {title}\n\n{WELCOME}", id="home-welcome"),
               nbformat.v4.new_code_cell(code, id="home-units", metadata={"jupyter": {"source_hidden": True}})],
        metadata={"kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
                  "language_info": {"name": "python"}, "course": {"title": title}})
    return notebook


def write_home(folder: Path, course_yml: Path | None = None) -> Path:
    """Write ``folder/home.ipynb`` (replacing an older one: it holds no learner's work)."""
    import nbformat
    import yaml

    order, title = [], TITLE
    if course_yml and course_yml.is_file():
        outline = yaml.safe_load(course_yml.read_text(encoding="utf-8")) or {}
        order, title = list(outline.get("units") or []), outline.get("title") or TITLE
    path = folder / HOME
    nbformat.write(nbformat.from_dict(home_notebook(order, title)), str(path))
    return path


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Write the course home page (home.ipynb) into a learner's folder.")
    parser.add_argument("folder", type=Path, help="the folder that holds the unit folders")
    parser.add_argument("--course", type=Path, help="content/course.yml, for the units' teaching order and the title")
    arguments = parser.parse_args(argv)
    print(write_home(arguments.folder, arguments.course))


if __name__ == "__main__":
    main()
