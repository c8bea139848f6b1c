"""deploy/: the hub settings file is read carefully, and the hub config grants no more than it should.

tests/test_hub.py proves the whole thing on a running hub; these check, in milliseconds, what a
site's own settings file can get wrong and what the config tells JupyterHub.
"""
from __future__ import annotations

import os
import re
import runpy
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

DEPLOY = Path(__file__).resolve().parents[1] / "deploy"
sys.path.insert(0, str(DEPLOY))
import coursehub  # noqa: E402 - deploy/ is a folder of config, not a package


def example() -> dict:
    return yaml.safe_load((DEPLOY / "hub.example.yml").read_text())


def parse(raw: dict) -> coursehub.Settings:
    return coursehub.parse(raw, base=DEPLOY, source="hub.yml")


def test_the_example_settings_describe_one_course_and_its_people():
    settings = coursehub.load(DEPLOY / "hub.example.yml")
    assert [c.id for c in settings.courses] == ["compassion-empathy"]
    assert settings.courses[0].root == DEPLOY.parent  # this repository is the course folder
    assert settings.users == ["ana", "ben", "cy", "dee"]
    assert coursehub.groups(settings) == {"nbgrader-compassion-empathy": {"users": ["ben", "cy", "dee"]},
                                          "formgrade-compassion-empathy": {"users": ["ana"]}}


@pytest.mark.parametrize("change, message", [
    (lambda raw: raw.pop("courses"), "hub.yml: courses: expected a list, found NoneType"),
    (lambda raw: raw.update(courses=[]), "hub.yml: courses: list at least one course"),
    (lambda raw: raw["courses"][0].pop("grader_port"), "hub.yml: courses[0]: 'grader_port' is missing"),
    (lambda raw: raw["courses"][0].update(id="Peer Support"), "courses[0]: id 'Peer Support' may hold only"),
    (lambda raw: raw["courses"][0].update(root="/nowhere"), "courses[0]: root /nowhere is not a course folder"),
    (lambda raw: raw["courses"][0].update(students=["ben", "Ben Smith"]), "user name 'Ben Smith' may hold only"),
    (lambda raw: raw["courses"][0].update(students=["ben", "ben"]), "courses[0]: students: 'ben' appears twice"),
    (lambda raw: raw["courses"].append(dict(raw["courses"][0])), "course id: 'compassion-empathy' appears twice"),
    (lambda raw: raw["hub"].update(port="eight thousand"), "hub.port: expected a port number (1-65535), found 'eight"),
    (lambda raw: raw.update(hub=["port", 8000]), "hub.yml: hub: expected keys and values, found list"),
])
def test_a_mistake_in_the_settings_is_named_with_its_place(change, message):
    raw = example()
    change(raw)
    with pytest.raises(coursehub.SettingsError, match=re.escape(message)):
        parse(raw)


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
    raw["hub"].update(data=str(tmp_path / "a-file" / "data"), exchange=str(tmp_path / "exchange"))
    with pytest.raises(coursehub.SettingsError, match=r"cannot prepare the hub's folders .*a-file/data.*: set "
                                                      r"hub\.data and hub\.exchange"):
        coursehub.prepare_folders(parse(raw))


def test_learners_servers_may_act_only_for_their_own_user():
    server = next(role for role in coursehub.roles(parse(example())) if role["name"] == "server")
    assert all(scope.endswith(("!user", "!server")) for scope in server["scopes"]), server
    assert "read:users:groups!user" in server["scopes"]  # how nbgrader finds a learner's courses


def test_each_courses_formgrader_is_open_to_its_instructors_only():
    raw = example()
    raw["courses"].append({"id": "second", "root": "..", "grader_port": 9102, "instructors": ["eli"],
                           "students": ["fay"]})
    roles = {role["name"]: role for role in coursehub.roles(parse(raw))}
    assert roles["formgrade-second"] == {"name": "formgrade-second", "groups": ["formgrade-second"],
                                         "scopes": ["access:services!service=second"]}
    granted = [scope for role in roles.values() for scope in role["scopes"]]
    assert sorted(s for s in granted if s.startswith("access:services")) == [
        "access:services!service=compassion-empathy", "access:services!service=second"]


def test_the_hub_config_uses_the_settings_and_keeps_secrets_out_of_the_repository(tmp_path, monkeypatch):
    from traitlets.config import Config

    raw = example()
    raw["hub"].update(data=str(tmp_path / "data"), exchange=str(tmp_path / "exchange"))
    raw["courses"][0]["root"] = str(DEPLOY.parent)
    (tmp_path / "hub.yml").write_text(yaml.safe_dump(raw))
    monkeypatch.setenv("COURSEHUB_SETTINGS", str(tmp_path / "hub.yml"))
    monkeypatch.setenv("COURSEHUB_PASSWORD", "from the environment")
    monkeypatch.delenv("COURSEHUB_ADMIN_TOKEN", raising=False)
    config = Config()
    runpy.run_path(str(DEPLOY / "jupyterhub_config.py"), init_globals={"get_config": lambda: config})

    assert config.SharedPasswordAuthenticator.user_password == "from the environment"
    assert config.Authenticator.allowed_users == {"ana", "ben", "cy", "dee"}
    assert config.JupyterHub.spawner_class == "simple"
    assert config.Spawner.environment["JUPYTER_CONFIG_PATH"] == str(DEPLOY / "student")
    [grader] = config.JupyterHub.services  # no admin service unless a token is given
    assert grader["url"] == "http://127.0.0.1:9101" and grader["cwd"] == str(DEPLOY.parent)
    assert grader["environment"]["JUPYTER_CONFIG_PATH"] == str(DEPLOY / "grader")
    assert "api_token" not in grader
    assert (tmp_path / "exchange").stat().st_mode & 0o777 == 0o777  # every learner can hand in
    assert "password" not in (DEPLOY / "hub.example.yml").read_text().lower()


def test_the_formgrader_allows_framing_by_its_own_pages_only():
    from traitlets.config import Config

    config = Config()
    runpy.run_path(str(DEPLOY / "grader" / "jupyter_server_config.py"), init_globals={"get_config": lambda: config})
    assert config.ServerApp.tornado_settings["headers"] == {"Content-Security-Policy": "frame-ancestors 'self'"}


@pytest.mark.parametrize("env, message", [
    ({"COURSEHUB_SETTINGS": "/nowhere/hub.yml", "COURSEHUB_PASSWORD": "long enough"},
     "No hub settings at /nowhere/hub.yml: copy deploy/hub.example.yml there"),
    ({"COURSEHUB_SETTINGS": str(DEPLOY / "hub.example.yml"), "COURSEHUB_PASSWORD": "short"},
     "Set COURSEHUB_PASSWORD to the sign-in password (8 characters or more)"),
    ({"COURSEHUB_SETTINGS": str(DEPLOY / "hub.example.yml")},
     "Set COURSEHUB_PASSWORD to the sign-in password (8 characters or more)"),
])
def test_start_hub_refuses_to_start_without_settings_or_a_real_password(env, message):
    clean = {key: value for key, value in os.environ.items() if not key.startswith("COURSEHUB_")}
    ran = subprocess.run([str(DEPLOY / "start-hub.sh")], env={**clean, **env}, capture_output=True, text=True,
                         timeout=30)
    assert ran.returncode == 1 and message in ran.stderr, ran.stderr
