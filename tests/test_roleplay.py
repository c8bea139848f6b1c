"""The branching role-play widget: saves each reply at once, restores any run, grades only the first."""
from __future__ import annotations

import copy
import json
from html import escape

import pytest

from course.answer.progress import summary_html
from course.answer.unit import Unit
from course.author.build import source_files
from course.author.notebook import answer_key, learner_items
from course.grade import grade

from .test_activities import widget_states

UNIT, ID = "unit7", "conversation"
BEST = ["a", "b", "c", "b"]        # opening → evenings → wedding → again → deepens
SHAKY = ["b", "c", "c", "b"]       # a weak opening, then repair: → challenge → wedding → again → deepens
GUARDED = ["c", "a", "b", "c"]     # → challenge → fine → again → guarded
LEAVES = ["b", "b", "a", "b"]      # → challenge → fine → clock → leaves


@pytest.fixture
def folder(tmp_path, course):
    for name, text in source_files(course.units[UNIT], course.tags).items():
        (tmp_path / name).write_text(text)
    return tmp_path


@pytest.fixture
def roleplay(course):
    return course.units[UNIT].question(ID)


def shown(folder):
    unit = Unit(UNIT, folder)
    unit.question(ID)
    return unit.shown[ID]


def saved(folder):
    return json.loads((folder / f"{UNIT}.answers.json").read_text())["answers"][ID]["value"]


def test_saying_a_reply_saves_the_step_at_once_and_shows_its_feedback_and_movement(folder, roleplay):
    activity = shown(folder)
    activity.answer(["a"])
    assert saved(folder) == {"runs": [{"path": [["opening", "a"]], "ending": None}]}
    first = roleplay["turns"]["opening"]["choices"][0]
    assert escape(first["feedback"]) in activity.feedback.value and "Validation." in activity.feedback.value
    assert "Trust ▲ rose by 2 (now 2); emotional safety ▲ rose by 2 (now 2)." in activity.feedback.value
    assert escape(roleplay["turns"]["evenings"]["says"]) in activity.line.value and "Turn 2." in activity.line.value
    assert "This is your graded conversation." in activity.status.value
    assert activity.radio.value is None and not activity.say_button.disabled  # it keeps a keyboard user's focus


def test_choosing_a_reply_without_pressing_say_this_saves_nothing(folder):
    activity = shown(folder)
    activity.say_button.click()  # nothing chosen yet: asked to choose, nothing saved
    assert "Choose a reply first" in activity.status.value
    activity.radio.value = "b"  # what an arrow key does
    assert not (folder / f"{UNIT}.answers.json").exists()
    activity.say_button.click()
    assert saved(folder)["runs"][0]["path"] == [["opening", "b"]]


def test_a_rerun_restores_a_conversation_in_progress_where_it_was(folder, roleplay):
    shown(folder).answer(["b", "c"])
    again = shown(folder)  # a kernel restart re-runs the cell
    assert escape(roleplay["turns"]["wedding"]["says"]) in again.line.value and "Turn 3." in again.line.value
    assert again.history.value.count("<li>") == 2 and "now -1" in again.history.value
    assert "shown where you left it" in again.status.value
    again.answer(["c", "b"])
    assert saved(folder)["runs"] == [{"path": [["opening", "b"], ["challenge", "c"], ["wedding", "c"], ["again", "b"]],
                                      "ending": "deepens"}]


def test_a_finished_conversation_shows_its_ending_and_a_described_plot_again_after_a_rerun(folder, roleplay):
    shown(folder).answer(GUARDED)
    for activity in (shown(folder), shown(folder)):
        ending = roleplay["endings"]["guarded"]
        assert escape(ending["title"]) in activity.ending.value and escape(ending["text"]) in activity.ending.value
        alt = ("A line chart of your 4-turn conversation: trust went from 0 to -2 and emotional safety from 0 to -2, "
               "ending with “Polite, but guarded”.")
        assert f'alt="{escape(alt)}"' in activity.ending.value and f"Description: {escape(alt)}" in activity.ending.value
        assert activity.ending.value.count('src="data:image/png;base64,') == 1
        assert activity.reply.layout.display == "none"  # no reply to choose once it has ended
        assert activity.again.layout.display is None
        others = [activity, *[child for child in activity.children if child is not activity.reply]]
        assert [w for w in others if w.layout.display is not None] == []  # hiding the replies hides nothing else


def test_start_again_is_offered_only_after_the_first_conversation_ends(folder):
    activity = shown(folder)
    activity.answer(["a", "b"])
    assert activity.again.layout.display == "none"
    activity.start_again()
    assert saved(folder)["runs"] == [{"path": [["opening", "a"], ["evenings", "b"]], "ending": None}]
    assert len(activity.runs) == 1 and "Turn 3." in activity.line.value


