"""What the machine needs before the hub starts: folders, and in classroom mode accounts and permissions.

deploy/start-hub.sh runs this (as root in classroom mode) just before JupyterHub, every time: it is
safe to repeat, and it puts right whatever drifted (a group's members, a folder's owner or mode).

    python deploy/prepare.py          # reads COURSEHUB_SETTINGS, as the hub does

Classroom mode, for each course of hub.yml (names from deploy/coursehub.py):

    path                                  owner : group                  mode   who gets in
    <data>/hub/ (database, passwords)     root  : root                   0700   the hub alone
    <data>/home/<person>/                 person: person                 0700   that person
    <course root>/ (keys, gradebook)      grader: grader (the staff)     2770   the grader and instructors
    <exchange>/                           root  : root                   1777   nbgrader's rule: everyone,
                                                                                 never another's entries
    <exchange>/<course>/{,outbound}/      grader: <prefix><course>-learners 0750 its learners read
    <exchange>/<course>/inbound/          grader: ...-learners           2730   its learners hand in,
                                                                                 never list
    <exchange>/<course>/feedback/         grader: ...-learners           0710   its learners fetch by name

Accounts the hub makes have their home in <data>/home (people) or <data>/graders (formgraders): an
existing account anywhere else (root, a service, a colleague) is never used for anyone.
"""
from __future__ import annotations

import os
import pwd
import shutil
import stat
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from coursehub import Course, Settings, SettingsError, load  # noqa: E402 - deploy/ is not a package

SOFTWARE = HERE.parent  # this checkout: it holds content/ and source/, the answer keys
EXCHANGE_LAYOUT = {"": 0o750, "outbound": 0o750, "inbound": 0o2730, "feedback": 0o710}
DEMO_WARNING = ("DEMO MODE: everyone signs in with one shared password and every server runs under one OS "
                "account, so anyone can act as anyone and read the answer keys. Not for graded work: set "
                "hub.mode to classroom (docs/deploy.md).")


def prepare(settings: Settings) -> None:
    """Make (or put right) everything the hub's settings need on this machine."""
    try:
        if settings.classroom:
            _classroom(settings)
        else:
            _folders(settings, 0o755)
            settings.exchange.chmod(0o777)  # every learner writes a submission here (nbgrader's own rule)
            print(DEMO_WARNING, file=sys.stderr)
    except OSError as error:
        raise SettingsError(f"cannot prepare the hub's folders ({error}): set hub.data and hub.exchange "
                            "in the settings file to folders this account may create and write") from None


def _folders(settings: Settings, shared: int) -> None:
    for folder in (settings.data, settings.data / "home", settings.data / "graders", settings.exchange):
        folder.mkdir(parents=True, exist_ok=True)
        folder.chmod(shared)
    settings.state.mkdir(exist_ok=True)
    settings.state.chmod(0o700)


def _classroom(settings: Settings) -> None:
    if os.geteuid() != 0:
        raise SettingsError("classroom mode gives every person their own account on this machine, so the hub "
                            "must start as root (or set hub.mode: demo for a trial without accounts)")
    _folders(settings, 0o711)  # others may pass through to their own home, never list who is here
    for person in settings.users:
        account(person, settings.home(person))
    for course in settings.courses:
        grader = settings.grader_account(course)
        account(grader, settings.grader_home(course))
        members(grader, course.instructors)
        members(settings.learners_group(course), course.students)
        course_folder(course, grader)
        exchange_folders(settings, course)
    _check_learners_can_run_the_software(settings)
    for warning in readable_answer_keys(SOFTWARE):
        print(warning, file=sys.stderr)


# -- accounts -----------------------------------------------------------------------------------

def made_by_hub(name: str, settings: Settings) -> bool:
    """True for an account this hub made: its home is one of the hub's own folders."""
    try:
        home = Path(pwd.getpwnam(name).pw_dir)
    except KeyError:
        return False
    return home.parent in (settings.data / "home", settings.data / "graders")


