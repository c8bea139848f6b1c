"""Nothing a graded widget sends to the browser reveals a key: every comm message is recorded
while every activity of every unit is shown and answered."""
from __future__ import annotations

import json
from html import escape

import comm
import pytest
from comm.base_comm import BaseComm

from course.answer.unit import Unit
from course.author.build import source_files

from .support.answers import all_wrong, perfect


class RecordingComm(BaseComm):
    sent: list[str] = []

    def publish_msg(self, msg_type, data=None, metadata=None, buffers=None, **keys):
        RecordingComm.sent.append(json.dumps(data, default=str))


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


def test_no_key_text_reaches_the_browser_while_every_unit_is_answered(tmp_path, course, recorded):
    for unit_id, unit in course.units.items():
        folder = tmp_path / unit_id
        folder.mkdir()
        for name, text in source_files(unit, course.tags).items():
            if name.endswith(".items.json"):
                (folder / name).write_text(text)
        shown = Unit(unit_id, folder)
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
        recorded.clear()
