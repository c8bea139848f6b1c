"""Every unit through nbgrader: a perfect, an all-wrong and a blank learner get exactly the
expected total in every unit.

The exchange round trip is proven for unit 1 in test_pipeline.py; here submissions are placed
in submitted/ directly (as an instructor may), so one `nbgrader autograde` grades the whole
course. The perfect learner answers through the real widgets, as clicks would.
"""
from __future__ import annotations

import shutil

import pytest

from course.answer.store import AnswerStore
from course.answer.unit import Unit

from .support.answers import all_wrong, perfect
from .support.classroom import Classroom


def submit(room: Classroom, student: str, unit_id: str):
    folder = room.course / "submitted" / student / unit_id
    shutil.copytree(room.course / "release" / unit_id, folder)
    (folder / "timestamp.txt").write_text("2026-11-22 12:00:00.000000 UTC")
    return folder


@pytest.fixture(scope="module")
def results(tmp_path_factory, root, course):
    room = Classroom(tmp_path_factory.mktemp("course"), root)
    room.nbgrader("generate_assignment", "*", "--force")
    expected: dict[tuple[str, str], float] = {}
    for unit_id, unit in course.units.items():
        answers = {"perfect": {q["id"]: perfect(q) for q in unit.questions},
                   "allwrong": {q["id"]: all_wrong(q) for q in unit.questions}}
        clicking = Unit(unit_id, submit(room, "perfect", unit_id))
        for qid, (value, _) in answers["perfect"].items():
            clicking.question(qid)
            clicking.shown[qid].answer(value)
        store = AnswerStore.beside_notebook(unit_id, submit(room, "allwrong", unit_id))
        for qid, (value, _) in answers["allwrong"].items():
            store.save(qid, value)
        submit(room, "blank", unit_id)
        for student, given in answers.items():
            expected[(student, unit_id)] = round(sum(points for _, points in given.values()), 2)
        expected[("blank", unit_id)] = 0.0
    room.nbgrader("autograde", "*", "--force")
    return room.export(), expected


@pytest.mark.pipeline
def test_every_unit_grades_perfect_all_wrong_and_blank_learners_exactly(results, course):
    exported, expected = results
    assert {key: round(score, 2) for key, score in exported.items()} == expected
    for unit_id, unit in course.units.items():
        assert expected[("perfect", unit_id)] == sum(q["points"] for q in unit.questions)
