"""deploy/: the hub settings file is read carefully, and the hub config grants no more than it should.

tests/test_hub.py proves the whole thing on a running hub; these check, in milliseconds, what a
site's own settings file can get wrong and what the config tells JupyterHub, in both modes.
"""
from __future__ import annotations

import os
import re
import json
import runpy
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

DEPLOY = Path(__file__).resolve().parents[1] / "deploy"
sys.path.insert(0, str(DEPLOY))
import coursehub  # noqa: E402 - deploy/ is a folder of config, not a package
import prepare  # noqa: E402


def example() -> dict:
    return yaml.safe_load((DEPLOY / "hub.example.yml").read_text())


def parse(raw: dict) -> coursehub.Settings:
    return coursehub.parse(raw, base=DEPLOY, source="hub.yml")


def test_the_example_settings_describe_one_course_in_classroom_mode():
    settings = coursehub.load(DEPLOY / "hub.example.yml")
    assert settings.mode == "classroom"
    assert [c.id for c in settings.courses] == ["compassion-empathy"]
    assert settings.courses[0].root == Path("/srv/coursehub/courses/compassion-empathy")  # never this checkout
    assert settings.users == ["ana", "ben", "cy", "dee", "sam"]
    assert coursehub.groups(settings) == {"nbgrader-compassion-empathy": {"users": ["ben", "cy", "dee"]},
                                          "formgrade-compassion-empathy": {"users": ["ana"]}}
    course = settings.courses[0]
    assert (settings.grader_account(course), settings.learners_group(course)) == (
        "hub-compassion-empathy", "hub-compassion-empathy-learners")


@pytest.mark.parametrize("change, message", [
    (lambda raw: raw.pop("courses"), "hub.yml: courses: expected a list, found NoneType"),
    (lambda raw: raw.update(courses=[]), "hub.yml: courses: list at least one course"),
    (lambda raw: raw["courses"][0].pop("grader_port"), "hub.yml: courses[0]: 'grader_port' is missing"),
    (lambda raw: raw["courses"][0].update(id="Peer Support"), "courses[0]: id 'Peer Support' may hold only"),
    (lambda raw: raw["courses"][0].update(root="/"), "courses[0]: root / is not a course folder"),
    (lambda raw: raw["courses"][0].update(root=".."), "root {repo} overlaps the software folder {repo}"),
    (lambda raw: raw["hub"].update(mode="grading"), "hub.mode: expected one of classroom, demo, found 'grading'"),
    (lambda raw: raw["courses"][0]["students"].append("ana"),
     "'ana' is listed as a learner and as an instructor or admin: instructors may reset"),
    (lambda raw: raw["courses"][0].update(id="compassion-and-empathy-in-peer-support"),
     "needs the system name 'hub-compassion-and-empathy-in-peer-support', longer than 32 characters"),
    (lambda raw: raw["courses"][0]["students"].append("hub-compassion-empathy"),
     "user name 'hub-compassion-empathy' is taken by course 'compassion-empathy's formgrader"),
    (lambda raw: raw["hub"].update(prefix="Hub "), "hub.prefix 'Hub ' may hold only"),
    (lambda raw: raw["courses"][0].update(students=["ben", "Ben Smith"]), "user name 'Ben Smith' may hold only"),
    (lambda raw: raw["courses"][0].update(students=["ben", "ben"]), "courses[0]: students: 'ben' appears twice"),
    (lambda raw: raw["courses"].append(dict(raw["courses"][0])), "course id: 'compassion-empathy' appears twice"),
    (lambda raw: raw["hub"].update(port="eight thousand"), "hub.port: expected a port number (1-65535), found 'eight"),
    (lambda raw: raw.update(hub=["port", 8000]), "hub.yml: hub: expected keys and values, found list"),
])
def test_a_mistake_in_the_settings_is_named_with_its_place(change, message):
    raw = example()
    change(raw)
    with pytest.raises(coursehub.SettingsError, match=re.escape(message.format(repo=DEPLOY.parent))):
        parse(raw)


def test_demo_mode_makes_no_accounts_so_it_needs_no_account_rules():
    raw = example()
    raw["hub"]["mode"] = "demo"
    raw["courses"][0].update(root="..", students=["ben", "ana"])  # the checkout itself, an instructor as learner
    assert parse(raw).mode == "demo"


