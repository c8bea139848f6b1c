"""Who uses the hub and which courses it serves: one settings file, turned into JupyterHub config.

What changes from class to class (people, courses, ports, folders) is data in a YAML file
(`hub.example.yml` explains every key); this module turns it into JupyterHub's groups, roles and
services, using nbgrader's names so its JupyterHub integration works unchanged:

- group ``nbgrader-<course>``  the course's students (nbgrader lists and fetches only their courses)
- group ``formgrade-<course>`` the course's instructors and graders
- service ``<course>``         a server in the course folder running that course's formgrader,
                               reachable only by ``formgrade-<course>``

In the default ``classroom`` mode every person also has an OS account of the same name, and each
course an OS account of its own for its formgrader (deploy/prepare.py makes them):

- account ``<prefix><course>``           runs the course's formgrader and owns its course folder; its
                                         group is the course's staff: that account and the instructors
- group ``<prefix><course>-learners``    the course's learners: they alone may reach its exchange folder

Nothing here imports JupyterHub, so the tests can check the access rules without starting a hub.

    settings = load("deploy/hub.yml")
    groups(settings)["nbgrader-compassion-empathy"]   # {'users': ['ben', 'cy', 'dee']}
"""
from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
NAME = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")  # safe as a user name, group suffix and URL part
LONGEST_SYSTEM_NAME = 32  # what useradd and groupadd accept
MODES = ("classroom", "demo")


class SettingsError(ValueError):
    """The settings file is missing something or contradicts itself; the message says where."""


@dataclass(frozen=True)
class Course:
    id: str
    root: Path  # the course folder: holds nbgrader_config.py, source/, release/
    grader_port: int  # its formgrader service listens on 127.0.0.1 here
    instructors: tuple[str, ...]
    students: tuple[str, ...]


@dataclass(frozen=True)
class Settings:
    data: Path  # the hub's own state (data/hub), learners' homes (data/home), graders' homes
    exchange: Path  # nbgrader's exchange, shared by every course (one subfolder each)
    port: int  # people open http://<this machine>:<port>
    ip: str
    hub_port: int  # the hub's internal API, on loopback
    proxy_api_port: int
    admins: tuple[str, ...]
    courses: tuple[Course, ...]
    mode: str = "classroom"  # "classroom": own password, own account; "demo": one of each for all
    prefix: str = "hub-"  # starts the OS names the hub makes for each course

    @property
    def users(self) -> list[str]:
        everyone = {*self.admins}
        for course in self.courses:
            everyone.update(course.instructors, course.students)
        return sorted(everyone)

    @property
    def classroom(self) -> bool:
        return self.mode == "classroom"

    @property
    def state(self) -> Path:
        """The hub's database, cookie secret and first passwords: root's alone."""
        return self.data / "hub"

    def home(self, user: str) -> Path:
        return self.data / "home" / user

    def grader_home(self, course: Course) -> Path:
        return self.data / "graders" / course.id

    def grader_account(self, course: Course) -> str:
        """The OS account that runs the course's formgrader; its own group is the course's staff."""
        return f"{self.prefix}{course.id}"

    def learners_group(self, course: Course) -> str:
        return f"{self.prefix}{course.id}-learners"


def load(path: str | os.PathLike) -> Settings:
    """Read and check a settings file; relative folders are relative to the file."""
    import yaml

    path = Path(path).resolve()
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as error:
        raise SettingsError(f"{path}: cannot read the hub settings: {error}") from None
    return parse(raw, base=path.parent, source=str(path))


def parse(raw: dict[str, Any], base: Path, source: str = "settings") -> Settings:
    hub = _mapping(raw.get("hub", {}), f"{source}: hub")
    courses = [_course(entry, base, f"{source}: courses[{n}]")
               for n, entry in enumerate(_list(raw.get("courses"), f"{source}: courses"))]
    if not courses:
        raise SettingsError(f"{source}: courses: list at least one course")
    _unique([c.id for c in courses], f"{source}: courses: course id")
    _unique([c.grader_port for c in courses], f"{source}: courses: grader_port")
    mode = str(hub.get("mode", "classroom"))
    if mode not in MODES:
        raise SettingsError(f"{source}: hub.mode: expected one of {', '.join(MODES)}, found {mode!r}")
    settings = Settings(
        data=_folder(hub.get("data", "/srv/coursehub"), base),
        exchange=_folder(hub.get("exchange", "/srv/coursehub/exchange"), base),
        port=_port(hub.get("port", 8000), f"{source}: hub.port"),
        ip=str(hub.get("ip", "")),
        hub_port=_port(hub.get("hub_port", 8081), f"{source}: hub.hub_port"),
        proxy_api_port=_port(hub.get("proxy_api_port", 8001), f"{source}: hub.proxy_api_port"),
        admins=_names(hub.get("admins", []), f"{source}: hub.admins"),
        courses=tuple(courses),
        mode=mode,
        prefix=str(hub.get("prefix", "hub-")),
    )
    if settings.classroom:
        _check_accounts(settings, source)
    return settings


