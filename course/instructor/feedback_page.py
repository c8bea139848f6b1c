"""The learner's feedback page: what nbgrader's ``generate_feedback`` makes, in the course's own words.

nbgrader turns each autograded notebook into HTML through its feedback
template. That page would show the learner code, cell numbers and the whole
lesson again, so the course configures (``nbgrader_config.py``) two things:

- ``FeedbackPage``, a preprocessor run after nbgrader's ``GetGrades``, gathers
  the page as data: the points per question and in total from the gradebook
  (a reflection counts as pending until a grader has scored it), each
  question's explanation from its grade cell (course/grade/explanation.py),
  the reflection with the grader's comment, and a mastery chart;
- ``templates/feedback/index.html.j2`` lays that out, replacing nbgrader's own
  template of that name (both ``nbgrader generate_feedback`` and the
  formgrader's button ask for "feedback"). Cells are never rendered.

The page keeps nbgrader's name and place: ``feedback/<learner>/<unit>/<unit>.html``,
which ``fetch_feedback`` puts in the learner's unit folder.

    c.GenerateFeedback.preprocessors = ["nbgrader.preprocessors.GetGrades", "course.instructor.feedback_page.FeedbackPage"]
    c.HTMLExporter.extra_template_basedirs = feedback_page.template_dirs()
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from nbgrader.coursedir import CourseDirectory
from nbgrader.preprocessors import NbGraderPreprocessor

from ..answer.store import AnswerStore
from ..answer.unit import ITEMS_SUFFIX, read_items
from ..grade.explanation import MIME, Explanation
from . import feedback_views as views

TEMPLATES = Path(__file__).parent / "templates"


def template_dirs() -> list[str]:
    """Ours first, so its ``feedback`` is found before nbgrader's; then nbgrader's own (its formgrader's)."""
    import nbgrader

    return [str(TEMPLATES), str(Path(nbgrader.__file__).parent / "server_extensions" / "formgrader" / "templates")]


class FeedbackPage(NbGraderPreprocessor):
    """Puts the learner's page, as data, in ``resources["course"]`` for the course's feedback template."""

    def preprocess(self, nb: Any, resources: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
        about, folder = resources["nbgrader"], Path(resources["metadata"]["path"])
        unit_id = about["assignment"]
        items, _ = read_items(folder / f"{unit_id}{ITEMS_SUFFIX}")
        graded = _gradebook(about)
        content = self._content(unit_id)
        page = views.Page(views.title(content, items, unit_id), about["score"], about["max_score"], about["late_penalty"])
        for cell in nb.cells:
            grading = cell.metadata.get("nbgrader", {})
            grade_id = grading.get("grade_id", "")
            if grade_id not in graded:
                continue
            if grading.get("task"):
                page.reflection = views.reflection(items.get("reflection") or {}, graded[grade_id],
                                                   AnswerStore.beside_notebook(unit_id, folder).load(grade_id).value)
                page.rows.append(page.reflection.row)
            elif cell.cell_type == "code":
                question = views.question(graded[grade_id], _explanation(cell), items, _printed(cell))
                page.questions.append(question)
                page.rows.append(question.row)
        if content is not None:
            page.mastery = views.mastery(content, unit_id, {g.id: g.score for g in graded.values()})
            page.notes = views.notes(content, unit_id)
        resources["course"] = page
        return nb, resources

    def _content(self, unit_id: str) -> Any:
        """content/ for this unit, read once per feedback run (one run makes every learner's page)."""
        loaded = self.__dict__.setdefault("_loaded", {})
        if unit_id not in loaded:
            loaded[unit_id] = views.unit_content(CourseDirectory(config=self.config).root, unit_id, self.log)
        return loaded[unit_id]


def _explanation(cell: Any) -> Explanation | None:
    """The explanation a grade cell returned with its points (None if it has none, e.g. it failed)."""
    for output in cell.get("outputs", []):
        if output.get("output_type") == "execute_result":
            return Explanation.from_json(output.get("data", {}).get(MIME))
    return None


def _printed(cell: Any) -> str:
    return "".join(o.get("text", "") for o in cell.get("outputs", []) if o.get("name") == "stdout").strip()


def _gradebook(about: dict[str, Any]) -> dict[str, views.Graded]:
    """Each grade of this submission, with its comment; unscored manual grades have score None."""
    from nbgrader.api import Gradebook

    with Gradebook(about["db_url"]) as gradebook:
        notebook = gradebook.find_submission_notebook(about["notebook"], about["assignment"], about["student"])
        comments = {c.cell.name: c.comment or "" for c in notebook.comments}
        return {g.cell.name: views.Graded(g.cell.name, None if g.manual_score is None and g.auto_score is None
                                    else float(g.score), float(g.max_score), comments.get(g.cell.name, ""))
                for g in notebook.grades}
