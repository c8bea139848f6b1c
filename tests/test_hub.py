"""The course on a real JupyterHub in classroom mode: two courses, their learners and instructors, attacked.

deploy/start-hub.sh runs as a site runs it, as root: each person signs in with their own password
(NativeAuthenticator) and works under their own OS account; each course's formgrader runs under
the course's account. Learners use the HTTP handlers that nbgrader's Assignments tab calls,
instructors the formgrader's API through the hub, attackers the hub's real login form and code
run in their own kernel through their server's kernel API. Nothing is mocked. One hub serves every
test here; the class is taken through the unit once (tests/support/hub_class.py).
"""
from __future__ import annotations

import importlib.util
import json
import os
import re
import stat
from pathlib import Path

import pytest

from .support.hub import ADMIN_TOKEN, PASSWORD, run_in_kernel
from .support.hub_class import (
    GRADER_PORTS, PORTS, UNIT, Story, ask, classroom_hub, collect_and_autograde, grade_reflection,
    learner_answers, learner_works, release, return_feedback, submissions,
)
from .support.prerequisites import not_available

PROXY = Path(__file__).resolve().parents[1] / "deploy/node_modules/.bin/configurable-http-proxy"
ANA, BEN, CY, DEE, ELI = "cehub-ana", "cehub-ben", "cehub-cy", "cehub-dee", "cehub-eli"
REFUSED_SIGN_IN = "Invalid username or password."


@pytest.fixture(scope="module")
def story(root, course):
    if os.geteuid() != 0:
        not_available("the hub test gives every person an OS account, so it runs as root", "run it as root, as CI does")
    if importlib.util.find_spec("jupyterhub") is None:
        not_available("JupyterHub is not installed", "scripts/setup.sh test")
    if not PROXY.exists():
        not_available("configurable-http-proxy is not installed", "scripts/setup.sh hub (runs npm ci in deploy/)")
    with classroom_hub(root) as story:
        story.hub.start_servers([BEN, DEE, ANA])
        unit = course.units[UNIT]
        ben_answers, story.due[BEN] = learner_answers(unit)
        dee_answers, story.due[DEE] = learner_answers(unit, good={"q1", "q2", "q3"})
        release(story, "c1", ANA)
        release(story, "c2", ELI)
        learner_works(story, BEN, "c1", ben_answers)
        learner_works(story, DEE, "c2", dee_answers)
        collect_and_autograde(story, "c1", ANA, BEN)
        collect_and_autograde(story, "c2", ELI, DEE)
        grade_reflection(story, "c1", ANA, BEN, 2)
        return_feedback(story, "c1", ANA)
        return_feedback(story, "c2", ELI)
        for learner, course_id in ((BEN, "c1"), (DEE, "c2")):
            story.step(f"{learner} fetches feedback", story.hub.post(f"/user/{learner}/assignments/fetch_feedback",
                                                                     story.tokens[learner], ask(course_id)))
        yield story


# -- what must still work -------------------------------------------------------------------------

def test_learners_fetch_and_submit_through_the_assignments_tab_handlers(story):
    for learner, course_id in ((BEN, "c1"), (DEE, "c2")):
        listed = story.replies[f"{learner} lists {course_id}"].json()["value"]
        assert [(a["course_id"], a["assignment_id"], a["status"]) for a in listed] == [(course_id, UNIT, "released")]
        notebook = story.home(learner) / course_id / UNIT / f"{UNIT}.ipynb"
        assert notebook.is_file() and notebook.stat().st_uid == _uid(learner)  # their own file, in their own home
        statuses = {a["status"] for a in story.replies[f"{learner} submits"].json()["value"]}
        assert "submitted" in statuses
        [handed_in] = [p for p in (story.exchange(course_id) / "inbound").iterdir() if p.name.startswith(learner)]
        assert handed_in.stat().st_uid == _uid(learner)  # owned by who handed it in: what collect checks


def test_each_formgrader_grades_its_own_course_with_exact_scores(story):
    assert story.due == {BEN: 6, DEE: 3}  # unit1: six 1-point questions, and a reflection worth 3
    c1, c2 = submissions(story, "c1", ANA), submissions(story, "c2", ELI)
    assert (c1[BEN]["score"], c1[BEN]["max_score"]) == (8, 9)  # 6 autograded + 2 for the reflection
    assert (c2[DEE]["score"], c2[DEE]["max_score"]) == (3, 9)
    assert DEE not in c1 and BEN not in c2


