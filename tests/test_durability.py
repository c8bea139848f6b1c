"""No answer is ever lost: writers killed mid-save, rapid clicks, the same notebook open twice."""
from __future__ import annotations

import json
import os
import random
import signal
import time

from course.answer.store import AnswerStore
from course.answer.unit import Unit
from course.author.build import source_files

KILL_TRIALS = 1000


def _write_forever(folder, confirm_fd: int) -> None:
    store = AnswerStore.beside_notebook("unit1", folder)
    for i in range(1, 1_000_000):
        store.save("counter", i)
        os.write(confirm_fd, f"{i}\n".encode())


def test_a_writer_killed_mid_save_never_leaves_a_damaged_or_lost_file(tmp_path):
    store = AnswerStore.beside_notebook("unit1", tmp_path)
    store.save("q1", "b")
    store.save("reflection", "Written before any kill.")
    rng = random.Random(2026)
    killed_after: list[int] = []
    for _ in range(KILL_TRIALS):
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child is a kernel saving answers as fast as it can
            os.close(read_fd)
            try:
                _write_forever(tmp_path, write_fd)
            finally:
                os._exit(0)
        os.close(write_fd)
        first = os.read(read_fd, 16)  # the child is saving now: kill it at a random moment of its work
        time.sleep(rng.uniform(0, 0.005))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        with os.fdopen(read_fd, "rb") as confirmations:
            lines = (first + confirmations.read()).split()
        last_confirmed = int(lines[-1]) if lines else 0
        data = json.loads((tmp_path / "unit1.answers.json").read_text())  # never damaged
        answers = data["answers"]
        assert answers["q1"]["value"] == "b" and answers["reflection"]["value"] == "Written before any kill."
        if last_confirmed:  # a save that returned is on disk (a later one may be too)
            assert answers["counter"]["value"] >= last_confirmed
        killed_after.append(last_confirmed)
    assert min(killed_after) >= 1 and len(set(killed_after)) > 3  # kills landed at many points of the work
    store.save("after", 1)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["unit1.answers.json"]  # leftovers cleaned


def test_rapid_repeated_clicks_leave_the_last_choice_saved(tmp_path, course):
    for name, text in source_files(course.units["unit1"], course.tags).items():
        if name.endswith(".items.json"):
            (tmp_path / name).write_text(text)
    unit = Unit("unit1", tmp_path)
    unit.question("q1")
    choices = ["a", "b", "c", "d"] * 75 + ["c"]
    for option in choices:
        unit.shown["q1"].answer(option)
    assert AnswerStore.beside_notebook("unit1", tmp_path).load("q1").value == "c"


def test_the_same_notebook_open_twice_keeps_both_tabs_answers(tmp_path, course):
    for name, text in source_files(course.units["unit1"], course.tags).items():
        if name.endswith(".items.json"):
            (tmp_path / name).write_text(text)
    first, second = Unit("unit1", tmp_path), Unit("unit1", tmp_path)
    first.question("q1")
    second.question("q2")
    first.shown["q1"].answer("a")
    second.shown["q2"].answer("d")
    saved = AnswerStore.beside_notebook("unit1", tmp_path).load_all()
    assert saved == {"q1": "a", "q2": "d"}
