"""Parallel autograde with the gradebook in a real PostgreSQL server: the same scores as with sqlite."""
from __future__ import annotations

import pytest

from .conftest import class_environment
from .support import postgres
from .support.prerequisites import not_available
from .support.instructed import SEED, UNIT, copy_course, course_cmd

pytestmark = pytest.mark.pipeline


@pytest.fixture(scope="module")
def database_url():
    bin_dir = postgres.binaries()
    if bin_dir is None:
        not_available("the PostgreSQL server is not installed", "apt-get install postgresql")
    yield from postgres.running_server(bin_dir)


def test_parallel_autograde_into_postgres_matches_the_sqlite_class(database_url, graded_class, root, tmp_path,
                                                                   monkeypatch):
    from nbgrader.api import Gradebook

    from course.author.content import load_course
    from course.instructor import synthetic
    from course.instructor.context import ClassContext

    course = copy_course(root, tmp_path / "course")
    monkeypatch.setenv("COURSE_GRADEBOOK_URL", database_url)  # as the grader's pod is given it (docs/kubernetes.md)
    with class_environment(tmp_path):
        assert course_cmd(course, "release", UNIT).code == 0
        room = ClassContext.at(course)
        assert room.db_url.startswith("postgresql")
        content = load_course(course / "content")
        learners = graded_class.learners[:3]  # the same invented learners as the sqlite class
        synthetic.submit_class(room, learners, [content.units[UNIT]], tmp_path / "homes", seed=SEED)
        assert course_cmd(course, "collect").code == 0
        ran = course_cmd(course, "autograde", "--workers", "2")
    assert ran.code == 0 and ran.out.startswith("Graded 3 submissions"), ran.out + ran.err
    assert not (course / "gradebook.db").exists(), "nothing was written to a sqlite gradebook in the course"

    def cells(url: str) -> dict:
        with Gradebook(url) as gradebook:
            return {(s.student.id, g.cell.name): (g.auto_score, g.needs_manual_grade)
                    for s in gradebook.find_assignment(UNIT).submissions for nb in s.notebooks for g in nb.grades
                    if s.student.id in {l.name for l in learners}}

    in_postgres = cells(database_url)
    assert len(in_postgres) == 3 * 7
    assert in_postgres == cells(f"sqlite:///{graded_class.course / 'gradebook.db'}")