def test_learners_fetch_their_feedback_with_their_score(story):
    # made by the formgrader's button, with the course's template: Ben's reflection is scored, Dee's is not yet
    for learner, course_id, total in ((BEN, "c1", "Your total: 8 of 9 points."), (DEE, "c2", "Points so far: 3 of 6 points.")):
        pages = list((story.home(learner) / course_id / UNIT / "feedback").glob(f"*/{UNIT}.html"))
        assert len(pages) == 1, pages
        page = pages[0].read_text()
        assert total in page and "In [" not in page and "grade(" not in page
    assert "your reflection (3 points) is waiting for your instructor" in page  # Dee's


def test_the_hub_made_each_account_and_folder_as_docs_deploy_md_says(story):
    for person in (ANA, BEN, CY, DEE, ELI):
        assert _mode_owner(story.home(person)) == (0o700, person)
    for course_id in ("c1", "c2"):
        grader = f"cehub-{course_id}"
        assert _mode_owner(story.course(course_id)) == (0o2770, grader)
        assert _mode_owner(story.course(course_id) / "gradebook.db")[1] == grader
        exchange = story.exchange(course_id)
        assert {part: _mode_owner(exchange / part)[0] for part in ("", "outbound", "inbound", "feedback")} == \
               {"": 0o750, "outbound": 0o750, "inbound": 0o2730, "feedback": 0o710}
    assert _mode_owner(story.base / "exchange")[0] == 0o1777
    assert _mode_owner(story.base / "data" / "hub") == (0o700, "root")


# -- signing in -------------------------------------------------------------------------------------

def test_no_one_signs_in_as_someone_else_through_the_login_form(story):
    hub, bens = story.hub, story.passwords[BEN]
    assert hub.sign_in(BEN, bens).signed_in  # the form works, with one's own password
    for target in (CY, ANA):  # another learner, and an instructor
        for password in (bens, "password", target, ""):  # one's own, guessed ones, none
            browser = hub.sign_in(target, password)
            assert not browser.signed_in and REFUSED_SIGN_IN in browser.last.text, (target, password)
    assert hub.sign_in(CY, PASSWORD).last.status == 200  # the old shared password means nothing now
    assert hub.get("/hub/signup").status == 404  # no one can claim a listed name first


def test_after_five_wrong_passwords_a_name_waits_even_with_the_right_one(story):
    for attempt in range(5):
        assert not story.hub.sign_in(CY, f"guess number {attempt}").signed_in
    assert not story.hub.sign_in(CY, story.passwords[CY]).signed_in


def test_a_learner_changes_their_own_password_and_a_common_one_is_refused(story):
    old, new = story.passwords[DEE], "a new passphrase of dee's own"
    dee = story.hub.sign_in(DEE, old)
    refused = dee.post_form("/hub/change-password", {"old_password": old, "new_password": "qwertyuiop",
                                                     "new_password_confirmation": "qwertyuiop"})
    assert "Something went wrong" in refused.text
    changed = dee.post_form("/hub/change-password", {"old_password": old, "new_password": new,
                                                     "new_password_confirmation": new})
    assert "Your password has been changed successfully" in changed.text
    assert not story.hub.sign_in(DEE, old).signed_in and story.hub.sign_in(DEE, new).signed_in
    story.passwords[DEE] = new


def test_an_instructor_resets_their_own_learners_passwords_and_no_one_elses(story):
    ana, new = story.hub.sign_in(ANA, story.passwords[ANA]), "reset by ana in class"
    reset = ana.post_form(f"/hub/change-password/{BEN}", {"new_password": new, "new_password_confirmation": new})
    assert f"The password for {BEN} has been changed successfully" in reset.text
    assert story.hub.sign_in(BEN, new).signed_in
    story.passwords[BEN] = new
    for other in (DEE, ELI):  # another course's learner; another course's instructor
        assert ana.post_form(f"/hub/change-password/{other}", {"new_password": new,
                                                               "new_password_confirmation": new}).status == 404
        assert story.hub.sign_in(other, story.passwords[other]).signed_in  # unchanged
    for page in ("/hub/authorize", "/hub/admin"):  # NativeAuthenticator's approvals, JupyterHub's admin page
        assert ana.open(page).status == 403, page
    ben = story.hub.sign_in(BEN, new)
    assert ben.post_form(f"/hub/change-password/{CY}", {"new_password": new,
                                                        "new_password_confirmation": new}).status == 403


