"""`course autograde --cluster`: the class graded on a real Dask cluster equals serial nbgrader.

A `dask scheduler` and two `dask worker` processes run on loopback (support/cluster.py), each
worker in its own empty folder: they get everything from the jobs, nothing from the course folder.
The class is the instructor tests' seven learners (support/instructed.py), as collected before
grading; plain serial `nbgrader autograde` on the same submissions is the reference.
"""
from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .support.cluster import dask_cluster
from .support.instructed import DAMAGED, UNIT, Ran, cell_grades, course_process
from .test_instructor import comparable, notebook_scores

pytestmark = pytest.mark.pipeline
CLASS = 7


@pytest.fixture(scope="module")
def on_dask(graded_class, tmp_path_factory):
    """The class graded on a two-worker cluster; the cluster, the course and what the command printed."""
    base = tmp_path_factory.mktemp("on-dask")
    course = base / "course"
    shutil.copytree(graded_class.ungraded, course)
    with dask_cluster(base / "cluster") as cluster:
        ran = course_process(course, "autograde", "--cluster", cluster.address)
        yield cluster, course, ran


def test_dask_gives_every_cell_and_notebook_what_serial_nbgrader_gives(graded_class, on_dask):
    cluster, course, ran = on_dask
    assert ran.code == 0, ran.out + ran.err
    first, *rest = ran.out.splitlines()
    assert first.startswith(f"Graded {CLASS} submissions in ") and first.endswith(
        f"on the Dask cluster at {cluster.address} (2 workers).")
    assert rest == graded_class.ran["autograde"].out.splitlines()[1:]  # every other line as graded locally
    assert cell_grades(course) == cell_grades(graded_class.serial)
    assert notebook_scores(course) == notebook_scores(graded_class.serial)
    for learner in [*(l.name for l in graded_class.learners), DAMAGED]:
        parts = [root / "autograded" / learner / UNIT for root in (course, graded_class.serial)]
        assert sorted(p.name for p in parts[0].iterdir()) == sorted(p.name for p in parts[1].iterdir())
        assert comparable(parts[0] / f"{UNIT}.ipynb") == comparable(parts[1] / f"{UNIT}.ipynb"), learner


def test_each_worker_graded_in_a_course_of_its_own_made_from_what_the_jobs_carried(on_dask):
    cluster, course, _ = on_dask
    for folder in cluster.folders:
        laid_out = list(folder.glob(f"**/course-grading-*/source/{UNIT}/{UNIT}.ipynb"))
        assert laid_out, f"{folder.name} graded nothing"
        assert laid_out[0].read_bytes() == (course / "source" / UNIT / f"{UNIT}.ipynb").read_bytes()
    assert not list(course.glob(".grading-*")), "the instructor's scratch area is removed"


def test_a_worker_killed_mid_class_leaves_every_learner_graded_exactly_once(graded_class, tmp_path):
    course = tmp_path / "course"
    shutil.copytree(graded_class.ungraded, course)
    with dask_cluster(tmp_path / "cluster") as cluster:
        grading = _start_autograde(course, cluster.address)
        try:
            _wait_until(lambda: cluster.grading_now(0), "worker 0 to be grading a submission")
            cluster.kill_worker(0)
            ran = _finish(grading)
        finally:
            grading.kill()
    assert ran.code == 0, ran.out + ran.err
    assert ran.out.startswith(f"Graded {CLASS} submissions in "), ran.out  # seven results merged, not eight
    assert cell_grades(course) == cell_grades(graded_class.serial)
    assert sorted(p.name for p in (course / "autograded").iterdir()) == sorted(notebook_scores(graded_class.serial))


def test_when_the_scheduler_goes_away_what_was_graded_is_whole_and_running_again_grades_the_rest(graded_class,
                                                                                                  tmp_path):
    course = tmp_path / "course"
    shutil.copytree(graded_class.ungraded, course)
    with dask_cluster(tmp_path / "cluster") as cluster:
        grading = _start_autograde(course, cluster.address)
        try:
            _wait_until(lambda: cluster.grading_now(0) or cluster.grading_now(1), "a worker to be grading")
            cluster.kill_scheduler()
            ran = _finish(grading)
        finally:
            grading.kill()
    assert ran.code == 1, ran.out + ran.err
    assert f"Lost the Dask scheduler at {cluster.address} after " in ran.err
    assert "run the command again to grade the rest" in ran.err
    serial = cell_grades(graded_class.serial)
    graded = cell_grades(course)
    assert graded == {cell: serial[cell] for cell in graded}  # nothing half-written
    learners = {learner for learner, _ in graded}
    assert len(learners) < CLASS
    again = course_process(course, "autograde", "--workers", "2")
    assert again.code == 0, again.out + again.err
    assert again.out.startswith(f"Graded {CLASS - len(learners)} submission"), again.out
    assert cell_grades(course) == serial


