"""A learner's side of nbgrader's exchange, as the Assignments tab uses it: get a released unit, submit it,
see past submissions.

Everything goes through nbgrader's own ``ExchangeFactory`` with the configuration the Assignments
tab would read (the Jupyter config path, then the folder holding the units), so the course's safe
copy (``course.files.exchange.SafeSubmit``), the hub's student id and its course checks all apply.
Nothing a browser sends chooses the unit, the course or the learner: the kernel decides.

    released_units(Path.home())                         # [Released("c1", "unit2")]: released, not fetched yet
    fetch(Path.home(), Released("c1", "unit2"))         # Handin(ok=True, message="Unit 2 is ready ...")
    done = submit("unit1", Path("workspace/unit1"))     # Handin(ok=True, message="Submitted ...")
    last_submission("unit1", Path("workspace/unit1"))  # a Submission, or None
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

# What nbgrader says when the exchange's folders are missing or closed to this learner.
UNREACHABLE = ("Inbound directory", "permissions to the directory", "exchange directory", "Unwritable directory")
NBGRADER_NOTES = {"timestamp.txt", "submission_secret.txt", "files-left-out.json"}


@dataclass(frozen=True)
class Handin:
    """What happened when a learner pressed Submit, in words they can act on."""

    ok: bool
    message: str
    files: tuple[str, ...] = ()
    when: datetime | None = None


@dataclass(frozen=True)
class Submission:
    """One earlier submission of a unit, as nbgrader's cached listing has it."""

    when: datetime
    feedback: Path | None = None  # the fetched feedback page, once there is one
    feedback_waiting: bool = False  # released by the instructor, not fetched yet (or updated since)


@dataclass(frozen=True)
class Released:
    """A unit the instructor released to this learner that is not in their folder yet."""

    course_id: str
    unit_id: str