def test_an_instructors_power_over_learners_stops_short_of_admin_and_other_courses(story):
    hub, ana = story.hub, story.tokens[ANA]
    assert hub.request("PATCH", f"/hub/api/users/{BEN}", ana, {"admin": True}).status == 403
    assert hub.request("PATCH", f"/hub/api/users/{BEN}", ana, {"groups": ["formgrade-c2"]}).status != 200
    assert hub.admin("GET", f"/users/{BEN}")["groups"] == ["nbgrader-c1"]
    assert hub.request("PATCH", f"/hub/api/users/{DEE}", ana, {"name": "cehub-dee2"}).status == 404
    assert hub.request("POST", "/hub/api/users", ana, {"usernames": ["cehub-new"]}).status == 403
    assert hub.request("POST", f"/hub/api/users/{BEN}/tokens", ana, {}).status == 403  # never ben's keys
    assert hub.request("POST", f"/hub/api/users/{BEN}/server", ana, {}).status == 404  # JupyterHub's "no access"


def test_a_learner_renamed_to_root_never_signs_in_nor_gets_a_server(story):
    hub, ana = story.hub, story.tokens[ANA]
    assert hub.request("PATCH", f"/hub/api/users/{CY}", ana, {"name": "root"}).status == 200  # ana may rename cy
    try:
        assert not hub.sign_in("root", story.passwords[CY]).signed_in  # not a listed person
        browser = hub.sign_in(ANA, story.passwords[ANA])
        assert "changed successfully" not in browser.post_form("/hub/change-password/root", {
            "new_password": "now root is mine", "new_password_confirmation": "now root is mine"}).text
        assert hub.request("POST", "/hub/api/users/root/server", ADMIN_TOKEN, {}).status >= 400
        assert "root is not an account this hub made" in hub.log_text()
    finally:
        assert hub.request("PATCH", "/hub/api/users/root", ana, {"name": CY}).status == 200


# -- tokens: who may reach what -----------------------------------------------------------------

def test_a_learner_cannot_reach_another_learners_server(story):
    hub, ben = story.hub, story.tokens[BEN]
    assert hub.get(f"/user/{BEN}/api/contents", ben).status == 200
    for path in (f"/user/{DEE}/api/contents", f"/user/{ANA}/api/contents", f"/user/{DEE}/assignments?course_id=c2"):
        assert hub.get(path, ben).status == 403, path


def test_a_learners_token_is_refused_by_the_hubs_admin_api(story):
    hub, ben = story.hub, story.tokens[BEN]
    assert hub.get("/hub/api/user", ben).status == 200  # the token works for what is ben's
    assert hub.get("/hub/api/users", ben).status == 403
    assert hub.request("PATCH", f"/hub/api/users/{BEN}", ben, {"admin": True}).status == 403
    assert hub.request("POST", f"/hub/api/groups/formgrade-c1/users", ben, {"users": [BEN]}).status == 403
    assert hub.request("POST", "/hub/api/users", ben, {"usernames": ["cehub-new"]}).status == 403


def test_a_learner_outside_a_course_cannot_list_or_fetch_it(story):
    hub, dee = story.hub, story.tokens[DEE]
    assert hub.get(f"/user/{DEE}/courses", dee).json() == {"success": True, "value": ["c2"]}
    assert hub.get(f"/user/{DEE}/assignments?course_id=c1", dee).json() == {"success": True, "value": []}
    refusals = hub.log_text().count("You do not have access to this course.")
    after_fetch = hub.post(f"/user/{DEE}/assignments/fetch", dee, ask("c1"))
    assert after_fetch.json() == {"success": True, "value": []}  # the tab's list, still without c1
    assert hub.log_text().count("You do not have access to this course.") > refusals
    assert not (story.home(DEE) / "c1").exists()