def _start_autograde(course: Path, address: str) -> subprocess.Popen:
    return subprocess.Popen([str(Path(sys.executable).parent / "course"), "autograde", "--cluster", address],
                            cwd=course, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _finish(process: subprocess.Popen) -> Ran:
    out, err = process.communicate(timeout=300)
    return Ran(process.returncode, out, err)


def _wait_until(condition, what: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.02)


def test_ctrl_c_on_the_cluster_leaves_whole_grades_and_running_again_grades_the_rest(graded_class, on_dask,
                                                                                     tmp_path):
    cluster = on_dask[0]
    course = tmp_path / "course"
    shutil.copytree(graded_class.ungraded, course)
    _interrupt_then_finish(course, graded_class, "--cluster", cluster.address,
                           started=lambda: cluster.grading_now(0) or cluster.grading_now(1))


def test_ctrl_c_on_local_workers_leaves_whole_grades_and_running_again_grades_the_rest(graded_class, tmp_path):
    course = tmp_path / "course"
    shutil.copytree(graded_class.ungraded, course)
    _interrupt_then_finish(course, graded_class, "--workers", "2",
                           started=lambda: any(course.glob(".grading-*/worker-*/submitted/*/*")))


def _interrupt_then_finish(course: Path, graded_class, *how: str, started) -> None:
    """Ctrl-C once grading is under way: nothing half-recorded; the same command again grades the rest."""
    grading = subprocess.Popen([str(Path(sys.executable).parent / "course"), "autograde", *how], cwd=course,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        _wait_until(started, "grading to start")
        grading.send_signal(signal.SIGINT)
        ran = _finish(grading)
    finally:
        grading.kill()
    assert ran.code == 1 and "run the command again" in ran.err, ran.out + ran.err
    serial = cell_grades(graded_class.serial)
    graded = cell_grades(course)
    assert graded == {cell: serial[cell] for cell in graded}  # nothing half-written
    assert len({learner for learner, _ in graded}) < CLASS
    again = course_process(course, "autograde", *how)
    assert again.code == 0, again.out + again.err
    assert cell_grades(course) == serial
    assert sorted(p.name for p in (course / "autograded").iterdir()) == sorted(notebook_scores(graded_class.serial))
    assert not list(course.glob(".grading-*"))


def test_summary_lines_list_learners_in_order_whatever_order_results_arrive_in():
    """Local workers and a cluster finish in any order; what is printed must not depend on it."""
    from course.instructor.autograde import Summary
    from course.instructor.workers import Result

    arrived = [Result("unit1", name, ok, 1.0, error="" if ok else "broken", left_out=[f"{name} left out"])
               for name, ok in (("zoe", True), ("ana", False), ("max", True), ("bea", False))]
    lines = Summary(graded=[r for r in arrived if r.ok], failed=[r for r in arrived if not r.ok], workers=2).lines()
    assert [line for line in lines if line.startswith("Could not grade")] == [
        "Could not grade ana/unit1: broken", "Could not grade bea/unit1: broken"]
    assert [line.split(":")[0].strip() for line in lines if line.startswith("  ")] == [
        "ana/unit1", "bea/unit1", "max/unit1", "zoe/unit1"]


def test_graded_files_coming_back_from_a_worker_cannot_be_written_outside_their_folder(tmp_path):
    from course.instructor.cluster import write_tree

    with pytest.raises(ValueError):
        write_tree(tmp_path / "incoming", {"../../escaped.txt": b"x"})
    assert not (tmp_path.parent / "escaped.txt").exists()
    write_tree(tmp_path / "incoming", {"unit1.ipynb": b"{}", "sub/notes.txt": b"y"})
    assert (tmp_path / "incoming" / "sub" / "notes.txt").read_bytes() == b"y"
