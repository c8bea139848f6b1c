"""deploy/k8s/: the Kubernetes files agree with deploy/coursehub.py and with each other, every person's
pod runs as their own uid with the exchange laid out as on one machine, and the image takes no answer key.

No cluster and no Docker: these read the files. tests/test_hub.py proves the same groups and roles on
a real hub on one machine; docs/kubernetes.md lists what only a cluster can show.
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml

K8S = Path(__file__).resolve().parents[1] / "deploy" / "k8s"
COURSE = "compassion-empathy"  # the course grader.yaml and storage.yaml serve
# Everything the formgrader's server and nbgrader need, set in grader.yaml.
GRADER_NEEDS = [
    "JUPYTERHUB_SERVICE_NAME", "JUPYTERHUB_API_URL", "JUPYTERHUB_API_TOKEN", "JUPYTERHUB_CLIENT_ID",
    "JUPYTERHUB_SERVICE_PREFIX", "JUPYTERHUB_SERVICE_URL", "JUPYTERHUB_OAUTH_CALLBACK_URL",
    "JUPYTERHUB_OAUTH_ACCESS_SCOPES", "JUPYTERHUB_DEFAULT_URL", "COURSE_ID", "COURSE_EXCHANGE",
    "COURSE_GRADEBOOK_URL", "JUPYTER_CONFIG_PATH", "COURSEHUB_NAMES_BY_UID", "COURSEHUB_MODE",
]
SECRET_ENV = {"JUPYTERHUB_API_TOKEN", "COURSE_GRADEBOOK_URL"}
# What the image may take from the repository; answer keys live in content/ and source/.
ALLOWED_IN_IMAGE = {"environment.yml", "pyproject.toml", "README.md", "course", "deploy/student/nbgrader_config.py",
                    "deploy/student/jupyter_server_config.py"}
NEVER_IN_IMAGE = ("content", "source", "release", "tests")
INSTALL = re.compile(r"\b(?:pip3?|conda|mamba|micromamba)\s+(?:install|create|update|env\s+(?:create|update))\b")


# -- reading the files ------------------------------------------------------------------------

def documents(name: str) -> list:
    return [doc for doc in yaml.safe_load_all((K8S / name).read_text()) if doc is not None]


def objects(name: str) -> dict[tuple[str, str], dict]:
    return {(doc["kind"], doc["metadata"]["name"]): doc for doc in documents(name)}


def values() -> dict:
    [doc] = documents("values.yaml")
    return doc


def grader_pod() -> dict:
    return objects("grader.yaml")[("Deployment", f"grader-{COURSE}")]["spec"]["template"]


def grader_container() -> dict:
    [container] = grader_pod()["spec"]["containers"]
    return container


def grader_env() -> dict[str, dict]:
    return {entry["name"]: entry for entry in grader_container()["env"]}


def mount_of(pod: dict, container: dict, source: str, name: str) -> str:
    """Where ``container`` mounts the volume made from the claim or ConfigMap called ``name``."""
    key = {"persistentVolumeClaim": "claimName", "configMap": "name"}[source]
    [volume] = [v["name"] for v in pod["spec"]["volumes"] if v.get(source, {}).get(key) == name]
    [path] = [m["mountPath"] for m in container["volumeMounts"] if m["name"] == volume]
    return path


def dockerfile() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, continuation lines joined and comments dropped."""
    steps, current = [], ""
    for line in (K8S / "Dockerfile").read_text().splitlines():
        text = line.strip()
        if text.startswith("#") or not (text or current):
            continue
        if text.endswith("\\"):
            current += text[:-1] + " "
            continue
        instruction, _, arguments = (current + text).partition(" ")
        steps.append((instruction.upper(), arguments.strip()))
        current = ""
    return steps


def copied_sources() -> list[str]:
    sources = []
    for instruction, arguments in dockerfile():
        if instruction == "COPY":
            words = [w for w in arguments.split() if not w.startswith("--")]
            sources += words[:-1]  # the last word is where they go
    return sources