class _Messages(logging.Handler):
    """Keeps nbgrader's log lines instead of printing them into the page (a warning there looks like a failure)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


def submit(unit_id: str, folder: Path) -> Handin:
    """Submit ``folder`` (the unit's own folder) as ``unit_id`` through nbgrader's exchange."""
    from nbgrader.auth import Authenticator
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.exchange import ExchangeError, ExchangeFactory
    from nbgrader.utils import parse_utc

    name = unit_name(unit_id)
    if Path(folder).resolve().name != unit_id:
        return Handin(False, f"{name} was not submitted: its folder must be called {unit_id} (it is "
                             f"{Path(folder).resolve().name}). Ask your instructor to help you fetch it again.")
    messages = _Messages()
    try:
        config = exchange_config(unit_id, Path(folder))
        log = _quiet_log(messages)
        coursedir = CourseDirectory(config=config, log=log)
        sending = ExchangeFactory(config=config).Submit(coursedir=coursedir, config=config, log=log,
                                                        authenticator=Authenticator(config=config, log=log))
        sending.start()
    except ExchangeError:
        return Handin(False, refusal(name, messages.lines))
    except Exception as error:  # the page must say something plain, whatever went wrong
        return Handin(False, f"{name} was not submitted ({type(error).__name__}). Please tell your instructor.")
    sent = Path(sending.inbound_path) / sending.assignment_filename
    files = tuple(sorted(p.name for p in sent.iterdir() if p.name not in NBGRADER_NOTES))
    when = parse_utc(sending.timestamp)
    left_out = [line.split(": ", 1)[1] for line in messages.lines if line.startswith("Not submitted: ")]
    message = (f"{name} was submitted on {when_text(when)}: {', '.join(files)}. "
               "You can submit again at any time; your last submission is the one that counts.")
    if left_out:
        message += " Left out: " + " ".join(left_out)
    return Handin(True, message, files, when)


def released_units(folder: Path) -> list[Released]:
    """Units released to this learner (in every course of theirs, on a hub) that ``folder`` does not hold yet.

    nbgrader's own listing decides, as for the Assignments tab's "Released assignments"; [] when
    there is no exchange to ask."""
    try:
        listing = _exchange("List", _folder_config(folder))
    except Exception:  # no exchange set up (a learner working offline): nothing to get
        return []
    return sorted({Released(entry["course_id"], entry["assignment_id"]) for entry in listing
                   if entry.get("status") == "released"}, key=lambda unit: (unit.course_id, unit.unit_id))


def fetch(folder: Path, unit: Released) -> Handin:
    """Fetch ``unit`` into ``folder`` through nbgrader's exchange, as the Assignments tab's Fetch button does."""
    from nbgrader.exchange import ExchangeError

    name = unit_name(unit.unit_id)
    messages = _Messages()
    try:
        _exchange("FetchAssignment", _folder_config(folder, unit), messages)
    except ExchangeError:
        said = " ".join(messages.lines)
        why = ("it is not released to you (any more)" if "not found" in said.lower()
               else "you are not on this course's list of learners" if "do not have access" in said
               else "a folder of that name is already here" if "already have a copy" in said
               else "the course's exchange could not be read")
        return Handin(False, f"{name} could not be fetched: {why}. Ask your instructor if this stays so.")
    except Exception as error:  # the page must say something plain, whatever went wrong
        return Handin(False, f"{name} could not be fetched ({type(error).__name__}). Please tell your instructor.")
    return Handin(True, f"{name} is ready: it is now in your list of units above.")


def _folder_config(folder: Path, unit: Released | None = None) -> Any:
    """nbgrader's settings for fetching into ``folder`` (the home page's: on a hub, <home>/<course>/<unit>)."""
    config = _load_config(Path(folder))
    config.Exchange.assignment_dir = str(folder)
    if unit is not None:
        config.CourseDirectory.course_id = unit.course_id
        config.CourseDirectory.assignment_id = unit.unit_id
    return config


def _exchange(step: str, config: Any, messages: logging.Handler | None = None) -> Any:
    """Run one of nbgrader's exchange steps ("List", "FetchAssignment", ...) with ``config``; its result."""
    from nbgrader.auth import Authenticator
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.exchange import ExchangeFactory

    log = _quiet_log(messages or _Messages())
    coursedir = CourseDirectory(config=config, log=log)
    return getattr(ExchangeFactory(config=config), step)(coursedir=coursedir, config=config, log=log,
                                                          authenticator=Authenticator(config=config, log=log)).start()


def refusal(name: str, lines: list[str]) -> str:
    """Why nbgrader refused, in plain words (its own message is written for instructors)."""
    said = " ".join(lines)
    if "Assignment not found" in said:
        return f"{name} was not submitted: it has not been released to you. Ask your instructor."
    if "do not have access" in said:
        return f"{name} was not submitted: you are not on this course's list of learners. Ask your instructor."
    if any(cause in said for cause in UNREACHABLE):
        return (f"{name} was not submitted: the course's hand-in folder cannot be reached. Your answers are "
                "safe beside the unit; try again later, or tell your instructor.")
    own = next((line for line in lines if line.startswith(name) or " could not be submitted" in line
                or " was not submitted" in line), None)
    return own or f"{name} was not submitted: {said or 'the exchange refused it'}. Please tell your instructor."


def last_submission(unit_id: str, folder: Path) -> Submission | None:
    """The newest submission of this unit that nbgrader remembers for this learner, or None."""
    found = submissions(Path(folder).resolve().parent).get(unit_id, [])
    return found[-1] if found else None


def submissions(units_folder: Path, fetch_feedback: bool = False) -> dict[str, list[Submission]]:
    """Every remembered submission by unit, oldest first ({} if nbgrader cannot say).

    With ``fetch_feedback``, feedback the instructor has released is first fetched as the
    Assignments tab's "Fetch Feedback" does (nbgrader's FetchFeedback), so the page can link to it."""
    found = _listed(units_folder)
    waiting = sorted({unit for unit, subs in found.items() if any(s.feedback_waiting for s in subs)})
    if fetch_feedback and waiting:
        for unit in waiting:
            _fetch_feedback(units_folder, unit)
        found = _listed(units_folder)
    return found