def test_an_unreadable_settings_file_says_which_file(tmp_path):
    broken = tmp_path / "hub.yml"
    broken.write_text("courses: [\n")
    with pytest.raises(coursehub.SettingsError, match=f"{broken}: cannot read the hub settings"):
        coursehub.load(broken)
    with pytest.raises(coursehub.SettingsError, match="cannot read"):
        coursehub.load(tmp_path / "missing.yml")


def test_folders_the_hub_cannot_create_are_named_with_the_settings_to_change(tmp_path):
    raw = example()
    (tmp_path / "a-file").write_text("")
    raw["hub"].update(mode="demo", data=str(tmp_path / "a-file" / "data"), exchange=str(tmp_path / "exchange"))
    with pytest.raises(coursehub.SettingsError, match=r"cannot prepare the hub's folders .*a-file/data.*: set "
                                                      r"hub\.data and hub\.exchange"):
        prepare.prepare(parse(raw))


def test_the_demo_mode_says_on_start_up_it_is_not_for_graded_work(tmp_path, capsys):
    raw = example()
    raw["hub"].update(mode="demo", data=str(tmp_path / "data"), exchange=str(tmp_path / "exchange"))
    prepare.prepare(parse(raw))
    assert "DEMO MODE" in capsys.readouterr().err and "Not for graded work" in prepare.DEMO_WARNING
    assert (tmp_path / "exchange").stat().st_mode & 0o777 == 0o777  # every learner can hand in
    assert (tmp_path / "data" / "hub").stat().st_mode & 0o777 == 0o700


def test_answer_keys_in_the_checkout_that_every_account_could_read_are_named():
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="cehub-keys-", dir="/tmp"))
    try:
        folder.chmod(0o755)
        (folder / "source").mkdir(mode=0o755)
        (folder / "content").mkdir(mode=0o700)
        [warning] = prepare.readable_answer_keys(folder)
        assert f"{folder / 'source'} (answer keys) can be read by every account" in warning
        (folder / "source").chmod(0o700)
        assert prepare.readable_answer_keys(folder) == []
    finally:
        import shutil

        shutil.rmtree(folder)


def test_learners_servers_may_act_only_for_their_own_user():
    server = next(role for role in coursehub.roles(parse(example())) if role["name"] == "server")
    assert all(scope.endswith(("!user", "!server")) for scope in server["scopes"]), server
    assert "read:users:groups!user" in server["scopes"]  # how nbgrader finds a learner's courses


def test_each_courses_formgrader_is_open_to_its_instructors_only():
    raw = example()
    raw["courses"].append({"id": "second", "root": "/srv/coursehub/courses/second", "grader_port": 9102,
                           "instructors": ["eli"], "students": ["fay"]})
    roles = {role["name"]: role for role in coursehub.roles(parse(raw))}
    assert roles["formgrade-second"] == {"name": "formgrade-second", "groups": ["formgrade-second"],
                                         "scopes": ["access:services!service=second"]}
    granted = [scope for role in roles.values() for scope in role["scopes"]]
    assert sorted(s for s in granted if s.startswith("access:services")) == [
        "access:services!service=compassion-empathy", "access:services!service=second"]


def test_instructors_may_reset_passwords_of_their_own_courses_learners_only():
    roles = {role["name"]: role for role in coursehub.roles(parse(example()))}
    assert roles["reset-passwords-compassion-empathy"] == {
        "name": "reset-passwords-compassion-empathy", "groups": ["formgrade-compassion-empathy"],
        "scopes": ["admin:users!group=nbgrader-compassion-empathy"]}
    unfiltered = [scope for role in roles.values() for scope in role["scopes"] if "!" not in scope]
    assert unfiltered == []


def hub_config(tmp_path, monkeypatch, **hub) -> "Config":
    from traitlets.config import Config

    raw = example()
    raw["hub"].update(data=str(tmp_path / "data"), exchange=str(tmp_path / "exchange"), **hub)
    (tmp_path / "hub.yml").write_text(yaml.safe_dump(raw))
    monkeypatch.setenv("COURSEHUB_SETTINGS", str(tmp_path / "hub.yml"))
    monkeypatch.setenv("COURSEHUB_PASSWORD", "from the environment")
    monkeypatch.delenv("COURSEHUB_ADMIN_TOKEN", raising=False)
    config = Config()
    runpy.run_path(str(DEPLOY / "jupyterhub_config.py"), init_globals={"get_config": lambda: config})
    return config


