"""The safe copy of a learner's folder (course/files), case by case, without nbgrader.

Every hostile case is made for real in a temporary folder (links, a pipe, a
socket, a device, a sparse 50 GB file, 600 nested folders, 20,000 files, odd
names, a growing file) and copied; each test checks what was kept, what was
refused with which reason, how much disk the copy took and that it finished
within its time limit. tests/test_hostile_folders.py takes the same cases
through the real nbgrader commands.
"""
from __future__ import annotations

import datetime
import json
import os
import shutil
import time
from pathlib import Path

import pytest

from course.files import Limits, copy_folder, receive
from course.files import record

from .support import hostile
from .support.prerequisites import not_available

SMALL = 64 * 1024  # disk a copy of the honest files may take (two small files and the folder)


@pytest.fixture
def learner(tmp_path: Path) -> Path:
    folder = tmp_path / "homes" / "ana" / "unit1"
    folder.mkdir(parents=True)
    (folder / "unit1.ipynb").write_text('{"cells": []}')
    (folder / hostile.ANSWERS).write_text('{"answers": {}}')
    return folder


def timed_copy(source: Path, destination: Path | None, limits: Limits = Limits(), first=()):
    started = time.perf_counter()
    copied = copy_folder(source, destination, limits, first)
    return copied, time.perf_counter() - started


def all_cases(tmp_path: Path) -> list[hostile.Case]:
    outside = tmp_path / "outside.json"
    outside.write_text('{"answers": {"q1": {"value": "b"}}}')
    other = tmp_path / "homes" / "ben" / "unit1"
    other.mkdir(parents=True, exist_ok=True)
    (other / hostile.ANSWERS).write_text('{"answers": {}}')
    return hostile.cases(outside, other)


CASE_NAMES = [case.name for case in hostile.cases(Path("/x"), Path("/y"))]


@pytest.mark.parametrize("name", CASE_NAMES)
def test_each_hostile_entry_is_refused_with_its_reason_and_the_rest_is_copied_within_limits(name, learner, tmp_path):
    if name == "device" and os.geteuid() != 0:
        not_available("making a device file needs root", "run the tests as root, as CI does")
    case = next(c for c in all_cases(tmp_path) if c.name == name)
    case.plant(learner)
    copied, seconds = timed_copy(learner, tmp_path / "copy", first=("unit1.ipynb", hostile.ANSWERS))
    sentences = [r.sentence() for r in copied.refused]
    assert any(case.reason in s for s in sentences), sentences
    expected_kept = {"unit1.ipynb", hostile.ANSWERS} - {hostile.ANSWERS if case.breaks_answers else ""}
    if name == "notebook-link-to-dev-zero":
        expected_kept = {hostile.ANSWERS}
    assert expected_kept <= set(copied.kept)
    for kept in copied.kept:
        assert (tmp_path / "copy" / kept).is_file() and not (tmp_path / "copy" / kept).is_symlink()
    assert not any(p.is_symlink() for p in (tmp_path / "copy").rglob("*"))
    bound = 5 * 2**20 if name in ("deep-folders", "many-small-files") else SMALL  # folders cost 4 KiB each
    assert hostile.disk_use(tmp_path / "copy") <= bound
    assert seconds < Limits().seconds


def test_the_folder_itself_being_a_link_copies_nothing_and_says_so(learner, tmp_path):
    link = tmp_path / "homes" / "ana" / "unit2"
    link.symlink_to(learner)
    copied, _ = timed_copy(link, tmp_path / "copy")
    assert copied.kept == [] and [r.sentence() for r in copied.refused] == [
        f"The folder was replaced by a link (to {learner}), so nothing in it was copied."]
    assert list((tmp_path / "copy").iterdir()) == []


def test_deep_folders_are_copied_down_to_the_depth_limit_and_no_further(learner, tmp_path):
    hostile.nested(learner / "deep")
    copied, _ = timed_copy(learner, tmp_path / "copy", Limits(depth=4))
    assert [r.sentence() for r in copied.refused] == [
        "deep/d/d/d/d is nested more than 4 folders deep, so it was not copied."]
    assert (tmp_path / "copy" / "deep" / "d" / "d" / "d").is_dir()
    assert not (tmp_path / "copy" / "deep" / "d" / "d" / "d" / "d").exists()


