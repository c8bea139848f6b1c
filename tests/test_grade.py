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
from course.grade.explanation import UNKNOWN_WORDS as UNKNOWN

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
    assert out.startswith("Question q: 1 of 1 point.\nYour answer. ✓ You chose the best response.\n"
                          f"  • {UNKNOWN} Best response. Warm.")
    assert "Why the other responses are weaker:" in out and "Minimising. Shrinks it." in out
    assert "'b'" not in out  # never an option id, even without the items file


def test_wrong_answer_names_the_misconception_and_the_best_response(tmp_path, capsys):
    answered(tmp_path, "c")
    grade("u", "q", 1, CHOICE, folder=tmp_path)
    out = capsys.readouterr().out
    assert f"✗ This is not the best response.\n  • {UNKNOWN} Minimising. Shrinks it." in out
    assert out.endswith(f"The best response:\n  • {UNKNOWN} Best response. Warm.\n")


def test_option_texts_come_from_the_items_file_beside_the_notebook(tmp_path, capsys, course):
    for name, text in source_files(course.units["unit1"], course.tags).items():
        (tmp_path / name).write_text(text)
    AnswerStore.beside_notebook("unit1", tmp_path).save("q2", "d")
    key = answer_key(course.units["unit1"].question("q2"), course.tags)
    assert grade("unit1", "q2", 1, key, folder=tmp_path) == 0.0
    out = capsys.readouterr().out
    assert out.startswith("Question 2: 0 of 1 point.\nYour answer. ✗ This is not the best response.\n"
                          "  • “At least you had many good years together.”")
    assert "Minimizing. Saying \"at least\"" in out


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


# -- the role-play: points × the score of the ending its FIRST conversation reached ----------------
ROLEPLAY = {"type": "roleplay", "start": "t1",
            "turns": {"t1": {"a": {"trust": 2, "safety": 1, "next": "t2", "shows": "Validation"},
                             "b": {"trust": -1, "safety": 0, "next": "t2", "shows": "Pity"}},
                      "t2": {"a": {"trust": 1, "safety": 1, "next": "warm", "shows": "Reflective listening"},
                             "b": {"trust": -2, "safety": -1, "next": "cool", "shows": "Judgment"},
                             "c": {"trust": -3, "safety": -3, "next": "gone", "shows": ""}}},
            "endings": {"warm": {"title": "Warm", "score": 1}, "cool": {"title": "Cool", "score": 0.5},
                        "gone": {"title": "Gone", "score": 0}}}
WARM, COOL = [["t1", "a"], ["t2", "a"]], [["t1", "b"], ["t2", "b"]]


def runs(*paths, ending=None):
    return {"runs": [{"path": path, "ending": ending} for path in paths]}


