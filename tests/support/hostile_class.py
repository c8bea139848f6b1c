"""A class whose learners' folders hold every hostile thing, taken through the real commands.

Each learner fetches unit1, saves answers (all best, unless named honest-wrong) and then, before
submitting, makes their folder hostile in one way (support/hostile.py). Some learners instead
change their submission in the exchange after submitting (a learner on a hub may write there),
and two have their collected folder changed afterwards (a folder brought in by hand). Then the
instructor runs `course collect`, `course autograde --workers 2` and `course feedback`, and plain
`nbgrader autograde` runs on a copy of the course holding four submissions. The time of every
submit and step, and the disk every submission used, are measured.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from . import hostile
from .answers import all_wrong, perfect
from .instructed import Ran, copy_course, course_cmd, nbgrader

UNIT = "unit1"
HONEST = "honest-best"
CLI_LEARNER = "answers-link-to-dev-zero"  # submits with the real `nbgrader submit` and the hub learner's config


@dataclass
class Expect:
    score: float
    says: str  # text that learner's feedback (or, for files beside the answers, the autograde summary) shows


@dataclass
class HostileClass:
    course: Path
    direct: Path                                   # the copy graded by plain `nbgrader autograde`
    exchange: Path
    expected: dict[str, Expect] = field(default_factory=dict)
    direct_expected: dict[str, Expect] = field(default_factory=dict)
    ran: dict[str, Ran] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)  # per submit ("submit <learner>") and per step
    disk: dict[str, int] = field(default_factory=dict)       # bytes, per submission ("inbound <learner>") and folder
    refused_submit: str = ""                                 # what a learner whose unit folder is a link is told

    @property
    def ungraded(self) -> Path:
        """The course as collected, just before `course autograde`."""
        return self.course.parent / "ungraded"


def build(base: Path, repo: Path) -> HostileClass:
    from course.author.content import load_course
    from course.instructor.context import ClassContext

    course = copy_course(repo, base / "course")
    made = HostileClass(course, base / "direct", base / "exchange")
    made.ran["release"] = course_cmd(course, "release", UNIT)
    room = ClassContext.at(course)
    questions = load_course(course / "content").units[UNIT].questions
    best = {q["id"]: perfect(q)[0] for q in questions}
    full = sum(perfect(q)[1] for q in questions)
    wrong = ({q["id"]: all_wrong(q)[0] for q in questions}, sum(all_wrong(q)[1] for q in questions))

    homes = base / "homes"
    outside = base / "outside.json"
    outside.write_text('{"format": "course-answers/1", "answers": {}}')
    honest = _fetch(room, homes, HONEST, best)
    _submit(made, room, homes, HONEST)
    made.expected[HONEST] = Expect(full, "")
    _fetch(room, homes, "honest-wrong", wrong[0])
    _submit(made, room, homes, "honest-wrong")
    made.expected["honest-wrong"] = Expect(wrong[1], "")

    for case in hostile.cases(outside, honest):  # made hostile in the learner's own folder, then submitted
        case.plant(_fetch(room, homes, case.name, best))
        _submit(made, room, homes, case.name, cli=case.name == CLI_LEARNER, repo=repo)
        made.expected[case.name] = _expect(case.breaks_answers, case.reason, full)
    made.refused_submit = _submit_a_linked_folder(room, homes / "folder-is-a-link", honest)
    folder = _fetch(room, homes, "growing-file", best)
    with hostile.growing(folder / "log.txt"):
        _submit(made, room, homes, "growing-file")
    (folder / "log.txt").unlink()
    made.expected["growing-file"] = Expect(full, "")

    _change_in_exchange(made, room, homes, best, full)
    made.ran["collect"] = _timed(made, "collect", lambda: course_cmd(course, "collect"))
    made.disk["submitted"] = hostile.disk_use(course / "submitted")
    _copy_for_nbgrader(made, full)
    _change_submitted(made, full)
    # The course as collected, for grading on a Dask cluster too (cp -a: links, pipes and devices stay what they are).
    subprocess.run(["cp", "-a", str(course), str(made.ungraded)], check=True)
    made.ran["autograde"] = _timed(made, "autograde", lambda: course_cmd(course, "autograde", "--workers", "2"))
    made.disk["autograded"] = hostile.disk_use(course / "autograded")
    made.ran["feedback"] = _timed(made, "feedback", lambda: course_cmd(course, "feedback"))
    made.ran["nbgrader autograde"] = _timed(made, "nbgrader autograde", lambda: Ran(0, nbgrader(made.direct, "autograde", UNIT), ""))
    made.disk["exchange"] = hostile.disk_use(made.exchange)
    return made


def _expect(breaks_answers: bool, reason: str, full: float) -> Expect:
    if breaks_answers:
        return Expect(0.0, f"your answers file {reason}")
    return Expect(full, reason)


# -- learners ------------------------------------------------------------------------
def _fetch(room: Any, homes: Path, name: str, answers: dict[str, Any]) -> Path:
    from course.answer.store import AnswerStore
    from course.instructor import exchange

    folder = exchange.fetch(room, UNIT, name, homes / name)
    store = AnswerStore.beside_notebook(UNIT, folder)
    for question_id, value in answers.items():
        store.save(question_id, value)
    return folder


def _submit(made: HostileClass, room: Any, homes: Path, name: str, cli: bool = False, repo: Path | None = None) -> None:
    """Submit as the learner (nbgrader's exchange with the course's config, or the real command line)."""
    from course.instructor import exchange

    started = time.perf_counter()
    if cli:
        _submit_on_command_line(made, homes / name, name, repo)
    else:
        exchange.submit(room, UNIT, name, homes / name)
    made.seconds[f"submit {name}"] = time.perf_counter() - started
    made.disk[f"inbound {name}"] = hostile.disk_use(inbound(made, name))


def _submit_on_command_line(made: HostileClass, home: Path, name: str, repo: Path) -> None:
    """`nbgrader submit` in the learner's home, with the exchange setting a learner on the hub has."""
    (home / "nbgrader_config.py").write_text(f"c = get_config()\nc.ExchangeFactory.submit = {hub_learner_submit(repo)!r}\n")
    env = {**os.environ, "HOME": str(home)}
    result = subprocess.run([sys.executable, "-m", "nbgrader", "submit", UNIT, f"--Exchange.root={made.exchange}",
                             "--CourseDirectory.course_id=compassion-empathy", f"--CourseDirectory.student_id={name}"],
                            cwd=home, env=env, capture_output=True, text=True, timeout=300)
    made.ran[f"submit {name}"] = Ran(result.returncode, result.stdout, result.stderr)


