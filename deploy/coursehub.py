"""Who uses the hub and which courses it serves: one settings file, turned into JupyterHub config.

What changes from class to class (people, courses, ports, folders) is data in a YAML file
(`hub.example.yml` explains every key); this module turns it into JupyterHub's groups, roles and
services, using nbgrader's names so its JupyterHub integration works unchanged:

- group ``nbgrader-<course>``  the course's students (nbgrader lists and fetches only their courses)
- group ``formgrade-<course>`` the course's instructors and graders
- service ``<course>``         a server in the course folder running that course's formgrader,
                               reachable only by ``formgrade-<course>``

Nothing here imports JupyterHub, so the tests can check the access rules without starting a hub.
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
    data: Path  # the hub's own state: database, cookie secret, learners' home folders
    exchange: Path  # nbgrader's exchange, shared by every course (one subfolder each)
    port: int  # people open http://<this machine>:<port>
    ip: str
    hub_port: int  # the hub's internal API, on loopback
    proxy_api_port: int
    admins: tuple[str, ...]
    courses: tuple[Course, ...]

    @property
    def users(self) -> list[str]:
        everyone = {*self.admins}
        for course in self.courses:
            everyone.update(course.instructors, course.students)
        return sorted(everyone)


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
    return Settings(
        data=_folder(hub.get("data", "/srv/coursehub"), base),
        exchange=_folder(hub.get("exchange", "/srv/coursehub/exchange"), base),
        port=_port(hub.get("port", 8000), f"{source}: hub.port"),
        ip=str(hub.get("ip", "")),
        hub_port=_port(hub.get("hub_port", 8081), f"{source}: hub.hub_port"),
        proxy_api_port=_port(hub.get("proxy_api_port", 8001), f"{source}: hub.proxy_api_port"),
        admins=_names(hub.get("admins", []), f"{source}: hub.admins"),
        courses=tuple(courses),
    )


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
    return [server, *instructors]


def grader_service(course: Course, settings: Settings) -> dict[str, Any]:
    """A Jupyter server in the course folder, started and stopped by the hub, opening on formgrader."""
    home = settings.data / "graders" / course.id
    command = [sys.executable, "-m", "jupyterhub.singleuser", f"--ServerApp.root_dir={course.root}"]
    return {
        "name": course.id,
        "display": True,
        "url": f"http://127.0.0.1:{course.grader_port}",
        "command": command + as_root_flags(),
        "cwd": str(course.root),
        "oauth_no_confirm": True,
        "environment": {
            "HOME": str(home),
            "COURSE_ID": course.id,
            "COURSE_EXCHANGE": str(settings.exchange),
            "JUPYTER_CONFIG_PATH": str(HERE / "grader"),
            "JUPYTERHUB_DEFAULT_URL": "/formgrader",
            # nbgrader and the `course` commands, for the terminals of the formgrader's JupyterLab
            "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
        },
    }


def learner_environment(settings: Settings) -> dict[str, str]:
    """What every learner's server is given: where the exchange is, and nbgrader's hub settings."""
    return {"COURSE_EXCHANGE": str(settings.exchange), "JUPYTER_CONFIG_PATH": str(HERE / "student")}


def prepare_folders(settings: Settings) -> None:
    """The hub's state, the exchange and each grader's home exist before anything starts."""
    try:
        for folder in (settings.data, settings.data / "home", settings.exchange,
                       *(settings.data / "graders" / c.id for c in settings.courses)):
            folder.mkdir(parents=True, exist_ok=True)
        settings.exchange.chmod(0o777)  # every learner writes a submission here (nbgrader's own rule)
    except OSError as error:
        raise SettingsError(f"cannot prepare the hub's folders ({error}): set hub.data and hub.exchange "
                            "in the settings file to folders this account may create and write") from None


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
    if not (root / "nbgrader_config.py").is_file():
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
