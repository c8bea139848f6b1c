"""The widgets learners answer with: they save at once, restore on re-run, reveal no key."""
from __future__ import annotations

import json
from html import escape

import ipywidgets
import pytest
import traitlets

from course.answer.unit import Unit
from course.author.build import source_files


@pytest.fixture
def folder(tmp_path, course):
    for name, text in source_files(course.units["unit1"], course.tags).items():
        if name.endswith(".items.json"):
            (tmp_path / name).write_text(text)
    return tmp_path


@pytest.fixture
def unit1(course):
    return course.units["unit1"]


def saved(folder):
    return {k: v["value"] for k, v in json.loads((folder / "unit1.answers.json").read_text())["answers"].items()}


def widget_states(widget) -> str:
    """Everything the kernel would send to the browser for this activity."""
    states, todo = [], [widget]
    while todo:
        current = todo.pop()
        states.append(current.get_state())
        todo += [child for child in getattr(current, "children", ()) if isinstance(child, ipywidgets.Widget)]
    return json.dumps(states, default=str)


def test_choosing_an_option_writes_the_file_and_a_rerun_restores_it(folder):
    unit = Unit("unit1", folder)
    unit.question("q1")
    unit.shown["q1"].answer("d")
    assert saved(folder) == {"q1": "d"}
    assert "Saved" in unit.shown["q1"].status.value

    again = Unit("unit1", folder)  # a kernel restart re-runs the cells
    again.question("q1")
    assert again.shown["q1"].radio.value == "d"
    assert "Your saved answer is shown" in again.shown["q1"].status.value


def test_every_activity_type_saves_and_restores(folder):
    unit = Unit("unit1", folder)
    unit.practice("after-a-slip")
    unit.reflection()
    unit.shown["after-a-slip"].answer("c")
    unit.shown["reflection"].answer("I will listen first.")
    assert saved(folder) == {"practice:after-a-slip": "c", "reflection": "I will listen first."}
    again = Unit("unit1", folder)
    again.practice("after-a-slip")
    again.reflection()
    assert again.shown["after-a-slip"].radio.value == "c"
    assert "Empathic distress" in again.shown["after-a-slip"].feedback.value
    assert again.shown["reflection"].text.value == "I will listen first."


def test_practice_feedback_names_what_each_response_shows(folder, unit1):
    unit = Unit("unit1", folder)
    unit.practice("after-a-slip")
    activity = unit.shown["after-a-slip"]
    for response in unit1.practice[0]["responses"]:
        activity.answer(response["id"])
        assert escape(response["feedback"]) in activity.feedback.value
    activity.answer("b")
    assert "Compassion" in activity.feedback.value and "A strong response" in activity.feedback.value


def test_graded_widgets_reveal_no_key_to_the_browser(folder, unit1):
    unit = Unit("unit1", folder)
    for question in unit1.questions:
        unit.question(question["id"])
        activity = unit.shown[question["id"]]
        activity.answer(question["options"][0]["id"])
        state = widget_states(activity) + json.dumps(activity._repr_mimebundle_())
        for option in question["options"]:
            assert option["why"] not in state and escape(option["why"]) not in state
        for word in ("correct", "incorrect", "Best response", "misconception"):
            assert word not in state


def test_options_appear_in_a_stable_order_that_differs_between_learners(folder, monkeypatch):
    orders = {}
    for learner in ("amina", "bo", "carlos", "dee"):
        monkeypatch.setenv("JUPYTERHUB_USER", learner)
        unit = Unit("unit1", folder)
        unit.question("q2")
        orders[learner] = [option_id for _, option_id in unit.shown["q2"].options]
        unit.question("q2")
        assert [option_id for _, option_id in unit.shown["q2"].options] == orders[learner]
    assert len({tuple(order) for order in orders.values()}) > 1
    labels = [label for label, _ in unit.shown["q2"].options]
    assert [label[:2] for label in labels] == ["A.", "B.", "C.", "D."]


def test_damaged_answers_file_shows_unanswered_and_the_next_click_saves(folder):
    (folder / "unit1.answers.json").write_text("{not json")
    unit = Unit("unit1", folder)
    unit.question("q3")
    assert unit.shown["q3"].radio.value is None
    assert "Not answered yet" in unit.shown["q3"].status.value
    unit.shown["q3"].answer("c")
    assert saved(folder) == {"q3": "c"}


def test_a_saved_id_that_is_no_longer_an_option_is_not_shown_as_chosen(folder):
    (folder / "unit1.answers.json").write_text(json.dumps({"answers": {"q1": {"value": "zz"}}}))
    unit = Unit("unit1", folder)
    unit.question("q1")
    assert unit.shown["q1"].radio.value is None