def account(name: str, home: Path) -> None:
    """An OS account with a private home, made if missing; an account the hub did not make is refused."""
    try:
        existing = pwd.getpwnam(name)
    except KeyError:
        _run("useradd", "--home-dir", str(home), "--create-home", "--shell", "/bin/bash", "--user-group", name)
        existing = pwd.getpwnam(name)
    if Path(existing.pw_dir) != home:
        raise SettingsError(f"'{name}' is already an account on this machine (home {existing.pw_dir}) that the hub "
                            "did not make: choose another name for this person in the settings file")
    home.mkdir(exist_ok=True)
    os.chown(home, existing.pw_uid, existing.pw_gid)
    home.chmod(0o700)


def members(group: str, names: tuple[str, ...]) -> None:
    """The group holds exactly these accounts (made if missing): someone taken off the list leaves it."""
    if subprocess.run(["getent", "group", group], capture_output=True).returncode != 0:
        _run("groupadd", group)
    _run("gpasswd", "--members", ",".join(names), group)


def _run(*command: str) -> None:
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise SettingsError(f"{' '.join(command)} failed: {done.stderr.strip()}")


# -- folders ------------------------------------------------------------------------------------

def course_folder(course: Course, grader: str) -> None:
    """The course folder, made from this checkout on first start, reachable by the course's staff alone."""
    if not course.root.exists():
        course.root.mkdir(parents=True)
        shutil.copy(SOFTWARE / "nbgrader_config.py", course.root)
        for part in ("content", "source", "release"):
            shutil.copytree(SOFTWARE / part, course.root / part)
    owner = pwd.getpwnam(grader)
    for folder, subfolders, files in os.walk(course.root):  # links are never followed, nor changed
        for path in [Path(folder), *(Path(folder) / name for name in files)]:
            if path.is_symlink():
                continue
            os.lchown(path, owner.pw_uid, owner.pw_gid)
            mode = path.stat().st_mode
            path.chmod(0o2770 if stat.S_ISDIR(mode) else (mode & 0o770) | 0o660)


def exchange_folders(settings: Settings, course: Course) -> None:
    """nbgrader's exchange for one course, made before its formgrader starts, so no one else can make it."""
    settings.exchange.chmod(0o1777)  # nbgrader's release insists on 777; the sticky bit keeps entries safe
    owner, group = pwd.getpwnam(settings.grader_account(course)).pw_uid, _gid(settings.learners_group(course))
    for part, mode in EXCHANGE_LAYOUT.items():
        folder = settings.exchange / course.id / part
        folder.mkdir(exist_ok=True)
        os.chown(folder, owner, group)
        folder.chmod(mode)


def _gid(group: str) -> int:
    import grp

    return grp.getgrnam(group).gr_gid


def readable_answer_keys(software: Path) -> list[str]:
    """Warnings for this checkout's answer keys where every account could read them."""
    warnings = []
    for part in ("content", "source"):
        path = software / part
        if path.exists() and _others_can_read(path):
            warnings.append(f"WARNING: {path} (answer keys) can be read by every account on this machine, learners "
                            f"included: chmod -R go-rwx {path}  (the hub runs from its own copy: docs/deploy.md)")
    return warnings


def _others_can_read(path: Path) -> bool:
    passable = all(folder.stat().st_mode & stat.S_IXOTH for folder in path.resolve().parents)
    return passable and bool(path.stat().st_mode & stat.S_IROTH)


def _check_learners_can_run_the_software(settings: Settings) -> None:
    """Fail now, with the reason, rather than with a server that never starts."""
    person = next(iter(settings.users), None)
    if person is None:
        return
    done = subprocess.run([sys.executable, "-c", "import jupyterhub.singleuser, nbgrader, course"], user=person,
                          group=pwd.getpwnam(person).pw_gid, extra_groups=[], cwd=settings.home(person),
                          capture_output=True, text=True, env={"PATH": "/usr/bin:/bin"})
    if done.returncode != 0:
        raise SettingsError(f"the account '{person}' cannot run the hub's software {sys.executable}: "
                            f"{done.stderr.strip()[-300:]} (deploy/install-env.sh installs it where everyone can)")


def main() -> int:
    try:
        prepare(load(os.environ.get("COURSEHUB_SETTINGS", HERE / "hub.yml")))
    except SettingsError as error:
        print(f"The hub cannot start: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
