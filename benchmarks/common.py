"""Shared set-up for the benchmarks: a scratch course with an invented class, and machine details.

Nothing here is timed; the scripts time what they say they time.
"""
from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys
import time
from importlib.metadata import version
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
os.environ.setdefault("COURSE_QUIET", "1")
os.environ.setdefault("JUPYTER_PLATFORM_DIRS", "1")

TRIVIAL = "trivial"


def machine() -> str:
    """One line per fact a reader needs to compare numbers."""
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    packages = ", ".join(f"{name} {version(name)}" for name in ("nbgrader", "nbclient", "ipykernel", "jupyter_client",
                                                                 "ipywidgets", "matplotlib", "SQLAlchemy"))
    load = os.getloadavg()
    return (f"nproc {os.cpu_count()}; CPU {cpu}; Python {platform.python_version()}; {packages}; "
            f"load average at start {load[0]:.2f}")


def course_copy(base: Path, with_trivial: bool = False) -> Path:
    """A fresh course folder (config, content, source) under ``base``, its own exchange and home."""
    course = base / "course"
    course.mkdir(parents=True)
    shutil.copy(REPO / "nbgrader_config.py", course)
    for folder in ("content", "source"):
        shutil.copytree(REPO / folder, course / folder)
    if with_trivial:
        write_trivial(course / "source" / TRIVIAL)
    os.environ["COURSE_EXCHANGE"] = str(base / "exchange")
    os.environ["HOME"] = str(base / "home")
    return course


def write_trivial(folder: Path) -> None:
    """nbgrader's smallest gradeable notebook: one autograded cell worth one point."""
    import nbformat

    folder.mkdir(parents=True)
    cell = nbformat.v4.new_code_cell("assert True", id="only", metadata={"nbgrader": {
        "grade": True, "grade_id": "only", "locked": True, "points": 1, "schema_version": 3, "solution": False,
        "task": False}})
    notebook = nbformat.v4.new_notebook(cells=[cell], metadata={
        "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}})
    nbformat.write(notebook, folder / f"{TRIVIAL}.ipynb")


def release(course: Path, units: list[str]) -> None:
    from course.instructor.context import ClassContext
    from course.instructor.release import release as release_units

    room = ClassContext.at(course)
    room.unit_ids = list(dict.fromkeys([*room.unit_ids, *units]))  # the trivial assignment is no course unit
    release_units(room, units)


def submit_class(course: Path, students: int, units: list[str], seed: int = 1, first: int = 1) -> None:
    """Invented learners answer and submit ``units`` (the trivial one is submitted as released).

    ``first`` numbers the first learner, so a class can arrive in groups with distinct names.
    """
    from course.author.content import load_course
    from course.instructor import exchange, synthetic
    from course.instructor.context import ClassContext

    room = ClassContext.at(course)
    content = load_course(course / "content")
    learners = synthetic.invent(content, first - 1 + students, seed=seed)[first - 1:]
    homes = course.parent / "homes"
    for learner in learners:
        home = homes / learner.name
        home.mkdir(parents=True, exist_ok=True)
        for unit in units:
            folder = exchange.fetch(room, unit, learner.name, home)
            if unit in content.units:
                synthetic.fill(folder, content.units[unit], learner, seed)
            exchange.submit(room, unit, learner.name, home)
    from course.instructor.collect import collect

    room.unit_ids = list(dict.fromkeys([*room.unit_ids, *units]))
    collect(room, units)


def nbgrader(course: Path, *args: str, **env: str) -> float:
    """Run the nbgrader command line in ``course`` (with ``env`` added); returns wall seconds."""
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=course, capture_output=True, text=True,
                            env={**os.environ, **env})
    if result.returncode != 0:
        raise SystemExit(f"nbgrader {' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return time.perf_counter() - started


def course_autograde(course: Path, *args: str) -> float:
    """Run ``course autograde ARGS --force`` in ``course``; returns wall seconds."""
    started = time.perf_counter()
    ran = subprocess.run([str(Path(sys.executable).parent / "course"), "autograde", *args, "--force"],
                         cwd=course, capture_output=True, text=True)
    if ran.returncode != 0:
        raise SystemExit(ran.stdout + ran.stderr)
    return time.perf_counter() - started
