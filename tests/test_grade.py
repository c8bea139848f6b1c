"""The grading helper that hidden tests call: exact points, plain reasons, never an exception."""
from __future__ import annotations

import json
import subprocess
import sys

import nbformat
import pytest

from course.answer.store import AnswerStore
from course.author.build import source_files
from course.author.notebook import answer_key
from course.grade import grade

CHOICE = {"type": "choice", "best": "b", "why": {"a": "Pity. Too distant.", "b": "Best response. Warm.", "c": "Minimising. Shrinks it."}}
BEST_WORST = {"type": "best-worst", "best": "a", "worst": "c", "why": {"a": "Best response. A.", "b": "Judgment. B.", "c": "Pity. C."}}
RATING = {"type": "rating", "expert": {"a": 4, "b": 1, "c": 2}, "scale_size": 4,
          "why": {"a": "Warm.", "b": "Cold.", "c": "Vague."}}


def answered(folder, value):
    if value is not None:
        AnswerStore.beside_notebook("u", folder).save("q", value)


@pytest.mark.parametrize("value, key, points, expected", [
    ("b", CHOICE, 1, 1.0),
    ("a", CHOICE, 1, 0.0),
    (None, CHOICE, 1, 0.0),
    (["b"], CHOICE, 1, 0.0),
    ("zz", CHOICE, 1, 0.0),
    ({"best": "a", "worst": "c"}, BEST_WORST, 2, 2.0),
    ({"best": "a", "worst": "b"}, BEST_WORST, 2, 1.0),
    ({"best": "b"}, BEST_WORST, 2, 0.0),
    ("a", BEST_WORST, 2, 0.0),
    ({"a": 4, "b": 1, "c": 2}, RATING, 2, 2.0),
    ({"a": 3, "b": 1, "c": 2}, RATING, 3, 2.67),   # one step off on one response: 3 * (2/3 + 1 + 1) / 3
    ({"a": 1, "b": 4, "c": 2}, RATING, 2, 0.67),
    ({"a": True, "b": 9, "c": "2"}, RATING, 2, 0.0),
])
def test_points_for_each_question_type(tmp_path, capsys, value, key, points, expected):
    answered(tmp_path, value)
    assert grade("u", "q", points, key, folder=tmp_path) == expected
    assert capsys.readouterr().err == ""


def test_right_answer_is_explained_with_why_the_others_are_weaker(tmp_path, capsys):
    answered(tmp_path, "b")
    grade("u", "q", 1, CHOICE, folder=tmp_path)
    out = capsys.readouterr().out
    assert out.startswith("Question q: 1 of 1 point.\nYou chose: option 'b'\n✓ Best response. Warm.")
    assert "Why the other responses are weaker:" in out and "Minimising. Shrinks it." in out


def test_wrong_answer_names_the_misconception_and_the_best_response(tmp_path, capsys):
    answered(tmp_path, "c")
    grade("u", "q", 1, CHOICE, folder=tmp_path)
    out = capsys.readouterr().out
    assert "Minimising. Shrinks it." in out and "The best response was: option 'b'" in out


def test_option_texts_come_from_the_items_file_beside_the_notebook(tmp_path, capsys, course):
    for name, text in source_files(course.units["unit1"], course.tags).items():
        (tmp_path / name).write_text(text)
    AnswerStore.beside_notebook("unit1", tmp_path).save("q2", "d")
    key = answer_key(course.units["unit1"].question("q2"), course.tags)
    assert grade("unit1", "q2", 1, key, folder=tmp_path) == 0.0
    out = capsys.readouterr().out
    assert out.startswith("Question 2: 0 of 1 point.\nYou chose: “At least you had many good years together.”")
    assert "Minimising. Saying \"at least\"" in out


def test_a_broken_key_costs_the_item_not_the_run(tmp_path, capsys):
    answered(tmp_path, "b")
    assert grade("u", "q", 1, {"type": "choice"}, folder=tmp_path) == 0.0
    assert grade("u", "q", 1, {"type": "no-such-type", "why": {}}, folder=tmp_path) == 0.0
    assert "could not be scored automatically" in capsys.readouterr().out


def test_every_grade_cell_runs_clean_with_warnings_as_errors(tmp_path, root):
    """nbgrader zeroes a test cell with any stderr output, so a stray warning would cost a correct answer."""
    notebook = nbformat.read(root / "source" / "unit1" / "unit1.ipynb", as_version=4)
    grade_cells = [c.source for c in notebook.cells if c.metadata.get("nbgrader", {}).get("grade")
                   and c.cell_type == "code"]
    (tmp_path / "unit1.items.json").write_text((root / "source" / "unit1" / "unit1.items.json").read_text())
    AnswerStore.beside_notebook("unit1", tmp_path).save("q1", "b")
    script = "\n".join(grade_cells)
    result = subprocess.run([sys.executable, "-W", "error", "-X", "dev", "-c", script], cwd=tmp_path,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and result.stderr == ""
    assert result.stdout.count("point") >= len(grade_cells)
    assert json.loads((tmp_path / "unit1.answers.json").read_text())["answers"]["q1"]["value"] == "b"