def test_missing_items_file_and_unknown_ids_show_a_message_instead_of_raising(tmp_path, folder, capsys):
    empty = tmp_path / "empty"
    empty.mkdir()
    Unit("unit1", empty).question("q1")
    assert "should sit beside this notebook" in capsys.readouterr().out
    unit = Unit("unit1", folder)
    unit.question("nope")
    unit.practice("nope")
    unit.figure("nope")
    shown = capsys.readouterr().out
    assert shown.count('role="alert"') == 3 and "no activity called &#x27;nope&#x27;" in shown


def test_transcript_shows_scene_and_saved_answer_where_widgets_cannot_run(folder):
    unit = Unit("unit1", folder)
    unit.question("q2")
    unit.shown["q2"].answer("a")
    bundle = unit.shown["q2"]._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert "Ray, 63" in bundle["text/html"] and "Your saved answer:" in bundle["text/html"]
    assert "There's no" in bundle["text/plain"]


def test_save_failure_is_shown_to_the_learner_not_raised(folder, monkeypatch):
    import errno
    import os

    unit = Unit("unit1", folder)
    unit.question("q1")

    def disk_full(*args):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "replace", disk_full)
    unit.shown["q1"].answer("b")
    assert "could not be saved (No space left on device)" in unit.shown["q1"].status.value
    assert [p.name for p in folder.iterdir()] == ["unit1.items.json"]  # no half-written file left


def test_progress_lists_open_questions_and_reflection_words(folder, capsys):
    unit = Unit("unit1", folder)
    for qid in ("q1", "q2"):
        unit.question(qid)
        unit.shown[qid].answer("a")
    unit.reflection()
    unit.shown["reflection"].answer("three words here")
    from course.answer.progress import summary_html

    html = summary_html(unit)
    assert "answered: 2 of 6" in html and "Question 3" in html and "3 words saved" in html


def test_progress_of_a_unit_without_a_reflection_never_mentions_one(tmp_path, course):
    from course.answer.progress import summary_html

    for name, text in source_files(course.units["final"], course.tags).items():
        if name.endswith(".items.json"):
            (tmp_path / name).write_text(text)
    unit = Unit("final", tmp_path)
    unit.question("q1")
    unit.shown["q1"].answer("c")
    html = summary_html(unit)
    assert "answered: 1 of 28" in html and "Reflection" not in html


def test_a_value_the_browser_sends_is_saved_only_when_it_was_offered(folder, course):
    """A learner with the browser console could send any value; only an offered id is ever saved."""
    unit = Unit("unit1", folder)
    unit.question("q1")
    group = unit.shown["q1"].radio
    group.set_state({"value": "b"})  # what the control sends when a response is chosen
    assert saved(folder) == {"q1": "b"}
    for sent in ("zz", "", 1, True, ["b"], {"id": "b"}, "b" * 100_000):
        with pytest.raises(traitlets.TraitError):  # ipykernel logs it; the learner's page is unaffected
            group.set_state({"value": sent})
        assert group.value == "b" and saved(folder) == {"q1": "b"}, sent
    rating = Unit("unit2", _items_folder(course, folder.parent / "unit2", "unit2"))
    rating.question("q5")
    scale = next(iter(rating.shown["q5"].ratings.values()))
    for sent in (True, "1", 1.0, 0, 5):
        with pytest.raises(traitlets.TraitError):
            scale.set_state({"value": sent})
        assert scale.value is None, sent
    assert not (folder.parent / "unit2" / "unit2.answers.json").exists()


def test_every_question_type_is_drawn_as_radio_groups_named_by_their_question(folder, tmp_path, course):
    unit = Unit("unit1", folder)
    unit.practice("after-a-slip")
    unit.question("q1")
    for activity in (unit.shown["after-a-slip"], unit.shown["q1"]):
        ask = activity.item["ask"]
        assert activity.radio.label == ask and not activity.radio.horizontal
        assert widget_states(activity).count(ask) == 1  # said once, as the group's name, not again in the scene
        assert escape(ask) in activity._repr_mimebundle_()["text/html"]  # and still in the static transcript
    u4 = Unit("unit4", _items_folder(course, tmp_path / "unit4", "unit4"))
    u4.question("q4")
    u4.question("q6")
    best_worst, rating = u4.shown["q4"], u4.shown["q6"]
    assert [best_worst.best.label, best_worst.worst.label] == ["Which is the best response?", "Which is the worst response?"]
    assert [group.label for group in rating.ratings.values()] == [text for text, _ in rating.options]
    assert all(group.horizontal and [v for _, v in group.options] == [1, 2, 3, 4] for group in rating.ratings.values())
    u7 = Unit("unit7", _items_folder(course, tmp_path / "unit7", "unit7"))
    u7.question("conversation")
    assert u7.shown["conversation"].radio.label == "Your reply to Curtis"


def _items_folder(course, path, unit_id):
    path.mkdir(parents=True, exist_ok=True)
    for name, text in source_files(course.units[unit_id], course.tags).items():
        if name.endswith(".items.json"):
            (path / name).write_text(text)
    return path
