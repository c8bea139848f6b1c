"""nbgrader_config.py gives nbgrader the course's feedback page and leaves the formgrader's own view alone."""
from __future__ import annotations

from pathlib import Path


def course_config(root: Path):
    from traitlets.config.loader import PyFileConfigLoader

    return PyFileConfigLoader("nbgrader_config.py", path=str(root)).load_config()


def test_feedback_uses_the_course_template_and_the_formgrader_keeps_nbgraders(root):
    import nbgrader
    from nbconvert import HTMLExporter

    from course.instructor.feedback_page import TEMPLATES

    config = course_config(root)
    assert config.GenerateFeedback.preprocessors == ["nbgrader.preprocessors.GetGrades",
                                                     "course.instructor.feedback_page.FeedbackPage"]
    nbgraders = Path(nbgrader.__file__).parent / "server_extensions" / "formgrader" / "templates"
    # the formgrader's button and `nbgrader generate_feedback` both ask for "feedback"; grading asks for "formgrade"
    for name, folder in (("feedback", TEMPLATES), ("formgrade", nbgraders)):
        template = HTMLExporter(config=config, template_name=name).template
        assert Path(template.filename).parent == folder / name, name



def test_without_content_the_page_keeps_the_items_title_and_has_no_chart(tmp_path):
    import logging

    from course.instructor import feedback_views as views

    assert views.unit_content(tmp_path, "unit1", logging.getLogger("test")) is None
    assert views.title(None, {"title": "Compassion is not pity"}, "unit1") == "Compassion is not pity"
