"""Hostile answers files, generated: grading and the widgets never crash, and each affected
item gets 0 with a reason a learner can read."""
from __future__ import annotations

import json
import os
import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from course.answer.unit import Unit
from course.author.build import source_files
from course.author.notebook import answer_key
from course.grade import grade

# Anything JSON can hold, including deep nesting, huge numbers and odd strings.
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=30,
)
QUESTION_IDS = ["q1", "q2", "q3", "q4", "q5", "q6", "q7", "roleplay", "conversation", "reflection", "x"]
entries = st.one_of(json_values, st.fixed_dictionaries({"value": json_values}))
answers_documents = st.one_of(
    json_values,
    st.fixed_dictionaries({"answers": st.dictionaries(st.sampled_from(QUESTION_IDS), entries, max_size=8)}),
)
raw_bytes = st.binary(max_size=300)
duplicated_keys = st.sampled_from(['{"answers": {"q1": {"value": "a"}, "q1": {"value": 7}}}',
                                   '{"answers": {}, "answers": []}'])


@pytest.fixture(scope="module")
def units(tmp_path_factory, course):
    """Every unit's learner items in its own folder, with every question's key."""
    prepared = {}
    for unit_id, unit in course.units.items():
        folder = tmp_path_factory.mktemp(unit_id)
        for name, text in source_files(unit, course.tags).items():
            if name.endswith(".items.json"):
                (folder / name).write_text(text)
        keys = {q["id"]: (q["points"], answer_key(q, course.tags)) for q in unit.questions}
        prepared[unit_id] = (folder, keys)
    return prepared


def grade_all(unit_id, folder, keys, capsys):
    for qid, (points, key) in keys.items():
        earned = grade(unit_id, qid, points, key, folder=folder)
        assert isinstance(earned, float) and 0 <= earned <= points
    captured = capsys.readouterr()
    assert captured.err == ""
    return captured.out


def write(folder, unit_id, content: bytes):
    path = folder / f"{unit_id}.answers.json"
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()
    path.write_bytes(content)


SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(document=answers_documents, unit_index=st.integers(0, 50))
def test_any_json_answers_file_grades_every_item_without_crashing(units, capsys, document, unit_index):
    unit_id = sorted(units)[unit_index % len(units)]
    folder, keys = units[unit_id]
    write(folder, unit_id, json.dumps(document).encode())
    out = grade_all(unit_id, folder, keys, capsys)
    assert "Traceback" not in out


@SETTINGS
@given(content=st.one_of(raw_bytes, duplicated_keys.map(str.encode)), unit_index=st.integers(0, 50))
def test_any_bytes_in_the_answers_file_grade_zero_with_a_reason(units, capsys, content, unit_index):
    unit_id = sorted(units)[unit_index % len(units)]
    folder, keys = units[unit_id]
    write(folder, unit_id, content)
    out = grade_all(unit_id, folder, keys, capsys)
    assert out.count("point") >= len(keys)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(document=answers_documents, unit_index=st.integers(0, 50))
def test_widgets_open_on_any_answers_file_and_the_next_click_is_saved(units, document, unit_index):
    unit_id = sorted(units)[unit_index % len(units)]
    folder, keys = units[unit_id]
    write(folder, unit_id, json.dumps(document).encode())
    unit = Unit(unit_id, folder)
    for qid in keys:
        unit.question(qid)
    unit.reflection()
    assert set(keys) <= set(unit.shown)
    unit.shown["q1"].answer(unit.items["questions"]["q1"]["options"][0]["id"])
    saved = json.loads((folder / f"{unit_id}.answers.json").read_text())["answers"]
    assert saved["q1"]["value"] == unit.items["questions"]["q1"]["options"][0]["id"]


def test_a_directory_symlink_or_empty_file_in_place_of_answers_scores_zero(units, capsys, tmp_path):
    unit_id = "unit1"
    folder, keys = units[unit_id]
    path = folder / f"{unit_id}.answers.json"
    for make, reason in [(lambda: path.mkdir(), "not a regular file"),
                         (lambda: os.symlink(tmp_path, path), "not a regular file"),
                         (lambda: path.write_bytes(b""), "is damaged")]:
        write(folder, unit_id, b"")
        path.unlink()
        make()
        out = grade_all(unit_id, folder, keys, capsys)
        assert out.count(reason) == len(keys) and "6 of" not in out