def test_the_classroom_hub_signs_each_person_in_alone_and_runs_them_as_themselves(tmp_path, monkeypatch):
    config = hub_config(tmp_path, monkeypatch)
    assert config.JupyterHub.authenticator_class == "signin.CourseAuthenticator"
    assert config.NativeAuthenticator.enable_signup is False  # no one claims a listed name first
    assert config.CourseAuthenticator.first_passwords == str(tmp_path / "data" / "hub" / "first-passwords.txt")
    assert config.Authenticator.allowed_users == {"ana", "ben", "cy", "dee", "sam"}
    assert config.Authenticator.allow_existing_users is False
    assert config.JupyterHub.spawner_class == "localprocess" and "SharedPasswordAuthenticator" not in config
    assert config.Spawner.default_url == "/lab"  # until the hook below says whose server it is
    assert config.Spawner.environment["JUPYTER_CONFIG_PATH"] == str(coursehub.config_folder("student"))
    assert "/root" not in config.Spawner.environment["PATH"]
    [grader] = config.JupyterHub.services  # no admin service unless a token is given
    assert grader["user"] == "hub-compassion-empathy" and "--allow-root" not in grader["command"]
    assert grader["url"] == "http://127.0.0.1:9101" and grader["cwd"] == "/srv/coursehub/courses/compassion-empathy"
    assert grader["environment"]["JUPYTER_CONFIG_PATH"] == str(coursehub.config_folder("grader"))
    assert grader["environment"]["COURSEHUB_MODE"] == "classroom" and "api_token" not in grader
    assert config.JupyterHub.db_url == f"sqlite:///{tmp_path / 'data' / 'hub' / 'jupyterhub.sqlite'}"
    settings_without_comments = yaml.safe_dump(example())
    assert "password" not in settings_without_comments.lower()  # secrets live in the environment


def test_learners_land_on_the_course_home_and_instructors_and_admins_on_jupyterlab(tmp_path, monkeypatch):
    """The page each person's server opens on, set just before it starts (demo mode: no OS accounts needed)."""
    from types import SimpleNamespace

    config = hub_config(tmp_path, monkeypatch, mode="demo")
    landed = {}
    for name in ("ben", "cy", "dee", "ana", "sam"):
        spawner = SimpleNamespace(user=SimpleNamespace(name=name), default_url=config.Spawner.default_url)
        config.Spawner.pre_spawn_hook(spawner)
        landed[name] = spawner.default_url
    assert landed == {"ben": "/voila/render/home.ipynb", "cy": "/voila/render/home.ipynb",
                      "dee": "/voila/render/home.ipynb", "ana": "/lab", "sam": "/lab"}


def test_a_learners_server_serves_the_learner_view_and_writes_their_course_home(tmp_path, monkeypatch):
    """deploy/student/jupyter_server_config.py, as a learner's server reads it at start."""
    from traitlets.config import Config

    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("JUPYTER_PATH", raising=False)  # restored afterwards: configure() points it at the template
    config = Config()
    runpy.run_path(str(DEPLOY / "student" / "jupyter_server_config.py"), init_globals={"get_config": lambda: config})
    assert config.VoilaConfiguration.template == "course" and config.VoilaConfiguration.strip_sources is True
    code = "".join(json.loads((tmp_path / "home.ipynb").read_text())["cells"][1]["source"])
    assert code.startswith("from course.answer.home import show_units")


def test_the_demo_hub_keeps_one_shared_password_from_the_environment_and_says_so(tmp_path, monkeypatch):
    config = hub_config(tmp_path, monkeypatch, mode="demo")
    assert config.JupyterHub.authenticator_class == "shared-password"
    assert config.SharedPasswordAuthenticator.user_password == "from the environment"
    assert "Not for graded work" in config.JupyterHub.template_vars["announcement"]
    assert config.JupyterHub.spawner_class == "simple"
    [grader] = config.JupyterHub.services
    assert "user" not in grader and grader["environment"]["COURSEHUB_MODE"] == "demo"