@pytest.fixture(scope="module")
def coursehub(root):
    if str(root / "deploy") not in sys.path:
        sys.path.insert(0, str(root / "deploy"))
    import coursehub

    return coursehub


@pytest.fixture(scope="module")
def settings(coursehub, root):
    """A one-machine settings file with values.yaml's courses and people, in this repository."""
    hub = values()["hub"]
    groups = hub["config"]["JupyterHub"]["load_groups"]
    raw = {"hub": {"admins": hub["config"]["Authenticator"]["admin_users"]},
           "courses": [{"id": course_id, "root": f"/srv/courses/{course_id}", "grader_port": 9101 + n,
                        "students": groups[f"nbgrader-{course_id}"]["users"],
                        "instructors": groups[f"formgrade-{course_id}"]["users"]}
                       for n, course_id in enumerate(hub["services"])]}
    return coursehub.parse(raw, base=root)


# -- every file ---------------------------------------------------------------------------------

def test_every_yaml_document_parses_and_every_object_is_named():
    files = sorted(K8S.glob("*.yaml"))
    assert {"grader.yaml", "storage.yaml", "values.yaml"} <= {f.name for f in files}
    for path in files:
        docs = documents(path.name)
        assert docs, path
        for doc in docs:
            if path.name == "values.yaml":  # the chart's settings, not an object of its own
                assert {"hub", "singleuser"} <= set(doc)
                continue
            assert doc["apiVersion"] and doc["kind"] and doc["metadata"]["name"], (path.name, doc)


def test_no_secret_or_password_is_kept_in_these_files():
    kinds = [doc["kind"] for name in ("grader.yaml", "storage.yaml") for doc in documents(name)]
    assert "Secret" not in kinds  # the template in storage.yaml stays a comment
    hub = values()["hub"]
    assert all(service["apiToken"].startswith("REPLACE") for service in hub["services"].values())
    assert "SharedPasswordAuthenticator" not in hub["config"]
    assert "stringData" not in hub["extraFiles"]["signin"]  # deploy/signin.py arrives with --set-file
    for name, entry in grader_env().items():
        if name in SECRET_ENV:
            assert "value" not in entry and entry["valueFrom"]["secretKeyRef"]["key"], entry


# -- values.yaml: the hub ----------------------------------------------------------------------

def test_values_give_the_hub_the_groups_coursehub_gives_one_machine(coursehub, settings):
    load_groups = values()["hub"]["config"]["JupyterHub"]["load_groups"]
    assert load_groups == coursehub.groups(settings)
    assert COURSE in [c.id for c in settings.courses]


def test_values_give_the_hub_the_roles_coursehub_gives_one_machine(coursehub, settings):
    as_list = [{"name": name, **role} for name, role in values()["hub"]["loadRoles"].items()]
    by_name = sorted(as_list, key=lambda role: role["name"])
    assert by_name == sorted(coursehub.roles(settings), key=lambda role: role["name"])


def test_values_let_in_exactly_the_people_of_the_groups_and_the_admins(settings):
    config = values()["hub"]["config"]
    assert sorted(config["Authenticator"]["allowed_users"]) == settings.users
    assert config["Authenticator"]["admin_users"] == list(settings.admins)
    assert config["Authenticator"]["allow_existing_users"] is False
    assert config["JupyterHub"]["admin_access"] is False  # as on one machine


def test_values_sign_people_in_as_the_hub_on_one_machine_does(tmp_path, monkeypatch, root):
    """The same authenticator and settings as deploy/jupyterhub_config.py in classroom mode."""
    import runpy
    import yaml as _yaml
    from traitlets.config import Config

    raw = _yaml.safe_load((root / "deploy" / "hub.example.yml").read_text())
    raw["hub"].update(data=str(tmp_path / "data"), exchange=str(tmp_path / "exchange"))
    (tmp_path / "hub.yml").write_text(_yaml.safe_dump(raw))
    monkeypatch.setenv("COURSEHUB_SETTINGS", str(tmp_path / "hub.yml"))
    one_machine = Config()
    runpy.run_path(str(root / "deploy" / "jupyterhub_config.py"), init_globals={"get_config": lambda: one_machine})
    config = values()["hub"]["config"]
    assert config["JupyterHub"]["authenticator_class"] == one_machine.JupyterHub.authenticator_class
    assert config["NativeAuthenticator"] == dict(one_machine.NativeAuthenticator)
    folder = Path(values()["hub"]["extraFiles"]["signin"]["mountPath"]).parent
    assert f'sys.path.insert(0, "{folder}")' in values()["hub"]["extraConfig"]["coursehub"]


