"""Two courses on a real hub in classroom mode, taken once through a whole unit, for tests/test_hub.py.

    course c1: instructor cehub-ana; learners cehub-ben (answers every question well) and cehub-cy
    course c2: instructor cehub-eli; learner cehub-dee (good answers to q1-q3 only)

Every person and course gets a real OS account (prefix ``cehub-``), removed afterwards. The folder
everything lives in is outside pytest's own (which only root may enter), as a site's /srv would be.
"""
from __future__ import annotations

import contextlib
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from .answers import all_wrong, perfect
from .hub import Hub, Reply, running_hub, system_names_removed
from .instructed import copy_course

UNIT = "unit1"
PREFIX = "cehub-"
# Fixed loopback ports, away from JupyterLab's 8888 and a developer's own hub on 8000.
PORTS = {"port": 18300, "hub_port": 18381, "proxy_api_port": 18301}
GRADER_PORTS = {"c1": 18311, "c2": 18312}
STUDENTS = {"c1": ["cehub-ben", "cehub-cy"], "c2": ["cehub-dee"]}
INSTRUCTORS = {"c1": ["cehub-ana"], "c2": ["cehub-eli"]}
PEOPLE = sorted({name for names in (*STUDENTS.values(), *INSTRUCTORS.values()) for name in names})
GRADERS = [f"{PREFIX}{course}" for course in GRADER_PORTS]
GROUPS = [f"{PREFIX}{course}-learners" for course in GRADER_PORTS]


@dataclass
class Story:
    hub: Hub
    base: Path
    tokens: dict[str, str]  # user -> a token carrying all that user may do
    passwords: dict[str, str]  # user -> the first password the hub gave them
    replies: dict[str, Reply] = field(default_factory=dict)  # step -> what the hub answered
    due: dict[str, float] = field(default_factory=dict)  # learner -> points their answers earn

    def home(self, user: str) -> Path:
        return self.base / "data" / "home" / user

    def course(self, course_id: str) -> Path:
        return self.base / "courses" / course_id

    def exchange(self, course_id: str) -> Path:
        return self.base / "exchange" / course_id

    def step(self, name: str, reply: Reply) -> Any:
        """Record a step's reply; it must have succeeded, as the Assignments tab would show it."""
        self.replies[name] = reply
        assert reply.status == 200, f"{name}: {reply.status} {reply.text[:2000]}\n{self.hub.tail()}"
        body = reply.json()
        if isinstance(body, dict) and "success" in body:
            assert body["success"], f"{name}: {body}"
        return body


def settings_for(base: Path, root: Path) -> dict[str, Any]:
    """hub.yml for the test hub: each course folder is a fresh copy of the course, as on a site."""
    courses = []
    for course_id, port in GRADER_PORTS.items():
        copy_course(root, base / "courses" / course_id)  # unit1 only, so the class stays small
        courses.append({"id": course_id, "root": str(base / "courses" / course_id), "grader_port": port,
                        "instructors": INSTRUCTORS[course_id], "students": STUDENTS[course_id]})
    return {"hub": {**PORTS, "mode": "classroom", "prefix": PREFIX, "ip": "127.0.0.1", "data": str(base / "data"),
                    "exchange": str(base / "exchange"), "admins": []},
            "courses": courses}


@contextlib.contextmanager
def classroom_hub(root: Path) -> Iterator[Story]:
    """The hub running with its accounts made, and the story's people signed up; all removed after."""
    base = Path(tempfile.mkdtemp(prefix=PREFIX))
    base.chmod(0o711)  # as /srv: every account may pass through to its own folder
    try:
        with system_names_removed([*PEOPLE, *GRADERS], GROUPS, PREFIX):
            with running_hub(base, settings_for(base, root)) as hub:
                passwords = dict(line.split("\t") for line in
                                 (base / "data" / "hub" / "first-passwords.txt").read_text().splitlines())
                yield Story(hub, base, {user: hub.token_for(user, ["inherit"]) for user in PEOPLE}, passwords)
    finally:
        shutil.rmtree(base, ignore_errors=True)


