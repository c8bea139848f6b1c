"""Nothing a graded widget sends to the browser reveals a key: every comm message is recorded
while every activity of every unit is shown and answered.

The choice control (course/answer/controls.py) is checked by shape as well as by text: its state
holds only the question, each response's shown text and id, the chosen id and a layout flag, so a
key could not travel in it even as a number or a flag. Practice feedback is sent only for the
response chosen, never for every response up front.
"""
from __future__ import annotations

import json
import re
from html import escape

import comm
import ipywidgets
import pytest
from comm.base_comm import BaseComm

from course.answer.unit import Unit
from course.author.build import source_files

from .support.answers import all_wrong, perfect

CHOICE_GROUP = "course.answer.controls.ChoiceGroup"
CHOICE_TRAITS = {"label", "options", "value", "horizontal", "_esm", "_css", "_anywidget_id"}


class RecordingComm(BaseComm):
    sent: list[str] = []

    def publish_msg(self, msg_type, data=None, metadata=None, buffers=None, **keys):
        RecordingComm.sent.append(json.dumps({"comm": self.comm_id, "data": data}, default=str))


@pytest.fixture
def recorded(monkeypatch):
    RecordingComm.sent = []
    monkeypatch.setattr(comm, "create_comm", lambda *args, **kwargs: RecordingComm(*args, **kwargs))
    return RecordingComm.sent


def secrets(unit) -> list[str]:
    found = []
    for question in unit.questions:
        for option in question.get("options", []):
            found += [option["why"], escape(option["why"])]
    if unit.reflection:
        found.append(unit.reflection["mark_scheme"].strip().splitlines()[0])
    return [s for s in found if len(s) > 25]


def shown_unit(tmp_path, course, unit_id: str) -> tuple[object, Unit]:
    unit = course.units[unit_id]
    folder = tmp_path / unit_id
    folder.mkdir()
    for name, text in source_files(unit, course.tags).items():
        if name.endswith(".items.json"):
            (folder / name).write_text(text)
    return unit, Unit(unit_id, folder)


def choice_group_states(messages: list[str]) -> list[dict]:
    """Every state a choice control sent (when opened, and each update), from the recorded messages."""
    sent = [json.loads(message) for message in messages]
    states = [(one["comm"], (one["data"] or {}).get("state") or {}) for one in sent]
    groups = {comm_id for comm_id, state in states if state.get("_anywidget_id") == CHOICE_GROUP}
    return [state for comm_id, state in states if comm_id in groups and state]


def learner_texts(unit) -> set[str]:
    """Every text a response may be shown with: options, practice responses, role-play replies, rating scales."""
    texts = {o["text"] for q in unit.questions for o in q.get("options", [])}
    texts |= {r["text"] for s in unit.practice for r in s["responses"]}
    texts |= {c["text"] for q in unit.questions for turn in q.get("turns", {}).values() for c in turn["choices"]}
    texts |= {f"{n} {label}" for q in unit.questions for n, label in enumerate(q.get("scale", []), start=1)}
    return texts


def test_no_key_text_reaches_the_browser_while_every_unit_is_answered(tmp_path, course, recorded):
    base = set(ipywidgets.DOMWidget().get_state())
    for unit_id in course.units:
        unit, shown = shown_unit(tmp_path, course, unit_id)
        for scenario in unit.practice:
            shown.practice(scenario["id"])
        for question in unit.questions:
            shown.question(question["id"])
            shown.shown[question["id"]].answer(all_wrong(question)[0])
        if unit.reflection:
            shown.reflection()
        for question in unit.questions:  # and once more, changing every answer
            if question["type"] != "roleplay":
                shown.shown[question["id"]].answer(perfect(question)[0])
        messages = "\n".join(recorded)
        assert len(recorded) > 20, unit_id  # the widgets really talked to the (recorded) browser
        leaked = [s for s in secrets(unit) if s in messages]
        assert leaked == [], (unit_id, leaked[:1])
        assert '"score"' not in messages and "misconception" not in messages

        groups = choice_group_states(recorded)
        assert len(groups) >= len(unit.practice) + len(unit.questions), unit_id  # the new control was used
        assert [sorted(set(g) - base - CHOICE_TRAITS) for g in groups if set(g) - base - CHOICE_TRAITS] == []
        texts = learner_texts(unit)
        for group in groups:
            for text, value in group.get("options", []):
                assert re.sub(r"^[A-H]\. ", "", text) in texts and isinstance(value, (str, int)), (unit_id, text)
        recorded.clear()


def test_practice_feedback_is_sent_only_for_the_response_chosen(tmp_path, course, recorded):
    unit, shown = shown_unit(tmp_path, course, "unit1")
    scenario = unit.practice[0]
    shown.practice(scenario["id"])
    feedback = {r["id"]: escape(r["feedback"]) for r in scenario["responses"]}
    assert [text for text in feedback.values() if text in "\n".join(recorded)] == []  # nothing up front
    chosen = scenario["responses"][1]["id"]
    shown.shown[scenario["id"]].answer(chosen)
    sent = "\n".join(recorded)
    assert feedback[chosen] in sent
    assert [i for i, text in feedback.items() if i != chosen and text in sent] == []