class _User:
    def __init__(self, name: str, groups: list[str]) -> None:
        self.name, self.groups = name, [type("Group", (), {"name": g})() for g in groups]


def spawner_settings() -> dict:
    """Run values.yaml's hub.extraConfig as the chart would, with z2jh's get_config answering from values."""
    from traitlets.config import Config

    config, custom = Config(), values()["custom"]

    def get_config(key: str):
        assert key.startswith("custom.")
        return custom[key.removeprefix("custom.")]

    z2jh = type(sys)("z2jh")
    z2jh.get_config = get_config
    sys.modules["z2jh"] = z2jh
    try:
        exec(values()["hub"]["extraConfig"]["coursehub"], {"c": config})
    finally:
        del sys.modules["z2jh"]
    return config.KubeSpawner


def test_every_persons_pod_runs_as_their_own_uid_in_their_courses_learners_group(settings):
    spawner, accounts = spawner_settings(), values()["custom"]["accounts"]
    people = accounts["people"]
    assert sorted(people) == settings.users and len(set(people.values())) == len(people)
    assert min(people.values()) >= 10000  # never an image's own user (jovyan is 1000) nor root
    ben = type("Spawner", (), {"user": _User("ben", [f"nbgrader-{COURSE}"])})()
    ana = type("Spawner", (), {"user": _User("ana", [f"formgrade-{COURSE}"])})()
    assert spawner.uid(ben) == people["ben"] and spawner.gid == 100
    assert spawner.supplemental_gids(ben) == [accounts["courses"][COURSE]["learners_gid"]]
    assert spawner.supplemental_gids(ana) == []  # an instructor is no learner of the exchange


def test_learners_land_on_the_course_home_and_instructors_on_jupyterlab_as_on_one_machine(coursehub):
    spawner, learners = spawner_settings(), values()["singleuser"]
    landed = {}
    for name, groups in (("ben", [f"nbgrader-{COURSE}"]), ("ana", [f"formgrade-{COURSE}"])):
        pod = type("Spawner", (), {"user": _User(name, groups), "default_url": learners["defaultUrl"]})()
        spawner.pre_spawn_hook(pod)
        landed[name] = pod.default_url
    assert landed == {"ben": coursehub.LEARNER_LANDING, "ana": coursehub.STAFF_LANDING}
    settings_folder = learners["extraEnv"]["JUPYTER_CONFIG_PATH"]  # the learner view's settings are in the image
    assert ("COPY", f"deploy/student/jupyter_server_config.py {settings_folder}/jupyter_server_config.py") in dockerfile()


def test_the_exchange_is_laid_out_with_one_machines_owners_and_modes_before_the_grader_starts():
    sys.path.insert(0, str(K8S.parent))
    import prepare

    course = values()["custom"]["accounts"]["courses"][COURSE]
    [init] = grader_pod()["spec"]["initContainers"]
    made = {}
    for command in init["command"][-1].split("&&"):
        words = command.split()
        options = dict(zip(words[2:-1:2], words[3:-1:2]))
        made[words[-1]] = (int(options["-m"], 8), options.get("-o"), options.get("-g"))
    exchange = grader_env()["COURSE_EXCHANGE"]["value"]
    assert made.pop(exchange) == (0o1777, None, None)
    owner = (str(course["grader_uid"]), str(course["learners_gid"]))
    assert made == {f"{exchange}/{COURSE}/{part}".rstrip("/"): (mode, *owner)
                    for part, mode in prepare.EXCHANGE_LAYOUT.items()}
    assert grader_pod()["spec"]["securityContext"]["runAsUser"] == course["grader_uid"]


