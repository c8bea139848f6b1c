"""The course on a real JupyterHub: two courses, their learners and instructors, end to end.

deploy/jupyterhub_config.py runs as an instructor would run it (configurable-http-proxy, the
shared-password sign-in, every learner's server under one OS account), on loopback ports. Learners
use the HTTP handlers that nbgrader's Assignments tab calls; instructors use the formgrader's API
through the hub. Nothing is mocked. One hub serves every test here; the story runs once.

    course c1: instructor ana; learners ben (answers every question well) and cy (never submits)
    course c2: instructor eli; learner dee (good answers to q1-q3 only)
"""
from __future__ import annotations

import importlib.util
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from .support.answers import all_wrong, perfect
from .support.hub import Hub, Reply, running_hub
from .support.instructed import copy_course
from .support.prerequisites import not_available

UNIT = "unit1"
PROXY = Path(__file__).resolve().parents[1] / "deploy/node_modules/.bin/configurable-http-proxy"
# Fixed loopback ports, away from JupyterLab's 8888 and a developer's own hub on 8000.
PORTS = {"port": 18300, "hub_port": 18381, "proxy_api_port": 18301}
GRADER_PORTS = {"c1": 18311, "c2": 18312}
STUDENTS = {"c1": ["ben", "cy"], "c2": ["dee"]}
INSTRUCTORS = {"c1": ["ana"], "c2": ["eli"]}


@dataclass
class Story:
    hub: Hub
    base: Path
    tokens: dict[str, str]  # user -> a token carrying all that user may do
    replies: dict[str, Reply] = field(default_factory=dict)  # step -> what the hub answered
    due: dict[str, float] = field(default_factory=dict)  # learner -> points their answers earn

    def home(self, user: str) -> Path:
        return self.base / "data" / "home" / user

    def step(self, name: str, reply: Reply) -> Any:
        """Record a step's reply; it must have succeeded, as the Assignments tab would show it."""
        self.replies[name] = reply
        assert reply.status == 200, f"{name}: {reply.status} {reply.text[:2000]}\n{self.hub.tail()}"
        body = reply.json()
        if isinstance(body, dict) and "success" in body:
            assert body["success"], f"{name}: {body}"
        return body


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


@pytest.fixture(scope="module")
def story(tmp_path_factory, root, course):
    if importlib.util.find_spec("jupyterhub") is None:
        not_available("JupyterHub is not installed", "scripts/setup.sh hub")
    if not PROXY.exists():
        not_available("configurable-http-proxy is not installed", "scripts/setup.sh hub (runs npm ci in deploy/)")
    base = tmp_path_factory.mktemp("hub")
    settings = {
        "hub": {**PORTS, "ip": "127.0.0.1", "data": str(base / "data"), "exchange": str(base / "exchange"),
                "admins": []},
        "courses": [{"id": cid, "root": str(copy_course(root, base / cid)), "grader_port": GRADER_PORTS[cid],
                     "instructors": INSTRUCTORS[cid], "students": STUDENTS[cid]} for cid in ("c1", "c2")],
    }
    with running_hub(base, settings) as hub:
        users = ["ana", "eli", "ben", "cy", "dee"]
        story = Story(hub, base, {user: hub.token_for(user, ["inherit"]) for user in users})
        hub.start_servers(["ben", "cy", "dee"])
        unit = course.units[UNIT]
        ben_answers, story.due["ben"] = learner_answers(unit)
        dee_answers, story.due["dee"] = learner_answers(unit, good={"q1", "q2", "q3"})
        for cid, instructor in (("c1", "ana"), ("c2", "eli")):
            release(story, cid, instructor)
        learner_works(story, "ben", "c1", ben_answers)
        learner_works(story, "dee", "c2", dee_answers)
        for cid, instructor, learner in (("c1", "ana", "ben"), ("c2", "eli", "dee")):
            grade(story, cid, instructor, learner)
        for learner, cid in (("ben", "c1"), ("dee", "c2")):
            story.step(f"{learner} fetches feedback", hub.post(f"/user/{learner}/assignments/fetch_feedback",
                                                               story.tokens[learner], ask(cid)))
        yield story


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


def grade(story: Story, course_id: str, instructor: str, learner: str) -> None:
    api, token = f"/services/{course_id}/formgrader/api", story.tokens[instructor]
    story.step(f"{instructor} collects", story.hub.post(f"{api}/assignment/{UNIT}/collect", token))
    story.step(f"{instructor} autogrades {learner}", story.hub.post(f"{api}/submission/{UNIT}/{learner}/autograde", token))
    story.step(f"{instructor} generates feedback", story.hub.post(f"{api}/assignment/{UNIT}/generate_feedback", token))
    story.step(f"{instructor} releases feedback", story.hub.post(f"{api}/assignment/{UNIT}/release_feedback", token))


def submissions(story: Story, course_id: str, instructor: str) -> dict[str, dict[str, Any]]:
    reply = story.hub.get(f"/services/{course_id}/formgrader/api/submissions/{UNIT}", story.tokens[instructor])
    assert reply.status == 200, reply.text
    return {s["student"]: s for s in reply.json()}


# -- the journey --------------------------------------------------------------------------------