def answers_file(answers: dict[str, Any]) -> str:
    """The answers file the unit's widgets write when a learner clicks these answers."""
    from course.answer.store import AnswerStore

    with tempfile.TemporaryDirectory() as folder:
        store = AnswerStore.beside_notebook(UNIT, folder)
        for question_id, value in answers.items():
            store.save(question_id, value)
        return store.path.read_text(encoding="utf-8")


def learner_answers(unit, good: set[str] | None = None) -> tuple[dict[str, Any], float]:
    """Best answers to the questions in ``good`` (all if None), weak ones elsewhere; and the points due."""
    answers, due = {}, 0.0
    for question in unit.questions:
        value, points = (perfect if good is None or question["id"] in good else all_wrong)(question)
        answers[question["id"]], due = value, due + points
    return answers, due


def ask(course_id: str) -> dict[str, str]:
    return {"course_id": course_id, "assignment_id": UNIT}


def release(story: Story, course_id: str, instructor: str) -> None:
    api, token = f"/services/{course_id}/formgrader/api/assignment/{UNIT}", story.tokens[instructor]
    story.step(f"{instructor} generates {course_id}", story.hub.post(f"{api}/assign", token))
    story.step(f"{instructor} releases {course_id}", story.hub.post(f"{api}/release", token))


def learner_works(story: Story, learner: str, course_id: str, answers: dict[str, Any]) -> None:
    """List, fetch, answer (the file the widgets write, saved through the learner's server), submit."""
    hub, token = story.hub, story.tokens[learner]
    story.step(f"{learner} lists {course_id}", hub.get(f"/user/{learner}/assignments?course_id={course_id}", token))
    listed = story.step(f"{learner} fetches", hub.post(f"/user/{learner}/assignments/fetch", token, ask(course_id)))
    fetched = next(a for a in listed["value"] if a["status"] == "fetched")
    path = f"{fetched['path']}/{UNIT}.answers.json"
    saved = hub.request("PUT", f"/user/{learner}/api/contents/{path}", token,
                        {"type": "file", "format": "text", "content": answers_file(answers)})
    assert saved.status in (200, 201), saved.text
    story.step(f"{learner} submits", hub.post(f"/user/{learner}/assignments/submit", token, ask(course_id)))


def collect_and_autograde(story: Story, course_id: str, instructor: str, learner: str) -> None:
    api, token = f"/services/{course_id}/formgrader/api", story.tokens[instructor]
    story.step(f"{instructor} collects", story.hub.post(f"{api}/assignment/{UNIT}/collect", token))
    story.step(f"{instructor} autogrades {learner}", story.hub.post(f"{api}/submission/{UNIT}/{learner}/autograde", token))


def grade_reflection(story: Story, course_id: str, instructor: str, learner: str, points: float) -> None:
    """Score the learner's reflection as the formgrader's grading page does (its own API calls)."""
    api, token = f"/services/{course_id}/formgrader/api", story.tokens[instructor]
    notebooks = story.step(f"{instructor} lists notebooks", story.hub.get(f"{api}/submitted_notebooks/{UNIT}/{UNIT}", token))
    [notebook] = [n for n in notebooks if n["student"] == learner]
    grades = story.step(f"{instructor} opens {learner}'s notebook", story.hub.get(f"{api}/grades?submission_id={notebook['id']}", token))
    [reflection] = [g for g in grades if g["needs_manual_grade"]]
    story.step(f"{instructor} scores {learner}'s reflection",
               story.hub.request("PUT", f"{api}/grade/{reflection['id']}", token, {"manual_score": points}))


def return_feedback(story: Story, course_id: str, instructor: str) -> None:
    api, token = f"/services/{course_id}/formgrader/api", story.tokens[instructor]
    story.step(f"{instructor} generates feedback", story.hub.post(f"{api}/assignment/{UNIT}/generate_feedback", token))
    story.step(f"{instructor} releases feedback", story.hub.post(f"{api}/assignment/{UNIT}/release_feedback", token))


def submissions(story: Story, course_id: str, instructor: str) -> dict[str, dict[str, Any]]:
    reply = story.hub.get(f"/services/{course_id}/formgrader/api/submissions/{UNIT}", story.tokens[instructor])
    assert reply.status == 200, reply.text
    return {s["student"]: s for s in reply.json()}