def test_the_grader_names_each_submissions_owner_as_values_numbers_them():
    people = values()["custom"]["accounts"]["people"]
    learners = values()["hub"]["config"]["JupyterHub"]["load_groups"][f"nbgrader-{COURSE}"]["users"]
    names = json.loads(grader_env()["COURSEHUB_NAMES_BY_UID"]["value"])
    assert names == {str(people[name]): name for name in learners}


def test_each_formgrader_is_an_external_service_at_its_grader_services_address(coursehub, settings):
    for course in settings.courses:
        service = values()["hub"]["services"][course.id]
        on_one_machine = coursehub.grader_service(course, settings)
        assert "command" not in service  # grader.yaml runs it, not the hub
        assert service["display"] is on_one_machine["display"] is True
        assert service["oauth_no_confirm"] is on_one_machine["oauth_no_confirm"] is True
        assert service["url"] == f"http://grader-{course.id}:8888"
    url = urlparse(values()["hub"]["services"][COURSE]["url"])
    grader_service = objects("grader.yaml")[("Service", url.hostname)]
    assert [port["port"] for port in grader_service["spec"]["ports"]] == [url.port]


def test_the_hub_keeps_its_own_database_and_the_gradebook_is_the_graders():
    assert values()["hub"].get("db", {}).get("type", "sqlite-pvc") == "sqlite-pvc"
    assert "COURSE_GRADEBOOK_URL" in grader_env()


# -- values.yaml: learners' servers -------------------------------------------------------------

def test_learners_servers_mount_the_exchange_and_read_the_student_settings_of_the_image():
    learners = values()["singleuser"]
    assert learners["cmd"] == "jupyterhub-singleuser" and learners["defaultUrl"] == "/lab"
    [volume] = learners["storage"]["extraVolumes"]
    [mount] = learners["storage"]["extraVolumeMounts"]
    assert volume["persistentVolumeClaim"]["claimName"] == "nbgrader-exchange"
    assert mount["name"] == volume["name"]
    assert learners["extraEnv"]["COURSE_EXCHANGE"] == mount["mountPath"] == "/srv/nbgrader/exchange"
    [student_settings] = [arguments.split()[-1] for instruction, arguments in dockerfile()
                          if instruction == "COPY" and "deploy/student/nbgrader_config.py" in arguments]
    assert student_settings == f"{learners['extraEnv']['JUPYTER_CONFIG_PATH']}/nbgrader_config.py"


def test_learners_servers_have_guarantees_and_limits():
    learners = values()["singleuser"]
    for resource in ("cpu", "memory"):
        assert learners[resource]["guarantee"] and learners[resource]["limit"], resource


def test_learners_and_the_formgrader_run_the_same_image():
    image = values()["singleuser"]["image"]
    assert grader_container()["image"] == f"{image['name']}:{image['tag']}"


# -- grader.yaml -----------------------------------------------------------------------------------

def test_every_env_var_a_grader_needs_is_set():
    env = grader_env()
    missing = [name for name in GRADER_NEEDS if name not in env]
    assert missing == []
    for name in GRADER_NEEDS:
        entry = env[name]
        assert entry.get("value") or entry.get("valueFrom", {}).get("secretKeyRef", {}).get("key"), entry
    secrets = {env[name]["valueFrom"]["secretKeyRef"]["name"] for name in SECRET_ENV}
    assert secrets == {f"grader-{COURSE}"}