@pytest.mark.parametrize("value, expected, reason", [
    ({"runs": [{"path": WARM, "ending": "warm"}]}, 3.0, "Ending: Warm. It earns 100% of the points."),
    ({"runs": [{"path": COOL, "ending": "cool"}]}, 1.5, "Ending: Cool. It earns 50% of the points."),
    ({"runs": [{"path": [["t1", "a"], ["t2", "c"]], "ending": "gone"}]}, 0.0, "Ending: Gone. It earns 0% of the points."),
    (runs(WARM), 3.0, "Ending: Warm."),  # the ending follows from the path; saving it is optional
    (runs([["t1", "a"]]), 0.0, "The conversation was not finished, so it earns no points."),
    (runs([]), 0.0, "The conversation was not finished"),
    ({"runs": [{"path": COOL, "ending": "cool"}, {"path": WARM, "ending": "warm"}]}, 1.5, "Your 1 later replay was practice."),
    ({"runs": [{"path": [["t1", "a"]], "ending": None}, {"path": WARM, "ending": "warm"}]}, 0.0, "was not finished"),
    (runs([["zz", "a"]]), 0.0, "step 1 is at turn 'zz', but the conversation had reached turn 't1'"),
    (runs([["t1", "z"]]), 0.0, "step 1 names a reply ('z') that turn 't1' does not offer"),
    (runs([["t2", "a"]]), 0.0, "step 1 is at turn 't2', but the conversation had reached turn 't1'"),
    (runs([["t1", "a"], ["t1", "a"]]), 0.0, "step 2 is at turn 't1', but the conversation had reached turn 't2'"),
    (runs(WARM + [["t2", "a"]]), 0.0, "step 3 comes after the conversation had already ended"),
    ({"runs": [{"path": WARM, "ending": "cool"}]}, 0.0, "the ending saved with your first conversation does not match"),
    ({"runs": [{"path": [["t1", "a"]], "ending": "warm"}]}, 0.0, "does not match the replies in it"),
    ({"runs": [{"path": WARM, "ending": ["warm"]}]}, 0.0, "does not match the replies in it"),
    ("warm", 0.0, "the saved answer does not hold a conversation"),
    ({"runs": "t1/a"}, 0.0, "the saved answer does not hold a conversation"),
    ({"runs": []}, 0.0, "the saved answer does not hold a conversation"),
    ({"runs": [5]}, 0.0, "the saved answer does not hold a conversation"),
    ({"runs": [{"path": "t1/a"}]}, 0.0, "the replies are not saved as a list of steps"),
    ({"runs": [{"ending": "warm"}]}, 0.0, "the replies are not saved as a list of steps"),
    (runs([["t1", 1]]), 0.0, "step 1 is not a [turn, reply] pair"),
    (runs([{"t1": "a"}]), 0.0, "step 1 is not a [turn, reply] pair"),
    (runs([["t1", "a", "x"]]), 0.0, "step 1 is not a [turn, reply] pair"),
    (runs([[["t1"], "a"]]), 0.0, "step 1 is not a [turn, reply] pair"),
])
def test_roleplay_points_for_each_ending_unfinished_and_tampered_paths(tmp_path, capsys, value, expected, reason):
    answered(tmp_path, value)
    assert grade("u", "q", 3, ROLEPLAY, folder=tmp_path) == expected
    captured = capsys.readouterr()
    assert captured.err == "" and reason in captured.out
    assert captured.out.startswith(f"Question q: {expected:g} of 3 points.\n")


def test_roleplay_feedback_walks_through_each_reply_and_what_would_have_built_more_trust(tmp_path, capsys):
    answered(tmp_path, runs(COOL, ending="cool"))
    grade("u", "q", 3, ROLEPLAY, folder=tmp_path)
    assert capsys.readouterr().out.splitlines() == [
        "Question q: 1.5 of 3 points.",
        "Your first conversation is the one graded.",
        "Your conversation, turn by turn:",
        f"  • {UNKNOWN} Pity. Trust -1 (now -1), emotional safety +0 (now 0). "
        f"More trust would have come from {UNKNOWN} (Validation, trust +2).",
        f"  • {UNKNOWN} Judgment. Trust -2 (now -3), emotional safety -1 "
        f"(now -1). More trust would have come from {UNKNOWN} (Reflective listening, trust +1).",
        "Ending: Cool. It earns 50% of the points.",
        "  The ending with the most trust is “Warm”. It is reached by replies that listen, reflect and leave "
        "the person in charge of the conversation, turn after turn.",
    ]


def test_roleplay_feedback_quotes_the_replies_from_the_items_file(tmp_path, capsys, course):
    for name, text in source_files(course.units["unit7"], course.tags).items():
        (tmp_path / name).write_text(text)
    question = course.units["unit7"].question("conversation")
    path = [["opening", "c"], ["challenge", "b"], ["fine", "a"], ["clock", "b"]]
    AnswerStore.beside_notebook("unit7", tmp_path).save("conversation", {"runs": [{"path": path, "ending": "leaves"}]})
    assert grade("unit7", "conversation", 3, answer_key(question, course.tags), folder=tmp_path) == 0.0
    out = capsys.readouterr().out
    assert out.startswith("Question 6: 0 of 3 points.\nYour first conversation is the one graded.\n"
                          "Your conversation, turn by turn:\n  • They said: “My counselor said I should come.")
    assert ("You said: “Your counselor must have had a reason for sending you, and they know you pretty well by now. "
            "What did they say you need to work on here?” Transactional support. Trust -2 (now -2)") in out
    assert "More trust would have come from “That's fair. You didn't choose this" in out
    assert "Ending: Curtis disengages. It earns 0% of the points.\n  Curtis says this is not for him" in out
    assert "The ending with the most trust is “Trust begins to grow”." in out