def _submit_a_linked_folder(room: Any, home: Path, other: Path) -> str:
    """A learner whose unit folder is a link to another learner's: the submit is refused, with the reason."""
    from nbgrader.exchange import ExchangeError

    from course.instructor import exchange

    home.mkdir(parents=True)
    (home / UNIT).symlink_to(other)
    try:
        exchange.submit(room, UNIT, home.name, home)
    except ExchangeError as error:
        return str(error)
    return ""


def hub_learner_submit(repo: Path) -> str:
    """The submit class deploy/student/nbgrader_config.py gives every learner's server on the hub."""
    from traitlets.config.loader import PyFileConfigLoader

    saved = {key: os.environ.get(key) for key in ("COURSE_EXCHANGE", "JUPYTERHUB_USER")}
    os.environ.update(COURSE_EXCHANGE="/exchange", JUPYTERHUB_USER="learner")
    try:
        config = PyFileConfigLoader("nbgrader_config.py", path=str(repo / "deploy" / "student")).load_config()
    finally:
        for key, value in saved.items():
            os.environ.pop(key) if value is None else os.environ.__setitem__(key, value)
    return config.ExchangeFactory.submit


def inbound(made: HostileClass, name: str) -> Path:
    """The learner's latest submission in the exchange."""
    found = sorted((made.exchange / "compassion-empathy" / "inbound").glob(f"{name}+{UNIT}+*"))
    return found[-1]


def _timed(made: HostileClass, step: str, run: Callable[[], Ran]) -> Ran:
    started = time.perf_counter()
    ran = run()
    made.seconds[step] = time.perf_counter() - started
    return ran


