"""A whole class on one machine: a temporary course, exchange and student homes.

Every step is the real ``nbgrader`` command line; learners answer by running the
released notebook and setting the widgets in that kernel, as clicks would.
"""
from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from course.answer.store import AnswerStore

from .notebooks import run_notebook


@dataclass
class Learner:
    name: str
    answers: dict[str, Any] = field(default_factory=dict)  # question id -> what they click
    reflection: str = ""
    afterwards: Callable[[Path], None] | None = None  # what then happens to their unit folder
    clicks: bool = True  # False: answers go straight into the store (no kernel; for large classes)


class Classroom:
    def __init__(self, base: Path, repo: Path) -> None:
        self.course = base / "course"
        self.exchange = base / "exchange"
        self.homes = base / "homes"
        self.exchange.mkdir(parents=True)
        self.exchange.chmod(0o777)
        self.course.mkdir()
        shutil.copy(repo / "nbgrader_config.py", self.course)
        shutil.copytree(repo / "source", self.course / "source")
        (self.course / "nbgrader_config.py").open("a").write("\nc.ExchangeCollect.check_owner = False\n")
        instructor_home = base / "instructor"
        instructor_home.mkdir()
        self.env = {**os.environ, "COURSE_EXCHANGE": str(self.exchange), "HOME": str(instructor_home)}
        self.log: list[str] = []

    # -- running nbgrader ----------------------------------------------------------
    def nbgrader(self, *args: str, cwd: Path | None = None, home: Path | None = None) -> str:
        env = dict(self.env, HOME=str(home)) if home else self.env
        result = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=cwd or self.course, env=env,
                                capture_output=True, text=True, timeout=900)
        self.log.append(f"$ nbgrader {' '.join(args)}\n{result.stdout}{result.stderr}")
        if result.returncode != 0:
            raise AssertionError(f"nbgrader {' '.join(args)} exited {result.returncode}:\n{result.stderr[-4000:]}")
        return result.stdout + result.stderr

    def student_flags(self, learner: Learner) -> list[str]:
        return [f"--Exchange.root={self.exchange}", "--CourseDirectory.course_id=compassion-empathy",
                f"--CourseDirectory.student_id={learner.name}"]

    def home(self, learner: Learner) -> Path:
        home = self.homes / learner.name
        home.mkdir(parents=True, exist_ok=True)
        return home

    # -- the instructor ------------------------------------------------------------
    def release(self, unit: str) -> None:
        self.nbgrader("generate_assignment", unit, "--force")
        self.nbgrader("release_assignment", unit, "--force")

    def collect_and_grade(self, unit: str) -> str:
        self.nbgrader("collect", unit)
        return self.nbgrader("autograde", unit, "--force")

    def feedback(self, unit: str) -> None:
        self.nbgrader("generate_feedback", unit, "--force")

    def export(self) -> dict[tuple[str, str], float]:
        """nbgrader's grades CSV, as {(student, unit): score}."""
        path = self.course / "grades.csv"
        self.nbgrader("export", f"--to={path}")
        with path.open() as handle:
            return {(row["student_id"], row["assignment"]): float(row["score"]) for row in csv.DictReader(handle)}

    # -- a learner -----------------------------------------------------------------
    def fetch(self, learner: Learner, unit: str) -> Path:
        home = self.home(learner)
        self.nbgrader("fetch_assignment", unit, *self.student_flags(learner), cwd=home, home=home)
        return home / unit

    def answer(self, learner: Learner, unit: str) -> None:
        """Run All, then set each widget as a click would; the widgets write the answers file."""
        folder = self.homes / learner.name / unit
        if learner.clicks:
            clicks = [f"unit.shown[{qid!r}].answer({value!r})" for qid, value in learner.answers.items()]
            if learner.reflection:
                clicks.append(f"unit.shown['reflection'].answer({learner.reflection!r})")
            run_notebook(folder / f"{unit}.ipynb", then="\n".join(clicks) or None)
        else:
            store = AnswerStore.beside_notebook(unit, folder)
            for qid, value in learner.answers.items():
                store.save(qid, value)
        if learner.afterwards:
            learner.afterwards(folder)

    def submit(self, learner: Learner, unit: str) -> None:
        home = self.home(learner)
        self.nbgrader("submit", unit, *self.student_flags(learner), cwd=home, home=home)

    def saved_answers(self, learner: Learner, unit: str) -> dict[str, Any]:
        return json.loads((self.homes / learner.name / unit / f"{unit}.answers.json").read_text())["answers"]