def test_the_roleplay_grade_cell_runs_clean_with_warnings_as_errors(tmp_path, root):
    notebook = nbformat.read(root / "source" / "unit7" / "unit7.ipynb", as_version=4)
    (cell,) = [c.source for c in notebook.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "conversation"]
    (tmp_path / "unit7.items.json").write_text((root / "source" / "unit7" / "unit7.items.json").read_text())
    path = [["opening", "a"], ["evenings", "b"], ["wedding", "c"], ["again", "b"]]
    AnswerStore.beside_notebook("unit7", tmp_path).save("conversation", {"runs": [{"path": path, "ending": "deepens"}]})
    result = subprocess.run([sys.executable, "-W", "error", "-X", "dev", "-c", cell], cwd=tmp_path,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0 and result.stderr == ""
    assert result.stdout.startswith("Question 6: 3 of 3 points.\n")


# -- the explanation as data (what the learner's feedback page is built from) ------------------
def test_the_points_carry_the_explanation_as_data_with_the_scene_and_no_option_ids(tmp_path, course):
    for name, text in source_files(course.units["unit1"], course.tags).items():
        (tmp_path / name).write_text(text)
    AnswerStore.beside_notebook("unit1", tmp_path).save("q2", "d")
    question = course.units["unit1"].question("q2")
    points = grade("unit1", "q2", 1, answer_key(question, course.tags), folder=tmp_path)
    bundle = points._repr_mimebundle_()
    assert bundle["text/plain"] == "0.0"  # what nbgrader reads as the cell's score, as for a bare float
    data = bundle["application/vnd.course.feedback+json"]
    assert data["scene"]["says"] == question["says"] and data["number"] == 2 and data["earned"] == 0.0
    assert [(p["title"], p["good"]) for p in data["parts"]] == [("Your answer", False), ("The best response", None)]
    best = next(o for o in question["options"] if o.get("best"))
    assert data["parts"][1]["items"][0]["words"] == best["text"]
    assert not {o["id"] for o in question["options"]} & set(strings(data))


def strings(data):
    """Every string in a JSON value, keys included."""
    if isinstance(data, dict):
        return [s for k, v in data.items() for s in (k, *strings(v))]
    if isinstance(data, list):
        return [s for v in data for s in strings(v)]
    return [data] if isinstance(data, str) else []


def test_an_unreadable_answer_explains_why_and_still_shows_the_best_response(tmp_path):
    (tmp_path / "u.answers.json").write_bytes(b"\xff\xfe")
    points = grade("u", "q", 1, CHOICE, folder=tmp_path)
    assert points == 0.0 and points.explanation.problem.startswith("No answer could be scored: u.answers.json is damaged")
    assert [(p.title, p.items[0].why) for p in points.explanation.parts] == [("The best response", "Best response. Warm.")]


def test_the_roleplay_explanation_carries_the_trail_of_trust_and_safety_for_the_plot(tmp_path):
    answered(tmp_path, runs(COOL, ending="cool"))
    explanation = grade("u", "q", 3, ROLEPLAY, folder=tmp_path).explanation
    assert explanation.trail == [[0, 0], [-1, 0], [-3, -1]] and explanation.ending == "Cool"
    assert [p.title for p in explanation.parts] == ["Your conversation, turn by turn", "Ending: Cool"]


def test_a_missing_or_malformed_explanation_reads_as_none_and_a_good_one_round_trips(tmp_path):
    from course.grade.explanation import FORMAT, Explanation

    answered(tmp_path, "c")
    explanation = grade("u", "q", 1, CHOICE, folder=tmp_path).explanation
    assert Explanation.from_json(json.loads(json.dumps(explanation.to_json()))) == explanation
    for broken in (None, "text", {"format": "other"}, {"format": FORMAT, "unit": "u"},
                   {**explanation.to_json(), "parts": "x"}, {**explanation.to_json(), "parts": [{"title": "t", "items": [1]}]}):
        assert Explanation.from_json(broken) is None, broken