def test_learners_and_other_courses_instructors_cannot_reach_a_formgrader(story):
    hub = story.hub
    for user, course_id in ((BEN, "c1"), (CY, "c1"), (DEE, "c2"), (ANA, "c2"), (ELI, "c1")):
        for path in (f"/services/{course_id}/formgrader/api/assignments", f"/services/{course_id}/formgrader"):
            assert hub.get(path, story.tokens[user]).status == 403, (user, path)
    assert hub.get("/services/c1/formgrader/api/assignments").status == 302  # no token: off to sign in first


def test_the_formgrader_page_may_be_framed_by_its_own_server_only(story):
    reply = story.hub.get("/services/c1/formgrader/manage_assignments", story.tokens[ANA])
    assert reply.status == 200 and "Manage Assignments" in reply.text
    assert reply.headers["Content-Security-Policy"] == "frame-ancestors 'self'"
    learners_lab = story.hub.get(f"/user/{BEN}/lab", story.tokens[BEN])
    assert "frame-ancestors 'none'" in learners_lab.headers.get("Content-Security-Policy", "")


# -- code a learner runs in their own kernel ------------------------------------------------------

FILE_PROBE = r"""
import json, os
def probe(kind, path):
    try:
        if kind == "list": os.listdir(path)
        elif kind == "read": open(path, "rb").read(1)
        elif kind == "create": open(path, "x").close()
        elif kind == "mkdir": os.mkdir(path)
        elif kind == "rename": os.rename(path, path + "-moved")
        return "allowed"
    except OSError as error:
        return type(error).__name__
print(json.dumps({name: probe(kind, path) for name, (kind, path) in TRIES.items()}))
"""


def probe_files(story: Story, user: str, tries: dict[str, tuple[str, Path]]) -> dict[str, str]:
    listed = {name: (kind, str(path)) for name, (kind, path) in tries.items()}
    code = f"import json\nTRIES = json.loads({json.dumps(listed)!r})\n{FILE_PROBE}"
    return json.loads(run_in_kernel(story.hub, user, story.tokens[user], code))


def test_a_learners_code_cannot_read_keys_grades_or_anyone_elses_work(story):
    c1, c2, dees_home = story.course("c1"), story.course("c2"), story.home(DEE)
    [dees_submission] = [p for p in (story.exchange("c2") / "inbound").iterdir() if p.name.startswith(DEE)]
    [dees_feedback] = list((story.exchange("c2") / "feedback").glob("*.html"))
    [dees_page] = list((dees_home / "c2" / UNIT / "feedback").glob(f"*/{UNIT}.html"))
    attacks = {
        "another learner's home": ("list", story.home(CY)),
        "another learner's unit": ("read", dees_home / "c2" / UNIT / f"{UNIT}.ipynb"),
        "another learner's feedback, in their home": ("read", dees_page),
        "the course's content/": ("list", c1 / "content"),
        "the course's content/ file": ("read", c1 / "content" / "course.yml"),
        "the course's source/ (keys)": ("read", c1 / "source" / UNIT / f"{UNIT}.ipynb"),
        "the gradebook": ("read", c1 / "gradebook.db"),
        "submitted/": ("list", c1 / "submitted"),
        "own autograded notebook": ("read", c1 / "autograded" / BEN / UNIT / f"{UNIT}.ipynb"),
        "another course's keys": ("read", c2 / "source" / UNIT / f"{UNIT}.ipynb"),
        "the course's inbound": ("list", story.exchange("c1") / "inbound"),
        "the course's feedback in the exchange": ("list", story.exchange("c1") / "feedback"),
        "another course's released units": ("list", story.exchange("c2") / "outbound"),
        "another learner's submission, exact path": ("read", dees_submission / f"{UNIT}.ipynb"),
        "another learner's feedback, exact path": ("read", dees_feedback),
        "hand in to another course": ("mkdir", story.exchange("c2") / "inbound" / f"{BEN}+{UNIT}+x+y"),
        "replace the released unit": ("create", story.exchange("c1") / "outbound" / UNIT / "extra.ipynb"),
        "move the course's exchange folder": ("rename", story.exchange("c1")),
        "the hub's database": ("read", story.base / "data" / "hub" / "jupyterhub.sqlite"),
        "the first passwords": ("read", story.base / "data" / "hub" / "first-passwords.txt"),
        "the formgrader's home": ("list", story.base / "data" / "graders" / "c1"),
    }
    controls = {"own home": ("list", story.home(BEN)), "own unit": ("read", story.home(BEN) / "c1" / UNIT / f"{UNIT}.ipynb"),
                "released units of own course": ("list", story.exchange("c1") / "outbound")}
    found = probe_files(story, BEN, {**attacks, **controls})
    assert {name: found[name] for name in controls} == {name: "allowed" for name in controls}
    assert {name: found[name] for name in attacks} == {name: "PermissionError" for name in attacks}


