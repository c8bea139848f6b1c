"""Hostile learners' folders cannot hurt the course: one real class, every case (tests/support/hostile_class.py).

Links (to a device, outside the folder, to another learner, to itself, in a loop), a named pipe, a
socket, a device, a sparse 50 GB file, 600 nested folders, 20,000 files, odd names and a file
growing while it is submitted, made in the learner's folder before submitting, in the exchange
after submitting, and in collected folders; through the learner's submit, `course collect`,
`course autograde`, `course feedback` and plain `nbgrader autograde`. Every learner is graded:
0 with the reason in their feedback when their answers file was the hostile thing, their exact
score otherwise; every copy stays within its limits on disk and in time.
"""
from __future__ import annotations

import html
import os
import subprocess
from pathlib import Path

import nbformat
import pytest

from course.files import Limits

from .conftest import class_environment
from .support import hostile
from .support.cluster import dask_cluster
from .support.hostile_class import CLI_LEARNER, UNIT, build, hub_learner_submit
from .support.instructed import course_process
from .support.prerequisites import not_available

pytestmark = pytest.mark.pipeline

# One submission in the exchange or in submitted/ may take at most the size limit, plus 4 KiB for
# each folder and empty file it may hold (LearnerFiles.max_files of them), plus nbgrader's notes.
MOST_DISK = Limits().total_bytes + Limits().entries * 4096 + 64 * 1024


@pytest.fixture(scope="module")
def hostile_class(tmp_path_factory, root):
    if os.geteuid() != 0:
        not_available("the class includes a device file, which only root can make", "run the tests as root, as CI does")
    base = tmp_path_factory.mktemp("hostile")
    with class_environment(base):
        return build(base, root)


def scores(course: Path) -> dict[str, float]:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        return {s.student.id: s.score for s in gradebook.find_assignment(UNIT).submissions}


def printed(notebook: Path) -> str:
    cells = nbformat.read(notebook, as_version=4).cells
    return "".join(o.get("text", "") for c in cells if c.cell_type == "code" for o in c.get("outputs", []))


def test_every_learner_is_graded_with_their_exact_score_and_autograde_exits_0(hostile_class):
    ran = hostile_class.ran["autograde"]
    assert ran.code == 0, ran.out + ran.err
    assert "Could not grade" not in ran.out
    assert scores(hostile_class.course) == {name: e.score for name, e in hostile_class.expected.items()}


def test_on_a_dask_cluster_the_hostile_class_gets_the_same_scores_and_the_same_summary(hostile_class, tmp_path):
    """The jobs carry the safe copy made on the instructor's side: links and pipes never reach a worker."""
    course = tmp_path / "course"
    subprocess.run(["cp", "-a", str(hostile_class.ungraded), str(course)], check=True)
    with dask_cluster(tmp_path / "cluster") as cluster:
        ran = course_process(course, "autograde", "--cluster", cluster.address)
    assert ran.code == 0, ran.out + ran.err
    assert scores(course) == scores(hostile_class.course)
    assert ran.out.splitlines()[1:] == hostile_class.ran["autograde"].out.splitlines()[1:]


def test_autograde_names_each_learner_whose_files_were_left_out_and_why(hostile_class):
    lines = hostile_class.ran["autograde"].out.splitlines()
    assert any(line.startswith("Files left out of ") and "graded without them" in line for line in lines), lines
    for name, expect in hostile_class.expected.items():
        mine = [line for line in lines if line.startswith(f"  {name}/{UNIT}: ")]
        if expect.says.startswith("your "):  # the answers file or the whole folder: its reason is in the record
            assert mine, name
        elif expect.says:
            assert any(expect.says in line for line in mine), (name, mine)
    assert not any(line.startswith(f"  {name}/") for name in ("honest-best", "honest-wrong") for line in lines)


def test_a_learner_whose_answers_file_was_hostile_reads_why_in_their_feedback(hostile_class):
    assert hostile_class.ran["feedback"].code == 0, hostile_class.ran["feedback"].err
    for name, expect in hostile_class.expected.items():
        page = html.unescape((hostile_class.course / "feedback" / name / UNIT / f"{UNIT}.html").read_text())
        if expect.says.startswith("your "):
            assert f"No answer could be scored: {expect.says}" in page, name
            assert "so it could not be read." in page

def test_everyones_feedback_is_released_even_where_nbgraders_notes_were_spoilt(hostile_class):
    from nbgrader.utils import notebook_hash

    released = hostile_class.exchange / "compassion-empathy" / "feedback"
    for name in hostile_class.expected:  # released under the name the learner's Assignments tab looks for
        secret = (hostile_class.course / "feedback" / name / UNIT / "submission_secret.txt").read_text()
        assert (released / f"{notebook_hash(secret=secret, notebook_id=UNIT)}.html").is_file(), name