def test_the_grader_is_the_service_values_yaml_names_and_only_its_instructors_may_open_it(coursehub, settings):
    env = {name: entry.get("value") for name, entry in grader_env().items()}
    name = COURSE
    assert name in values()["hub"]["services"]
    prefix = f"/services/{name}/"
    assert env["JUPYTERHUB_SERVICE_NAME"] == env["COURSE_ID"] == name
    assert env["JUPYTERHUB_CLIENT_ID"] == f"service-{name}"
    assert env["JUPYTERHUB_SERVICE_PREFIX"] == prefix
    assert env["JUPYTERHUB_OAUTH_CALLBACK_URL"] == f"{prefix}oauth_callback"
    role = values()["hub"]["loadRoles"][f"formgrade-{name}"]
    assert json.loads(env["JUPYTERHUB_OAUTH_ACCESS_SCOPES"]) == role["scopes"] == [f"access:services!service={name}"]
    [course] = [course for course in settings.courses if course.id == name]
    on_one_machine = coursehub.grader_service(course, settings)["environment"]
    assert env["JUPYTERHUB_DEFAULT_URL"] == on_one_machine["JUPYTERHUB_DEFAULT_URL"] == "/formgrader"
    assert env["JUPYTERHUB_API_URL"] == "http://hub:8081/hub/api"
    assert env["COURSEHUB_MODE"] == on_one_machine["COURSEHUB_MODE"] == "classroom"


def test_the_grader_listens_where_its_service_sends_and_may_reach_the_hub():
    pod, container = grader_pod(), grader_container()
    service = objects("grader.yaml")[("Service", f"grader-{COURSE}")]
    listens = urlparse(grader_env()["JUPYTERHUB_SERVICE_URL"]["value"])
    assert listens.hostname == "0.0.0.0"
    [port] = container["ports"]
    [target] = service["spec"]["ports"]
    assert listens.port == port["containerPort"] and target["targetPort"] == port["name"]
    assert service["spec"]["selector"].items() <= pod["metadata"]["labels"].items()
    assert pod["metadata"]["labels"]["hub.jupyter.org/network-access-hub"] == "true"  # the chart's NetworkPolicy


def test_the_grader_works_in_the_course_folder_with_the_exchange_and_deploy_grader():
    pod, container, env = grader_pod(), grader_container(), grader_env()
    course_folder = mount_of(pod, container, "persistentVolumeClaim", f"course-{COURSE}")
    assert container["workingDir"] == course_folder
    assert container["args"] == ["jupyterhub-singleuser", f"--ServerApp.root_dir={course_folder}"]
    exchange = mount_of(pod, container, "persistentVolumeClaim", "nbgrader-exchange")
    assert env["COURSE_EXCHANGE"]["value"] == exchange == values()["singleuser"]["extraEnv"]["COURSE_EXCHANGE"]
    assert env["JUPYTER_CONFIG_PATH"]["value"] == mount_of(pod, container, "configMap", "grader-config")
    assert "--from-file=deploy/grader/" in (K8S / "grader.yaml").read_text()  # how the ConfigMap is made


def test_the_grader_runs_as_its_courses_own_non_root_uid_alone():
    deployment = objects("grader.yaml")[("Deployment", f"grader-{COURSE}")]
    security = grader_pod()["spec"]["securityContext"]
    assert security["runAsNonRoot"] is True and security["runAsUser"] >= 10000
    assert grader_container()["securityContext"]["allowPrivilegeEscalation"] is False
    assert deployment["spec"]["replicas"] == 1 and deployment["spec"]["strategy"]["type"] == "Recreate"


# -- storage.yaml ----------------------------------------------------------------------------------

def test_the_exchange_is_read_write_many_and_the_course_folder_read_write_once():
    claims = {name: doc["spec"] for (kind, name), doc in objects("storage.yaml").items()
              if kind == "PersistentVolumeClaim"}
    assert set(claims) == {"nbgrader-exchange", f"course-{COURSE}"}
    assert claims["nbgrader-exchange"]["accessModes"] == ["ReadWriteMany"]
    assert claims["nbgrader-exchange"]["storageClassName"]
    assert claims[f"course-{COURSE}"]["accessModes"] == ["ReadWriteOnce"]
    used = [v["persistentVolumeClaim"]["claimName"] for v in grader_pod()["spec"]["volumes"]
            if "persistentVolumeClaim" in v]
    assert sorted(used) == sorted(claims)


# -- the image -----------------------------------------------------------------------------------

def test_the_image_copies_only_what_installing_the_course_needs():
    sources = [source.removeprefix("./").rstrip("/") for source in copied_sources()]
    assert sorted(sources) == sorted(ALLOWED_IN_IMAGE)
    assert not [s for s in sources if s in ("", ".", "*") or s.split("/")[0] in NEVER_IN_IMAGE]
    instructions = [instruction for instruction, _ in dockerfile()]
    assert "ADD" not in instructions