def test_an_instructors_code_reads_their_own_course_folder_and_no_other(story):
    found = probe_files(story, ANA, {
        "own course's keys": ("read", story.course("c1") / "source" / UNIT / f"{UNIT}.ipynb"),
        "own course's gradebook": ("read", story.course("c1") / "gradebook.db"),
        "another course's keys": ("read", story.course("c2") / "source" / UNIT / f"{UNIT}.ipynb"),
        "another course's gradebook": ("read", story.course("c2") / "gradebook.db"),
        "a learner's home": ("list", story.home(BEN)),
    })
    assert found == {"own course's keys": "allowed", "own course's gradebook": "allowed",
                     "another course's keys": "PermissionError", "another course's gradebook": "PermissionError",
                     "a learner's home": "PermissionError"}


API_PROBE = r"""
import os, urllib.error, urllib.request
class Stay(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
def status(method, url, body=None):
    request = urllib.request.Request(url, method=method, data=None if body is None else json.dumps(body).encode(),
                                     headers={"Authorization": "token " + os.environ["JUPYTERHUB_API_TOKEN"]})
    try:
        with urllib.request.build_opener(Stay).open(request, timeout=20) as reply:
            return reply.status
    except urllib.error.HTTPError as error:
        return error.code
print(json.dumps({name: status(*call) for name, call in TRIES.items()}))
"""


def test_a_learners_code_cannot_use_their_servers_token_for_more(story):
    api, me = f"http://127.0.0.1:{PORTS['hub_port']}/hub/api", BEN
    tries = {
        "who am I": ("GET", f"{api}/user"),
        "list everyone": ("GET", f"{api}/users"),
        "read another learner": ("GET", f"{api}/users/{CY}"),
        "make oneself an admin": ("PATCH", f"{api}/users/{me}", {"admin": True}),
        "a full token of one's own": ("POST", f"{api}/users/{me}/tokens", {}),
        "join the instructors": ("POST", f"{api}/groups/formgrade-c1/users", {"users": [me]}),
        "the formgrader, straight to its port": ("GET", f"http://127.0.0.1:{GRADER_PORTS['c1']}/services/c1/formgrader/api/assignments"),
        "the proxy's routing table": ("GET", f"http://127.0.0.1:{PORTS['proxy_api_port']}/api/routes"),
    }
    code = f"import json\nTRIES = json.loads({json.dumps(tries)!r})\n{API_PROBE}"
    found = json.loads(run_in_kernel(story.hub, me, story.tokens[me], code))
    assert found == {"who am I": 200, "list everyone": 403, "read another learner": 404, "make oneself an admin": 403,
                     "a full token of one's own": 403, "join the instructors": 403,
                     "the formgrader, straight to its port": 403, "the proxy's routing table": 403}


def test_a_learner_gets_a_released_unit_from_the_course_home_and_only_from_their_own_course(story):
    """The course home's "Get unit N" (course/answer/new_units.py) in cy's own server: c1 and c2 both
    released unit1, the hub's plugin offers cy only c1's, and the fetch lands in cy's home as cy's."""
    story.hub.start_servers([CY])
    code = ("from pathlib import Path\nfrom course.answer.new_units import NewUnits\n"
            "box = NewUnits(Path.home())\nprint([(u.course_id, u.unit_id) for u in box.waiting])\n"
            "done = box.get(box.waiting[0])\nprint(done.ok, done.message)\n"
            "print([(u.course_id, u.unit_id) for u in box.waiting])\n")
    said = run_in_kernel(story.hub, CY, story.tokens[CY], code).splitlines()
    assert said == [f"[('c1', '{UNIT}')]", "True Unit 1 is ready: it is now in your list of units above.", "[]"]
    fetched = story.home(CY) / "c1" / UNIT / f"{UNIT}.ipynb"
    assert _mode_owner(fetched)[1] == CY and not (story.home(CY) / "c2").exists()