@pytest.mark.parametrize("mode, check_owner", [("classroom", True), ("demo", False)])
def test_the_formgrader_checks_who_handed_in_unless_everyone_is_one_account(mode, check_owner, monkeypatch):
    from traitlets.config import Config

    monkeypatch.setenv("COURSEHUB_MODE", mode)
    config = Config()
    runpy.run_path(str(DEPLOY / "grader" / "nbgrader_config.py"), init_globals={"get_config": lambda: config})
    assert config.ExchangeCollect.check_owner is check_owner
    assert config.SafeCollect.only_own_submissions is check_owner
    assert "names_by_uid" not in config.SafeCollect  # on one machine the system names owners


def test_on_kubernetes_the_formgrader_names_owners_by_the_uids_it_is_given(monkeypatch):
    from traitlets.config import Config

    monkeypatch.setenv("COURSEHUB_NAMES_BY_UID", '{"10002": "ben", "10003": "cy"}')
    config = Config()
    runpy.run_path(str(DEPLOY / "grader" / "nbgrader_config.py"), init_globals={"get_config": lambda: config})
    assert config.SafeCollect.names_by_uid == {10002: "ben", 10003: "cy"}


def test_the_formgrader_allows_framing_by_its_own_pages_only():
    from traitlets.config import Config

    config = Config()
    runpy.run_path(str(DEPLOY / "grader" / "jupyter_server_config.py"), init_globals={"get_config": lambda: config})
    assert config.ServerApp.tornado_settings["headers"] == {"Content-Security-Policy": "frame-ancestors 'self'"}


@pytest.fixture(scope="module")
def demo_settings(tmp_path_factory) -> str:
    raw = example()
    raw["hub"]["mode"] = "demo"
    path = tmp_path_factory.mktemp("demo") / "hub.yml"
    path.write_text(yaml.safe_dump(raw))
    return str(path)


@pytest.mark.parametrize("env, message", [
    ({"COURSEHUB_SETTINGS": "/nowhere/hub.yml", "COURSEHUB_PASSWORD": "long enough"},
     "No hub settings at /nowhere/hub.yml: copy deploy/hub.example.yml there"),
    ({"COURSEHUB_SETTINGS": "{demo}", "COURSEHUB_PASSWORD": "short"},
     "Set COURSEHUB_PASSWORD to the sign-in password (8 characters or more) everyone on the demo hub uses"),
    ({"COURSEHUB_SETTINGS": "{demo}"},
     "Set COURSEHUB_PASSWORD to the sign-in password (8 characters or more) everyone on the demo hub uses"),
])
def test_start_hub_refuses_to_start_without_settings_or_a_demos_real_password(env, message, demo_settings):
    clean = {key: value for key, value in os.environ.items() if not key.startswith("COURSEHUB_")}
    env = {key: value.format(demo=demo_settings) for key, value in env.items()}
    ran = subprocess.run([str(DEPLOY / "start-hub.sh")], env={**clean, **env}, capture_output=True, text=True,
                         timeout=30)
    assert ran.returncode == 1 and message in ran.stderr, ran.stderr


def test_start_hub_refuses_a_classroom_hub_unless_it_runs_as_root(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "COURSEHUB_SETTINGS": str(DEPLOY / "hub.example.yml")}
    if os.geteuid() != 0:
        ran = subprocess.run([str(DEPLOY / "start-hub.sh")], capture_output=True, text=True, timeout=30, env=env)
    else:  # CI runs as root: run a copy of the script as the account nobody (the checkout itself may be private)
        import shutil
        import tempfile

        folder = Path(tempfile.mkdtemp(prefix="cehub-start-", dir="/tmp"))
        try:
            (folder / "deploy").mkdir()
            shutil.copy(DEPLOY / "start-hub.sh", folder / "deploy")
            shutil.copy(DEPLOY / "hub.example.yml", folder / "hub.yml")
            for path in (folder, folder / "deploy", folder / "hub.yml"):
                path.chmod(0o755)
            env["COURSEHUB_SETTINGS"] = str(folder / "hub.yml")
            ran = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                                  str(folder / "deploy" / "start-hub.sh")], capture_output=True, text=True, timeout=30,
                                 env=env)
        finally:
            shutil.rmtree(folder)
    assert ran.returncode == 1 and "start it as root" in ran.stderr, ran.stderr