def _check_accounts(settings: Settings, source: str) -> None:
    """What would let one person act as another, or make a name the system refuses."""
    if not NAME.match(settings.prefix):
        raise SettingsError(f"{source}: hub.prefix '{settings.prefix}' may hold only lower-case letters, digits, "
                            "'.', '_' and '-'")
    learners = {name for course in settings.courses for name in course.students}
    staff = {*settings.admins, *(name for course in settings.courses for name in course.instructors)}
    for name in sorted(learners & staff):
        raise SettingsError(f"{source}: '{name}' is listed as a learner and as an instructor or admin: instructors "
                            "may reset their learners' passwords, so give this person two names")
    made = {settings.grader_account(c): c for c in settings.courses}
    for course in settings.courses:
        for name in (settings.grader_account(course), settings.learners_group(course)):
            if len(name) > LONGEST_SYSTEM_NAME:
                raise SettingsError(f"{source}: course '{course.id}' needs the system name '{name}', longer than "
                                    f"{LONGEST_SYSTEM_NAME} characters: shorten the course id or hub.prefix")
        if _inside(course.root, HERE.parent) or _inside(HERE.parent, course.root):
            raise SettingsError(f"{source}: course '{course.id}': root {course.root} overlaps the software folder "
                                f"{HERE.parent}: give each course a folder of its own (it is made on first start)")
    for name in settings.users:
        if name in made or len(name) > LONGEST_SYSTEM_NAME:
            raise SettingsError(f"{source}: user name '{name}' is taken by course '{made[name].id}'s formgrader"
                                if name in made else f"{source}: user name '{name}' is longer than "
                                f"{LONGEST_SYSTEM_NAME} characters")


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


# -- what JupyterHub is told ------------------------------------------------------------------

def groups(settings: Settings) -> dict[str, dict[str, list[str]]]:
    """nbgrader's groups: students of each course, and its instructors.

    JupyterHub adds the people listed at each start but never removes anyone: someone taken off
    the list must also be taken out of the group (admin page, Groups), as docs/deploy.md says.
    """
    named: dict[str, dict[str, list[str]]] = {}
    for course in settings.courses:
        named[f"nbgrader-{course.id}"] = {"users": list(course.students)}
        named[f"formgrade-{course.id}"] = {"users": list(course.instructors)}
    return named


def roles(settings: Settings) -> list[dict[str, Any]]:
    """The least each party needs. Every scope here is exercised by tests/test_hub.py."""
    server = {  # every learner's own server: report activity, and read its user's groups,
        "name": "server",  # which is how nbgrader's JupyterHubAuthPlugin finds their courses
        "scopes": ["users:activity!user", "access:servers!server", "read:users:groups!user"],
    }
    instructors = [{  # instructors may open their course's formgrader, no other; the formgrader
        "name": f"formgrade-{course.id}",  # itself needs no hub access at all
        "groups": [f"formgrade-{course.id}"],
        "scopes": [f"access:services!service={course.id}"],
    } for course in settings.courses]
    if not settings.classroom:
        return [server, *instructors]
    # NativeAuthenticator's page /hub/change-password/<name> asks for admin:users on that one user,
    # so instructors may reset their own learners' passwords and no one else's. It also lets them
    # rename or delete those learners (never make anyone an admin: JupyterHub keeps that to admins).
    passwords = [{
        "name": f"reset-passwords-{course.id}",
        "groups": [f"formgrade-{course.id}"],
        "scopes": [f"admin:users!group=nbgrader-{course.id}"],
    } for course in settings.courses]
    return [server, *instructors, *passwords]