def test_a_flood_of_files_stops_at_the_count_but_the_files_named_first_always_get_in(learner, tmp_path):
    hostile.many_files(learner)
    copied, seconds = timed_copy(learner, tmp_path / "copy", Limits(entries=100), first=(hostile.ANSWERS, "unit1.ipynb"))
    assert copied.kept[:2] == [hostile.ANSWERS, "unit1.ipynb"]
    assert len(copied.kept) == 100 and len(list((tmp_path / "copy").iterdir())) == 100
    assert [r.sentence() for r in copied.refused] == [
        "The folder holds more than 100 files and folders, so the rest of it was left out."]
    assert seconds < 5  # stops reading the listing at the limit: 20,000 entries are never all examined


def test_the_whole_copy_stops_at_its_size_limit(learner, tmp_path):
    for number in range(5):
        (learner / f"photo{number}.jpg").write_bytes(b"\0" * 900_000)
    copied, _ = timed_copy(learner, tmp_path / "copy", Limits(total_bytes=2_000_000))
    assert copied.bytes <= 2_000_000 and hostile.disk_use(tmp_path / "copy") <= 2_000_000 + SMALL
    assert sum("would take the copy past its 2 MB limit" in r.reason for r in copied.refused) == 3


def test_a_copy_that_runs_out_of_time_stops_and_says_so(learner, tmp_path):
    copied, seconds = timed_copy(learner, tmp_path / "copy", Limits(seconds=0))
    assert copied.kept == [] and seconds < 1
    assert [r.sentence() for r in copied.refused] == [
        "The folder took longer than 0 seconds to copy, so the rest of it was left out."]


def test_odd_names_are_shown_escaped_so_no_terminal_or_page_is_fooled(learner, tmp_path):
    hostile.odd_names(learner)
    copied, _ = timed_copy(learner, tmp_path / "copy")
    shown = sorted(r.path for r in copied.refused)
    assert shown == ["\\x1b[31mred-in-a-terminal.txt", "not-utf8-\\xff\\xfe.txt", "two\\nlines.txt"]
    assert all(s.isprintable() for s in shown)


def test_a_file_that_grows_while_it_is_copied_never_makes_the_copy_grow_with_it(learner, tmp_path):
    """A real writer process keeps a file growing while copies run; each copy is bounded, and the change is caught."""
    outcomes = []
    with hostile.growing(learner / "log.txt"):
        for attempt in range(200):
            destination = tmp_path / "copy"
            copied, seconds = timed_copy(learner, destination, Limits(file_bytes=16 * 2**20, total_bytes=16 * 2**20))
            assert seconds < Limits().seconds and hostile.disk_use(destination) <= 16 * 2**20 + SMALL
            kept = destination / "log.txt"
            if kept.exists():  # a consistent snapshot: only the writer's bytes
                assert set(kept.read_bytes()) <= {ord("x")}
            outcomes += [r.reason for r in copied.refused]
            shutil.rmtree(destination)
            if "kept changing while it was being copied" in outcomes:
                break
    assert "kept changing while it was being copied" in outcomes, outcomes


def test_examining_a_folder_reads_nothing_and_reports_the_same_refusals(learner, tmp_path):
    hostile.sparse(learner / "huge.bin")
    (learner / "pipe").unlink(missing_ok=True)
    os.mkfifo(learner / "pipe")
    looked, seconds = timed_copy(learner, None)
    copied, _ = timed_copy(learner, tmp_path / "copy")
    assert sorted(r.sentence() for r in looked.refused) == sorted(r.sentence() for r in copied.refused)
    assert sorted(looked.kept) == sorted(copied.kept) and seconds < 1


def test_receiving_records_what_was_left_out_and_stands_in_the_released_notebook(learner, tmp_path):
    release = tmp_path / "release" / "unit1"
    release.mkdir(parents=True)
    (release / "unit1.ipynb").write_text('{"released": true}')
    (learner / "unit1.ipynb").unlink()
    (learner / "unit1.ipynb").symlink_to("/dev/zero")
    (learner / hostile.ANSWERS).unlink()
    os.mkfifo(learner / hostile.ANSWERS)
    left_out = receive(learner, tmp_path / "submitted", Limits(), release)
    assert sorted(e.sentence() for e in left_out) == [
        "unit1.answers.json is a named pipe, not a file, so it was not copied.",
        "unit1.ipynb was replaced by a link (to /dev/zero), so the unit's released notebook was graded in its place."]
    assert (tmp_path / "submitted" / "unit1.ipynb").read_text() == '{"released": true}'
    saved = json.loads((tmp_path / "submitted" / record.NAME).read_text())
    assert sorted(entry["path"] for entry in saved["left_out"]) == ["unit1.answers.json", "unit1.ipynb"]
    assert record.entry_for(tmp_path / "submitted", hostile.ANSWERS).reason == "is a named pipe, not a file"