# -- after submitting ------------------------------------------------------------------
def _change_in_exchange(made: HostileClass, room: Any, homes: Path, best: dict, full: float) -> None:
    """Learners who change their own submission in the exchange (writable by them on a hub)."""
    answers_link = hostile.replace_answers(hostile.link_to("/dev/zero"))
    changes = {
        "exchange-answers-link-to-dev-zero": (answers_link, Expect(0.0, "your answers file was replaced by a link (to /dev/zero)")),
        "exchange-answers-fifo": (hostile.replace_answers(hostile.fifo), Expect(0.0, "your answers file is a named pipe")),
        "exchange-bad-time-no-secret": (_spoil_nbgrader_notes, Expect(full, "timestamp.txt was missing or unreadable")),
    }
    for name, (change, expect) in changes.items():
        _fetch(room, homes, name, best)
        _submit(made, room, homes, name)
        change(inbound(made, name))
        made.expected[name] = expect
    name = "exchange-folder-link-to-other-learner"
    _fetch(room, homes, name, best)
    _submit(made, room, homes, name)
    own = inbound(made, name)
    later = own.name.replace("+20", "+21", 1)  # the same time a century later: the newest submission
    (own.parent / later).symlink_to(inbound(made, HONEST))
    made.expected[name] = Expect(0.0, "your submitted folder was replaced by a link (to ")


def _spoil_nbgrader_notes(folder: Path) -> None:
    (folder / "timestamp.txt").write_text("the twelfth of never")
    (folder / "submission_secret.txt").unlink()


def _change_submitted(made: HostileClass, full: float) -> None:
    """Collected folders changed afterwards (as if brought in by hand): `course autograde` must cope."""
    submitted = made.course / "submitted"
    hostile.replace_answers(hostile.link_to("/dev/zero"))(_clone(submitted, HONEST, "submitted-answers-link-to-dev-zero"))
    made.expected["submitted-answers-link-to-dev-zero"] = Expect(0.0, "your answers file was replaced by a link (to /dev/zero)")
    notebook = _clone(submitted, HONEST, "submitted-notebook-link-to-dev-zero") / f"{UNIT}.ipynb"
    notebook.unlink()
    notebook.symlink_to("/dev/zero")
    made.expected["submitted-notebook-link-to-dev-zero"] = Expect(full, f"{UNIT}.ipynb was replaced by a link (to /dev/zero)")


def _copy_for_nbgrader(made: HostileClass, full: float) -> None:
    """A copy of the course with four submissions, for plain `nbgrader autograde` (the course's config)."""
    shutil.copytree(made.course, made.direct, ignore=lambda folder, names: ["submitted"] if folder == str(made.course) else [])
    submitted = made.direct / "submitted"
    _clone(made.course / "submitted", HONEST, "direct-honest", into=submitted)
    made.direct_expected["direct-honest"] = Expect(full, "")
    hostile.replace_answers(hostile.link_to("/dev/zero"))(_clone(made.course / "submitted", HONEST, "direct-answers-link", into=submitted))
    made.direct_expected["direct-answers-link"] = Expect(0.0, "your answers file was replaced by a link (to /dev/zero)")
    hostile.replace_answers(hostile.fifo)(_clone(made.course / "submitted", HONEST, "direct-answers-fifo", into=submitted))
    made.direct_expected["direct-answers-fifo"] = Expect(0.0, "your answers file is a named pipe")
    notebook = _clone(made.course / "submitted", HONEST, "direct-notebook-link", into=submitted) / f"{UNIT}.ipynb"
    notebook.unlink()
    notebook.symlink_to(made.course / "submitted" / HONEST / UNIT / f"{UNIT}.ipynb")
    made.direct_expected["direct-notebook-link"] = Expect(full, "")


def _clone(submitted: Path, learner: str, name: str, into: Path | None = None) -> Path:
    """A copy of ``learner``'s collected folder filed as ``name`` (a clean folder: plain copytree is fine)."""
    target = (into or submitted) / name / UNIT
    shutil.copytree(submitted / learner / UNIT, target)
    return target