def _fetch_feedback(units_folder: Path, unit_id: str) -> None:
    from nbgrader.auth import Authenticator
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.exchange import ExchangeFactory

    log = _quiet_log(_Messages())
    try:
        config = units_config(units_folder)
        config.CourseDirectory.assignment_id = unit_id
        coursedir = CourseDirectory(config=config, log=log)
        ExchangeFactory(config=config).FetchFeedback(coursedir=coursedir, config=config, log=log,
                                                     authenticator=Authenticator(config=config, log=log)).start()
    except Exception:  # the page then shows the unit without its feedback link, as before
        return


def _listed(units_folder: Path) -> dict[str, list[Submission]]:
    from nbgrader.auth import Authenticator
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.exchange import ExchangeFactory
    from nbgrader.utils import parse_utc

    log = _quiet_log(_Messages())
    try:
        config = units_config(units_folder)
        config.ExchangeList.cached = True
        coursedir = CourseDirectory(config=config, log=log)
        listing = ExchangeFactory(config=config).List(coursedir=coursedir, config=config, log=log,
                                                      authenticator=Authenticator(config=config, log=log)).start()
    except Exception:  # no exchange set up: the home page shows "not submitted"
        return {}
    found: dict[str, list[Submission]] = {}
    for unit in listing:  # one entry per unit, with its submissions
        for entry in unit.get("submissions", []):
            feedback = entry.get("local_feedback_path")
            page = Path(feedback) / f"{entry['assignment_id']}.html" if feedback else None
            waiting = bool(entry.get("has_exchange_feedback")) and (not feedback or bool(entry.get("feedback_updated")))
            found.setdefault(entry["assignment_id"], []).append(
                Submission(parse_utc(entry["timestamp"]), page, waiting))
    return {unit: sorted(subs, key=lambda s: s.when) for unit, subs in found.items()}


def exchange_config(unit_id: str, folder: Path) -> Any:
    """nbgrader's settings for submitting ``folder``: where the units sit, the unit and (on a hub) the course."""
    config = units_config(folder.resolve().parent)
    config.CourseDirectory.assignment_id = unit_id
    return config


def units_config(units_folder: Path) -> Any:
    """nbgrader's settings for the units in ``units_folder``: where they sit and (on a hub) their course."""
    config = _load_config(units_folder)
    if config.Exchange.get("path_includes_course"):  # the hub keeps units in <home>/<course>/<unit>
        config.CourseDirectory.course_id = units_folder.name
        units_folder = units_folder.parent
    config.Exchange.assignment_dir = str(units_folder)
    return config


def _load_config(units_folder: Path) -> Any:
    """The settings the Assignments tab reads: the Jupyter config path, then the units' own folder."""
    from nbgrader.apps import NbGrader
    from traitlets.config import PyFileConfigLoader

    app = NbGrader(log=_quiet_log(_Messages()))
    app.load_cwd_config = False
    app.load_config_file()  # every nbgrader_config.py on the Jupyter config path
    config = app.config
    NbGrader.clear_instance()
    if (units_folder / "nbgrader_config.py").is_file():
        config.merge(PyFileConfigLoader("nbgrader_config.py", path=str(units_folder)).load_config())
    return config


def _quiet_log(handler: logging.Handler) -> logging.Logger:
    log = logging.getLogger(f"course.handin.{id(handler)}")
    log.handlers[:] = [handler]
    log.propagate = False
    log.setLevel(logging.INFO)
    return log


def unit_name(unit_id: str) -> str:
    """How a learner names a unit: "Unit 1", "The final assessment"."""
    digits = "".join(ch for ch in unit_id if ch.isdigit())
    if unit_id.startswith("unit") and digits:
        return f"Unit {digits}"
    return "The final assessment" if unit_id == "final" else unit_id


def when_text(when: datetime) -> str:
    """A time a learner reads at a glance, to the second (two submissions a minute apart differ):
    "6 December 2026 at 00:31:07 UTC"."""
    return f"{when.day} {when:%B %Y} at {when:%H:%M:%S} UTC"