def test_collect_names_the_submissions_it_left_files_out_of(hostile_class):
    ran = hostile_class.ran["collect"]
    assert ran.code == 0, ran.err
    recorded = sorted(p.parent.parent.name for p in (hostile_class.course / "submitted").glob(f"*/{UNIT}/files-left-out.json"))
    assert "exchange-answers-fifo" in recorded and "honest-best" not in recorded
    assert f"{UNIT}: files left out of {len(recorded)} submissions ({', '.join(recorded[:5])} and {len(recorded) - 5} more); " \
           "files-left-out.json in each submitted folder says why" in ran.out.splitlines()


def test_no_link_pipe_or_device_reaches_the_exchange_or_the_course(hostile_class):
    """Everything a copy made holds only folders and regular files (the test's own later changes aside)."""
    changed_later = ("exchange-", "submitted-")
    made_by_copies = [hostile_class.course / "autograded", hostile_class.course / "feedback",
                      hostile_class.direct / "autograded"]
    made_by_copies += [p for p in (hostile_class.course / "submitted").iterdir() if not p.name.startswith(changed_later)]
    made_by_copies += [p for p in (hostile_class.exchange / "compassion-empathy" / "inbound").iterdir()
                       if not p.name.startswith(changed_later)]
    for top in made_by_copies:
        for folder, folders, files in os.walk(top):
            for name in folders + files:
                path = Path(folder) / name
                assert not path.is_symlink() and (path.is_dir() or path.is_file()), path


def test_every_submission_stays_within_its_disk_limit_and_every_copy_within_its_time_limit(hostile_class):
    inbound = {k: v for k, v in hostile_class.disk.items() if k.startswith("inbound ")}
    assert inbound and max(inbound.values()) <= MOST_DISK, inbound
    learners = len(hostile_class.expected)
    assert hostile_class.disk["submitted"] <= learners * MOST_DISK
    assert hostile_class.disk["autograded"] <= learners * MOST_DISK
    submits = {k: v for k, v in hostile_class.seconds.items() if k.startswith("submit ")}
    # A submit makes two copies (the exchange and the learner's cache), each stopped at max_seconds.
    assert max(submits.values()) < 2 * Limits().seconds + 30, submits
    assert hostile_class.seconds["collect"] < learners * Limits().seconds
    report(hostile_class, submits, inbound)


def report(made, submits: dict[str, float], inbound: dict[str, int]) -> None:
    """The numbers docs/robustness.md quotes, in the test log: cases, largest disk use, longest times."""
    cases = [n for n in made.expected if not n.startswith("honest")] + [n for n in made.direct_expected if n != "direct-honest"]
    slowest, biggest = sorted(submits, key=submits.get)[-3:][::-1], max(inbound, key=inbound.get)
    steps = ", ".join(f"{step} {made.seconds[step]:.1f} s" for step in ("collect", "autograde", "feedback", "nbgrader autograde"))
    folders = ", ".join(f"{name} {made.disk[name] / 1e6:.2f} MB" for name in ("exchange", "submitted", "autograded"))
    print(f"\nhostile folders: {len(cases)} cases, {len(made.expected) + len(made.direct_expected)} learners, all graded; "
          f"largest submission {inbound[biggest] / 1e6:.2f} MB ({biggest}); slowest submits "
          + ", ".join(f"{submits[k]:.1f} s ({k})" for k in slowest) + f"; {steps}; on disk: {folders}")


def test_the_hub_learners_submit_is_the_safe_one_and_refuses_a_link_to_dev_zero(hostile_class, root):
    assert hub_learner_submit(root) == "course.files.exchange.SafeSubmit"
    ran = hostile_class.ran[f"submit {CLI_LEARNER}"]
    assert ran.code == 0, ran.err
    assert "Not submitted: unit1.answers.json was replaced by a link (to /dev/zero), so it was not copied." in ran.err
    assert hostile_class.disk[f"inbound {CLI_LEARNER}"] < 256 * 1024


def test_a_unit_folder_that_is_a_link_is_not_submitted_and_the_learner_is_told_why(hostile_class):
    assert hostile_class.refused_submit.startswith(
        "unit1 could not be submitted: The folder was replaced by a link (to "), hostile_class.refused_submit
    assert hostile_class.refused_submit.endswith("honest-best/unit1), so nothing in it was copied.")
    assert not list((hostile_class.exchange / "compassion-empathy" / "inbound").glob("folder-is-a-link+*"))


def test_plain_nbgrader_autograde_with_the_course_config_sets_hostile_folders_aside_and_grades_everyone(hostile_class):
    direct = hostile_class.direct
    assert scores(direct) == {name: e.score for name, e in hostile_class.direct_expected.items()}
    for name, expect in hostile_class.direct_expected.items():
        kept = sorted((direct / "submitted" / name).glob(f".{UNIT}.as-submitted-*"))
        assert bool(kept) == (name != "direct-honest"), name  # the hostile original is kept, renamed, for a look
        if expect.says:
            assert expect.says in printed(direct / "autograded" / name / UNIT / f"{UNIT}.ipynb"), name
    assert hostile.disk_use(direct / "autograded") <= len(hostile_class.direct_expected) * MOST_DISK