def test_learners_fetch_and_submit_through_the_assignments_tab_handlers(story):
    for learner, cid in (("ben", "c1"), ("dee", "c2")):
        listed = story.replies[f"{learner} lists {cid}"].json()["value"]
        assert [(a["course_id"], a["assignment_id"], a["status"]) for a in listed] == [(cid, UNIT, "released")]
        notebook = story.home(learner) / cid / UNIT / f"{UNIT}.ipynb"
        assert notebook.is_file()
        statuses = {a["status"] for a in story.replies[f"{learner} submits"].json()["value"]}
        assert "submitted" in statuses
        inbound = list((story.base / "exchange" / cid / "inbound").iterdir())
        assert [folder.name.split("+")[0] for folder in inbound] == [learner]  # filed under the hub user


def test_each_formgrader_grades_its_own_course_with_exact_scores(story):
    assert story.due == {"ben": 6, "dee": 3}  # unit1: six 1-point questions, and a reflection worth 3
    c1, c2 = submissions(story, "c1", "ana"), submissions(story, "c2", "eli")
    assert (c1["ben"]["score"], c1["ben"]["max_score"]) == (6, 9)
    assert (c2["dee"]["score"], c2["dee"]["max_score"]) == (3, 9)
    assert "dee" not in c1 and "ben" not in c2


def test_learners_fetch_their_feedback_with_their_score(story):
    for learner, cid, due in (("ben", "c1", 6), ("dee", "c2", 3)):
        pages = list((story.home(learner) / cid / UNIT / "feedback").glob(f"*/{UNIT}.html"))
        assert len(pages) == 1, pages
        page = pages[0].read_text()  # made by the formgrader's button, with the course's template
        assert f"Points so far: {due:g} of 6 points." in page
        assert "your reflection (3 points) is waiting for your instructor" in page and "In [" not in page


# -- who may do what ----------------------------------------------------------------------------

def test_a_learner_cannot_reach_another_learners_server(story):
    hub, ben = story.hub, story.tokens["ben"]
    assert hub.get("/user/ben/api/contents", ben).status == 200
    for path in ("/user/cy/api/contents", "/user/dee/api/contents", "/user/dee/assignments?course_id=c2"):
        assert hub.get(path, ben).status == 403, path


def test_a_learner_outside_a_course_cannot_list_or_fetch_it(story):
    hub, dee = story.hub, story.tokens["dee"]
    assert hub.get("/user/dee/courses", dee).json() == {"success": True, "value": ["c2"]}
    assert hub.get("/user/dee/assignments?course_id=c1", dee).json() == {"success": True, "value": []}
    refusals = hub.log_text().count("You do not have access to this course.")
    after_fetch = hub.post("/user/dee/assignments/fetch", dee, ask("c1"))
    assert after_fetch.json() == {"success": True, "value": []}  # the tab's list, still without c1
    assert hub.log_text().count("You do not have access to this course.") > refusals
    assert not (story.home("dee") / "c1").exists()


def test_learners_and_other_courses_instructors_cannot_reach_a_formgrader(story):
    hub = story.hub
    for user, cid in (("ben", "c1"), ("cy", "c1"), ("dee", "c2"), ("ana", "c2"), ("eli", "c1")):
        for path in (f"/services/{cid}/formgrader/api/assignments", f"/services/{cid}/formgrader"):
            assert hub.get(path, story.tokens[user]).status == 403, (user, path)
    assert hub.get("/services/c1/formgrader/api/assignments").status == 302  # no token: off to sign in first


def test_the_formgrader_page_may_be_framed_by_its_own_server_only(story):
    reply = story.hub.get("/services/c1/formgrader/manage_assignments", story.tokens["ana"])
    assert reply.status == 200 and "Manage Assignments" in reply.text
    assert reply.headers["Content-Security-Policy"] == "frame-ancestors 'self'"
    learners_lab = story.hub.get("/user/ben/lab", story.tokens["ben"])
    assert "frame-ancestors 'none'" in learners_lab.headers.get("Content-Security-Policy", "")


# -- in a real browser --------------------------------------------------------------------------

def signed_in(browser, hub: Hub, user: str):
    """A fresh page of ``user``'s, signed in through the hub's own form with the shared password."""
    from .support.hub import PASSWORD

    browser.clear_cookies()
    page = browser.new_page()
    page.goto(f"{hub.base}/hub/login")
    page.get_by_label("Username").fill(user)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/hub/login" not in url)
    return page


def open_menu_item(page, menu: str, item: str) -> None:
    page.locator(".lm-MenuBar-itemLabel", has_text=menu).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(f"^{re.escape(item)}$")).click()


def test_the_formgrader_shows_inside_jupyterlab_through_the_hub(story, browser):
    page = signed_in(browser, story.hub, "ana")
    page.goto(f"{story.hub.base}/services/c1/lab")
    open_menu_item(page, "Nbgrader", "Formgrader")
    formgrader = page.frame_locator("iframe")
    formgrader.get_by_role("heading", name="Manage Assignments").wait_for(timeout=60_000)
    formgrader.get_by_role("link", name=UNIT).first.wait_for(timeout=30_000)  # the released unit, from the API
    page.close()


def test_a_learner_sees_their_units_in_the_assignments_tab(story, browser):
    page = signed_in(browser, story.hub, "ben")
    page.goto(f"{story.hub.base}/user/ben/lab")
    open_menu_item(page, "Nbgrader", "Assignment List")
    submitted = page.locator("#submitted_assignments_list")
    submitted.get_by_text(UNIT).first.wait_for(timeout=60_000)
    assert "c1" in submitted.inner_text()
    refused = page.goto(f"{story.hub.base}/services/c1/formgrader")
    assert refused.status == 403
    page.close()