def test_a_record_forged_by_a_learner_is_only_shown_made_safe_and_a_huge_one_is_ignored(tmp_path):
    (tmp_path / record.NAME).write_text(json.dumps({"left_out": [
        {"path": "unit1.answers.json", "reason": "is \x1b[2J gone", "outcome": "it was not copied"}, {"path": 3}]}))
    assert [e.reason for e in record.read(tmp_path)] == ["is \\x1b[2J gone"]
    (tmp_path / record.NAME).write_text("[" * (record.MOST_BYTES + 1))
    assert record.read(tmp_path) == []
    (tmp_path / record.NAME).unlink()
    os.mkfifo(tmp_path / record.NAME)
    assert record.read(tmp_path) == []  # a pipe in its place is never opened for reading


def test_an_unreadable_time_in_a_submissions_name_makes_it_the_oldest_instead_of_stopping_collect():
    """A hub learner can name a folder in the exchange's inbox; nbgrader's collect fails for everyone on such a name."""
    from nbgrader.auth import Authenticator
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config import Config

    from course.files.exchange import SafeCollect

    collect = SafeCollect(coursedir=CourseDirectory(config=Config()), authenticator=Authenticator(config=Config()))
    found = collect._path_to_record("/exchange/course/inbound/ana+unit1+the twelfth of never+x")
    assert found["username"] == "ana" and found["timestamp"] == datetime.datetime.min
    good = collect._path_to_record("/exchange/course/inbound/ana+unit1+2024-05-01 10:00:00.000000 UTC+x")
    assert good["timestamp"] == datetime.datetime(2024, 5, 1, 10)


def test_on_a_hub_collect_leaves_out_a_submission_owned_by_another_learner_and_keeps_their_own(tmp_path):
    """deploy/grader turns this on: a submission's owner on disk is who handed it in (needs root to chown)."""
    from nbgrader.api import Gradebook
    from nbgrader.auth import Authenticator
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config import Config

    from course.files.exchange import SafeCollect

    if os.geteuid() != 0:
        not_available("giving files to other owners needs root", "run the tests as root, as CI does")
    inbound = tmp_path / "exchange" / "course" / "inbound"
    inbound.mkdir(parents=True)
    made = {"ana+unit1+2024-05-01 10:00:00.000000 UTC+a": 10002,  # ana's own
            "ana+unit1+2024-05-02 10:00:00.000000 UTC+b": 10003}  # newer, but ben made it
    for name, uid in made.items():
        (inbound / name).mkdir()
        os.chown(inbound / name, uid, uid)
    config = Config()
    config.Exchange.root = str(tmp_path / "exchange")
    config.CourseDirectory.course_id = "course"
    config.CourseDirectory.assignment_id = "unit1"
    config.CourseDirectory.db_url = f"sqlite:///{tmp_path / 'gradebook.db'}"
    config.SafeCollect.only_own_submissions = True
    config.SafeCollect.names_by_uid = {10002: "ana", 10003: "ben"}
    with Gradebook(config.CourseDirectory.db_url, "course"):
        pass
    collect = SafeCollect(coursedir=CourseDirectory(config=config), authenticator=Authenticator(config=config),
                          config=config)
    collect.init_src()
    assert [r["filename"] for r in collect.src_records] == ["ana+unit1+2024-05-01 10:00:00.000000 UTC+a"]
    config.SafeCollect.only_own_submissions = False  # one machine: every folder has the one owner
    collect = SafeCollect(coursedir=CourseDirectory(config=config), authenticator=Authenticator(config=config),
                          config=config)
    collect.init_src()
    assert [r["filename"] for r in collect.src_records] == ["ana+unit1+2024-05-02 10:00:00.000000 UTC+b"]
