"""Forked kernels (course/grade/forked_kernel.py) keep nbgrader's promise: no learner's state reaches another's grading.

A small assignment whose answers run as code (as in any nbgrader coding assignment) is graded
by `course autograde --workers 1`, so every submission is graded one after another by the same
worker, from the same warm template. The first learner changes the course's modules, builtins
and environment; another crashes their kernel; another kills the template itself. The learner
graded after each must still get full marks. A control shows the check does catch leaked state.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from .conftest import class_environment
from .support.instructed import copy_course, nbgrader

pytestmark = pytest.mark.pipeline
UNIT = "leak"

PREAMBLE = 'import sys\nprint("course preloaded:", "course.grade" in sys.modules)'
RUN_ANSWER = f'import json\nexec(json.load(open("{UNIT}.answers.json"))["code"])'
CHECK = """import builtins, os, course.grade, course.grade.scoring
assert not hasattr(course.grade.scoring, "poisoned"), "a course module was changed by an earlier learner"
assert callable(course.grade.grade), "the course's grade function was replaced by an earlier learner"
assert not hasattr(builtins, "poisoned") and "POISONED" not in os.environ, "an earlier learner's state is here"
print("clean")"""
POISON = """import builtins, os, course.grade, course.grade.scoring
course.grade.scoring.poisoned = True
course.grade.grade = None
builtins.poisoned = True
os.environ["POISONED"] = "1"
"""
# Graded in this order (by name), one after another in one worker.
LEARNERS = {
    "a-poisoner": (POISON, 0.0),
    "b-after-poisoner": ("pass", 1.0),
    "c-crasher": ("import os\nos._exit(1)", None),               # kernel dies: not graded, or 0
    "d-after-crasher": ("pass", 1.0),
    "e-template-killer": ("import os, signal\nos.kill(os.getppid(), signal.SIGKILL)", None),
    "f-after-template-killer": ("pass", 1.0),
}


def leak_notebook() -> nbformat.NotebookNode:
    meta = {"nbgrader": {"grade": True, "grade_id": "clean", "locked": True, "points": 1, "schema_version": 3,
                         "solution": False, "task": False}}
    cells = [nbformat.v4.new_code_cell(PREAMBLE, id="preamble"), nbformat.v4.new_code_cell(RUN_ANSWER, id="answer"),
             nbformat.v4.new_code_cell(CHECK, id="clean", metadata=meta)]
    return nbformat.v4.new_notebook(cells=cells, metadata={
        "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}})


@pytest.fixture(scope="module")
def leak_class(tmp_path_factory, root):
    """The leak assignment released, every learner's submission collected, graded by `course autograde --workers 1`."""
    from course.instructor.autograde import autograde
    from course.instructor.context import ClassContext

    base = tmp_path_factory.mktemp("forked")
    course = copy_course(root, base / "course")
    (course / "source" / UNIT).mkdir()
    nbformat.write(leak_notebook(), course / "source" / UNIT / f"{UNIT}.ipynb")
    with class_environment(base):
        nbgrader(course, "generate_assignment", UNIT, "--force")
        for name, (code, _) in LEARNERS.items():
            folder = course / "submitted" / name / UNIT
            folder.mkdir(parents=True)
            shutil.copy(course / "release" / UNIT / f"{UNIT}.ipynb", folder)
            (folder / f"{UNIT}.answers.json").write_text(json.dumps({"code": code}))
            (folder / "timestamp.txt").write_text("2026-12-01 10:00:00.000000 UTC")
        room = ClassContext.at(course)
        room.unit_ids.append(UNIT)
        summary = autograde(room, [UNIT], workers=1)
    return course, summary


def scores(course: Path) -> dict[str, float]:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        return {s.student.id: s.score for s in gradebook.find_assignment(UNIT).submissions}


def printed(course: Path, learner: str) -> str:
    notebook = nbformat.read(course / "autograded" / learner / UNIT / f"{UNIT}.ipynb", as_version=4)
    return "".join(o.get("text", "") for c in notebook.cells for o in c.get("outputs", []))


def test_the_learner_after_one_who_poisoned_crashed_or_killed_the_template_gets_full_marks(leak_class):
    course, summary = leak_class
    got = scores(course)
    for name, (_, expected) in LEARNERS.items():
        if expected is not None:
            assert got.get(name) == expected, (name, got, [r.error for r in summary.failed])
    assert "clean" in printed(course, "b-after-poisoner")


def test_the_kernels_really_were_forked_from_the_warm_template(leak_class):
    course, _ = leak_class
    assert "course preloaded: True" in printed(course, "b-after-poisoner")


def test_switched_off_autograde_starts_nbgraders_own_kernel(leak_class, tmp_path):
    course, _ = leak_class
    plain = tmp_path / "course"
    shutil.copytree(course, plain)
    shutil.rmtree(plain / "autograded")
    nbgrader(plain, "autograde", UNIT, "--student", "b-after-poisoner", "--force", COURSE_FORKED_KERNELS="0")
    assert "course preloaded: False" in printed(plain, "b-after-poisoner")
    assert scores(plain)["b-after-poisoner"] == 1.0


def test_control_the_check_fails_when_one_kernel_grades_both_learners():
    """Without a fresh process per learner, the poisoner's state reaches the next learner's check."""
    script = f"{POISON}\n{CHECK}"
    ran = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60,
                         env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)})
    assert ran.returncode != 0 and "changed by an earlier learner" in ran.stderr


def test_any_kernelspec_can_choose_the_forked_provisioner_by_its_registered_name(tmp_path):
    """jupyter_client's own route: the kernelspec's metadata names the provisioner (pyproject registers it)."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from jupyter_client.manager import AsyncKernelManager

    spec = tmp_path / "kernels" / "course-forked-python"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python (forked)", "language": "python",
        "metadata": {"kernel_provisioner": {"provisioner_name": "course-forked"}}}))

    async def preloaded() -> str:
        manager = AsyncKernelManager(kernel_name="course-forked-python")
        manager.kernel_spec_manager.kernel_dirs = [str(tmp_path / "kernels")]
        await manager.start_kernel()
        client = manager.client()
        client.start_channels()
        try:
            await client.wait_for_ready(timeout=60)
            reply = await client.execute_interactive('import sys; print("course.grade" in sys.modules)', timeout=60,
                                                     output_hook=lambda msg: said.append(msg["content"].get("text", "")))
            assert reply["content"]["status"] == "ok"
            return type(manager.provisioner).__name__
        finally:
            client.stop_channels()
            await manager.shutdown_kernel(now=True)

    said: list[str] = []
    # In its own thread: the browser suite's Playwright keeps an event loop running in this one all session.
    with ThreadPoolExecutor(1) as own_thread:
        assert own_thread.submit(asyncio.run, preloaded()).result(timeout=180) == "ForkedKernelProvisioner"
    assert "".join(said).strip() == "True"