def test_a_replay_is_saved_as_practice_and_the_first_run_stays_graded(folder, course, roleplay, capsys):
    activity = shown(folder)
    activity.answer(GUARDED)
    activity.again.click()
    assert "Practice replay" in activity.status.value and "Turn 1." in activity.line.value
    activity.answer(BEST[:2])
    assert "This replay is practice and is not graded." in activity.status.value
    runs = saved(folder)["runs"]
    assert runs[0] == {"path": [["opening", "c"], ["challenge", "a"], ["fine", "b"], ["again", "c"]], "ending": "guarded"}
    assert runs[1] == {"path": [["opening", "a"], ["evenings", "b"]], "ending": None}

    again = shown(folder)  # the replay in progress survives a restart too
    assert "Turn 3." in again.line.value
    again.answer(BEST[2:])
    assert saved(folder)["runs"][1]["ending"] == "deepens"
    lines = again.answer_lines()
    assert lines[0] == "Your graded conversation (the first one):"
    assert "Ending: Polite, but guarded." in lines[-2] and lines[-1] == "Practice replays saved, not graded: 1."
    assert grade(UNIT, ID, 3, answer_key(roleplay, course.tags), folder=folder) == 1.5
    assert "Your 1 later replay was practice." in capsys.readouterr().out


@pytest.mark.parametrize("replies, ending, points", [(BEST, "deepens", 3.0), (SHAKY, "deepens", 3.0),
                                                      (GUARDED, "guarded", 1.5), (LEAVES, "leaves", 0.0)])
def test_each_ending_played_in_the_widget_earns_its_share_of_the_points(folder, course, roleplay, replies, ending, points):
    shown(folder).answer(replies)
    assert saved(folder)["runs"][0]["ending"] == ending
    assert grade(UNIT, ID, 3, answer_key(roleplay, course.tags), folder=folder) == points


def test_saved_runs_that_no_longer_fit_the_conversation_are_set_aside_with_a_message(folder):
    good = {"path": [["opening", "c"], ["challenge", "a"], ["fine", "b"], ["again", "c"]], "ending": "guarded"}
    broken = {"path": [["opening", "z"]], "ending": None}
    store_value = {"answers": {ID: {"value": {"runs": [good, broken]}}}}
    (folder / f"{UNIT}.answers.json").write_text(json.dumps(store_value))
    activity = shown(folder)
    assert activity.runs == [good] and "Polite, but guarded" in activity.ending.value
    assert "set aside" in activity.status.value and 'role="alert"' in activity.status.value

    store_value["answers"][ID]["value"] = {"runs": "nonsense"}
    (folder / f"{UNIT}.answers.json").write_text(json.dumps(store_value))
    activity = shown(folder)
    assert "Turn 1." in activity.line.value and "Not answered yet" in activity.status.value


def test_ending_scores_reach_neither_the_learner_items_nor_the_widget(folder, course, root):
    released = json.loads((root / "release" / UNIT / f"{UNIT}.items.json").read_text())
    assert all("score" not in ending for ending in released["questions"][ID]["endings"].values())

    unit = copy.deepcopy(course.units[UNIT])  # distinctive scores, so any copy of them would show
    marked = dict(zip(unit.question(ID)["endings"], ("0.8137", "0.4159", "0.0271")))
    for ending_id, score in marked.items():
        unit.question(ID)["endings"][ending_id]["score"] = float(score)
    items = json.dumps(learner_items(unit, course.tags))
    (folder / f"{UNIT}.items.json").write_text(items)
    activity = shown(folder)
    activity.answer(GUARDED)
    state = items + widget_states(activity) + json.dumps(activity._repr_mimebundle_())
    assert not [score for score in marked.values() if score in state]
    assert '"score"' not in state
    assert "0.8137" in json.dumps(answer_key(unit.question(ID), course.tags))  # the hidden test does hold it


def test_transcript_lists_the_graded_path_and_ending_where_widgets_cannot_run(folder, roleplay):
    activity = shown(folder)
    activity.answer(LEAVES)
    bundle = activity._repr_mimebundle_()
    text = bundle["text/plain"]
    assert "Curtis, 47" in bundle["text/html"] and "application/vnd.jupyter.widget-view+json" in bundle
    assert f"Curtis: “{roleplay['turns']['clock']['says']}”" in text
    prying = roleplay["turns"]["challenge"]["choices"][1]
    assert prying["id"] == "b" and f"You: “{prying['text']}” Trust ▼ fell by 2 (now -3)" in text
    assert text.rstrip().endswith(f"Ending: Curtis disengages. {roleplay['endings']['leaves']['text']}")


def test_progress_counts_the_roleplay_as_answered_only_when_its_first_conversation_ends(folder):
    activity = shown(folder)
    activity.answer(BEST[:3])
    unit = Unit(UNIT, folder)
    assert "still open: Question 1, Question 2, Question 3, Question 4, Question 5, Question 6" in summary_html(unit)
    activity.answer(BEST[3:])
    assert "still open: Question 1, Question 2, Question 3, Question 4, Question 5)" in summary_html(unit)


def test_every_roleplay_path_is_at_least_four_turns_and_reaches_three_endings(course):
    roleplays = [q for u in course.units.values() for q in u.questions if q["type"] == "roleplay"]
    assert roleplays
    for question in roleplays:
        lengths, reached = [], set()

        def walk(node, depth):
            if node in question["endings"]:
                lengths.append(depth)
                reached.add(node)
                return
            for choice in question["turns"][node]["choices"]:
                walk(choice["next"], depth + 1)

        walk(question["start"], 0)
        assert min(lengths) >= 4 and len(reached) >= 3 and reached == set(question["endings"]), question["id"]