def test_a_submission_forged_in_another_learners_name_is_left_out_by_collect(story):
    inbound = story.exchange("c1") / "inbound"
    forged = inbound / f"{CY}+{UNIT}+2099-01-01 00:00:00.000000 UTC+forged"
    bens_unit = story.home(BEN) / "c1" / UNIT
    code = (f"import shutil\nshutil.copytree({str(bens_unit)!r}, {str(forged)!r}, ignore=shutil.ignore_patterns('feedback'))\n"
            f"open({str(forged / 'timestamp.txt')!r}, 'w').write('2099-01-01 00:00:00.000000 UTC')\nprint('forged')")
    assert run_in_kernel(story.hub, BEN, story.tokens[BEN], code) == "forged\n"  # a classmate may hand in here...
    story.step("ana collects again", story.hub.post(f"/services/c1/formgrader/api/assignment/{UNIT}/collect",
                                                    story.tokens[ANA]))
    assert not (story.course("c1") / "submitted" / CY).exists()  # ...but never as someone else
    assert f"it names {CY} but belongs to {BEN}" in story.hub.log_text()
    assert submissions(story, "c1", ANA)[BEN]["score"] == 8


# -- in a real browser --------------------------------------------------------------------------

def signed_in(browser, story: Story, user: str):
    """A fresh page of ``user``'s, signed in through the hub's own form with their own password."""
    browser.clear_cookies()
    page = browser.new_page()
    page.goto(f"{story.hub.base}/hub/login")
    page.get_by_label("Username").fill(user)
    page.get_by_label("Password").fill(story.passwords[user])
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/hub/login" not in url)
    return page


def open_menu_item(page, menu: str, item: str) -> None:
    page.locator(".lm-MenuBar-itemLabel", has_text=menu).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(f"^{re.escape(item)}$")).click()


def test_the_formgrader_shows_inside_jupyterlab_through_the_hub(story, browser):
    page = signed_in(browser, story, ANA)
    page.goto(f"{story.hub.base}/services/c1/lab")
    open_menu_item(page, "Nbgrader", "Formgrader")
    formgrader = page.frame_locator("iframe")
    formgrader.get_by_role("heading", name="Manage Assignments").wait_for(timeout=60_000)
    formgrader.get_by_role("link", name=UNIT).first.wait_for(timeout=30_000)  # the released unit, from the API
    page.close()


def test_a_learner_sees_their_units_in_the_assignments_tab(story, browser):
    page = signed_in(browser, story, BEN)
    page.goto(f"{story.hub.base}/user/{BEN}/lab")
    open_menu_item(page, "Nbgrader", "Assignment List")
    submitted = page.locator("#submitted_assignments_list")
    submitted.get_by_text(UNIT).first.wait_for(timeout=60_000)
    assert "c1" in submitted.inner_text()
    refused = page.goto(f"{story.hub.base}/services/c1/formgrader")
    assert refused.status == 403
    page.close()


def _uid(user: str) -> int:
    import pwd

    return pwd.getpwnam(user).pw_uid


def _mode_owner(path: Path) -> tuple[int, str]:
    import pwd

    info = path.stat()
    return stat.S_IMODE(info.st_mode), pwd.getpwuid(info.st_uid).pw_name


def test_learners_land_on_the_course_home_and_instructors_on_jupyterlab(story, browser):
    """After signing in: a learner's server opens on the course home (their fetched unit, submitted, with
    the feedback they fetched); an instructor's opens on JupyterLab."""
    page = signed_in(browser, story, BEN)
    page.goto(f"{story.hub.base}/user/{BEN}/")
    page.wait_for_url(re.compile(rf"/user/{BEN}/voila/render/home\.ipynb"), timeout=60_000)
    unit = page.locator(".course-home li").first
    unit.wait_for(timeout=90_000)
    assert "Submitted on" in unit.inner_text()
    assert unit.get_by_role("link", name=re.compile("^Read your feedback")).count() == 1
    page.close()
    page = signed_in(browser, story, ANA)
    page.goto(f"{story.hub.base}/user/{ANA}/")
    page.wait_for_url(re.compile(rf"/user/{ANA}/lab"), timeout=60_000)
    page.close()
