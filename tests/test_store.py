"""The answers file: atomic, tolerant, and never loses what a learner gave."""
from __future__ import annotations

import json
import multiprocessing
import os

from course.answer.store import AnswerStore


def test_saved_answer_is_read_back_and_other_answers_are_kept(tmp_path):
    store = AnswerStore.beside_notebook("unit1", tmp_path)
    store.save("q1", "b")
    store.save("q2", {"best": "a", "worst": "c"})
    store.save("q1", "c")
    assert store.load("q1").value == "c"
    assert store.load("q2").value == {"best": "a", "worst": "c"}
    on_disk = json.loads((tmp_path / "unit1.answers.json").read_text())
    assert on_disk["format"] == "course-answers/1" and set(on_disk["answers"]) == {"q1", "q2"}
    assert [p.name for p in tmp_path.iterdir()] == ["unit1.answers.json"]  # no temporary files left


def test_missing_file_means_no_answer_with_a_reason(tmp_path):
    saved = AnswerStore.beside_notebook("unit1", tmp_path).load("q1")
    assert saved.value is None and not saved.ok
    assert "No saved answers were found" in saved.problem


def test_unknown_question_means_no_answer(tmp_path):
    store = AnswerStore.beside_notebook("unit1", tmp_path)
    store.save("q1", "a")
    assert store.load("q9").problem == "No answer was saved for this question."


def test_damaged_file_reads_as_no_answer_and_is_kept_aside_on_next_save(tmp_path):
    path = tmp_path / "unit1.answers.json"
    path.write_text('{"answers": {"q1": {"value": "b"')
    store = AnswerStore(path)
    assert "is damaged" in store.load("q1").problem
    store.save("q2", "a")
    assert store.load("q2").value == "a"
    kept = [p for p in tmp_path.iterdir() if ".damaged-" in p.name]
    assert len(kept) == 1 and kept[0].read_text() == '{"answers": {"q1": {"value": "b"'


def test_hand_edited_layouts_are_reported_not_raised(tmp_path):
    path = tmp_path / "unit1.answers.json"
    store = AnswerStore(path)
    for text, expected in [
        ("[1, 2, 3]", "does not have the layout"),
        ('{"answers": []}', "does not have the layout"),
        ('{"answers": {"q1": "b"}}', "has been altered"),
        ('{"answers": {"q1": {"saved": "x"}}}', "has been altered"),
        ("", "is damaged"),
        ("[" * 100_000, "is damaged"),
    ]:
        path.write_text(text)
        assert expected in store.load("q1").problem, text[:40]


def test_directory_symlink_and_huge_file_are_not_read(tmp_path):
    path = tmp_path / "unit1.answers.json"
    store = AnswerStore(path)
    path.mkdir()
    assert "not a regular file" in store.load("q1").problem
    store.save("q1", "a")  # the directory is moved aside, nothing is lost
    assert store.load("q1").value == "a" and any(".damaged-" in p.name for p in tmp_path.iterdir())

    path.unlink()
    target = tmp_path / "elsewhere.json"
    target.write_text(json.dumps({"answers": {"q1": {"value": "d"}}}))
    path.symlink_to(target)
    assert "not a regular file" in store.load("q1").problem

    path.unlink()
    path.write_text('{"answers": {}, "pad": "' + "x" * 3_000_000 + '"}')
    assert "far larger" in store.load("q1").problem


def _save_many(folder: str, prefix: str) -> None:
    store = AnswerStore.beside_notebook("unit1", folder)
    for i in range(60):
        store.save(f"{prefix}{i}", i)


def test_two_kernels_saving_at_once_lose_nothing(tmp_path):
    # The same notebook open twice: two processes writing the same file.
    context = multiprocessing.get_context("fork" if hasattr(os, "fork") else "spawn")
    workers = [context.Process(target=_save_many, args=(str(tmp_path), prefix)) for prefix in ("a", "b")]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    saved = AnswerStore.beside_notebook("unit1", tmp_path).load_all()
    assert len(saved) == 120 and saved["a59"] == 59 and saved["b0"] == 0