def test_the_build_context_lets_in_only_the_copied_paths():
    patterns = [line.strip() for line in (K8S / "Dockerfile.dockerignore").read_text().splitlines()
                if line.strip() and not line.startswith("#")]
    assert patterns[0] == "*"  # everything is left out first
    let_in = {p.removeprefix("!").rstrip("/") for p in patterns if p.startswith("!")}
    assert let_in == ALLOWED_IN_IMAGE


def test_the_image_installs_exactly_environment_yml_once_and_cleans_up():
    runs = [arguments for instruction, arguments in dockerfile() if instruction == "RUN"]
    installs = [match.group(0) for run in runs for match in INSTALL.finditer(run)]
    assert installs == ["mamba env update"]
    [install] = [run for run in runs if "mamba env update" in run]
    assert "mamba env update --name base --file environment.yml" in install
    assert "mamba clean --all" in install
    steps = dockerfile()
    at = next(n for n, (instruction, arguments) in enumerate(steps) if "mamba env update" in arguments)
    workdir = [arguments for instruction, arguments in steps[:at] if instruction == "WORKDIR"][-1]
    assert workdir == "/opt/compassion-course"  # so environment.yml's `-e .` is the copied course


def test_the_image_starts_from_a_pinned_minimal_notebook_and_ends_as_its_non_root_user():
    steps = dockerfile()
    [base] = [arguments for instruction, arguments in steps if instruction == "FROM"]
    image, _, tag = base.partition(":")
    assert image == "quay.io/jupyter/minimal-notebook" and re.fullmatch(r"\d{4}-\d{2}-\d{2}", tag), base
    users = [arguments for instruction, arguments in steps if instruction == "USER"]
    assert users[-1] == "${NB_UID}"


# -- dask.yaml: grading on the cluster -------------------------------------------------------------

def test_the_grading_cluster_runs_the_course_image_with_no_volume_and_one_submission_per_worker():
    """Jobs carry their files (course/instructor/cluster.py): no pod of the Dask cluster mounts anything."""
    [cluster] = [doc for doc in documents("dask.yaml") if doc["kind"] == "DaskCluster"]
    image = grader_pod()["spec"]["containers"][0]["image"]
    pods = {"scheduler": cluster["spec"]["scheduler"]["spec"], "worker": cluster["spec"]["worker"]["spec"]}
    for role, pod in pods.items():
        assert "volumes" not in pod and pod["securityContext"]["runAsNonRoot"], role
        [container] = pod["containers"]
        assert container["image"] == image and "volumeMounts" not in container, role
        assert container["args"][:2] == ["dask", role]
    worker_args = pods["worker"]["containers"][0]["args"]
    assert worker_args[worker_args.index("--nthreads") + 1] == "1"
    assert cluster["spec"]["scheduler"]["service"]["ports"][0]["port"] == 8786
    address = f"tcp://{cluster['metadata']['name']}-scheduler:8786"  # the operator names the Service so
    assert address in (Path(__file__).resolve().parent.parent / "docs" / "kubernetes.md").read_text()


def test_only_the_courses_formgrader_and_the_cluster_itself_may_reach_the_grading_cluster():
    [policy] = [doc for doc in documents("dask.yaml") if doc["kind"] == "NetworkPolicy"]
    [cluster] = [doc for doc in documents("dask.yaml") if doc["kind"] == "DaskCluster"]
    own = {"dask.org/cluster-name": cluster["metadata"]["name"]}
    assert policy["spec"]["podSelector"]["matchLabels"] == own
    assert policy["spec"]["policyTypes"] == ["Ingress"] and len(policy["spec"]["ingress"]) == 1
    cluster_itself, grader = [entry["podSelector"]["matchLabels"] for entry in policy["spec"]["ingress"][0]["from"]]
    assert cluster_itself == own
    assert grader and grader.items() <= grader_pod()["metadata"]["labels"].items()  # the formgrader's pod, no other