def grader_service(course: Course, settings: Settings) -> dict[str, Any]:
    """A Jupyter server in the course folder, started and stopped by the hub, opening on formgrader.

    In classroom mode it runs as the course's own account (the hub, as root, switches to it)."""
    command = [sys.executable, "-m", "jupyterhub.singleuser", f"--ServerApp.root_dir={course.root}"]
    service = {
        "name": course.id,
        "display": True,
        "url": f"http://127.0.0.1:{course.grader_port}",
        "command": command + ([] if settings.classroom else as_root_flags()),
        "cwd": str(course.root),
        "oauth_no_confirm": True,
        "environment": {
            "HOME": str(settings.grader_home(course)),
            "COURSE_ID": course.id,
            "COURSE_EXCHANGE": str(settings.exchange),
            "COURSEHUB_MODE": settings.mode,
            "JUPYTER_CONFIG_PATH": str(config_folder("grader")),
            "JUPYTERHUB_DEFAULT_URL": "/formgrader",
            # nbgrader and the `course` commands, for the terminals of the formgrader's JupyterLab
            "PATH": software_path(),
        },
    }
    if settings.classroom:
        service["user"] = settings.grader_account(course)
    return service


# Where people land after signing in: learners on the course home in the learner view (Voilà,
# course/answer/learner_view.py), instructors and admins in JupyterLab (their formgrader is a service).
LEARNER_LANDING = "/voila/render/home.ipynb"
STAFF_LANDING = "/lab"


def landing_url(settings: Settings, name: str) -> str:
    """The page ``name``'s server opens on: the course home for a learner of any course, else JupyterLab."""
    learners = {learner for course in settings.courses for learner in course.students}
    return LEARNER_LANDING if name in learners else STAFF_LANDING


def learner_environment(settings: Settings) -> dict[str, str]:
    """What every learner's server is given: where the exchange is, and nbgrader's hub settings."""
    return {"COURSE_EXCHANGE": str(settings.exchange), "JUPYTER_CONFIG_PATH": str(config_folder("student")),
            "PATH": software_path()}


def config_folder(role: str) -> Path:
    """deploy/student or deploy/grader as deploy/install-env.sh copied them beside the hub's software,
    where every account can read them (this checkout, with the answer keys, may be private)."""
    return Path(sys.prefix) / "etc" / "coursehub" / role


def software_path() -> str:
    """The hub's software first, then the system's programs (never root's own folders)."""
    return os.pathsep.join([str(Path(sys.executable).parent), "/usr/local/bin", "/usr/bin", "/bin"])


def as_root_flags() -> list[str]:
    """Jupyter servers refuse to run as root unless told; in a container that is often the case."""
    return ["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []


# -- reading the file carefully ---------------------------------------------------------------

def _course(entry: Any, base: Path, where: str) -> Course:
    entry = _mapping(entry, where)
    for key in ("id", "root", "grader_port"):
        if key not in entry:
            raise SettingsError(f"{where}: '{key}' is missing")
    course_id = str(entry["id"])
    if not NAME.match(course_id):
        raise SettingsError(f"{where}: id '{course_id}' may hold only lower-case letters, digits, '.', '_' and '-'")
    root = _folder(entry["root"], base)
    if root.exists() and not (root / "nbgrader_config.py").is_file():  # a missing one is made on first start
        raise SettingsError(f"{where}: root {root} is not a course folder (it has no nbgrader_config.py)")
    return Course(id=course_id, root=root, grader_port=_port(entry["grader_port"], f"{where}: grader_port"),
                  instructors=_names(entry.get("instructors", []), f"{where}: instructors"),
                  students=_names(entry.get("students", []), f"{where}: students"))


def _mapping(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise SettingsError(f"{where}: expected keys and values, found {type(value).__name__}")
    return value


def _list(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise SettingsError(f"{where}: expected a list, found {type(value).__name__}")
    return value


def _names(value: Any, where: str) -> tuple[str, ...]:
    names = [str(name) for name in _list(value, where)]
    for name in names:
        if not NAME.match(name):
            raise SettingsError(f"{where}: user name '{name}' may hold only lower-case letters, digits, '.', '_' and '-'")
    _unique(names, where)
    return tuple(names)


def _port(value: Any, where: str) -> int:
    if not isinstance(value, int) or not 1 <= value <= 65535:
        raise SettingsError(f"{where}: expected a port number (1-65535), found {value!r}")
    return value


def _folder(value: Any, base: Path) -> Path:
    return (base / str(value)).resolve()


def _unique(values: list[Any], where: str) -> None:
    seen = set()
    for value in values:
        if value in seen:
            raise SettingsError(f"{where}: {value!r} appears twice")
        seen.add(value)
